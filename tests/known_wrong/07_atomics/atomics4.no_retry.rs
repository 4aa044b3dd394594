// known wrong: one compare_exchange without a retry loop drops a higher bid that lost the race to a lower one
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
        // A single attempt: if a lower bid changes the value first, the
        // higher bid gives up and is lost.
        let current = self.highest.load(Ordering::Relaxed);
        amount > current
            && self
                .highest
                .compare_exchange(current, amount, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
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
