// known wrong: the capacity check and the increment are under two different locks, so two windows can both pass the check for the last seat and oversell
// shared2, variant `check_then_add`: the increment itself is done under one guard (so
// seat numbers are distinct), but the "is the hall full?" check is made earlier, under
// a lock that has already been released.

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
