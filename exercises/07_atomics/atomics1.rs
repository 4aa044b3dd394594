// atomics1: the deli counter
//
// Customers at a deli pull a numbered ticket from a dispenser. Several
// customers (threads) may pull at the same moment, and no two of them may ever
// get the same number.
//
// `take` below reads the counter and then writes it back in two separate
// steps. Another thread can slip in between those steps, so two customers can
// walk away with the same ticket and one increment is lost. The loom test
// finds that interleaving every time.
//
// Your job: rewrite `take` so that reading and bumping the counter happen as
// ONE indivisible operation. Do not change the tests.

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
        let ticket = self.next.load(Ordering::Relaxed);
        self.next.store(ticket + 1, Ordering::Relaxed);
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
