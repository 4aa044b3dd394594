// shared2: a lock must cover the whole read-modify-write
//
// A concert booth sells numbered seats from several ticket windows (threads) at once.
// `sell` reads the next free seat, checks it against the capacity, and stores the next
// number back. The number sits inside a `Mutex`, and yet the same seat gets sold twice.
//
// Look at how long each lock is held: a guard that is not stored in a variable is
// dropped at the end of its statement. Between the read and the write another window
// can read the same number; both sell it, and one update is lost.
//
// Your task: make `sell` one indivisible step. Do not change the tests. The tutor also
// runs `loom_tests` under loom, which tries EVERY interleaving of the two windows, so
// "usually works" is not enough.

#[cfg(loom)]
use loom::sync::Mutex;
#[cfg(not(loom))]
use std::sync::Mutex;

struct Booth {
    next_seat: Mutex<u32>,
    capacity: u32,
}

impl Booth {
    fn new(capacity: u32) -> Booth {
        Booth { next_seat: Mutex::new(1), capacity }
    }

    /// Sells one seat: `Some(seat number)`, or `None` once the hall is full.
    fn sell(&self) -> Option<u32> {
        let seat = *self.next_seat.lock().unwrap();
        if seat > self.capacity {
            return None;
        }
        *self.next_seat.lock().unwrap() = seat + 1;
        Some(seat)
    }
}

fn main() {}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn every_seat_sold_exactly_once() {
        let booth = Booth::new(400);
        let mut sold: Vec<u32> = std::thread::scope(|s| {
            let windows: Vec<_> =
                (0..4).map(|_| s.spawn(|| (0..150).filter_map(|_| booth.sell()).collect::<Vec<_>>())).collect();
            windows.into_iter().flat_map(|w| w.join().unwrap()).collect()
        });
        sold.sort();
        assert_eq!(sold, (1..=400).collect::<Vec<u32>>(), "a seat was sold twice or skipped");
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use loom::{sync::Arc, thread};

    /// Two windows sell one seat each, at the same time.
    fn two_sales(capacity: u32) -> (Option<u32>, Option<u32>) {
        let booth = Arc::new(Booth::new(capacity));
        let other = Arc::clone(&booth);
        let window = thread::spawn(move || other.sell());
        (booth.sell(), window.join().unwrap())
    }

    #[test]
    fn no_seat_is_sold_twice() {
        loom::model(|| {
            let (a, b) = two_sales(2);
            assert!(a.is_some() && b.is_some() && a != b, "two buyers got {a:?} and {b:?}");
        });
    }

    #[test]
    fn the_last_seat_is_sold_once() {
        loom::model(|| {
            let (a, b) = two_sales(1);
            assert!(a.is_some() != b.is_some(), "one seat, but the windows sold {a:?} and {b:?}");
        });
    }
}
