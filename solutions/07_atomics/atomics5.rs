// atomics5: handing a sensor reading to the display thread (solution)
//
// With Relaxed, the two stores in `publish` are each atomic, but another
// thread may observe them in either order: seeing the new flag does not imply
// seeing the new reading. Compilers and CPUs (ARM, POWER, ...) really do
// reorder such accesses, and loom lets a Relaxed load return an older value
// where the memory model allows it.
//
// A Release store paired with an Acquire load that reads its value creates a
// "happens-before" edge: everything the sensor thread did before the Release
// store (writing the reading) is visible to the display thread after its
// Acquire load (reading the reading). The flag carries the guarantee, so the
// payload itself can stay Relaxed. (SeqCst on the flag, or AcqRel on a
// read-modify-write of it, would be correct too, just stronger than needed;
// so would a Release fence before a Relaxed store of the flag and an Acquire
// fence after a Relaxed load of it.)
//
// Both halves are needed. Release alone (with a Relaxed load) or Acquire alone
// (with a Relaxed store) creates no edge, and putting Release/Acquire on the
// payload instead of the flag orders the wrong pair of accesses. Loom rejects
// all three.

use std_or_loom::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

#[derive(Default)]
pub struct Mailbox {
    reading: AtomicUsize,
    ready: AtomicBool,
}

impl Mailbox {
    pub fn new() -> Self {
        Mailbox { reading: AtomicUsize::new(0), ready: AtomicBool::new(false) }
    }

    /// Called once, by the sensor thread.
    pub fn publish(&self, value: usize) {
        self.reading.store(value, Ordering::Relaxed);
        // Release: every write this thread made before this store (the
        // reading) becomes visible to whoever Acquire-loads `true` from it.
        self.ready.store(true, Ordering::Release);
    }

    /// Called by the display thread: `None` until a reading was published.
    pub fn try_read(&self) -> Option<usize> {
        // Acquire: pairs with the Release store above. If we read `true`,
        // the store "happened before" everything that follows this load.
        if self.ready.load(Ordering::Acquire) { Some(self.reading.load(Ordering::Relaxed)) } else { None }
    }
}

fn main() {}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::thread;

    #[test]
    fn nothing_to_show_before_the_sensor_publishes() {
        let mailbox = Mailbox::new();
        assert_eq!(mailbox.try_read(), None);
        mailbox.publish(42);
        assert_eq!(mailbox.try_read(), Some(42));
    }

    #[test]
    fn display_eventually_shows_the_reading() {
        let mailbox = Mailbox::new();
        let shown = thread::scope(|s| {
            s.spawn(|| mailbox.publish(1234));
            loop {
                if let Some(v) = mailbox.try_read() {
                    break v;
                }
                std::hint::spin_loop();
            }
        });
        assert_eq!(shown, 1234);
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use std_or_loom::{sync::Arc, thread};

    #[test]
    fn flag_up_means_reading_visible() {
        std_or_loom::model(|| {
            let mailbox = Arc::new(Mailbox::new());
            let m = Arc::clone(&mailbox);
            let sensor = thread::spawn(move || m.publish(1234));
            if let Some(v) = mailbox.try_read() {
                assert_eq!(v, 1234, "the flag was up but the display read a stale value");
            }
            sensor.join().unwrap();
        });
    }
}
