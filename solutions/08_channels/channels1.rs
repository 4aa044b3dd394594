// channels1: the print shop's receipt (solution)
//
// `Sender::send(value)` takes ownership of `value` and moves it into the
// channel. From then on the receiving thread owns it; if the printer could
// still read it, two threads would share a value that one of them may be
// changing. The compiler forbids exactly that with E0382.
//
// The fix is to take what the printer needs from the receipt BEFORE it is
// sent: build the log line first, then hand the receipt over. Nothing is
// copied except the short formatted string. (Deriving `Clone` and sending a
// clone would also work, but it copies the whole receipt just to print two
// fields; reading the two fields into locals first works too.)
//
// The exercises import the channel from `std_or_loom`: in a normal build
// these are exactly std's `mpsc` types.

use std_or_loom::sync::mpsc::{self, Sender};
use std_or_loom::thread;

#[derive(Debug, PartialEq)]
pub struct Receipt {
    pub customer: String,
    pub pages: u32,
}

/// Prints the job, sends its receipt to `counter` and returns the log line.
pub fn printer(customer: String, pages: u32, counter: Sender<Receipt>) -> String {
    let receipt = Receipt { customer, pages };
    // Use the receipt while we still own it...
    let log_line = format!("printed {} pages for {}", receipt.pages, receipt.customer);
    // ...then give it away. After this line `receipt` is gone from here.
    counter.send(receipt).unwrap();
    log_line
}

/// Runs `printer` on a background thread. Returns the receipt (received over
/// the channel) and the printer's log line (returned from the thread).
pub fn print_job(customer: &str, pages: u32) -> (Receipt, String) {
    let (tx, rx) = mpsc::channel();
    let customer = customer.to_string();
    let printer_thread = thread::spawn(move || printer(customer, pages, tx));
    let receipt = rx.recv().unwrap();
    let log_line = printer_thread.join().unwrap();
    (receipt, log_line)
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::TryRecvError;

    #[test]
    fn the_counter_gets_the_receipt_and_the_log_is_written() {
        let (receipt, log_line) = print_job("Ada", 12);
        assert_eq!(receipt, Receipt { customer: "Ada".to_string(), pages: 12 });
        assert_eq!(log_line, "printed 12 pages for Ada");
    }

    #[test]
    fn the_printer_sends_exactly_one_receipt() {
        let (tx, rx) = mpsc::channel();
        let log_line = printer("Grace".to_string(), 3, tx);
        assert_eq!(log_line, "printed 3 pages for Grace");
        assert_eq!(rx.recv(), Ok(Receipt { customer: "Grace".to_string(), pages: 3 }));
        assert_eq!(rx.try_recv(), Err(TryRecvError::Disconnected), "a second message, or a sender kept alive");
    }
}
