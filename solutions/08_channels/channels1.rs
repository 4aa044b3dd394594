// channels1: the print shop's receipt (solution)
//
// `Sender::send(value)` takes ownership of `value` and moves it into the
// channel. From then on the receiving thread owns it; if the sender could
// still read it, two threads would share a value that one of them may be
// changing. The compiler forbids exactly that with E0382.
//
// The fix is to take what the printer needs from the receipt BEFORE it is
// sent: build the log line first, then hand the receipt over. Nothing is
// copied except the short formatted string. (Cloning the receipt and sending
// the clone would also compile, but it copies the whole value just to print
// two fields.)

use std::sync::mpsc;
use std::thread;

#[derive(Debug, PartialEq)]
pub struct Receipt {
    pub customer: String,
    pub pages: u32,
}

/// Prints on a background thread. Returns the receipt (received over the
/// channel) and the printer's log line (returned from the thread).
pub fn print_job(customer: &str, pages: u32) -> (Receipt, String) {
    let (tx, rx) = mpsc::channel();
    let customer = customer.to_string();
    let printer = thread::spawn(move || {
        let receipt = Receipt { customer, pages };
        // Use the receipt while we still own it...
        let log_line = format!("printed {} pages for {}", receipt.pages, receipt.customer);
        // ...then give it away. After this line `receipt` is gone from here.
        tx.send(receipt).unwrap();
        log_line
    });
    let receipt = rx.recv().unwrap();
    let log_line = printer.join().unwrap();
    (receipt, log_line)
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counter_gets_the_receipt_and_the_log_is_written() {
        let (receipt, log_line) = print_job("Ada", 12);
        assert_eq!(receipt, Receipt { customer: "Ada".to_string(), pages: 12 });
        assert_eq!(log_line, "printed 12 pages for Ada");
    }
}
