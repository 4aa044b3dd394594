// known right: a loop that tries to take a job and waits only when there is none, on the same guard
// shared4: waiting for a condition (Condvar)
//
// A copy shop has a queue of print jobs and several printers. A printer with nothing
// to do should SLEEP until a job arrives (not spin and burn CPU), so `next_job` waits
// on a `Condvar`, and `submit` wakes one waiting printer after adding a job.
//
// SOLVED. A notification only means "something changed, have another look"; it does
// not promise that the condition holds by the time you run again. `wait` atomically
// releases the mutex and sleeps; on waking it re-locks the mutex, and in between any
// other thread may have taken the job (or the wake-up was spurious). So the check
// goes in a `while` loop: wake up, re-check under the lock, and go back to sleep if
// there is still nothing to do. The loop only ends while we hold the lock AND the
// queue is non-empty, so `pop_front` cannot come back empty.
// Two details that make this safe:
//   - the check and the `wait` happen under the same guard, so a `submit` cannot slip
//     in between them and notify nobody (a "lost wake-up");
//   - `submit` changes the queue under the lock before notifying, so a waiter that
//     re-checks always sees the new job.
// (`self.job_ready.wait_while(jobs, |j| j.is_empty())` writes the same loop for you.)

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
        let mut jobs = self.jobs.lock().unwrap();
        loop {
            if let Some(job) = jobs.pop_front() {
                return job;
            }
            jobs = self.job_ready.wait(jobs).unwrap();
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
