// A compare-exchange tried once: a buyer who loses the race gives up although tickets are left.

use std_or_loom::sync::atomic::{AtomicUsize, Ordering};

pub struct Tickets {
    sold: AtomicUsize,
    capacity: usize,
}

impl Tickets {
    pub fn new(capacity: usize) -> Tickets {
        Tickets { sold: AtomicUsize::new(0), capacity }
    }

    /// Buys one ticket if any is left.
    pub fn try_buy(&self) -> bool {
        let sold = self.sold.load(Ordering::Relaxed);
        if sold >= self.capacity {
            return false;
        }
        self.sold.compare_exchange(sold, sold + 1, Ordering::AcqRel, Ordering::Relaxed).is_ok()
    }
}

fn main() {}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use std_or_loom::{sync::Arc, thread};

    #[test]
    fn both_buyers_get_a_ticket() {
        std_or_loom::model(|| {
            let tickets = Arc::new(Tickets::new(2));
            let other = Arc::clone(&tickets);
            let buyer = thread::spawn(move || other.try_buy());
            let mine = tickets.try_buy();
            let theirs = buyer.join().unwrap();
            assert!(mine && theirs, "two tickets were left, but a buyer was turned away");
        });
    }
}
