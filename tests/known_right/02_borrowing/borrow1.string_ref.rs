// known right: borrows the review as &String: less general than &str, but it lends the review and copies nothing
// borrow1.rs — lending instead of giving away
//
// A book club analyses a review. Both helper functions take the review BY
// VALUE, so the first call in `club_report` swallows it and the second has
// nothing to read. Neither helper needs to keep the text: they only look at
// it. That is what a shared reference (`&`) is for: the caller lends the value
// and gets it back automatically when the helper returns.
//
// Change the two helpers so they BORROW the text (`&str` is the usual
// parameter type for that: it also accepts string literals), and change the
// calls in `club_report` to lend `review` with `&`.
// Do NOT copy the review (no `.clone()`, `.to_string()`, `.to_owned()`,
// `String::from`, `.into()` or `format!`): `club_report` hands the very same
// review back to the club's archive. Keep the signature of `club_report`.

fn count_words(text: &String) -> usize {
    text.split_whitespace().count()
}

/// The length of the longest word, in characters.
fn longest_word(text: &String) -> usize {
    let mut best = 0;
    for word in text.split_whitespace() {
        best = best.max(word.chars().count());
    }
    best
}

/// The number of words, the length of the longest one, and the review itself
/// for the archive.
pub fn club_report(review: String) -> (usize, usize, String) {
    let words = count_words(&review);
    let longest = longest_word(&review);
    (words, longest, review)
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_and_the_review() {
        let review = String::from("a quietly devastating novel about lighthouse keepers");
        let text = review.as_ptr();
        let (words, longest, archived) = club_report(review);
        assert_eq!((words, longest), (7, 11));
        // The club gets its own review back, not a copy of it.
        assert_eq!(archived.as_ptr(), text, "the review was copied");
        assert!(archived.ends_with("keepers"));
    }

    #[test]
    fn other_reviews() {
        assert_eq!(club_report(String::from("Dull.")).0, 1);
        assert_eq!(club_report(String::from("été à Séville trop chaud")).1, 7);
        assert_eq!(club_report(String::new()), (0, 0, String::new()));
    }
}
