// A Sync promise nobody kept (unsafe3's bug): an unsynchronised read-then-write of an UnsafeCell.

use std_or_loom::cell::UnsafeCell;

pub struct FrameClock {
    next: UnsafeCell<u64>,
}

// SAFETY: ...? (there is no argument that works: nothing stops two threads from calling `next_frame` together)
unsafe impl Sync for FrameClock {}

impl FrameClock {
    pub fn new() -> Self {
        FrameClock { next: UnsafeCell::new(0) }
    }

    /// Returns the next frame number: 0, 1, 2, ... each number exactly once.
    pub fn next_frame(&self) -> u64 {
        self.next.with_mut(|p| unsafe {
            let frame = *p;
            *p = frame + 1;
            frame
        })
    }
}

fn main() {}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use std_or_loom::{sync::Arc, thread};

    #[test]
    fn two_encoders_never_share_a_frame() {
        std_or_loom::model(|| {
            let clock = Arc::new(FrameClock::new());
            let other = Arc::clone(&clock);
            let encoder = thread::spawn(move || other.next_frame());
            let mine = clock.next_frame();
            let theirs = encoder.join().unwrap();
            assert_ne!(mine, theirs);
            assert_eq!(clock.next_frame(), 2);
        });
    }
}
