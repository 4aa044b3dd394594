// known wrong: replaces `unwrap` with `expect`: a poisoned log still panics, only with a nicer message
// shared5: a poisoned lock
//
// A greenhouse logs sensor readings into a shared `SensorLog`. `record_batch` parses a
// batch of raw readings while holding the lock, and one day a sensor sends garbage:
// the parsing panics halfway through the batch, WHILE THE GUARD IS HELD.
//
// The std `Mutex` notices that a thread panicked while holding it and marks itself
// "poisoned": every later `lock()` returns `Err(PoisonError)`, as a warning that the
// data may have been left half-updated. Here that makes every `.unwrap()` panic as
// well, so one bad sensor brings the whole log down.
//
// For this log we have decided that the data stays usable: each reading is pushed
// whole, so a batch cut short just has fewer readings. Your task: change `entries` so
// that it recovers the guard from the `PoisonError` (the error owns it) and tells the
// mutex the data is fine again, so the log is not reported as poisoned any more.
// Do not change `record_batch` or the tests.

use std_or_loom::sync::{Mutex, MutexGuard};

struct SensorLog {
    readings: Mutex<Vec<f64>>,
}

impl SensorLog {
    /// Every method goes through here to get at the readings.
    fn entries(&self) -> MutexGuard<'_, Vec<f64>> {
        self.readings.lock().expect("the sensor log is poisoned")
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
