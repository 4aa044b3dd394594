// known wrong: yields once before the blocking call: the ticker runs once, then the thread is blocked for the whole checksum
// async4: don't block the runtime
//
// A weather station archives its sensor log: `archive` computes a checksum of the log and returns it. `checksum` is
// slow, blocking work (it stands for heavy number crunching or a blocking file write). Called directly inside an
// async fn, it occupies the runtime's worker thread for its whole duration: no other task on that thread can make
// progress, not even a timer. The test runs a ticker task beside `archive` on a single-threaded runtime; while the
// checksum blocks the thread (400 ms), the ticker cannot run at all, and the test fails.
//
// What to do: run the blocking call on tokio's blocking-thread pool with `tokio::task::spawn_blocking`, and `.await`
// the handle it returns. The closure must be `'static` and own what it needs (hint: `move`). (Any way that keeps the
// runtime thread free while the checksum runs would pass, a thread of your own with a channel you `.await` for
// instance; a task of its own with `tokio::spawn` would not: it runs on the same thread.)
// Do not change `checksum` or the tests.

use std::time::Duration;

pub fn checksum(log: &[u8]) -> u64 {
    std::thread::sleep(Duration::from_millis(400));
    log.iter().fold(17, |acc: u64, &b| acc.wrapping_mul(31).wrapping_add(u64::from(b)))
}

pub async fn archive(log: Vec<u8>) -> u64 {
    tokio::task::yield_now().await;
    checksum(&log)
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};
    use std::time::Instant;

    // The longest stretch of time, between `start` and `end`, in which the ticker did not get to run.
    fn longest_pause(start: Instant, end: Instant, ticks: &[Instant]) -> Duration {
        let mut times: Vec<Instant> = ticks.iter().copied().filter(|t| (start..end).contains(t)).collect();
        times.insert(0, start);
        times.push(end);
        times.windows(2).map(|w| w[1] - w[0]).max().unwrap_or_default()
    }

    #[tokio::test(flavor = "current_thread")]
    async fn the_runtime_keeps_ticking_during_archive() {
        // A ticker task shares the runtime's only thread and notes the time whenever it gets to run (about every
        // millisecond). While `checksum` blocks that thread (400 ms), it cannot run at all.
        let ticks = Arc::new(Mutex::new(Vec::new()));
        let ticker = {
            let ticks = Arc::clone(&ticks);
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(Duration::from_millis(1)).await;
                    ticks.lock().unwrap().push(Instant::now());
                }
            })
        };
        tokio::task::yield_now().await; // let the ticker start
        let start = Instant::now();
        let sum = archive(vec![3, 1, 4, 1, 5]).await;
        let end = Instant::now();
        ticker.abort();
        assert_eq!(sum, checksum(&[3, 1, 4, 1, 5]));
        let pause = longest_pause(start, end, &ticks.lock().unwrap());
        // Far below the 400 ms that `checksum` blocks, far above a tick: only a blocked thread pauses this long.
        assert!(
            pause < Duration::from_millis(200),
            "the runtime thread was blocked for {pause:?} during archive: no other task could run"
        );
    }
}
