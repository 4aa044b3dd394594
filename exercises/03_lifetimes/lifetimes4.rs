// lifetimes4.rs
//
// A pocket calculator needs a tokenizer: "12 + rate*(3-x1)" becomes the tokens
// "12", "+", "rate", "*", "(", "3", "-", "x1", ")". The tokenizer does not copy
// anything: it keeps a borrowed `&str` of the input and every token is a slice
// of that same input.
//
// A struct that holds a reference must say so in its type. This one does not,
// so nothing compiles. Add a lifetime parameter to `Tokenizer` and use it
// where needed (the struct, the `impl` and `new`).
//
// Keep the borrow: do NOT make the tokenizer own a copy of the text (no
// `String` field). The tutor also compiles `check_outlives` below and expects
// it to be REJECTED. Do not change the tests or `check_outlives`.

pub struct Tokenizer {
    src: &str,
    pos: usize,
}

impl Tokenizer {
    pub fn new(src: &str) -> Tokenizer {
        Tokenizer { src, pos: 0 }
    }

    /// The next token, or `None` once the input is used up.
    pub fn next_token(&mut self) -> Option<&str> {
        let rest = &self.src[self.pos..];
        let trimmed = rest.trim_start();
        let start = self.pos + (rest.len() - trimmed.len());
        let first = trimmed.chars().next()?;
        let len = if first.is_alphanumeric() {
            trimmed.find(|c: char| !c.is_alphanumeric()).unwrap_or(trimmed.len())
        } else {
            first.len_utf8()
        };
        self.pos = start + len;
        Some(&self.src[start..self.pos])
    }
}

// Must NOT compile: `line` is dropped while `tokens` still borrows it.
#[cfg(check_outlives)]
pub fn check_outlives() -> Option<usize> {
    let mut tokens;
    {
        let line = String::from("1 + 2");
        tokens = Tokenizer::new(&line);
    }
    tokens.next_token().map(str::len)
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_an_expression() {
        let mut t = Tokenizer::new("12 + rate*(3-x1)");
        for expected in ["12", "+", "rate", "*", "(", "3", "-", "x1", ")"] {
            assert_eq!(t.next_token(), Some(expected));
        }
        assert_eq!(t.next_token(), None);
    }

    #[test]
    fn tokens_are_slices_of_the_input() {
        let input = String::from("  width / 2");
        let mut t = Tokenizer::new(&input);
        assert_eq!(t.next_token().map(str::as_ptr), Some(input[2..].as_ptr()));
        assert_eq!(t.next_token().map(str::as_ptr), Some(input[8..].as_ptr()));
    }

    #[test]
    fn blank_input_has_no_tokens() {
        assert_eq!(Tokenizer::new("   ").next_token(), None);
    }
}
