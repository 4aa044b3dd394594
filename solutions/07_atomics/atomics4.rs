// atomics4: the highest bid at an online auction (solution)
//
// Load, compare, store is three steps; a bid of 5 could read 0, then a bid of
// 9 is stored, then the 5 is stored on top of it. The higher bid is lost.
//
// In the compare-and-swap loop the comparison and the write are tied
// together: `compare_exchange(current, amount, ..)` only writes if the value
// is still the one we compared against. If another bid got in first, we get
// its value back and compare again. A lower bid can therefore never overwrite
// a higher one, and a higher bid keeps retrying until it is stored or beaten:
// a loop that gave up after a few failed attempts would lose the 9 to a
// stream of lower bids (the loom model lets three of them get in first).
//
// The loop stops as soon as the highest value is >= our amount, so no
// unnecessary writes happen when our bid has already lost, and the value only
// ever goes up: "swap in my bid, and put the old one back if it was higher"
// would show a lower highest bid for a moment.
//
// `Relaxed` suffices: the value itself is all we care about, it does not
// publish any other memory. `fetch_max` is the std shortcut for this loop:
//     self.highest.fetch_max(amount, Ordering::Relaxed) < amount

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
        let mut current = self.highest.load(Ordering::Relaxed);
        while amount > current {
            // Replace `current` with our bid only if nobody changed it since
            // we compared. A plain `store` could not promise that.
            match self.highest.compare_exchange(current, amount, Ordering::Relaxed, Ordering::Relaxed) {
                Ok(_) => return true,
                // Another bid landed first. Compare against it instead: if it
                // is higher than ours (or equal), the loop ends and we lost.
                Err(newer) => current = newer,
            }
        }
        false
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
