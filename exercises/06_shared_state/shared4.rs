// shared4: waiting for a condition (Condvar)
//
// A copy shop has a queue of print jobs and several printers. A printer with nothing
// to do should SLEEP until a job arrives (not spin and burn CPU), so `next_job` waits
// on a `Condvar`, and `submit` wakes one waiting printer after adding a job.
//
// There is a bug: `next_job` checks the queue with `if`, waits once, and then assumes
// a job is there. But waking up does not mean the condition holds:
//   - after `notify_one`, the woken printer still has to re-lock the mutex, and another
//     printer that just arrived may get the lock first and take the job;
//   - the std docs also allow "spurious" wake-ups with no notification at all.
// The tutor runs `loom_tests` under loom, which tries every interleaving and finds the
// printer that wakes up to an empty queue.
//
// Your task: make `next_job` re-check the condition every time it wakes up, and
// sleep again while there is still nothing to do. A printer must sleep on the
// condition variable, not poll: the tutor refuses `sleep`, `yield_now`, `spin_loop`
// and `try_lock` here. Do not change `submit` or the tests.

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
        if jobs.is_empty() {
            jobs = self.job_ready.wait(jobs).unwrap();
        }
        jobs.pop_front().expect("a printer woke up to an empty queue")
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
