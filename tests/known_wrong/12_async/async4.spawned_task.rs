// known wrong: moves the checksum into a task of its own with `tokio::spawn`: that task still runs on the runtime's only thread and blocks it just the same
// async4: don't block the runtime
//
// A weather station archives its sensor log: `archive` computes a checksum of the log and returns it. `checksum` is
// slow, blocking work (it stands for heavy number crunching or a blocking file write). Called directly inside an
// async fn, it occupies the runtime's worker thread for its whole duration: no other task on that thread can make
// progress, not even a timer. The test runs a ticker task beside `archive` on a single-threaded runtime; `checksum`
// works until the station's clock (that ticker) has ticked three times, so while it blocks the runtime's thread the
// ticker cannot run at all: after 5 s the checksum gives up, and the test fails.
//
// What to do: run the blocking call on tokio's blocking-thread pool with `tokio::task::spawn_blocking`, and `.await`
// the handle it returns. The closure must be `'static` and own what it needs (hint: `move`). (Any way that keeps the
// runtime thread free while the checksum runs would pass, a thread of your own with a channel you `.await` for
// instance; a task of its own with `tokio::spawn` would not: it runs on the same thread.)
// Do not change `checksum` or the tests.

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
    tokio::spawn(async move { checksum(&log) }).await.expect("checksum panicked")
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
        let expected = [3u8, 1, 4, 1, 5].iter().fold(17, |acc: u64, &b| acc.wrapping_mul(31).wrapping_add(u64::from(b)));
        assert_eq!(sum, expected);
    }
}
