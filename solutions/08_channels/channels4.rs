// channels4: the scanner's paper tray (solution)
//
// On a bounded channel, `send` blocks while the buffer is full, which is
// exactly what you want for a producer that should be slowed down (back-
// pressure), and exactly what you do not want in a function that promises to
// return at once. Here nobody was receiving, so `send` blocked forever.
//
// `try_send` never waits. It returns:
//   Ok(())                                 the page is in the tray,
//   Err(TrySendError::Full(page))          no free slot right now,
//   Err(TrySendError::Disconnected(page))  the receiver is gone.
// Both errors give the page back, so nothing is lost and the caller can
// retry later, or put the page somewhere else.
//
// Making the tray bigger would only hide the problem: any fixed size can be
// filled, and then a blocking `send` waits again. Sleeping and retrying is
// waiting too, just for a guessed time.

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
        // Both kinds of failure give the page back to the caller.
        Err(TrySendError::Full(page)) | Err(TrySendError::Disconnected(page)) => Err(page),
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
