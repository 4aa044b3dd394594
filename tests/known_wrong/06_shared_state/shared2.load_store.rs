// known wrong: an atomic `load` followed by a separate `store` has the same gap as two separate locks; two windows can read the same seat number
// shared2, variant `load_store`: the learner swapped the Mutex for an atomic but kept
// "read, then write" as two steps. Each step is atomic; the pair is not.

#[cfg(loom)]
use loom::sync::atomic::{AtomicU32, Ordering};
#[cfg(not(loom))]
use std::sync::atomic::{AtomicU32, Ordering};

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
        let seat = self.next_seat.load(Ordering::Acquire);
        if seat > self.capacity {
            return None;
        }
        self.next_seat.store(seat + 1, Ordering::Release);
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
