// known right: the flag raised with an AcqRel swap and read Acquire; the payload on both sides Release/Acquire as well (more than needed)
// atomics5: handing a sensor reading to the display thread
//
// The sensor thread stores a reading and then raises the `ready` flag. The
// display thread checks the flag, and if it is up, reads the reading.
//
// Everything uses `Ordering::Relaxed`. Relaxed makes each single access
// atomic, and all threads agree on the order of the changes to any ONE
// atomic; but it says nothing about how changes to two DIFFERENT atomics are
// seen by other threads. The display may see `ready == true` and still read
// the old reading (0). On x86 the ordinary test usually passes anyway; loom
// shows the bad run.
//
// Your job: change the orderings so that a display thread that sees the flag
// is guaranteed to see the reading that was stored before it. The flag is the
// one that has to carry that guarantee; the reading itself can stay Relaxed.
// The `Mailbox` struct stays as it is. Do not change the tests.

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
        self.reading.store(value, Ordering::Release);
        self.ready.swap(true, Ordering::AcqRel);
    }

    /// Called by the display thread: `None` until a reading was published.
    pub fn try_read(&self) -> Option<usize> {
        if self.ready.load(Ordering::Acquire) { Some(self.reading.load(Ordering::Acquire)) } else { None }
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
