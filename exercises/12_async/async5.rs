// async5: Clippy is watching your locks
//
// A greenhouse sensor buffers temperature readings and uploads them in batches of three. The program drives
// everything from ONE thread with `block_on` and never spawns `record`, so the compiler does not demand `Send`:
// this file compiles and its tests pass. It is still a bug waiting to happen: `record` keeps a std `MutexGuard`
// alive across `upload(..).await`. While that task is suspended, the lock stays locked; if any other task on the
// same thread then calls `lock()`, it blocks the thread, and the suspended task that would unlock can never run
// again: a deadlock. (And the day someone puts `record` into `tokio::spawn`, it won't compile.)
//
// This exercise is graded with Clippy's `await_holding_lock` lint, which flags exactly this. Make it clean:
// take the batch out of the buffer while locked, release the lock, THEN upload. Keep the std Mutex.
// Do not change `upload` or the tests.

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
    let mut buffer = log.buffer.lock().unwrap();
    buffer.push(celsius);
    if buffer.len() < 3 {
        return 0;
    }
    let sent = upload(log, &buffer).await;
    buffer.clear();
    sent
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
