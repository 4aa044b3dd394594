// known right: shrinks on a dedicated OS thread and awaits the result through a tokio oneshot channel; the printer lock is taken in one expression
// quiz_async: the photo kiosk (solution)
//
// Four problems, four tools:
//   - The ticket counter guard lived to the end of the function, across the print await: a std guard in a Send
//     future is an error. The update is quick and synchronous, so a `{ ... }` block that drops the guard right away
//     is the fix (and it also stops one order from holding the counter while another waits to draw a ticket).
//   - The label was an `Rc`, alive across the await. Nothing is shared here at all, so a plain `String` is enough;
//     `Arc<String>` would also be Send.
//   - The printer must stay locked across `print(..).await`. That is the one place that needs `tokio::sync::Mutex`:
//     its `lock().await` suspends the waiting task instead of blocking a worker thread, and its guard is Send.
//   - `shrink` blocks until the screen draws. Called inline, it froze the current-thread runtime (no screen frames). On the
//     blocking pool via `spawn_blocking`, the worker thread keeps running the screen task while we await the result.
//     The closure owns `photo` (`move`), because a spawned closure must be `'static`.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Mutex as AsyncMutex;
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

/// The kiosk's screen: the tests' screen task adds one each time it gets to draw (about every millisecond).
pub static FRAMES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
/// Set when `shrink` waited 2 s for the screen to draw and gave up.
pub static FROZE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub fn shrink(photo: &[u8]) -> Vec<u8> {
    // Stands in for heavy image processing: it holds its thread until the screen has drawn three frames (2 s at most).
    use std::sync::atomic::Ordering::SeqCst;
    let (start, deadline) = (FRAMES.load(SeqCst), std::time::Instant::now() + Duration::from_secs(2));
    while FRAMES.load(SeqCst) < start + 3 {
        if std::time::Instant::now() > deadline {
            FROZE.store(true, SeqCst);
            break;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
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
    let (done, shrunk) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let _ = done.send(shrink(&photo));
    });
    let small = shrunk.await.expect("the shrink thread died");
    kiosk.printer.lock().await.print(&label).await;
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

    use std::sync::atomic::Ordering::SeqCst;

    /// The tests take turns (they share the kiosk's screen), each with a screen task of its own drawing frames.
    static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());

    fn turn() -> std::sync::MutexGuard<'static, ()> {
        TURN.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A screen task: it draws a frame whenever its runtime lets it run.
    fn screen() -> tokio::task::JoinHandle<()> {
        tokio::spawn(async {
            loop {
                tokio::time::sleep(Duration::from_millis(1)).await;
                FRAMES.fetch_add(1, SeqCst);
            }
        })
    }

    #[test]
    fn every_order_gets_a_ticket_and_a_print() {
        let _turn = turn();
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_time().build().unwrap();
        runtime.block_on(orders_get_tickets_and_prints());
    }

    async fn orders_get_tickets_and_prints() {
        let _screen = screen();
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

    // A screen task shares the runtime's only thread and draws a frame whenever it gets to run. `shrink` waits for
    // three frames: while something blocks that thread, the screen cannot draw at all, and `shrink` gives up.
    #[test]
    fn the_kiosk_screen_stays_responsive() {
        let _turn = turn();
        FROZE.store(false, SeqCst);
        let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
        runtime.block_on(async {
            let screen = screen();
            tokio::task::yield_now().await;
            let kiosk = Arc::new(Kiosk::default());
            open_order(&kiosk, "cy", vec![1, 2, 3]).await.unwrap();
            screen.abort();
        });
        assert!(
            !FROZE.load(SeqCst),
            "the screen froze while an order was processed: the runtime's thread was blocked, so the screen task \
             beside it could not draw a frame (shrink waited 2 s for three)"
        );
    }

    // `handle_order` is polled by hand. Every time it is suspended, the test tries to read the printer with
    // `printed_labels()` (polled once, never waiting). While the label is being printed, that must not be possible.
    #[test]
    fn the_printer_stays_locked_while_it_prints() {
        let _turn = turn();
        let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
        let _screen = runtime.enter();
        let _frames = screen();
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
