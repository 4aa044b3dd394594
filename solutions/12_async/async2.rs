// async2: an Rc in a task that can move (solution)
//
// `Arc` is `Rc` with an atomic reference count: cloning and dropping it from several threads at once is fine, so
// `Arc<Paper>` is Send (as long as `Paper` is Send + Sync, which a String and a u32 are). With it, everything alive
// at the `.await` is Send, the future returned by `run_job` is Send, and `tokio::spawn` accepts it.
//
// Rc vs Arc is not about the code you wrote, it's about what the type PERMITS: the compiler cannot see that all the
// clones happen to stay inside this one task, so it has to assume the worst about any Rc living in a movable future.
// The other way out would be to keep the Rc out of the future's saved state (create and drop it between awaits),
// which isn't possible here because the page records must share the settings across all the awaits.
// The atomic count costs a little more per clone; for a handle cloned once per page that is nothing.

use std::sync::Arc;
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
    let paper = Arc::new(paper);
    let mut printed: Vec<(u32, Arc<Paper>)> = Vec::new();
    for page in 1..=pages {
        feed_sheet().await;
        printed.push((page, Arc::clone(&paper)));
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
