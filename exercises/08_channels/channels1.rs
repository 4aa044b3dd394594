// channels1: the print shop's receipt
//
// A printer thread prints a job, sends the receipt back to the counter over a
// channel, and returns a line for the shop's log.
//
// This does not compile. `send` takes the receipt BY VALUE: after the call
// the receipt belongs to whoever receives it, and the printer thread may not
// touch it any more. That rule is what stops two threads from using the same
// value at once.
//
// Your job: make the printer thread produce the same log line without using
// the receipt after it has been sent. Do not change the tests.

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
        tx.send(receipt).unwrap();
        format!("printed {} pages for {}", receipt.pages, receipt.customer)
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
