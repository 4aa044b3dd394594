// known wrong: one compare_exchange without a retry loop drops a higher bid that lost the race to a lower one
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
        // A single attempt: if a lower bid changes the value first, the
        // higher bid gives up and is lost.
        let current = self.highest.load(Ordering::Relaxed);
        amount > current
            && self.highest.compare_exchange(current, amount, Ordering::Relaxed, Ordering::Relaxed).is_ok()
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

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use std_or_loom::{sync::Arc, thread};

    /// A bidder on a thread of its own, placing `amounts` one after the other; joining it says which bids
    /// became the highest when they were placed.
    fn bidder<const N: usize>(auction: &Arc<Auction>, amounts: [usize; N]) -> thread::JoinHandle<[bool; N]> {
        let auction = Arc::clone(auction);
        thread::spawn(move || amounts.map(|amount| auction.bid(amount)))
    }

    #[test]
    fn a_lower_bid_never_overwrites_a_higher_one() {
        std_or_loom::model(|| {
            let auction = Arc::new(Auction::new());
            // The bid of 9 may lose the race to lower bids several times in a
            // row, and must still end up on top.
            let nine = bidder(&auction, [9]);
            let others = bidder(&auction, [5, 7]);
            auction.bid(3);
            others.join().unwrap();
            let nine_won = nine.join().unwrap()[0];
            assert_eq!(auction.highest(), 9, "the bid of 9 was lost");
            assert!(nine_won, "the bid of 9 should always become the highest");
        });
    }

    #[test]
    fn the_highest_bid_never_goes_down() {
        std_or_loom::model(|| {
            let auction = Arc::new(Auction::new());
            let low = bidder(&auction, [4]);
            let high = bidder(&auction, [6]);
            // The auction's web page, refreshed twice while the bids come in.
            let before = auction.highest();
            let after = auction.highest();
            assert!(after >= before, "the highest bid went down from {before} to {after}");
            low.join().unwrap();
            assert!(high.join().unwrap()[0], "the bid of 6 should always become the highest");
            assert_eq!(auction.highest(), 6, "the bid of 6 was lost");
        });
    }
}
