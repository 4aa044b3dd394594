// unsafe3: a Sync promise nobody kept
//
// A video encoder's worker threads get frame sequence numbers from a `FrameClock`. Someone wanted to share one clock,
// got "`UnsafeCell<u64>` cannot be shared between threads safely", and silenced the compiler with `unsafe impl Sync`.
// But `next_frame` does an unsynchronised read-then-write: two threads can read the same number while their writes
// race. That is a data race (undefined behaviour), and the ordinary test may even pass by luck. This exercise is also
// checked with loom, which tries every interleaving: loom's UnsafeCell sees two threads in the cell at once and fails.
//
// What to do: make `next_frame` correct under concurrency with real synchronisation: a `Mutex` (already imported for
// both std and loom) or an atomic. Then ask whether `unsafe impl Sync` is still needed, and delete it if not.
// Do not change the tests. (The `shim` module only gives std's UnsafeCell the `with_mut` method of loom's.)

#[cfg(loom)]
use loom::{cell::UnsafeCell, sync::Mutex};
#[cfg(not(loom))]
use shim::UnsafeCell;
#[cfg(not(loom))]
use std::sync::Mutex;

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

#[cfg(not(loom))]
mod shim {
    pub struct UnsafeCell<T>(std::cell::UnsafeCell<T>);
    impl<T> UnsafeCell<T> {
        pub fn new(value: T) -> Self {
            UnsafeCell(std::cell::UnsafeCell::new(value))
        }
        pub fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
            f(self.0.get())
        }
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
    use loom::{sync::Arc, thread};

    #[test]
    fn two_encoders_never_share_a_frame() {
        loom::model(|| {
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
