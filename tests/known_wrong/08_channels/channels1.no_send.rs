// known wrong: removing the `send` makes it compile, but the counter never gets a receipt
// channels1: the print shop's receipt
//
// The printer runs on a background thread. When a job is done it sends the
// receipt to the counter over a channel, and it returns a line for the shop's
// log.
//
// This does not compile. `send` takes the receipt BY VALUE: after the call
// the receipt belongs to whoever receives it, and the printer may not touch it
// any more. That rule is what stops two threads from using the same value at
// once.
//
// Your job: make `printer` return the same log line without using the
// receipt after it has been sent. Keep `printer`'s signature (the counter and
// the tests call it as it is), and do not change the tests.

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
    let _ = counter;
    format!("printed {} pages for {}", receipt.pages, receipt.customer)
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
