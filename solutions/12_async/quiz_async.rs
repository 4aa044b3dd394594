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
//   - `shrink` blocks for 150 ms. Called inline, it froze the current-thread runtime (no screen frames). On the
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

pub fn shrink(photo: &[u8]) -> Vec<u8> {
    std::thread::sleep(Duration::from_millis(150)); // stands in for heavy image processing
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
    let small = tokio::task::spawn_blocking(move || shrink(&photo)).await.expect("shrink panicked");
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
    use std::sync::atomic::{AtomicUsize, Ordering};

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

    #[tokio::test(flavor = "current_thread")]
    async fn the_kiosk_screen_stays_responsive() {
        let kiosk = Arc::new(Kiosk::default());
        let frames = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&frames);
        let screen = tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_millis(10)).await;
                counter.fetch_add(1, Ordering::Relaxed);
            }
        });
        tokio::task::yield_now().await;
        open_order(&kiosk, "cy", vec![1, 2, 3]).await.unwrap();
        let drawn = frames.load(Ordering::Relaxed);
        screen.abort();
        assert!(drawn >= 8, "the screen drew only {drawn} frames while an order was processed");
    }
}
