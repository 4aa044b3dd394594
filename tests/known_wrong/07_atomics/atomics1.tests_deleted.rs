// known wrong: load then store with the tests deleted: the pack's tests and loom models are graded anyway
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
        // "Stronger ordering will fix it": it does not. SeqCst orders the two
        // operations, but another thread can still run between them.
        let ticket = self.next.load(Ordering::SeqCst);
        self.next.store(ticket + 1, Ordering::SeqCst);
        ticket
    }

    /// How many tickets have been handed out so far.
    pub fn issued(&self) -> usize {
        self.next.load(Ordering::Relaxed)
    }
}

fn main() {}


