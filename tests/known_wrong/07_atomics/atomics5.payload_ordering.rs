// known wrong: Release/Acquire on the reading instead of the flag orders the wrong accesses; the flag can still be seen before the reading
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
        self.reading.store(value, Ordering::Release);
        self.ready.store(true, Ordering::Relaxed);
    }

    /// Called by the display thread: `None` until a reading was published.
    pub fn try_read(&self) -> Option<usize> {
        if self.ready.load(Ordering::Relaxed) {
            Some(self.reading.load(Ordering::Acquire))
        } else {
            None
        }
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
