// known wrong: every Send problem is fixed, but `shrink` still runs inline on the runtime thread, so the current-thread runtime freezes for 150 ms and the_kiosk_screen_stays_responsive fails every time
//
// quiz_async: the photo kiosk (careless fix: it compiles now, so it must be done... but the blocking call is still inline)

use std::sync::{Arc, Mutex};
use tokio::sync::Mutex as AsyncMutex;
use std::time::Duration;
use tokio::task::JoinHandle;

#[derive(Default)]
pub struct Printer {
    printed: Vec<String>,
}

impl Printer {
    pub async fn print(&mut self, label: &str) {
        tokio::time::sleep(Duration::from_millis(20)).await; // the print head moving
        self.printed.push(label.to_string());
    }
}

#[derive(Default)]
pub struct Kiosk {
    last_ticket: Mutex<u32>,
    printer: AsyncMutex<Printer>, // held across an await, so it must be the async one
}

impl Kiosk {
    pub async fn printed_labels(&self) -> Vec<String> {
        self.printer.lock().await.printed.clone()
    }
}

pub fn shrink(photo: &[u8]) -> Vec<u8> {
    std::thread::sleep(Duration::from_millis(400)); // stands in for heavy image processing
    photo.iter().step_by(2).copied().collect()
}

/// Returns the order's ticket number and the size of the shrunk photo.
pub async fn handle_order(kiosk: Arc<Kiosk>, customer: String, photo: Vec<u8>) -> (u32, usize) {
    let ticket = {
        let mut last = kiosk.last_ticket.lock().unwrap();
        *last += 1;
        *last
    }; // std guard dropped here
    let label = format!("#{ticket} for {customer}");
    let small = shrink(&photo);
    let mut printer = kiosk.printer.lock().await;
    printer.print(&label).await;
    (ticket, small.len())
}

pub fn open_order(kiosk: &Arc<Kiosk>, customer: &str, photo: Vec<u8>) -> JoinHandle<(u32, usize)> {
    tokio::spawn(handle_order(Arc::clone(kiosk), customer.to_string(), photo))
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::Future;
    use std::task::{Context, Poll, Waker};
    use std::time::Instant;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_order_gets_a_ticket_and_a_print() {
        let kiosk = Arc::new(Kiosk::default());
        let (ada, bo) = (open_order(&kiosk, "ada", vec![0; 10]), open_order(&kiosk, "bo", vec![0; 6]));
        let (a, b) = (ada.await.unwrap(), bo.await.unwrap());
        assert_eq!((a.1, b.1), (5, 3));
        assert_eq!([a.0.min(b.0), a.0.max(b.0)], [1, 2]);
        let mut labels = kiosk.printed_labels().await;
        labels.sort();
        let mut expected = [format!("#{} for ada", a.0), format!("#{} for bo", b.0)];
        expected.sort();
        assert_eq!(labels, expected);
    }

    // A screen task shares the runtime's only thread and notes the time whenever it gets to draw (about every
    // millisecond). While something blocks that thread (`shrink` takes 400 ms), it cannot draw at all.
    #[tokio::test(flavor = "current_thread")]
    async fn the_kiosk_screen_stays_responsive() {
        let kiosk = Arc::new(Kiosk::default());
        let frames = Arc::new(std::sync::Mutex::new(Vec::new()));
        let screen = {
            let frames = Arc::clone(&frames);
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(Duration::from_millis(1)).await;
                    frames.lock().unwrap().push(Instant::now());
                }
            })
        };
        tokio::task::yield_now().await;
        let start = Instant::now();
        open_order(&kiosk, "cy", vec![1, 2, 3]).await.unwrap();
        let end = Instant::now();
        screen.abort();
        let mut times: Vec<Instant> =
            frames.lock().unwrap().iter().copied().filter(|t| (start..end).contains(t)).collect();
        times.insert(0, start);
        times.push(end);
        let frozen = times.windows(2).map(|w| w[1] - w[0]).max().unwrap_or_default();
        // Far below the 400 ms that `shrink` blocks, far above a frame: only a blocked thread freezes this long.
        assert!(frozen < Duration::from_millis(200), "the screen froze for {frozen:?} while an order was processed");
    }

    // `handle_order` is polled by hand. Every time it is suspended, the test tries to read the printer with
    // `printed_labels()` (polled once, never waiting). While the label is being printed, that must not be possible.
    #[test]
    fn the_printer_stays_locked_while_it_prints() {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
        let kiosk = Arc::new(Kiosk::default());
        let (order, locked) = runtime.block_on(async {
            let mut order = std::pin::pin!(handle_order(Arc::clone(&kiosk), "di".to_string(), vec![7; 4]));
            let mut locked = 0;
            std::future::poll_fn(|cx| match order.as_mut().poll(cx) {
                Poll::Ready(done) => Poll::Ready((done, locked)),
                Poll::Pending => {
                    let mut look = std::pin::pin!(kiosk.printed_labels());
                    if look.as_mut().poll(&mut Context::from_waker(Waker::noop())).is_pending() {
                        locked += 1;
                    }
                    Poll::Pending
                }
            })
            .await
        });
        assert_eq!(order, (1, 2));
        assert!(locked > 0, "the printer was never locked while the order waited: it could be shared mid-print");
        assert_eq!(runtime.block_on(kiosk.printed_labels()), ["#1 for di"]);
    }
}
