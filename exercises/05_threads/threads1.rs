// threads1: starting threads and waiting for them
//
// A small warehouse does its stocktake in parallel: one thread per aisle counts the
// boxes on that aisle and adds them to a shared tally. `main` then checks the total.
//
// The check fails: `main` looks at the tally straight after starting the threads and
// never waits for them, so the counting has not happened yet. (And if `main` simply
// returned, the whole process would end and take any unfinished threads with it.)
//
// Your task: keep what `thread::spawn` gives back for every aisle and use it to wait
// for all the aisles to be counted BEFORE the tally is read.
// Do not change `count_aisle`, the sleep, or the assertion.
//
// (The `move` in front of the closure is the subject of the next exercise.)

use std::sync::atomic::{AtomicU32, Ordering};
use std::thread;
use std::time::Duration;

// A tally every counting thread can add to. Atomics get their own chapter later;
// for now it is simply a number that several threads may update safely.
static TALLY: AtomicU32 = AtomicU32::new(0);

fn count_aisle(aisle: u32) {
    // Counting boxes by hand takes a while...
    thread::sleep(Duration::from_millis(100));
    let boxes = aisle * 10;
    TALLY.fetch_add(boxes, Ordering::SeqCst);
    println!("aisle {aisle}: {boxes} boxes");
}

fn main() {
    for aisle in 1..=4 {
        thread::spawn(move || count_aisle(aisle));
    }

    // TODO: wait here until every aisle has been counted.

    let total = TALLY.load(Ordering::SeqCst);
    println!("stocktake total: {total}");
    assert_eq!(total, 100, "the tally was read before the counting threads had finished");
}
