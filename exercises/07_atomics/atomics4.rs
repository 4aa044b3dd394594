// atomics4: the highest bid at an online auction
//
// Bids arrive on many threads at once. `bid` must keep the highest amount seen
// so far and return true when this bid became the new highest.
//
// As written, `bid` reads the current highest, compares, and then stores: a
// lower bid that read an old value can overwrite a higher bid that landed in
// between. The loom test finds such a run.
//
// Your job: rewrite `bid` as a compare-and-swap loop with `compare_exchange`,
// so a bid only replaces the exact value it was compared against.
// (std also has `fetch_max`, which runs such a loop for you: write the loop
// yourself first, then compare.) Do not change the tests.

#[cfg(loom)]
use loom::sync::atomic::{AtomicUsize, Ordering};
#[cfg(not(loom))]
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Default)]
pub struct Auction {
    highest: AtomicUsize,
}

impl Auction {
    pub fn new() -> Self {
        Auction { highest: AtomicUsize::new(0) }
    }

    /// Records a bid. Returns true if it is now the highest bid.
    pub fn bid(&self, amount: usize) -> bool {
        let current = self.highest.load(Ordering::Relaxed);
        if amount > current {
            self.highest.store(amount, Ordering::Relaxed);
            true
        } else {
            false
        }
    }

    pub fn highest(&self) -> usize {
        self.highest.load(Ordering::Relaxed)
    }
}

fn main() {}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::{sync::Arc, thread};

    #[test]
    fn the_top_bid_survives_a_bidding_war() {
        let auction = Arc::new(Auction::new());
        let handles: Vec<_> = (0..4)
            .map(|t| {
                let a = Arc::clone(&auction);
                thread::spawn(move || (0..5000).for_each(|i| _ = a.bid(i * 4 + t)))
            })
            .collect();
        handles.into_iter().for_each(|h| h.join().unwrap());
        assert_eq!(auction.highest(), 4999 * 4 + 3);
        assert!(!auction.bid(10), "a low bid must not win");
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use loom::{sync::Arc, thread};

    #[test]
    fn a_lower_bid_never_overwrites_a_higher_one() {
        loom::model(|| {
            let auction = Arc::new(Auction::new());
            let a = Arc::clone(&auction);
            let low = thread::spawn(move || a.bid(5));
            let high_won = auction.bid(9);
            low.join().unwrap();
            assert!(high_won, "the bid of 9 should always become the highest");
            assert_eq!(auction.highest(), 9, "the bid of 9 was lost");
        });
    }
}
