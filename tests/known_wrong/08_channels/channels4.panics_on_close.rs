// known wrong: hands the page back when the tray is full but panics when the scanner is switched off
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
// `Err(page)`. As shipped it uses the blocking `send`, so offering a page to
// a full tray waits forever; under loom, the tutor sees that nothing can ever
// wake it and reports a deadlock.
//
// Your job: fix `offer`. Keep `TRAY_SLOTS`, `scanner_tray`, the signature of
// `offer` and the tests as they are.

use std_or_loom::sync::mpsc::{self, Receiver, SyncSender, TrySendError};

pub const TRAY_SLOTS: usize = 2;

#[derive(Debug, PartialEq)]
pub struct Page(pub u32);

pub fn scanner_tray() -> (SyncSender<Page>, Receiver<Page>) {
    mpsc::sync_channel(TRAY_SLOTS)
}

/// Puts `page` in the tray without waiting, or gives it back.
pub fn offer(tray: &SyncSender<Page>, page: Page) -> Result<(), Page> {
    match tray.try_send(page) {
        Ok(()) => Ok(()),
        Err(TrySendError::Full(page)) => Err(page),
        Err(TrySendError::Disconnected(_)) => panic!("the scanner is off"),
    }
}

fn main() {}

/// Offers pages 1, 2, 3, ... `count` while the scanner may be taking them;
/// checks that each one was either accepted or handed back, never lost.
/// Returns the numbers of the accepted pages and of the pages handed back.
#[cfg(test)]
fn offer_all(tray: &SyncSender<Page>, count: u32) -> (Vec<u32>, Vec<u32>) {
    let (mut accepted, mut handed_back) = (Vec::new(), Vec::new());
    for n in 1..=count {
        match offer(tray, Page(n)) {
            Ok(()) => accepted.push(n),
            Err(page) => {
                assert_eq!(page, Page(n), "`offer` handed back another page");
                handed_back.push(n);
            }
        }
    }
    (accepted, handed_back)
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use mpsc::TrySendError;

    #[test]
    fn a_full_tray_hands_the_page_back() {
        let (tray, scanner) = scanner_tray();
        assert_eq!(offer(&tray, Page(1)), Ok(()));
        assert_eq!(offer(&tray, Page(2)), Ok(()));
        assert_eq!(offer(&tray, Page(3)), Err(Page(3)), "the tray holds only 2 pages");
        assert_eq!(scanner.recv().unwrap(), Page(1));
        assert_eq!(offer(&tray, Page(3)), Ok(()), "a slot was freed");
        assert_eq!(scanner.recv().unwrap(), Page(2));
        assert_eq!(scanner.recv().unwrap(), Page(3));
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

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use std_or_loom::thread;

    #[test]
    fn offering_to_a_full_tray_never_waits() {
        std_or_loom::model(|| {
            // Nobody takes pages from this tray.
            let (tray, _scanner) = scanner_tray();
            assert_eq!(offer_all(&tray, 3), (vec![1, 2], vec![3]), "the tray holds 2 pages");
        });
    }

    #[test]
    fn pages_are_scanned_or_handed_back_while_the_scanner_works() {
        std_or_loom::model(|| {
            let (tray, scanner) = scanner_tray();
            // The scanner takes one page, then is switched off.
            let scanner = thread::spawn(move || scanner.recv().unwrap());
            let (accepted, handed_back) = offer_all(&tray, 3);
            assert_eq!(scanner.join().unwrap(), Page(1));
            assert_eq!(accepted.first(), Some(&1), "an empty tray takes the first page");
            assert_eq!(accepted.len() + handed_back.len(), 3);
            assert_eq!(offer(&tray, Page(4)), Err(Page(4)), "the scanner is switched off");
        });
    }
}
