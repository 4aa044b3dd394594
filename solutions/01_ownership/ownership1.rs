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

    // SOLUTION: count the words while `main` still owns `flyer`.
    // Passing `flyer` to `send_to_printer` MOVES it: the String (pointer,
    // length, capacity) now belongs to the function's parameter, and the
    // function frees it when it returns. The variable `flyer` in `main` is
    // left "moved-from", and the compiler refuses every later use (E0382),
    // because that use would read freed memory. Doing our own work first,
    // and handing the value over as the very last thing, needs no copy at all.
    let words = flyer.split_whitespace().count();
    let sheets = send_to_printer(flyer);

    println!("{sheets} sheet(s), {words} words to bill");
    assert_eq!(sheets, 2);
    assert_eq!(words, 9);
}
