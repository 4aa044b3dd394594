// channels4: the scanner's paper tray (back-pressure)
//
// A scanner has a tray that holds at most TRAY_SLOTS pages. A bounded channel
// from `mpsc::sync_channel(n)` models this: it buffers at most n messages,
// and a blocking `send` on a full channel WAITS until the receiver takes one.
// That waiting is back-pressure: a fast producer is slowed down to the pace
// of the consumer instead of piling up work without limit.
//
// `offer` must never wait: if the tray is full (or the scanner has been
// switched off, i.e. the receiver is gone) it hands the page back as
// `Err(page)`. As shipped it uses the blocking `send`, so the first test
// waits forever on a full tray and the tutor stops it.
//
// Your job: fix `offer`. Keep `scanner_tray` and the tests as they are.

use std::sync::mpsc::{self, Receiver, SyncSender};

pub const TRAY_SLOTS: usize = 2;

#[derive(Debug, PartialEq)]
pub struct Page(pub u32);

pub fn scanner_tray() -> (SyncSender<Page>, Receiver<Page>) {
    mpsc::sync_channel(TRAY_SLOTS)
}

/// Puts `page` in the tray without waiting, or gives it back.
pub fn offer(tray: &SyncSender<Page>, page: Page) -> Result<(), Page> {
    tray.send(page).map_err(|err| err.0)
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::TrySendError;

    #[test]
    fn a_full_tray_hands_the_page_back() {
        let (tray, scanner) = scanner_tray();
        assert_eq!(offer(&tray, Page(1)), Ok(()));
        assert_eq!(offer(&tray, Page(2)), Ok(()));
        assert_eq!(offer(&tray, Page(3)), Err(Page(3)), "the tray holds only 2 pages");
        assert_eq!(scanner.recv().unwrap(), Page(1));
        assert_eq!(offer(&tray, Page(3)), Ok(()), "a slot was freed");
    }

    #[test]
    fn the_tray_reports_full() {
        let (tray, _scanner) = scanner_tray();
        for n in 0..TRAY_SLOTS as u32 {
            tray.try_send(Page(n)).unwrap();
        }
        assert!(matches!(tray.try_send(Page(9)), Err(TrySendError::Full(Page(9)))));
    }

    #[test]
    fn a_switched_off_scanner_hands_the_page_back() {
        let (tray, scanner) = scanner_tray();
        drop(scanner);
        assert_eq!(offer(&tray, Page(7)), Err(Page(7)));
    }
}
