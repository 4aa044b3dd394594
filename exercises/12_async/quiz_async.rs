// quiz_async: the photo kiosk
//
// A kiosk prints customers' photos. `open_order` starts a task for each order with `tokio::spawn`, and the task runs
// `handle_order`, which must:
//   1. draw the next ticket number from a shared counter (a quick, synchronous update),
//   2. shrink the photo to print size with `shrink`: slow, BLOCKING work,
//   3. print a label on the kiosk's only printer. Printing takes a while (an `.await`), and the printer must not be
//      shared mid-print, so an order keeps the printer locked for the whole `print(..).await`.
// The file does not compile, and even once it does, one test will fail. Everything you need is in this chapter:
// futures given to tokio::spawn must be Send; std guards must not live across an await; a lock that must span an
// await calls for tokio's Mutex; blocking work belongs on the blocking pool.
// Do not change `shrink`, `Printer::print`, `open_order` or the tests.

use std::rc::Rc;
use std::sync::{Arc, Mutex};
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
    printer: Mutex<Printer>,
}

impl Kiosk {
    pub async fn printed_labels(&self) -> Vec<String> {
        self.printer.lock().unwrap().printed.clone()
    }
}

pub fn shrink(photo: &[u8]) -> Vec<u8> {
    std::thread::sleep(Duration::from_millis(150)); // stands in for heavy image processing
    photo.iter().step_by(2).copied().collect()
}

/// Returns the order's ticket number and the size of the shrunk photo.
pub async fn handle_order(kiosk: Arc<Kiosk>, customer: String, photo: Vec<u8>) -> (u32, usize) {
    let mut last = kiosk.last_ticket.lock().unwrap();
    *last += 1;
    let ticket = *last;
    let label = Rc::new(format!("#{ticket} for {customer}"));
    let small = shrink(&photo);
    let mut printer = kiosk.printer.lock().unwrap();
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
