// atomics1: the deli counter
//
// Customers at a deli pull a numbered ticket from a dispenser. Several
// customers (threads) may pull at the same moment, and no two of them may ever
// get the same number: the tickets handed out are 0, 1, 2, ... with no gaps.
//
// `take` below reads the counter and then writes it back in two separate
// steps. Another thread can slip in between those steps, so two customers can
// walk away with the same ticket and one increment is lost. The loom tests
// find that interleaving every time.
//
// Your job: rewrite `take` so that reading and bumping the counter happen as
// ONE indivisible operation on `next`. The ordering can stay `Relaxed`: all
// the changes to one atomic line up in a single order that every thread
// agrees on, and a counter needs nothing more (it publishes no other data).
// The `Dispenser` struct stays as it is (the counter is an atomic, no lock).
// Do not change the tests.

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
