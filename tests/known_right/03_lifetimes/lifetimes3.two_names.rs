// known right: names both lifetimes, and ties the result to the menu's only
// lifetimes3.rs
//
// The canteen terminal lets you type a word and shows the cheapest dish whose
// name contains it. `cheapest_with` compiles, but the test
// `search_word_can_be_temporary` does not: the compiler says the typed word
// "does not live long enough".
//
// The returned dish always comes out of `menu`; it never points into `word`.
// Yet the signature claims otherwise, so the compiler keeps `word` borrowed for
// as long as the result is used.
//
// Your task: fix the signature of `cheapest_with` so it tells the truth. The
// body is fine as it is. Do not change `Dish` or the tests.

#[derive(Debug)]
pub struct Dish {
    pub name: String,
    pub cents: u32,
}

pub fn cheapest_with<'m, 'w>(menu: &'m [Dish], word: &'w str) -> Option<&'m Dish> {
    menu.iter().filter(|dish| dish.name.contains(word)).min_by_key(|dish| dish.cents)
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn menu() -> Vec<Dish> {
        [("tomato soup", 450), ("lentil soup", 380), ("veggie curry", 720), ("soup of the day", 500)]
            .into_iter()
            .map(|(name, cents)| Dish { name: name.to_string(), cents })
            .collect()
    }

    #[test]
    fn finds_the_cheapest_match() {
        let menu = menu();
        assert_eq!(cheapest_with(&menu, "curry").map(|d| d.cents), Some(720));
        assert!(cheapest_with(&menu, "pizza").is_none());
    }

    #[test]
    fn search_word_can_be_temporary() {
        let menu = menu();
        let pick;
        {
            // Pretend this arrived from the keyboard and is thrown away after the search.
            let typed = String::from("soup");
            pick = cheapest_with(&menu, &typed);
        }
        assert_eq!(pick.map(|d| d.name.as_str()), Some("lentil soup"));
    }
}
