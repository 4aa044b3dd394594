// known right: SeqCst atomics and joining the handles in reverse with `pop`: stronger than needed, still waits for every thread
// threads1: starting threads and waiting for them (solution)
//
// `thread::spawn` returns a `JoinHandle`: a ticket for the thread it started.
// Calling `.join()` on it blocks the calling thread until that thread has finished,
// and everything the finished thread did (its `fetch_add`) is visible to the joiner
// afterwards. Joining every handle before reading the tally makes the total complete
// in every possible schedule, which is what loom checks. A sleep only makes the
// wrong schedules rarer.
//
// Start ALL the threads first and only then wait: joining inside the loop would
// wait for aisle 1 before even starting aisle 2, and the aisles would be counted one
// after another (the tests' counters notice that: each waits for all the others).

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
    let mut counters = Vec::new();
    for aisle in 1..=aisles {
        let tally = Arc::clone(&tally);
        let count_aisle = Arc::clone(&count_aisle);
        counters.push(thread::spawn(move || {
            tally.fetch_add(count_aisle(aisle), Ordering::SeqCst);
        }));
    }
    while let Some(counter) = counters.pop() {
        counter.join().unwrap();
    }
    tally.load(Ordering::SeqCst)
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
