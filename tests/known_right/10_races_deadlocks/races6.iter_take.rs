// known right: iterates over the channel (`labels.iter().take(count)`) and locks only inside the loop body, after each label has arrived
// races6: the label printer that never prints
//
// A warehouse label printer runs on its own thread. The front desk sends it
// labels through a channel and, before each one, looks at the shared `Status`
// to show how many labels are done.
//
// The printer thread locks the status once, "to keep it handy", and then
// waits on the channel for the next label while STILL holding the lock. The
// front desk now waits for the lock before it sends, and the printer waits for
// a label before it unlocks: each waits for the other, forever. The loom test
// finds this every time; the ordinary test hangs until the time limit.
//
// Your job: fix `run_printer` so that it never waits on the channel while it
// holds the status lock (not for the first label, not for any later one), and
// still records every label it prints. Do not change the tests.

use std_or_loom::sync::{Arc, Mutex, mpsc::Receiver};

#[derive(Default)]
pub struct Status {
    pub printed: u32,
    pub last: Option<String>,
}

/// Prints `count` labels from `labels`, keeping `status` up to date.
pub fn run_printer(status: Arc<Mutex<Status>>, labels: Receiver<String>, count: usize) {
    for label in labels.iter().take(count) {
        let mut status = status.lock().unwrap();
        status.printed += 1;
        status.last = Some(label);
    }
}

fn main() {}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::{sync::mpsc::channel, thread};

    #[test]
    fn the_front_desk_watches_the_printer() {
        let status = Arc::new(Mutex::new(Status::default()));
        let (to_printer, labels) = channel();
        let printer = {
            let status = Arc::clone(&status);
            thread::spawn(move || run_printer(status, labels, 3))
        };
        for crate_no in 1..=3 {
            // The printer has room for one label: wait until the last one is done.
            while status.lock().unwrap().printed < crate_no - 1 {
                thread::yield_now();
            }
            to_printer.send(format!("crate {crate_no}")).unwrap();
        }
        printer.join().unwrap();
        let status = status.lock().unwrap();
        assert_eq!((status.printed, status.last.as_deref()), (3, Some("crate 3")));
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use std_or_loom::{sync::mpsc::channel, thread};

    #[test]
    fn printer_and_desk_never_wait_for_each_other() {
        std_or_loom::model(|| {
            let status = Arc::new(Mutex::new(Status::default()));
            let (to_printer, labels) = channel();
            let printer = {
                let status = Arc::clone(&status);
                thread::spawn(move || run_printer(status, labels, 2))
            };
            for crate_no in 1..=2 {
                // The desk shows the count before it sends each label.
                let done = status.lock().unwrap().printed;
                assert!(done < crate_no, "{done} labels printed before label {crate_no} was sent");
                to_printer.send(format!("crate {crate_no}")).unwrap();
            }
            printer.join().unwrap();
            let status = status.lock().unwrap();
            assert_eq!((status.printed, status.last.as_deref()), (2, Some("crate 2")));
        });
    }
}
