// known wrong: joins each thread right after spawning it, so the aisles are counted one after another: the first counter waits for the others forever
// threads1: starting threads and waiting for them
//
// A small warehouse does its stocktake in parallel: one person (thread) per aisle
// counts the boxes on that aisle and adds them to a shared tally, and `stocktake`
// then reads the total. How an aisle is counted is passed in as `count_aisle`
// (the tests bring their own counters).
//
// The total is wrong: `stocktake` reads the tally straight after starting the
// threads and never waits for them, so some counting may not have happened yet.
// Sometimes the threads happen to be quick enough; the tutor's loom check tries
// every order in which the threads can run, so "usually quick enough" is not
// enough, and neither is a sleep (the tutor refuses `thread::sleep` here).
//
// Your task: keep what `thread::spawn` gives back for every aisle and use it to
// wait until all the aisles have been counted, BEFORE the tally is read. The
// aisles must still be counted at the same time: the tests' counters only finish
// once every aisle's counter has started, so waiting for each thread right after
// starting it (one aisle after another) never finishes.
// Do not change the signature of `stocktake` or the tests.
//
// (`Arc` lets every thread hold the same tally; chapter 6 explains it. The `move`
// in front of the closure is the subject of the next exercise.)

use std_or_loom::sync::Arc;
use std_or_loom::sync::atomic::{AtomicU32, Ordering};
use std_or_loom::thread;

/// Counts aisles 1 to `aisles`, one thread per aisle, and returns the number of boxes.
pub fn stocktake<F>(aisles: u32, count_aisle: F) -> u32
where
    F: Fn(u32) -> u32 + Send + Sync + 'static,
{
    let count_aisle = Arc::new(count_aisle);
    let tally = Arc::new(AtomicU32::new(0));
    for aisle in 1..=aisles {
        let tally = Arc::clone(&tally);
        let count_aisle = Arc::clone(&count_aisle);
        let counter = thread::spawn(move || {
            tally.fetch_add(count_aisle(aisle), Ordering::Relaxed);
        });
        counter.join().unwrap();
    }

    // TODO: wait here until every aisle has been counted.

    tally.load(Ordering::Relaxed)
}

fn main() {
    println!("stocktake total: {}", stocktake(4, |aisle| aisle * 10));
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::sync::{Arc, Condvar, Mutex};
    use std::time::Duration;

    /// Counters that finish only when `expected` of them have started: the aisles must be counted at the same
    /// time. A counter waits at most 5 s (an upper bound, far above what starting a few threads takes), and once
    /// one has given up the others do not wait at all, so a wrong answer fails quickly with a clear message.
    struct MeetUp {
        state: Mutex<(usize, bool)>, // (counters started, someone gave up)
        changed: Condvar,
        expected: usize,
    }

    impl MeetUp {
        fn new(expected: usize) -> Arc<MeetUp> {
            Arc::new(MeetUp { state: Mutex::new((0, false)), changed: Condvar::new(), expected })
        }

        fn arrive(&self) {
            let mut state = self.state.lock().unwrap();
            state.0 += 1;
            self.changed.notify_all();
            let (mut state, waited) = self
                .changed
                .wait_timeout_while(state, Duration::from_secs(5), |s| s.0 < self.expected && !s.1)
                .unwrap();
            if waited.timed_out() {
                state.1 = true;
                self.changed.notify_all();
            }
        }

        fn someone_gave_up(&self) -> bool {
            self.state.lock().unwrap().1
        }
    }

    fn counted_together(aisles: u32) -> (u32, bool) {
        let meet_up = MeetUp::new(aisles as usize);
        let counters = Arc::clone(&meet_up);
        let total = stocktake(aisles, move |aisle| {
            counters.arrive();
            aisle * 10
        });
        (total, meet_up.someone_gave_up())
    }

    #[test]
    fn four_aisles_hold_100_boxes() {
        let (total, gave_up) = counted_together(4);
        assert!(!gave_up, "an aisle's counter waited 5 s for the others: the aisles were not counted at the same time");
        assert_eq!(total, 100, "the tally was read before the counting threads had finished");
    }

    #[test]
    fn a_bigger_warehouse() {
        let (total, gave_up) = counted_together(12);
        assert!(!gave_up, "an aisle's counter waited 5 s for the others: the aisles were not counted at the same time");
        assert_eq!(total, 780, "the tally was read before the counting threads had finished");
        assert_eq!(stocktake(0, |_| unreachable!("there are no aisles")), 0);
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use std_or_loom::sync::{Arc, Barrier};

    #[test]
    fn the_tally_is_complete_whatever_the_order() {
        std_or_loom::model(|| {
            // Both counters must have started before either can finish.
            let barrier = Arc::new(Barrier::new(2));
            let total = stocktake(2, move |aisle| {
                barrier.wait();
                aisle * 10
            });
            assert_eq!(total, 30, "the tally was read before the counting threads had finished");
        });
    }
}
