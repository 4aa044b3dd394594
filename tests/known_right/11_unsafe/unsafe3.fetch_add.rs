// known right: one atomic `fetch_add` is the whole read-modify-write; Relaxed is enough for unique numbers, and AtomicU64 is Sync without any unsafe
// unsafe3: a Sync promise nobody kept
//
// A video encoder's worker threads get frame sequence numbers from a `FrameClock`. Someone wanted to share one clock,
// got "`UnsafeCell<u64>` cannot be shared between threads safely", and silenced the compiler with `unsafe impl Sync`.
// But `next_frame` does an unsynchronised read-then-write: two threads can read the same number while their writes
// race. That is a data race (undefined behaviour), and the ordinary test may even pass by luck. This exercise is also
// checked with loom, which tries every interleaving: loom's UnsafeCell sees two threads in the cell at once and fails.
//
// What to do: make `next_frame` correct under concurrency with real synchronisation: a `Mutex` (already imported) or
// an atomic from `std_or_loom::sync::atomic`. Then ask whether `unsafe impl Sync` is still needed, and delete it if
// not. Do not change the tests. (`std_or_loom` gives the program std's types and the loom tests loom's models of them;
// its `UnsafeCell` is accessed with `with_mut`, which hands you a raw pointer, so that loom can watch every access.)

use std_or_loom::sync::atomic::{AtomicU64, Ordering};

pub struct FrameClock {
    next: AtomicU64,
}


impl FrameClock {
    pub fn new() -> Self {
        FrameClock { next: AtomicU64::new(0) }
    }

    /// Returns the next frame number: 0, 1, 2, ... each number exactly once.
    pub fn next_frame(&self) -> u64 {
        self.next.fetch_add(1, Ordering::Relaxed)
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
