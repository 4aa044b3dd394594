// lifetimes5.rs
//
// Greenhouse sensors write log lines like "2024-06-01;roof;21.5;ok".
// `FieldSplitter` borrows one line and hands out its fields one by one.
//
// The struct already carries a lifetime, and the splitter itself compiles.
// The tests do not: as soon as a test keeps one field and asks for the next,
// the compiler complains about borrowing `splitter` mutably twice.
//
// Look at the return type of `next_field`. No lifetime is written there, so the
// elision rules pick one. Which one do they pick when there is a `&mut self`?
// And where do the returned fields really point?
//
// Your task: change the signature of `next_field` so that fields stay usable
// after the splitter has moved on, or is gone (the return type is all that
// needs to change). Keep the fields borrowed from the line: no copies.
// Don't touch `FieldSplitter` or the tests.

pub struct FieldSplitter<'line> {
    line: &'line str,
    pos: usize,
}

impl<'line> FieldSplitter<'line> {
    pub fn new(line: &'line str) -> Self {
        FieldSplitter { line, pos: 0 }
    }

    pub fn next_field(&mut self) -> Option<&str> {
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
