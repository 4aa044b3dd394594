// A condition checked with `if`: a printer woken up finds the job already taken (shared4's bug).

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

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use std_or_loom::{sync::Arc, thread};

    #[test]
    fn every_wake_up_finds_a_job() {
        std_or_loom::model(|| {
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
