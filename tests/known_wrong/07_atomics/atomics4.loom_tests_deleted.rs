// known wrong: load, compare, store with the loom models deleted: the pack's models are graded anyway
// atomics4: the highest bid at an online auction
//
// Bids arrive on many threads at once. `bid` must keep the highest amount seen
// so far and return true when this bid became the new highest.
//
// As written, `bid` reads the current highest, compares, and then stores: a
// lower bid that read an old value can overwrite a higher bid that landed in
// between. The loom tests find such a run.
//
// Your job: rewrite `bid` as a compare-and-swap loop with `compare_exchange`,
// so a bid only replaces the exact value it was compared against, and retries
// (however often it takes) when another bid got in first. The highest bid
// must never go down, not even for a moment. (std also has `fetch_max`, which
// does this in one call: write the loop yourself first, then compare.)
// The `Auction` struct stays as it is. Do not change the tests.

use std_or_loom::sync::atomic::{AtomicUsize, Ordering};

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
        // Stronger orderings do not make load-compare-store one step: a
        // higher bid can still land between the load and the store.
        let current = self.highest.load(Ordering::SeqCst);
        if amount > current {
            self.highest.store(amount, Ordering::SeqCst);
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
    use std::thread;

    #[test]
    fn only_a_higher_bid_wins() {
        let auction = Auction::new();
        assert!(auction.bid(7), "the first bid is the highest");
        assert!(!auction.bid(3), "a lower bid must not win");
        assert!(auction.bid(8), "a higher bid wins");
        assert_eq!(auction.highest(), 8);
    }

    #[test]
    fn the_top_bid_survives_a_bidding_war() {
        let auction = Auction::new();
        thread::scope(|s| {
            for t in 0..4 {
                let auction = &auction;
                s.spawn(move || (0..5000).for_each(|i| _ = auction.bid(i * 4 + t)));
            }
        });
        assert_eq!(auction.highest(), 4999 * 4 + 3);
        assert!(!auction.bid(10), "a low bid must not win");
    }
}

