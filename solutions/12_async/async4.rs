// async4: don't block the runtime (solution)
//
// Async tasks share worker threads cooperatively: a task gives the thread back only at an `.await` that is not ready.
// A blocking call has no `.await` inside, so while it runs, every other task scheduled on that thread (timers, network
// handlers, the ticker in the test) simply stops. On the current-thread runtime that is ALL tasks.
//
// `spawn_blocking` moves the closure to a separate pool of threads meant for blocking work and returns a JoinHandle.
// Awaiting that handle is a real, non-blocking await: our task is parked, the worker thread goes on running the
// ticker, and we are woken when the checksum is ready. The closure must be `'static` because it may outlive this
// call (tokio cannot know we await it), hence `move` and an owned `Vec` instead of a borrowed slice.
// The `JoinError` case only happens if the closure panicked (or the runtime shut down), so passing the panic on with
// `expect` is reasonable here.
// (`tokio::task::block_in_place` is the other tool, but it only works on the multi-thread runtime; it panics on the
// current-thread one.)

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The station's clock: the tests' ticker task adds one each time it gets to run (about every millisecond).
pub static TICKS: AtomicUsize = AtomicUsize::new(0);
/// How often `checksum` ran, and whether it gave up waiting for the clock.
pub static CHECKSUMS: AtomicUsize = AtomicUsize::new(0);
pub static GAVE_UP: AtomicBool = AtomicBool::new(false);

pub fn checksum(log: &[u8]) -> u64 {
    // Slow, blocking work: it holds its thread until the station's clock has ticked three times (5 s at most).
    CHECKSUMS.fetch_add(1, Ordering::SeqCst);
    let start = TICKS.load(Ordering::SeqCst);
    let deadline = Instant::now() + Duration::from_secs(5);
    while TICKS.load(Ordering::SeqCst) < start + 3 {
        if Instant::now() > deadline {
            GAVE_UP.store(true, Ordering::SeqCst);
            break;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    log.iter().fold(17, |acc: u64, &b| acc.wrapping_mul(31).wrapping_add(u64::from(b)))
}

pub async fn archive(log: Vec<u8>) -> u64 {
    tokio::task::spawn_blocking(move || checksum(&log)).await.expect("checksum panicked")
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "current_thread")]
    async fn the_runtime_keeps_ticking_during_archive() {
        // A ticker task shares the runtime's only thread and moves the station's clock whenever it gets to run.
        // `checksum` waits for three ticks: only a runtime thread left free lets them come.
        let ticker = tokio::spawn(async {
            loop {
                tokio::time::sleep(Duration::from_millis(1)).await;
                TICKS.fetch_add(1, Ordering::SeqCst);
            }
        });
        tokio::task::yield_now().await; // let the ticker start
        let sum = archive(vec![3, 1, 4, 1, 5]).await;
        ticker.abort();
        assert_eq!(CHECKSUMS.load(Ordering::SeqCst), 1, "`archive` must run `checksum` once: it is the station's work");
        assert!(
            !GAVE_UP.load(Ordering::SeqCst),
            "the runtime thread was blocked during archive: no other task could run, so the ticker beside it never \
             ticked while `checksum` worked (it waited 5 s for three ticks)"
        );
        let expected =
            [3u8, 1, 4, 1, 5].iter().fold(17, |acc: u64, &b| acc.wrapping_mul(31).wrapping_add(u64::from(b)));
        assert_eq!(sum, expected);
    }
}
