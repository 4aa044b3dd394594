// ownership1.rs — moving a value into a function
//
// A print shop sends each flyer to the printer. `send_to_printer` takes the
// text BY VALUE: the printer owns it from then on and throws it away when the
// job is done. `main` also wants to count the words of the flyer for the bill,
// but it does so too late.
//
// Make the program compile and run.
// Rules: do NOT call `.clone()`, do NOT change `send_to_printer`, and keep the
// asserts as they are. Moving one line is enough.

fn send_to_printer(text: String) -> u32 {
    // One sheet per started block of 40 characters.
    let sheets = text.len() as u32 / 40 + 1;
    println!("printing {sheets} sheet(s): {text}");
    sheets
} // `text` is dropped here: its memory is freed.

fn main() {
    let flyer = String::from("Grand opening on Friday: every poster is half price");

    let sheets = send_to_printer(flyer);
    let words = flyer.split_whitespace().count();

    println!("{sheets} sheet(s), {words} words to bill");
    assert_eq!(sheets, 2);
    assert_eq!(words, 9);
}
