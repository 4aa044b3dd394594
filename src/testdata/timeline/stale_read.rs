// A Relaxed publish: the flag can be seen before the reading it announces (atomics5's bug).

use std_or_loom::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

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
