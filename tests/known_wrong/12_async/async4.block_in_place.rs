// known wrong: `block_in_place` is only allowed on the multi-thread runtime; on the test's current-thread runtime it panics, and even where it works it would not let this thread run the heartbeat meanwhile
//
// async4: don't block the runtime (careless fix: the other blocking helper)

use std::time::Duration;

pub fn checksum(log: &[u8]) -> u64 {
    std::thread::sleep(Duration::from_millis(250));
    log.iter().fold(17, |acc: u64, &b| acc.wrapping_mul(31).wrapping_add(u64::from(b)))
}

pub async fn archive(log: Vec<u8>) -> u64 {
    tokio::task::block_in_place(|| checksum(&log))
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
