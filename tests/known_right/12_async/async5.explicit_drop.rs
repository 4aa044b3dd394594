// known right: takes the batch with `mem::take` and releases the guard with an explicit `drop(buffer)` before the await: correct, although Clippy's await_holding_lock still flags it (rust-clippy#6446)
// async5: a lock that waits with you
//
// A greenhouse sensor buffers temperature readings and uploads them in batches of three. The program drives
// everything from ONE thread with `block_on` and never spawns `record`, so the compiler does not demand `Send`:
// this file compiles and its first test passes. It is still a bug waiting to happen: `record` keeps a std
// `MutexGuard` alive across `upload(..).await`. While that task is suspended, the lock stays locked; if any other
// task on the same thread then calls `lock()`, it blocks the thread, and the suspended task that would unlock can
// never run again: a deadlock. (And the day someone puts `record` into `tokio::spawn`, it won't compile.)
//
// The second test checks exactly that: while `record` waits for its upload, a reading that arrives meanwhile must find
// the buffer unlocked, land in a fresh buffer (not start another upload of the same batch) and not be lost.
// What to do: take the batch out of the buffer while locked, release the lock, THEN upload. Keep the std Mutex.
// Do not change `upload` or the tests.
// (Clippy's `await_holding_lock` lint points at guards alive across an await. It also flags an explicit `drop(buffer)`
// before the await, a known false positive; that form is correct here, but a `{ ... }` block that ends before the
// await is the form the compiler's own Send check accepts too, see async1.)

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
    let batch = std::mem::take(&mut *buffer);
    drop(buffer);
    upload(log, &batch).await
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::Future;
    use std::task::{Context, Poll, Waker};

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

    // The third reading is recorded by polling `record` by hand. While it is suspended in its upload, the test checks
    // that the buffer is not locked (with `try_lock`, which never waits), and then records a fourth reading, as another
    // sensor task on the same thread would: it must be buffered at once, without an upload of its own.
    #[test]
    fn a_reading_that_arrives_during_the_upload_finds_the_buffer_free() {
        let log = SensorLog::default();
        let (sent, suspended, locked, late) = run(async {
            assert_eq!(record(&log, 18.5).await, 0);
            assert_eq!(record(&log, 19.0).await, 0);
            let mut third = std::pin::pin!(record(&log, 19.25));
            let (mut suspended, mut locked, mut late) = (0, 0, None);
            std::future::poll_fn(|cx| match third.as_mut().poll(cx) {
                Poll::Ready(sent) => Poll::Ready((sent, suspended, locked, late)),
                Poll::Pending => {
                    suspended += 1;
                    if log.buffer.try_lock().is_err() {
                        locked += 1;
                    } else if late.is_none() {
                        let mut fourth = std::pin::pin!(record(&log, 20.0));
                        late = Some(fourth.as_mut().poll(&mut Context::from_waker(Waker::noop())));
                    }
                    Poll::Pending
                }
            })
            .await
        });
        assert_eq!(sent, 3);
        assert!(suspended > 0, "`record` never waited for the upload");
        assert_eq!(
            locked, 0,
            "the buffer was still locked while `record` waited for the upload: another task calling `lock()` now would \
             block the thread, and the upload could never finish"
        );
        assert_eq!(late, Some(Poll::Ready(0)), "a reading that arrived during the upload was not simply buffered");
        assert_eq!(*log.uploaded.lock().unwrap(), [18.5, 19.0, 19.25]);
        assert_eq!(
            *log.buffer.lock().unwrap(),
            [20.0],
            "the reading that arrived during the upload is not in the buffer"
        );
    }
}
