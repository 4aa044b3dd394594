// async4: don't block the runtime
//
// A weather station archives its sensor log: `archive` computes a checksum of the log and returns it. `checksum` is
// slow, blocking work (it stands for heavy number crunching or a blocking file write). Called directly inside an
// async fn, it occupies the runtime's worker thread for its whole duration: no other task on that thread can make
// progress, not even a timer. On the single-threaded runtime used in the test, the station's heartbeat stops ticking
// while the checksum runs, and the test fails.
//
// What to do: run the blocking call on tokio's blocking-thread pool with `tokio::task::spawn_blocking`, and `.await`
// the handle it returns. The closure must be `'static` and own what it needs (hint: `move`).
// Do not change `checksum` or the tests.

use std::time::Duration;

pub fn checksum(log: &[u8]) -> u64 {
    std::thread::sleep(Duration::from_millis(250));
    log.iter().fold(17, |acc: u64, &b| acc.wrapping_mul(31).wrapping_add(u64::from(b)))
}

pub async fn archive(log: Vec<u8>) -> u64 {
    checksum(&log)
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
