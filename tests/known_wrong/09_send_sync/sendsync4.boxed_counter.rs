// known wrong: replaces the library's raw pointer with a `Box<Cell<u64>>`, which is Send by itself: the C library's pointer is gone
// sendsync4: a meter from a C library
//
// `Meter` wraps a counter that a (pretend) C library allocates for us; the
// library hands back a raw pointer. A type that contains a raw pointer is
// neither `Send` nor `Sync`: the compiler cannot know who else uses that
// memory, so it assumes the worst.
//
// Here we know better. Every `Meter` owns its counter alone and frees it on
// drop, so MOVING a Meter to another thread is fine. But `tick` writes through
// the pointer from `&self`, so two threads that SHARE a `&Meter` would race.
//
// Your job: tell the compiler that a Meter may be sent to another thread (and
// nothing more), so that `count_on_worker` compiles. Put a `// SAFETY:` comment
// right above your promise saying why it holds (Clippy's
// `undocumented_unsafe_blocks` checks that it is there). Keep `fake_c`,
// `Meter`, its methods and `count_on_worker` as they are, do not change the
// tests, and keep the `#[cfg(check_meter_not_sync)]` block: the tutor expects
// it NOT to compile.

use std::thread;

mod fake_c {
    pub fn counter_new() -> *mut u64 {
        Box::into_raw(Box::new(0))
    }
    /// # Safety
    /// `p` must come from `counter_new` and must not be used afterwards.
    pub unsafe fn counter_free(p: *mut u64) {
        // SAFETY: the caller promises that `p` came from `counter_new`.
        drop(unsafe { Box::from_raw(p) });
    }
}

pub struct Meter {
    count: Box<std::cell::Cell<u64>>,
}

impl Meter {
    pub fn create() -> Meter {
        Meter { count: Box::default() }
    }
    pub fn tick(&self) {
        self.count.set(self.count.get() + 1);
    }
    pub fn read(&self) -> u64 {
        self.count.get()
    }
}

/// Ticks the meter `n` times on a worker thread and hands it back.
pub fn count_on_worker(meter: Meter, n: u32) -> Meter {
    let worker = thread::spawn(move || {
        for _ in 0..n {
            meter.tick();
        }
        meter
    });
    worker.join().unwrap()
}

// Must NOT compile: two threads sharing `&Meter` could both call `tick`.
#[cfg(check_meter_not_sync)]
fn meter_is_not_sync() {
    fn assert_sync<T: Sync>() {}
    assert_sync::<Meter>();
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_made_elsewhere_are_kept() {
        let mut meter = Meter::create();
        meter.tick();
        for _ in 0..4 {
            meter = count_on_worker(meter, 10);
        }
        assert_eq!(meter.read(), 41);
    }
}
