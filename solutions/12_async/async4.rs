// async4: don't block the runtime (solution)
//
// Async tasks share worker threads cooperatively: a task gives the thread back only at an `.await` that is not ready.
// A blocking call has no `.await` inside, so while it runs, every other task scheduled on that thread (timers, network
// handlers, the heartbeat) simply stops. On the current-thread runtime that is ALL tasks.
//
// `spawn_blocking` moves the closure to a separate pool of threads meant for blocking work and returns a JoinHandle.
// Awaiting that handle is a real, non-blocking await: our task is parked, the worker thread goes on running the
// heartbeat, and we are woken when the checksum is ready. The closure must be `'static` because it may outlive this
// call (tokio cannot know we await it), hence `move` and an owned `Vec` instead of a borrowed slice.
// The `JoinError` case only happens if the closure panicked (or the runtime shut down), so passing the panic on with
// `expect` is reasonable here.
// (`tokio::task::block_in_place` is the other tool, but it only works on the multi-thread runtime; it panics on the
// current-thread one.)

use std::time::Duration;

pub fn checksum(log: &[u8]) -> u64 {
    std::thread::sleep(Duration::from_millis(250));
    log.iter().fold(17, |acc: u64, &b| acc.wrapping_mul(31).wrapping_add(u64::from(b)))
}

pub async fn archive(log: Vec<u8>) -> u64 {
    tokio::task::spawn_blocking(move || checksum(&log)).await.expect("checksum panicked")
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test(flavor = "current_thread")]
    async fn heartbeat_keeps_ticking_during_archive() {
        let beats = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&beats);
        let heartbeat = tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_millis(10)).await;
                counter.fetch_add(1, Ordering::Relaxed);
            }
        });
        tokio::task::yield_now().await; // let the heartbeat start
        let before = beats.load(Ordering::Relaxed);
        let sum = archive(vec![3, 1, 4, 1, 5]).await;
        let during = beats.load(Ordering::Relaxed) - before;
        heartbeat.abort();
        assert_eq!(sum, checksum(&[3, 1, 4, 1, 5]));
        assert!(during >= 5, "only {during} heartbeats during a 250 ms archive: the runtime thread was blocked");
    }
}
