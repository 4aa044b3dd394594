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
// Your task: make `next_job` re-check the condition every time it wakes up. Write the
// waiting yourself with `wait` (loom's Condvar has no `wait_while`). Do not change
// `submit` or the tests.

#[cfg(loom)]
use loom::sync::{Condvar, Mutex};
use std::collections::VecDeque;
#[cfg(not(loom))]
use std::sync::{Condvar, Mutex};

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
            thread::sleep(Duration::from_millis(50)); // let the printers go to sleep first
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
    use loom::{sync::Arc, thread};

    #[test]
    fn every_wake_up_finds_a_job() {
        loom::model(|| {
            let queue = Arc::new(PrintQueue::new());
            let printer = |queue: Arc<PrintQueue>| thread::spawn(move || queue.next_job());
            let printers = [printer(Arc::clone(&queue)), printer(Arc::clone(&queue))];
            queue.submit("flyer.pdf");
            queue.submit("menu.pdf");
            let mut printed = printers.map(|p| p.join().unwrap());
            printed.sort();
            assert_eq!(printed, ["flyer.pdf", "menu.pdf"]);
        });
    }
}
