// unsafe3: a Sync promise nobody kept (solution)
//
// `unsafe impl Sync` is a promise to the compiler: "any number of threads may call `&self` methods at the same
// time, and nothing bad happens". The compiler cannot check it, which is exactly why it is `unsafe`. The old
// `next_frame` broke the promise: two threads could be inside the read-modify-write together.
//
// The fix puts the counter inside a `Mutex`. `lock()` gives one thread at a time exclusive access, and unlocking
// (dropping the guard) happens-before the next lock, so the next thread sees the updated number. `Mutex<u64>` is
// already `Sync` (because `u64` is `Send`), so `FrameClock` is `Sync` automatically: the hand-written
// `unsafe impl` and its unproven promise are gone, and so is every `unsafe` block. That is the best outcome of an
// unsafe review: no unsafe left to review.
//
// (`#[derive(Default)]` gives `FrameClock::default()`, the same clock as `new()`: Clippy asks for it whenever a type
// has a public `new()` without arguments.)
//
// An atomic would work just as well: `next: AtomicU64` and `self.next.fetch_add(1, Ordering::Relaxed)`, which does
// the read and the write as ONE indivisible step (Relaxed is enough: we need unique numbers, not ordering with
// other memory). What does NOT work is keeping the UnsafeCell and locking around only part of the read-modify-write,
// or an atomic `load` followed by a separate `store`: both still let two threads read the same number.

use std_or_loom::sync::Mutex;

#[derive(Default)]
pub struct FrameClock {
    next: Mutex<u64>,
}

impl FrameClock {
    pub fn new() -> Self {
        FrameClock { next: Mutex::new(0) }
    }

    /// Returns the next frame number: 0, 1, 2, ... each number exactly once.
    pub fn next_frame(&self) -> u64 {
        // The guard keeps the lock for the whole read-modify-write, so no other thread can slip in between.
        let mut next = self.next.lock().unwrap();
        let frame = *next;
        *next = frame + 1;
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
