// lifetimes4.rs (solution)
//
// A pocket calculator needs a tokenizer: "12 + rate*(3-x1)" becomes the tokens
// "12", "+", "rate", "*", "(", "3", "-", "x1", ")". The tokenizer does not copy
// anything: it keeps a borrowed `&str` of the input and every token is a slice
// of that same input.

// `Tokenizer<'src>` reads: "a Tokenizer that borrows something for 'src".
// The compiler now knows that every value of this type is tied to the text it
// was built from, and it refuses any program where the text goes away first
// (that is what `check_outlives` below tests: it fails with E0597).
//
// Making the struct own a `String` would also compile, but it would copy the
// whole input and `check_outlives` would be accepted, which is the point: the
// lifetime parameter is what lets us skip the copy safely.
pub struct Tokenizer<'src> {
    src: &'src str,
    pos: usize,
}

// The impl must introduce the same parameter: "for any lifetime 'src, here are
// methods for Tokenizer<'src>".
impl<'src> Tokenizer<'src> {
    // `new` takes a `&'src str` and returns a `Tokenizer<'src>`: the output is
    // tied to the input. (`Self` would mean the same.)
    pub fn new(src: &'src str) -> Tokenizer<'src> {
        Tokenizer { src, pos: 0 }
    }

    /// The next token, or `None` once the input is used up.
    //
    // The elided output lifetime is tied to `&mut self` here. That is enough
    // for these tests, which look at one token at a time; lifetimes5 shows why
    // returning `&'src str` would be even better.
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
