// lifetimes3.rs (solution)
//
// The canteen terminal lets you type a word and shows the cheapest dish whose
// name contains it.

#[derive(Debug)]
pub struct Dish {
    pub name: String,
    pub cents: u32,
}

// The result is a reference into `menu`, so only `menu` shares the lifetime of
// the output. `word` is only read while the function runs; it gets its own,
// unrelated lifetime. Leaving it without a name does that: every elided
// lifetime in the inputs becomes a separate, fresh lifetime parameter.
//
// Written out in full this is
//     fn cheapest_with<'m, 'w>(menu: &'m [Dish], word: &'w str) -> Option<&'m Dish>
//
// With the old signature `word: &'a str`, the caller's `typed` String had to
// stay borrowed as long as `pick` was in use, which is why the test failed with
// E0597 even though nothing actually pointed into it. Lifetimes on a signature
// are a contract: promise too much and callers pay for it.
pub fn cheapest_with<'a>(menu: &'a [Dish], word: &str) -> Option<&'a Dish> {
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
