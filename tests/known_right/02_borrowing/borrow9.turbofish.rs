// known right: names the writer type with a turbofish, so the argument has a known &mut type and Rust reborrows it
// borrow9.rs — reborrowing a mutable reference
//
// A bakery prints its daily report into a `String`. `render` receives the
// output as `out: &mut String` and passes it on to two helpers:
//   * `push_title` takes `&mut String`;
//   * `write_row` is generic: it accepts ANY writer `W: Write`, and a
//     `&mut String` is such a writer.
// `push_title(out, ..)` can be called as often as you like, yet after the
// first `write_row(out, ..)` the compiler says `out` has been MOVED.
//
// A `&mut` reference is not `Copy` (two copies of an exclusive loan would not
// be exclusive). When the parameter type is exactly `&mut String`, Rust
// quietly lends out a shorter, temporary borrow of `*out` (a REBORROW)
// instead of moving `out`. When the parameter type is a generic `W`, it
// does not, and the reference itself is moved into the call.
//
// Fix `render` so it compiles and the tests pass, by reborrowing explicitly:
// keep calling `write_row` for each row, with a fresh borrow of `*out`.
// Do not change `push_title`, `write_row`, the signature of `render` or the
// tests.

use std::fmt::Write;

pub fn push_title(out: &mut String, title: &str) {
    out.push_str(&format!("== {title} ==\n"));
}

pub fn write_row<W: Write>(mut w: W, item: &str, count: u32) {
    writeln!(w, "{item:<12}{count:>4}").unwrap();
}

pub fn render(out: &mut String, sold: &[(&str, u32)]) {
    push_title(out, "Bakery Birke");
    push_title(out, "sold today");
    for (item, count) in sold {
        write_row::<&mut String>(out, item, *count);
    }
    out.push_str("-- end --\n");
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_report() {
        let mut report = String::new();
        render(&mut report, &[("sourdough", 14), ("rye", 6)]);
        assert_eq!(report, "== Bakery Birke ==\n== sold today ==\nsourdough     14\nrye            6\n-- end --\n");
    }
}
