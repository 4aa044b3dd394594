// threads1: starting threads and waiting for them
//
// A small warehouse does its stocktake in parallel: one thread per aisle counts the
// boxes on that aisle and adds them to a shared tally. `stocktake` then reads the total.
//
// SOLVED. `thread::spawn` returns a `JoinHandle`: a ticket for the thread it started.
// Calling `.join()` on it blocks the calling thread until that thread has finished, and
// everything the finished thread did (its `fetch_add`) is visible to the joiner after.
// Joining every handle before reading the tally makes the total complete in every
// possible schedule, which is exactly what loom checks. A sleep only makes the wrong
// schedules rarer; loom still finds them.

#[cfg(loom)]
use loom::{
    sync::Arc,
    sync::atomic::{AtomicU32, Ordering},
    thread,
};
#[cfg(not(loom))]
use std::{
    sync::Arc,
    sync::atomic::{AtomicU32, Ordering},
    thread,
};

fn count_aisle(aisle: u32, tally: &AtomicU32) {
    let boxes = aisle * 10;
    tally.fetch_add(boxes, Ordering::Relaxed);
}

/// Counts aisles 1 to `aisles`, one thread per aisle, and returns the number of boxes.
pub fn stocktake(aisles: u32) -> u32 {
    let tally = Arc::new(AtomicU32::new(0));
    // Start ALL the threads first and only then wait: joining inside the loop would wait
    // for aisle 1 before even starting aisle 2, and the stocktake would not be parallel.
    let mut counters = Vec::new();
    for aisle in 1..=aisles {
        let tally = Arc::clone(&tally);
        counters.push(thread::spawn(move || count_aisle(aisle, &tally)));
    }
    for counter in counters {
        // `join` returns Err if the thread panicked; here that would be a bug, so `unwrap`.
        counter.join().unwrap();
    }
    tally.load(Ordering::Relaxed)
}

fn main() {
    println!("stocktake total: {}", stocktake(4));
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn four_aisles_hold_100_boxes() {
        assert_eq!(stocktake(4), 100, "the tally was read before the counting threads had finished");
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;

    #[test]
    fn the_tally_is_complete_whatever_the_order() {
        loom::model(|| {
            assert_eq!(stocktake(2), 30, "the tally was read before the counting threads had finished");
        });
    }
}
