// async5: a lock that waits with you (solution)
//
// Holding a std lock across an `.await` is wrong even where it compiles. A std Mutex blocks the calling THREAD while
// it waits, but the task that holds it is suspended and can only resume on a thread that is free to poll it. On a
// current-thread runtime (or with all workers blocked) that thread never becomes free: deadlock. The second test shows
// it without hanging: while `record` is suspended in the upload, `try_lock` finds the buffer locked.
//
// The fix keeps the critical section tiny and synchronous: push, decide, and, for a full buffer, move the three
// readings OUT with `mem::take` (leaving an empty Vec behind). The guard dies at the end of the block, and the upload
// works on the batch we now own. A nice side effect: readings that arrive while the upload is in flight go into the
// fresh buffer instead of waiting for the lock, and they cannot be swept into this batch or a second upload of it.
// Fixes that look right but are not: cloning the batch and calling `buffer.clear()` after the await (the guard must
// survive the await for that, or, if you lock again to clear, you throw away the readings that arrived meanwhile), and
// `drop(buffer)` written after the await. An explicit `drop(buffer)` BEFORE the await is correct; Clippy's
// `await_holding_lock` still flags it (a known false positive), and so would rustc's Send check if `record` were
// spawned, which is why the block is the better habit.

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
