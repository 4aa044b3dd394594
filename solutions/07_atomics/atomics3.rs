// atomics3: a parking garage that must never be overbooked (solution)
//
// "Check, then act" on shared state is only correct if nothing can happen
// between the check and the act. With a plain load followed by fetch_add, two
// threads can both pass the check before either increments.
//
// `compare_exchange(expected, new, ..)` stores `new` only if the value is still
// `expected`, and it does so atomically. So our decision ("there is room, take
// a space") is committed only if it was made on up-to-date information. When
// the swap fails we are handed the value that beat us and we decide again;
// each failure means another car parked, so the loop cannot spin forever
// without somebody parking, and it must not give up either: however many cars
// beat us, a free space is a free space. (The second loom model lets a car lose
// the race several times in a row, so a loop that stops after a few attempts
// fails it.)
//
// The count never goes above the capacity, not even for a moment, because it
// only ever changes by a successful exchange that we decided on. "fetch_add
// first, fetch_sub if we overshot" would admit the right cars but show a
// garage with more cars than spaces in between.
//
// `Relaxed` is fine because the count guards no other data, and every
// exchange on `parked` reads the latest value in its modification order. The
// same loop is what `AtomicUsize::fetch_update` writes for you:
//     self.parked.fetch_update(Relaxed, Relaxed, |n| (n < self.capacity).then_some(n + 1)).is_ok()

use std_or_loom::sync::atomic::{AtomicUsize, Ordering};

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
        let mut current = self.parked.load(Ordering::Relaxed);
        loop {
            if current >= self.capacity {
                return false;
            }
            // Succeeds only if the count is STILL `current`, i.e. nobody
            // parked since we looked. Then `current + 1` is stored.
            match self.parked.compare_exchange(current, current + 1, Ordering::Relaxed, Ordering::Relaxed) {
                Ok(_) => return true,
                // Someone got there first: re-check with the value they left.
                Err(actual) => current = actual,
            }
        }
    }

    pub fn parked(&self) -> usize {
        self.parked.load(Ordering::Relaxed)
    }
}

fn main() {}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::thread;

    #[test]
    fn cars_park_until_the_garage_is_full() {
        let garage = Garage::new(2);
        assert_eq!([garage.try_park(), garage.try_park(), garage.try_park()], [true, true, false]);
        assert_eq!(garage.parked(), 2);
        assert!(!Garage::new(0).try_park(), "a garage without spaces takes no car");
    }

    #[test]
    fn a_busy_morning_fills_exactly_the_capacity() {
        let garage = Garage::new(50);
        let admitted: usize = thread::scope(|s| {
            let handles: Vec<_> = (0..8).map(|_| s.spawn(|| (0..40).filter(|_| garage.try_park()).count())).collect();
            handles.into_iter().map(|h| h.join().unwrap()).sum()
        });
        assert_eq!(admitted, 50, "exactly 50 cars should get in");
        assert_eq!(garage.parked(), 50);
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use std_or_loom::{sync::Arc, thread};

    /// A valet on a thread of its own, parking `cars` cars one after the other; joining it says how many got in.
    fn valet(garage: &Arc<Garage>, cars: usize) -> thread::JoinHandle<usize> {
        let garage = Arc::clone(garage);
        thread::spawn(move || (0..cars).filter(|_| garage.try_park()).count())
    }

    #[test]
    fn the_last_space_goes_to_exactly_one_car() {
        std_or_loom::model(|| {
            let garage = Arc::new(Garage::new(1));
            let valets = [valet(&garage, 1), valet(&garage, 1)];
            // The display at the entrance, looking while the cars arrive.
            let shown = garage.parked();
            assert!(shown <= 1, "the display showed {shown} cars in a garage with 1 space");
            let admitted: usize = valets.map(|v| v.join().unwrap()).iter().sum();
            assert!(admitted <= 1, "two cars took the last space");
            assert_eq!(admitted, 1, "a car was turned away from a free space");
            assert_eq!(garage.parked(), 1, "the count does not match the cars inside");
        });
    }

    #[test]
    fn every_free_space_is_taken_however_busy_it_gets() {
        std_or_loom::model(|| {
            // Four spaces, four cars: one car may lose the race for a space
            // several times in a row, and must still get in.
            let garage = Arc::new(Garage::new(4));
            let valets = [valet(&garage, 2), valet(&garage, 1)];
            let mine = garage.try_park();
            let admitted: usize = valets.map(|v| v.join().unwrap()).iter().sum();
            assert!(mine && admitted == 3, "a car was turned away from a free space");
            assert_eq!(garage.parked(), 4, "the count does not match the cars inside");
        });
    }
}
