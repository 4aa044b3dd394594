// borrow1.rs — lending instead of giving away
//
// A book club analyses a review. Both helper functions take the review BY
// VALUE, so the first call swallows it and the second has nothing to read.
// Neither helper needs to keep the text: they only look at it. That is what a
// shared reference (`&`) is for: the caller lends the value and gets it back
// automatically when the helper returns.
//
// Change the two helpers so they BORROW the text (parameter type `&str`), and
// change the calls in `main` to lend `review` with `&`.
// Do not use `.clone()`, and keep the asserts as they are.

fn count_words(text: String) -> usize {
    text.split_whitespace().count()
}

fn longest_word(text: String) -> String {
    let mut best = "";
    for word in text.split_whitespace() {
        if word.len() > best.len() {
            best = word;
        }
    }
    best.to_string()
}

fn main() {
    let review = String::from("a quietly devastating novel about lighthouse keepers");

    let words = count_words(review);
    let longest = longest_word(review);

    println!("{words} words, longest: {longest}");
    assert_eq!(words, 7);
    assert_eq!(longest, "devastating");
    // `main` still owns the review and can use it:
    assert!(review.ends_with("keepers"));
}
