// threads1: starting threads and waiting for them
//
// A small warehouse does its stocktake in parallel: one thread per aisle counts the
// boxes on that aisle and adds them to a shared tally. `main` then checks the total.
//
// SOLVED. `thread::spawn` returns a `JoinHandle`: a ticket for the thread it started.
// Calling `.join()` on it blocks the calling thread until that thread has finished.
// Joining every handle before reading the tally guarantees that every `fetch_add` has
// already happened (joining also makes everything the finished thread did visible to
// the joiner), so the total is complete no matter how the OS schedules the threads.
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
    // Start ALL the threads first and only then wait: joining inside the loop would
    // wait for aisle 1 before even starting aisle 2, and the stocktake would no
    // longer run in parallel.
    let mut counters = Vec::new();
    for aisle in 1..=4 {
        counters.push(thread::spawn(move || count_aisle(aisle)));
    }

    for counter in counters {
        // `join` returns Err if the thread panicked; here a panic is a bug, so we
        // let it surface with `unwrap`.
        counter.join().unwrap();
    }

    let total = TALLY.load(Ordering::SeqCst);
    println!("stocktake total: {total}");
    assert_eq!(total, 100, "the tally was read before the counting threads had finished");
}
