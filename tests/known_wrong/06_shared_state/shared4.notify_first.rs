// known wrong: `submit` notifies BEFORE adding the job: the woken printer can re-check, find nothing, and sleep again, and the real job's wake-up was already spent
// shared4, variant `notify_first`.

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
        self.job_ready.notify_one();
        self.jobs.lock().unwrap().push_back(job.to_string());
    }

    /// Blocks until there is a job, then takes it out of the queue.
    fn next_job(&self) -> String {
        let mut jobs = self.jobs.lock().unwrap();
        while jobs.is_empty() {
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
