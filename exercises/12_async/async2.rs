// async2: an Rc in a task that can move
//
// The print shop's `run_job` prints a job page by page. Every page record keeps a handle to the job's paper settings,
// so the settings are shared with an `Rc`. Between pages the task waits for the printer to feed a sheet (`.await`).
// `submit` hands the job to `tokio::spawn`, which may resume the task on another worker thread after any `.await`.
// An `Rc` alive across an `.await` travels with the task. Its reference count is not atomic, so a clone left on
// another thread would race with it; the compiler doesn't track clones, it goes by the type: `Rc` is not `Send`, so
// the future holding it is not `Send`, and tokio::spawn refuses it ("future cannot be sent between threads safely").
//
// What to do: make the job's future Send. The natural fix keeps the sharing, with a handle whose count is safe to
// update from several threads.
// Do not change `submit`, `feed_sheet` or the tests.

use std::rc::Rc;
use std::time::Duration;
use tokio::task::JoinHandle;

pub struct Paper {
    pub name: String,
    pub dpi: u32,
}

async fn feed_sheet() {
    tokio::time::sleep(Duration::from_millis(1)).await;
}

pub async fn run_job(pages: u32, paper: Paper) -> Vec<String> {
    let paper = Rc::new(paper);
    let mut printed: Vec<(u32, Rc<Paper>)> = Vec::new();
    for page in 1..=pages {
        feed_sheet().await;
        printed.push((page, Rc::clone(&paper)));
    }
    printed.iter().map(|(page, p)| format!("page {page}: {} @ {} dpi", p.name, p.dpi)).collect()
}

pub fn submit(pages: u32, paper: Paper) -> JoinHandle<Vec<String>> {
    tokio::spawn(run_job(pages, paper))
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn jobs_print_in_the_background() {
        let glossy = submit(2, Paper { name: "glossy A4".into(), dpi: 600 });
        let plain = submit(3, Paper { name: "plain A5".into(), dpi: 300 });
        assert_eq!(glossy.await.unwrap(), ["page 1: glossy A4 @ 600 dpi", "page 2: glossy A4 @ 600 dpi"]);
        assert_eq!(plain.await.unwrap().len(), 3);
    }

    #[tokio::test]
    async fn an_empty_job_prints_nothing() {
        assert!(submit(0, Paper { name: "card".into(), dpi: 150 }).await.unwrap().is_empty());
    }
}
