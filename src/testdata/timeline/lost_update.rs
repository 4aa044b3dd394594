// A lost update: the next seat number is read and written back in two separate atomic steps.

use std_or_loom::sync::atomic::{AtomicU32, Ordering};

pub struct Booth {
    next_seat: AtomicU32,
}

impl Booth {
    pub fn new(first: u32) -> Booth {
        Booth { next_seat: AtomicU32::new(first) }
    }

    /// Sells one seat: its number.
    pub fn sell(&self) -> u32 {
        let seat = self.next_seat.load(Ordering::SeqCst);
        self.next_seat.store(seat + 1, Ordering::SeqCst);
        seat
    }
}

fn main() {}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use std_or_loom::{sync::Arc, thread};

    #[test]
    fn no_seat_is_sold_twice() {
        std_or_loom::model(|| {
            let booth = Arc::new(Booth::new(7));
            let other = Arc::clone(&booth);
            let window = thread::spawn(move || other.sell());
            let mine = booth.sell();
            let theirs = window.join().unwrap();
            assert_ne!(mine, theirs, "two buyers got seat {mine}");
        });
    }
}
