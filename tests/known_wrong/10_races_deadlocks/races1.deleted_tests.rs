// known wrong: the two-lock race with both test modules deleted; the pack's tests and loom model are graded anyway
// races1: two deliveries at once
//
// A stockroom counts its boxes behind a `Mutex<u32>`. `receive` books a
// delivery and returns a note for the paperwork. Someone wanted to keep the
// lock short, so `receive` reads the count under one lock, lets go, writes the
// note, and stores the new count under a SECOND lock.
//
// That is a race, even though every access is locked: two deliveries can both
// read 10, and both store 10 + their own boxes. One delivery vanishes (a "lost
// update"). The ordinary tests may pass by luck; the loom test explores every
// interleaving and finds the lost delivery every time.
//
// Your job: make reading and updating the count one step that no other thread
// can slip into, and make each note tell the truth: the count its own delivery
// found and the count it left. Keep the note's text and do not change the
// tests. (The `Mutex` can stay: the fix is in how long you hold it.)

use std_or_loom::sync::Mutex;

pub struct Stockroom {
    boxes: Mutex<u32>,
}

impl Stockroom {
    pub fn new(boxes: u32) -> Stockroom {
        Stockroom { boxes: Mutex::new(boxes) }
    }

    pub fn boxes(&self) -> u32 {
        *self.boxes.lock().unwrap()
    }

    /// Books a delivery of `arriving` boxes and returns the delivery note.
    pub fn receive(&self, arriving: u32) -> String {
        let before = self.boxes();
        let after = before + arriving;
        *self.boxes.lock().unwrap() = after;
        format!("received {arriving}: {before} -> {after}")
    }
}

fn main() {}

