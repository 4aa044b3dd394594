// known wrong: a single compare_exchange with no retry loop turns a car away from a free space when it loses the race
#[cfg(loom)]
use loom::sync::atomic::{AtomicUsize, Ordering};
#[cfg(not(loom))]
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct Garage {
    capacity: usize,
    parked: AtomicUsize,
}

impl Garage {
    pub fn new(capacity: usize) -> Self {
        Garage { capacity, parked: AtomicUsize::new(0) }
    }

    /// Takes a space and returns true, or returns false if the garage is full.
    pub fn try_park(&self) -> bool {
        // One attempt only: if another car changes the count first, this car
        // gives up even though there may still be room.
        let current = self.parked.load(Ordering::Relaxed);
        current < self.capacity
            && self
                .parked
                .compare_exchange(current, current + 1, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
    }

    pub fn parked(&self) -> usize {
        self.parked.load(Ordering::Relaxed)
    }
}

fn main() {}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::{sync::Arc, thread};

    #[test]
    fn a_busy_morning_fills_exactly_the_capacity() {
        let garage = Arc::new(Garage::new(50));
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let g = Arc::clone(&garage);
                thread::spawn(move || (0..40).filter(|_| g.try_park()).count())
            })
            .collect();
        let admitted: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
        assert_eq!(admitted, 50, "exactly 50 cars should get in");
        assert_eq!(garage.parked(), 50);
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use loom::{sync::Arc, thread};

    /// Two cars race for the spaces; returns (cars admitted, final count).
    fn race(capacity: usize) -> (usize, usize) {
        let garage = Arc::new(Garage::new(capacity));
        let g = Arc::clone(&garage);
        let other = thread::spawn(move || g.try_park());
        let mine = garage.try_park();
        let theirs = other.join().unwrap();
        (usize::from(mine) + usize::from(theirs), garage.parked())
    }

    #[test]
    fn last_space_goes_to_exactly_one_car() {
        loom::model(|| assert_eq!(race(1), (1, 1), "two cars took the last space"));
    }

    #[test]
    fn a_free_space_is_never_refused() {
        loom::model(|| assert_eq!(race(2), (2, 2), "a car was turned away from a free space"));
    }
}
