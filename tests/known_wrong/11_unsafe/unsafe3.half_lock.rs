// known wrong: the Mutex only guards the read; the write happens after the guard is dropped, so two threads can read the same frame number and race on the write (loom reports concurrent UnsafeCell access)
//
// unsafe3: a Sync promise nobody kept (careless fix: a lock that covers only half of the read-modify-write)

use std_or_loom::{cell::UnsafeCell, sync::Mutex};

pub struct FrameClock {
    next: UnsafeCell<u64>,
    lock: Mutex<()>,
}

// SAFETY: (wrong) "all access to `next` is behind `lock`", but the write in `next_frame` is not.
unsafe impl Sync for FrameClock {}

impl FrameClock {
    pub fn new() -> Self {
        FrameClock { next: UnsafeCell::new(0), lock: Mutex::new(()) }
    }

    /// Returns the next frame number: 0, 1, 2, ... each number exactly once.
    pub fn next_frame(&self) -> u64 {
        let frame = {
            let _guard = self.lock.lock().unwrap();
            self.next.with_mut(|p| unsafe { *p })
        };
        self.next.with_mut(|p| unsafe { *p = frame + 1 });
        frame
    }
}

fn main() {}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::{sync::Arc, thread};

    #[test]
    fn frame_numbers_are_unique_across_threads() {
        let clock = Arc::new(FrameClock::new());
        let spawn =
            |clock: Arc<FrameClock>| thread::spawn(move || (0..1000).map(|_| clock.next_frame()).collect::<Vec<_>>());
        let workers: Vec<_> = (0..4).map(|_| spawn(Arc::clone(&clock))).collect();
        let mut all: Vec<u64> = workers.into_iter().flat_map(|w| w.join().unwrap()).collect();
        all.sort_unstable();
        assert_eq!(all, (0..4000).collect::<Vec<u64>>(), "some frame number was handed out twice");
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use std_or_loom::{sync::Arc, thread};

    #[test]
    fn two_encoders_never_share_a_frame() {
        std_or_loom::model(|| {
            let clock = Arc::new(FrameClock::new());
            let other = Arc::clone(&clock);
            let encoder = thread::spawn(move || [other.next_frame(), other.next_frame()]);
            let mine = [clock.next_frame(), clock.next_frame()];
            let theirs = encoder.join().unwrap();
            let mut all = [mine[0], mine[1], theirs[0], theirs[1]];
            all.sort_unstable();
            assert_eq!(all, [0, 1, 2, 3], "frame numbers handed out: mine {mine:?}, theirs {theirs:?}");
            assert!(mine[0] < mine[1] && theirs[0] < theirs[1], "one encoder's frames went backwards");
            assert_eq!(clock.next_frame(), 4);
        });
    }
}
