// known right: a `match` on the lock result; the poisoned arm clears the poison and keeps the guard
// shared5: a poisoned lock
//
// A greenhouse logs sensor readings into a shared `SensorLog`. `record_batch` parses a
// batch of raw readings while holding the lock, and one day a sensor sends garbage:
// the parsing panics halfway through the batch, WHILE THE GUARD IS HELD.
//
// SOLVED. When a thread panics while holding a `MutexGuard`, the guard is dropped
// during unwinding and the `Mutex` records that its data may now be half-updated. From
// then on `lock()` returns `Err(PoisonError)`. Poisoning does not take the data away:
// `PoisonError::into_inner` hands over the very guard `lock()` would have returned.
// Whether that data can be trusted is for the program to decide; here every reading is
// pushed in one step, so a cut-short batch is still a valid log, and we carry on.
// `clear_poison` records that decision, so later `lock()` calls (ours and anyone else's)
// return `Ok` again instead of each having to repeat the recovery.
// If a half-done update COULD break the data's rules (say, two fields that must agree),
// the recovery would have to repair them before clearing the poison, or give up.

use std_or_loom::sync::{Mutex, MutexGuard};

struct SensorLog {
    readings: Mutex<Vec<f64>>,
}

impl SensorLog {
    /// Every method goes through here to get at the readings.
    fn entries(&self) -> MutexGuard<'_, Vec<f64>> {
        match self.readings.lock() {
            Ok(log) => log,
            Err(poisoned) => {
                self.readings.clear_poison();
                poisoned.into_inner()
            }
        }
    }

    fn record_batch(&self, raw: &[&str]) {
        let mut log = self.entries();
        for text in raw {
            log.push(text.parse().expect("sensor sent garbage"));
        }
    }

    fn average(&self) -> Option<f64> {
        let log = self.entries();
        (!log.is_empty()).then(|| log.iter().sum::<f64>() / log.len() as f64)
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::thread;

    #[test]
    fn the_log_survives_a_bad_sensor() {
        let log = SensorLog { readings: Mutex::new(Vec::new()) };
        log.record_batch(&["21.0", "23.0"]);

        // A sensor thread panics in the middle of its batch, while holding the lock.
        // (That panic is expected, so it is not printed.)
        let report_panics = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let crashed = thread::scope(|s| s.spawn(|| log.record_batch(&["19.0", "#!?", "99.0"])).join());
        std::panic::set_hook(report_panics);
        assert!(crashed.is_err());
        assert!(log.readings.is_poisoned(), "the panic poisoned the mutex");

        // The readings pushed before the garbage are still there.
        assert_eq!(log.average(), Some(21.0));
        assert!(!log.readings.is_poisoned(), "recovering should clear the poison");

        log.record_batch(&["25.0"]);
        assert_eq!(*log.entries(), [21.0, 23.0, 19.0, 25.0]);
    }
}
