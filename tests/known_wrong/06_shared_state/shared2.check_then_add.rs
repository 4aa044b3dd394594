// known wrong: the capacity check and the increment are under two different locks, so two windows can both pass the check for the last seat and oversell
// shared2, variant `check_then_add`: the increment itself is done under one guard (so
// seat numbers are distinct), but the "is the hall full?" check is made earlier, under
// a lock that has already been released.

use std_or_loom::sync::Mutex;

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
        if *self.next_seat.lock().unwrap() > self.capacity {
            return None;
        }
        let mut next = self.next_seat.lock().unwrap();
        let seat = *next;
        *next += 1;
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
