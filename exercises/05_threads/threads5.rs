// threads5: scoped threads can borrow
//
// A library catalogue search splits the list of titles in two halves and lets two
// threads search one half each. The titles are only BORROWED (`&[String]`): copying
// the whole catalogue for every thread would be a waste.
//
// It does not compile. `thread::spawn` needs closures that borrow nothing short-lived,
// because nobody promises the threads end before `titles` goes away. Adding `move`
// does not help either: a moved reference is still a reference into the caller's data.
//
// Your task: use `std::thread::scope`. Threads spawned inside a scope are all joined
// before `scope` returns, so they MAY borrow local data. Keep the signature (no
// `Arc`, no cloning of the titles) and do not change the tests.

use std::thread;

fn count_matches(titles: &[String], word: &str) -> usize {
    let (front, back) = titles.split_at(titles.len() / 2);
    let first = thread::spawn(|| front.iter().filter(|t| t.contains(word)).count());
    let second = thread::spawn(|| back.iter().filter(|t| t.contains(word)).count());
    first.join().unwrap() + second.join().unwrap()
}

fn main() {
    let titles = vec!["The Sea Wolf".to_string(), "Sea of Stars".to_string()];
    println!("{}", count_matches(&titles, "Sea"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue() -> Vec<String> {
        [
            "Rust in the Garden",
            "A Map of the River",
            "Gardens of the North",
            "The Rusty Anchor",
            "River Songs",
            "Night Garden",
            "Salt and Rust",
        ]
        .map(String::from)
        .to_vec()
    }

    #[test]
    fn searches_both_halves() {
        let titles = catalogue();
        assert_eq!(count_matches(&titles, "Garden"), 3);
        assert_eq!(count_matches(&titles, "Rust"), 3);
        assert_eq!(count_matches(&titles, "Moon"), 0);
        // The catalogue is still ours afterwards: it was only lent out.
        assert_eq!(titles.len(), 7);
    }

    #[test]
    fn tiny_catalogues() {
        assert_eq!(count_matches(&[], "x"), 0);
        assert_eq!(count_matches(&["Rust".to_string()], "Rust"), 1);
    }
}
