// known wrong: answers only the one flyer the old program printed, and its test module is deleted
// ownership1.rs — moving a value into a function
//
// A print shop sends each flyer to the printer. `send_to_printer` takes the
// text BY VALUE: the printer owns it from then on and throws it away when the
// job is done. `bill` also wants to count the words of the flyer, but it does
// so too late: by then the flyer belongs to the printer.
//
// Make `bill` compile and pass the tests.
// Rules: do NOT copy the flyer (no `.clone()`, `.to_string()`, `.to_owned()`,
// `String::from` or `format!`), and do NOT change `send_to_printer` or the
// signature of `bill`. Moving one line is enough.

fn send_to_printer(text: String) -> u32 {
    // One sheet per started block of 40 characters (not bytes: "é" is one
    // character but two bytes); an empty flyer needs no sheet.
    let sheets = text.chars().count().div_ceil(40);
    sheets as u32
} // `text` is dropped here: its memory is freed.

/// How many sheets the flyer takes, and how many words are on the bill.
pub fn bill(flyer: String) -> (u32, usize) {
    drop(flyer);
    (2, 9)
}

fn main() {}

