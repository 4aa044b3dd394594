// threads5: scoped threads can borrow
//
// A library catalogue search splits the list of titles in two halves and lets two
// threads search one half each. The titles are only BORROWED (`&[String]`): copying
// the whole catalogue for every thread would be a waste.
//
// SOLVED. `thread::spawn` demands `'static` closures because a spawned thread may
// outlive the function that started it; a borrow of `titles` could then dangle.
// `thread::scope` changes the deal: every thread spawned through the scope handle `s`
// is joined automatically before `scope` returns. The borrow checker therefore knows
// the threads end while `titles` and `word` are still alive, and lets the closures
// borrow them. No `Arc`, no copies, no `move`.
// The closure given to `scope` may return a value; here it returns the sum, which
// becomes the value of the whole `thread::scope(...)` expression.

use std::thread;

fn count_matches(titles: &[String], word: &str) -> usize {
    let (front, back) = titles.split_at(titles.len() / 2);
    thread::scope(|s| {
        let first = s.spawn(|| front.iter().filter(|t| t.contains(word)).count());
        let second = s.spawn(|| back.iter().filter(|t| t.contains(word)).count());
        // Joining explicitly gives us the results. (A scoped thread that is not
        // joined is still waited for at the end of the scope.)
        first.join().unwrap() + second.join().unwrap()
    })
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
