// lifetimes5.rs (solution)
//
// Greenhouse sensors write log lines like "2024-06-01;roof;21.5;ok".
// `FieldSplitter` borrows one line and hands out its fields one by one.

pub struct FieldSplitter<'line> {
    line: &'line str,
    pos: usize,
}

impl<'line> FieldSplitter<'line> {
    pub fn new(line: &'line str) -> Self {
        FieldSplitter { line, pos: 0 }
    }

    // With `-> Option<&str>` the elision rules apply: when a method takes
    // `&self` or `&mut self`, every elided output lifetime becomes the lifetime
    // of that self borrow. So each field counted as "part of the mutable borrow
    // of the splitter", and holding one field blocked the next call (E0499),
    // and no field could leave the function that owned the splitter.
    //
    // But the fields are slices of `self.line`, which is a `&'line str`: they
    // point into the caller's text, not into the splitter. Writing `'line`
    // explicitly says exactly that. The `&mut self` borrow now ends when the
    // call returns, and the fields may live as long as the original line.
    //
    // Elision is a convenience that guesses the common case; when the guess is
    // too strict, name the lifetime yourself.
    pub fn next_field(&mut self) -> Option<&'line str> {
        if self.pos > self.line.len() {
            return None;
        }
        let rest = &self.line[self.pos..];
        let len = rest.find(';').unwrap_or(rest.len());
        self.pos += len + 1;
        Some(&rest[..len])
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_several_fields_at_once() {
        let mut splitter = FieldSplitter::new("2024-06-01;roof;21.5;ok");
        let date = splitter.next_field().unwrap();
        let sensor = splitter.next_field().unwrap();
        let celsius = splitter.next_field().unwrap();
        assert_eq!((date, sensor, celsius), ("2024-06-01", "roof", "21.5"));
    }

    fn all_fields(line: &str) -> Vec<&str> {
        let mut splitter = FieldSplitter::new(line);
        let mut fields = Vec::new();
        while let Some(field) = splitter.next_field() {
            fields.push(field);
        }
        fields // the splitter is dropped here, the fields live on
    }

    #[test]
    fn fields_outlive_the_splitter() {
        assert_eq!(all_fields("a;;c"), ["a", "", "c"]);
        assert_eq!(all_fields(""), [""]);
    }

    #[test]
    fn fields_are_slices_of_the_line() {
        let line = String::from("2024-06-02;cellar;12.0;low battery");
        let fields = all_fields(&line);
        assert_eq!(fields, ["2024-06-02", "cellar", "12.0", "low battery"]);
        assert_eq!(fields[1].as_ptr(), line[11..].as_ptr());
        assert_eq!(fields[3].as_ptr(), line[23..].as_ptr());
    }
}
