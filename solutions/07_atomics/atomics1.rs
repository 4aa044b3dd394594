// atomics1: the deli counter (solution)
//
// The bug was a classic lost update: `load` and `store` are each atomic on
// their own, but the pair is not. Two threads could both load 0, both store
// 1, and both hand out ticket 0.
//
// `fetch_add` performs the read, the +1 and the write as a single atomic
// read-modify-write. The hardware guarantees that no other thread's update can
// land between the read and the write, so every call sees a different old
// value: that old value is exactly the ticket number we want to return.
//
// `Ordering::Relaxed` is enough here. Uniqueness only depends on the
// atomicity of the read-modify-write, which every ordering provides; we are
// not using the counter to publish any other data to another thread, so we
// need no happens-before edges.

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
        // Returns the value from *before* the addition, i.e. our ticket.
        self.next.fetch_add(1, Ordering::Relaxed)
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
