// known wrong: the emptiness check and the `wait` are under two different locks, so a job submitted in between wakes nobody and the printer sleeps forever
// shared4, variant `lost_wakeup`.

#[cfg(loom)]
use loom::sync::{Condvar, Mutex};
#[cfg(not(loom))]
use std::sync::{Condvar, Mutex};
use std::collections::VecDeque;

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
