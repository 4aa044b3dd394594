// known right: `fetch_update` retries the check and the increment until it applies to the current number (SeqCst, stronger than needed)
// shared2: a lock must cover the whole read-modify-write
//
// A concert booth sells numbered seats from several ticket windows (threads) at once.
// `sell` reads the next free seat number, checks it against the capacity, and stores
// the following number back.
//
// SOLVED. A `Mutex` protects the data only while a guard exists. The original code
// took two separate locks, each one a temporary guard dropped at the end of its
// statement, so the lock was free again between the read and the write. Two windows
// could both read seat 7, both write 8, and both sell seat 7: one update was lost.
//
// Now ONE guard lives from the read to the write. While `next` exists, no other window
// can lock the mutex, so "read, check, write" happens as one indivisible step, and
// every seat number is handed out exactly once. The guard is released when `next` goes
// out of scope at the end of `sell` (or at the early `return`).
// (Replacing the mutex by an atomic `load` followed by a `store` would have the very
// same gap; loom finds it at once.)

use std_or_loom::sync::atomic::{AtomicU32, Ordering};

struct Booth {
    next_seat: AtomicU32,
    capacity: u32,
}

impl Booth {
    fn new(capacity: u32) -> Booth {
        Booth { next_seat: AtomicU32::new(1), capacity }
    }

    /// Sells one seat: `Some(seat number)`, or `None` once the hall is full.
    fn sell(&self) -> Option<u32> {
        self.next_seat
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |seat| (seat <= self.capacity).then_some(seat + 1))
            .ok()
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
        assert_eq!(booth.sell(), None, "the hall is full");
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use std_or_loom::{sync::Arc, thread};

    /// Two windows each try to sell `tries` seats, at the same time. Returns what each window sold, in order, and
    /// the booth.
    fn two_windows(capacity: u32, tries: usize) -> (Vec<Option<u32>>, Vec<Option<u32>>, Arc<Booth>) {
        let booth = Arc::new(Booth::new(capacity));
        let other = Arc::clone(&booth);
        let window = thread::spawn(move || (0..tries).map(|_| other.sell()).collect::<Vec<_>>());
        let here: Vec<_> = (0..tries).map(|_| booth.sell()).collect();
        let there = window.join().unwrap();
        (here, there, booth)
    }

    fn check_full(booth: &Booth) {
        assert_eq!(booth.sell(), None, "after the windows are done the hall should be full");
    }

    /// What one window sold makes sense on its own: increasing seat numbers, and once it was told the hall is
    /// full, it is never sold a seat again.
    fn check_window(sales: &[Option<u32>]) {
        for pair in sales.windows(2) {
            match (pair[0], pair[1]) {
                (Some(a), Some(b)) => assert!(a < b, "one window sold seat {a} and then seat {b}"),
                (None, Some(b)) => panic!("a window was told the hall is full, then sold seat {b}"),
                _ => {}
            }
        }
    }

    #[test]
    fn no_seat_is_sold_twice() {
        std_or_loom::model(|| {
            let (here, there, booth) = two_windows(2, 1);
            let (a, b) = (here[0], there[0]);
            assert!(a.is_some() && b.is_some() && a != b, "two buyers got {a:?} and {b:?}");
            check_full(&booth);
        });
    }

    #[test]
    fn the_last_seat_is_sold_once() {
        std_or_loom::model(|| {
            let (here, there, booth) = two_windows(1, 1);
            let (a, b) = (here[0], there[0]);
            assert!(a.is_some() != b.is_some(), "one seat, but the windows sold {a:?} and {b:?}");
            check_full(&booth);
        });
    }

    #[test]
    fn two_sales_each_three_seats() {
        std_or_loom::model(|| {
            let (here, there, booth) = two_windows(3, 2);
            check_window(&here);
            check_window(&there);
            let mut sold: Vec<u32> = here.iter().chain(&there).flatten().copied().collect();
            sold.sort();
            assert_eq!(sold, [1, 2, 3], "three seats, four buyers: windows {here:?} and {there:?}");
            check_full(&booth);
        });
    }
}
