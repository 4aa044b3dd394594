// atomics1: the deli counter (solution)
//
// The bug was a classic lost update: `load` and `store` are each atomic on
// their own, but the pair is not. Two threads could both load 0, both store
// 1, and both hand out ticket 0.
//
// `fetch_add` performs the read, the +1 and the write as a single atomic
// read-modify-write: no other thread's update can land between its read and
// its write, so every call sees a different old value, and that old value is
// exactly the ticket number we want to return.
//
// `Ordering::Relaxed` is enough here. Every atomic variable has a single
// modification order, one sequence of all the changes ever made to it, that
// every thread agrees on whatever the orderings; and a read-modify-write always
// reads the value just before its own change in that sequence. So the
// fetch_adds line up one after another and hand out 0, 1, 2, ... even when
// they are Relaxed (and a thread's second ticket comes after its first). What
// Relaxed does not give is any promise about OTHER memory: the counter does not
// publish data to another thread, so no happens-before edges are needed.
// `fetch_update` or a `compare_exchange` loop would also work, with more code.

use std_or_loom::sync::atomic::{AtomicUsize, Ordering};

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
    use std::thread;

    #[test]
    fn tickets_start_at_zero_and_count_up() {
        let dispenser = Dispenser::new();
        assert_eq!([dispenser.take(), dispenser.take(), dispenser.take()], [0, 1, 2]);
        assert_eq!(dispenser.issued(), 3);
    }

    #[test]
    fn eight_customers_never_share_a_ticket() {
        let dispenser = Dispenser::new();
        let mut tickets: Vec<usize> = thread::scope(|s| {
            let handles: Vec<_> =
                (0..8).map(|_| s.spawn(|| (0..2000).map(|_| dispenser.take()).collect::<Vec<usize>>())).collect();
            handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
        });
        tickets.sort_unstable();
        tickets.dedup();
        assert_eq!(tickets.len(), 16_000, "some tickets were handed out twice");
        assert_eq!(dispenser.issued(), 16_000);
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use std_or_loom::{sync::Arc, thread};

    /// Checks a set of tickets: no ticket twice, and no number skipped.
    fn all_different_from_zero(tickets: &mut [usize]) {
        tickets.sort_unstable();
        assert!(tickets.windows(2).all(|w| w[0] != w[1]), "two customers got the same ticket: {tickets:?}");
        assert!(
            tickets.iter().enumerate().all(|(i, &t)| i == t),
            "the tickets should be 0 to {}: {tickets:?}",
            tickets.len() - 1
        );
    }

    #[test]
    fn three_customers_get_different_tickets() {
        std_or_loom::model(|| {
            let dispenser = Arc::new(Dispenser::new());
            let d = Arc::clone(&dispenser);
            let first = thread::spawn(move || [d.take(), d.take()]);
            let d = Arc::clone(&dispenser);
            let second = thread::spawn(move || d.take());
            let mine = dispenser.take();
            let [a, b] = first.join().unwrap();
            assert!(a < b, "a customer's second ticket {b} is not after the first {a}");
            all_different_from_zero(&mut [a, b, second.join().unwrap(), mine]);
            assert_eq!(dispenser.issued(), 4, "an increment was lost");
        });
    }

    #[test]
    fn a_customer_taking_two_tickets_gets_them_in_order() {
        std_or_loom::model(|| {
            let dispenser = Arc::new(Dispenser::new());
            let d = Arc::clone(&dispenser);
            let other = thread::spawn(move || [d.take(), d.take()]);
            let mine = [dispenser.take(), dispenser.take()];
            let theirs = other.join().unwrap();
            for [a, b] in [mine, theirs] {
                assert!(a < b, "a customer's second ticket {b} is not after the first {a}");
            }
            all_different_from_zero(&mut [mine[0], mine[1], theirs[0], theirs[1]]);
            assert_eq!(dispenser.issued(), 4, "an increment was lost");
        });
    }
}
