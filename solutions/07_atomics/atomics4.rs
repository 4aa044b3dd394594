// atomics4: the highest bid at an online auction (solution)
//
// Load, compare, store is three steps; a bid of 5 could read 0, then a bid of
// 9 is stored, then the 5 is stored on top of it. The higher bid is lost.
//
// In the compare-and-swap loop the comparison and the write are tied
// together: `compare_exchange(current, amount, ..)` only writes if the value
// is still the one we compared against. If another bid got in first, we get
// its value back and compare again. A lower bid can therefore never overwrite
// a higher one, and a higher bid keeps retrying until it is stored or beaten.
//
// The loop stops as soon as the highest value is >= our amount, so no
// unnecessary writes happen when our bid has already lost.
//
// `Relaxed` suffices: the value itself is all we care about, it does not
// publish any other memory. `fetch_max` is the std shortcut for this loop:
//     self.highest.fetch_max(amount, Ordering::Relaxed) < amount

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
        let mut current = self.highest.load(Ordering::Relaxed);
        while amount > current {
            // Replace `current` with our bid only if nobody changed it since
            // we compared. A plain `store` could not promise that.
            match self.highest.compare_exchange(current, amount, Ordering::Relaxed, Ordering::Relaxed) {
                Ok(_) => return true,
                // Another bid landed first. Compare against it instead: if it
                // is higher than ours, the loop ends and we lost.
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
