// known wrong: uploads a clone of the batch, but clears the buffer after the await, so the std MutexGuard is still alive across the await; the test finds the buffer locked during the upload
//
// async5: a lock that waits with you (careless fix: upload a copy, keep the guard to clear it later)

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
    let batch = buffer.clone();
    let sent = upload(log, &batch).await;
    buffer.clear();
    sent
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
