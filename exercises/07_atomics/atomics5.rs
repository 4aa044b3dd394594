// atomics5: handing a sensor reading to the display thread
//
// The sensor thread stores a reading and then raises the `ready` flag. The
// display thread checks the flag, and if it is up, reads the reading.
//
// Everything uses `Ordering::Relaxed`. Relaxed only makes each single access
// atomic: it says nothing about how the two stores are seen by OTHER threads.
// The display may see `ready == true` and still read the old reading (0).
// On x86 the ordinary test usually passes anyway; loom shows the bad run.
//
// Your job: change the orderings on the `ready` flag (and only there) so that
// a display thread that sees the flag is guaranteed to see the reading that
// was stored before it. Leave `reading` Relaxed. Do not change the tests.

#[cfg(loom)]
use loom::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
#[cfg(not(loom))]
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

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
        self.ready.store(true, Ordering::Relaxed);
    }

    /// Called by the display thread: `None` until a reading was published.
    pub fn try_read(&self) -> Option<usize> {
        if self.ready.load(Ordering::Relaxed) { Some(self.reading.load(Ordering::Relaxed)) } else { None }
    }
}

fn main() {}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::{sync::Arc, thread};

    #[test]
    fn display_eventually_shows_the_reading() {
        let mailbox = Arc::new(Mailbox::new());
        let m = Arc::clone(&mailbox);
        let sensor = thread::spawn(move || m.publish(1234));
        let shown = loop {
            if let Some(v) = mailbox.try_read() {
                break v;
            }
            std::hint::spin_loop();
        };
        sensor.join().unwrap();
        assert_eq!(shown, 1234);
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use loom::{sync::Arc, thread};

    #[test]
    fn flag_up_means_reading_visible() {
        loom::model(|| {
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
