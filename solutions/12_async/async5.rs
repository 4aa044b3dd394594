// async5: Clippy is watching your locks (solution)
//
// Holding a std lock across an `.await` is wrong even where it compiles. A std Mutex blocks the calling THREAD while
// it waits, but the task that holds it is suspended and can only resume on a thread that is free to poll it. On a
// current-thread runtime (or with all workers blocked) that thread never becomes free: deadlock. Clippy's
// `await_holding_lock` finds every std (and parking_lot) guard that is alive at an await point.
//
// The fix keeps the critical section tiny and synchronous: push, decide, and, for a full buffer, move the three
// readings OUT with `mem::take` (leaving an empty Vec behind). The guard dies at the end of the block, and the upload
// works on the batch we now own. A nice side effect: readings that arrive while the upload is in flight go into the
// fresh buffer instead of waiting for the lock.
// Two fixes that look right but are still flagged: cloning the batch and calling `buffer.clear()` after the await
// (the guard must survive the await for that), and `drop(buffer)` written after the await.

use std::sync::Mutex;
use std::time::Duration;

#[derive(Default)]
pub struct SensorLog {
    buffer: Mutex<Vec<f32>>,
    pub uploaded: Mutex<Vec<f32>>,
}

async fn upload(log: &SensorLog, batch: &[f32]) -> usize {
    tokio::time::sleep(Duration::from_millis(2)).await;
    log.uploaded.lock().unwrap().extend_from_slice(batch);
    batch.len()
}

/// Buffers `celsius`; once three readings are waiting, uploads them. Returns how many readings were uploaded.
pub async fn record(log: &SensorLog, celsius: f32) -> usize {
    let batch = {
        let mut buffer = log.buffer.lock().unwrap();
        buffer.push(celsius);
        if buffer.len() < 3 {
            return 0;
        }
        std::mem::take(&mut *buffer)
    }; // <- the guard is dropped here, before any await
    upload(log, &batch).await
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn run<F: std::future::Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(future)
    }

    #[test]
    fn uploads_in_batches_of_three() {
        let log = SensorLog::default();
        let sent: Vec<usize> = run(async {
            let mut sent = Vec::new();
            for celsius in [18.5, 19.0, 19.25, 20.0, 21.5] {
                sent.push(record(&log, celsius).await);
            }
            sent
        });
        assert_eq!(sent, [0, 0, 3, 0, 0]);
        assert_eq!(*log.uploaded.lock().unwrap(), [18.5, 19.0, 19.25]);
        assert_eq!(*log.buffer.lock().unwrap(), [20.0, 21.5]);
    }
}
