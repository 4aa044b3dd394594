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

use std::time::Duration;

pub fn checksum(log: &[u8]) -> u64 {
    std::thread::sleep(Duration::from_millis(400));
    log.iter().fold(17, |acc: u64, &b| acc.wrapping_mul(31).wrapping_add(u64::from(b)))
}

pub async fn archive(log: Vec<u8>) -> u64 {
    tokio::task::spawn_blocking(move || checksum(&log)).await.expect("checksum panicked")
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
