// known wrong: fetch_add is atomic but the ticket comes from an earlier load, so two customers can get the same number
#[cfg(loom)]
use loom::sync::atomic::{AtomicUsize, Ordering};
#[cfg(not(loom))]
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Default)]
pub struct Dispenser {
    next: AtomicUsize,
}

impl Dispenser {
    pub fn new() -> Self {
        Dispenser { next: AtomicUsize::new(0) }
    }

    /// Hands out the next ticket number: 0, 1, 2, ...
    pub fn take(&self) -> usize {
        // The increment is atomic now, but the returned number comes from an
        // earlier, separate load: two threads can both read 0 before either adds.
        let ticket = self.next.load(Ordering::Relaxed);
        self.next.fetch_add(1, Ordering::Relaxed);
        ticket
    }

    /// How many tickets have been handed out so far.
    pub fn issued(&self) -> usize {
        self.next.load(Ordering::Relaxed)
    }
}

fn main() {}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::{sync::Arc, thread};

    #[test]
    fn eight_customers_never_share_a_ticket() {
        let dispenser = Arc::new(Dispenser::new());
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let d = Arc::clone(&dispenser);
                thread::spawn(move || (0..2000).map(|_| d.take()).collect::<Vec<_>>())
            })
            .collect();
        let mut seen = HashSet::new();
        for h in handles {
            for ticket in h.join().unwrap() {
                assert!(seen.insert(ticket), "ticket {ticket} was handed out twice");
            }
        }
        assert_eq!(dispenser.issued(), 16_000);
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use loom::{sync::Arc, thread};

    #[test]
    fn two_customers_get_different_tickets() {
        loom::model(|| {
            let dispenser = Arc::new(Dispenser::new());
            let d = Arc::clone(&dispenser);
            let other = thread::spawn(move || d.take());
            let mine = dispenser.take();
            let theirs = other.join().unwrap();
            assert_ne!(mine, theirs, "both customers got ticket {mine}");
            assert_eq!(dispenser.issued(), 2, "an increment was lost");
        });
    }
}
