// threads1: starting threads and waiting for them
//
// A small warehouse does its stocktake in parallel: one thread per aisle counts the
// boxes on that aisle and adds them to a shared tally. `stocktake` then reads the total.
//
// The total is wrong: `stocktake` reads the tally straight after starting the threads
// and never waits for them, so some counting may not have happened yet. Sometimes the
// threads happen to be quick enough; the tutor's loom check tries every order in which
// the threads can run, so "usually quick enough" is not enough, and neither is a sleep.
//
// Your task: keep what `thread::spawn` gives back for every aisle and use it to wait
// for all the aisles to be counted BEFORE the tally is read.
// Do not change `count_aisle` or the tests.
//
// (`Arc` lets every thread hold the same tally; chapter 6 explains it. The `move` in
// front of the closure is the subject of the next exercise.)

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
    for aisle in 1..=aisles {
        let tally = Arc::clone(&tally);
        thread::spawn(move || count_aisle(aisle, &tally));
    }

    // TODO: wait here until every aisle has been counted.

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
