// known wrong: the emptiness check and the `wait` are under two different locks, so a job submitted in between wakes nobody and the printer sleeps forever
// shared4, variant `lost_wakeup`.

use std::collections::VecDeque;
use std_or_loom::sync::{Condvar, Mutex};

struct PrintQueue {
    jobs: Mutex<VecDeque<String>>,
    job_ready: Condvar,
}

impl PrintQueue {
    fn new() -> PrintQueue {
        PrintQueue { jobs: Mutex::new(VecDeque::new()), job_ready: Condvar::new() }
    }

    fn submit(&self, job: &str) {
        self.jobs.lock().unwrap().push_back(job.to_string());
        self.job_ready.notify_one();
    }

    /// Blocks until there is a job, then takes it out of the queue.
    fn next_job(&self) -> String {
        loop {
            // Peek first, so we do not hold the lock longer than needed...
            let empty = self.jobs.lock().unwrap().is_empty();
            if !empty {
                if let Some(job) = self.jobs.lock().unwrap().pop_front() {
                    return job;
                }
                continue;
            }
            // ...and only lock again to wait. A `submit` that happens between the
            // peek and this `wait` notifies nobody, and then we sleep forever.
            let jobs = self.jobs.lock().unwrap();
            let _jobs = self.job_ready.wait(jobs).unwrap();
        }
    }
}

fn main() {}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::{thread, time::Duration};

    #[test]
    fn printers_wait_for_jobs() {
        let queue = PrintQueue::new();
        let mut printed = thread::scope(|s| {
            let printers = [s.spawn(|| queue.next_job()), s.spawn(|| queue.next_job())];
            thread::sleep(Duration::from_millis(50)); // most likely the printers are asleep by now
            queue.submit("flyer.pdf");
            queue.submit("menu.pdf");
            printers.map(|p| p.join().unwrap())
        });
        printed.sort();
        assert_eq!(printed, ["flyer.pdf", "menu.pdf"]);
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use std_or_loom::{sync::Arc, thread};

    fn printer(queue: &Arc<PrintQueue>, jobs: usize) -> thread::JoinHandle<Vec<String>> {
        let queue = Arc::clone(queue);
        thread::spawn(move || (0..jobs).map(|_| queue.next_job()).collect())
    }

    #[test]
    fn every_wake_up_finds_a_job() {
        std_or_loom::model(|| {
            let queue = Arc::new(PrintQueue::new());
            let printers = [printer(&queue, 1), printer(&queue, 1)];
            queue.submit("flyer.pdf");
            queue.submit("menu.pdf");
            let mut printed: Vec<String> = printers.into_iter().flat_map(|p| p.join().unwrap()).collect();
            printed.sort();
            assert_eq!(printed, ["flyer.pdf", "menu.pdf"]);
        });
    }

    #[test]
    fn a_printer_that_waits_again_is_woken_again() {
        std_or_loom::model(|| {
            let queue = Arc::new(PrintQueue::new());
            let office = printer(&queue, 2);
            queue.submit("a.pdf");
            queue.submit("b.pdf");
            assert_eq!(office.join().unwrap(), ["a.pdf", "b.pdf"], "the printer should print the jobs in order");
        });
    }

    #[test]
    fn jobs_submitted_before_anyone_waits() {
        std_or_loom::model(|| {
            let queue = Arc::new(PrintQueue::new());
            queue.submit("poster.pdf");
            let late = printer(&queue, 1);
            assert_eq!(late.join().unwrap(), ["poster.pdf"]);
            assert!(queue.jobs.lock().unwrap().is_empty());
        });
    }
}
