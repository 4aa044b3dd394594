// known wrong: drops the helper thread and appends on the calling thread
// sendsync2: the weather station's helper thread
//
// A weather station keeps its readings in a log behind a `Mutex`. While the
// calling thread converts a batch of readings for the display,
// `record_batch` has a helper thread append the same batch to the log. The
// log notes which thread appended each batch.
//
// The current version locks the log on the calling thread and then hands the
// lock guard to the helper. The compiler refuses: a `MutexGuard` may not be
// sent to another thread.
//
// Your job: change `record_batch` so that the helper thread locks the log
// ITSELF and appends the batch in one piece, with one call to `append` (the
// tests check which thread wrote the log). Keep `Log`, `Log::append` and
// `Station` as they are, do not change the tests, and keep the
// `#[cfg(check_guard_stays_home)]` block as it is: the tutor compiles it
// separately and expects that build to FAIL, which proves that a guard can
// never leave the thread that locked it. `unsafe` code is refused.

#![forbid(unsafe_code)]

use std::sync::Mutex;
use std::thread::{self, ThreadId};

#[derive(Debug, Default)]
pub struct Log {
    pub readings: Vec<f32>,
    /// The thread that appended each batch, in order.
    pub writers: Vec<ThreadId>,
}

impl Log {
    pub fn append(&mut self, batch: &[f32]) {
        self.readings.extend_from_slice(batch);
        self.writers.push(thread::current().id());
    }
}

pub struct Station {
    pub log: Mutex<Log>,
}

/// Appends `batch` to the log on a helper thread (the conversion may run
/// meanwhile) and returns the batch converted from Celsius to Fahrenheit.
pub fn record_batch(station: &Station, batch: &[f32]) -> Vec<f32> {
    thread::scope(|s| {
        let _ = s;
        station.log.lock().unwrap().append(batch);
        batch.iter().map(|c| c * 9.0 / 5.0 + 32.0).collect()
    })
}

// Must NOT compile: the guard is locked here and dropped (unlocked) elsewhere.
#[cfg(check_guard_stays_home)]
pub fn guard_cannot_travel(station: &Station) {
    thread::scope(|s| {
        let guard = station.log.lock().unwrap();
        s.spawn(move || drop(guard));
    });
}

fn main() {
    let station = Station { log: Mutex::new(Log::default()) };
    println!("{:?}", record_batch(&station, &[20.0, 21.5]));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send<T: Send>() {}

    fn station_with(readings: &[f32]) -> Station {
        Station { log: Mutex::new(Log { readings: readings.to_vec(), writers: Vec::new() }) }
    }

    #[test]
    fn batch_lands_in_the_log() {
        let station = station_with(&[18.0]);
        let shown = record_batch(&station, &[10.0, 100.0]);
        assert_eq!(shown, [50.0, 212.0]);
        assert_eq!(station.log.lock().unwrap().readings, [18.0, 10.0, 100.0]);
    }

    #[test]
    fn a_helper_thread_appends_each_batch_in_one_piece() {
        let station = station_with(&[]);
        record_batch(&station, &[1.0, 2.0]);
        record_batch(&station, &[3.0]);
        let log = station.log.lock().unwrap();
        assert_eq!(log.readings, [1.0, 2.0, 3.0]);
        assert_eq!(log.writers.len(), 2, "2 batches were appended in {} calls to `append`", log.writers.len());
        assert!(!log.writers.contains(&thread::current().id()), "the calling thread appended to the log itself");
    }

    #[test]
    fn log_is_unlocked_afterwards() {
        let station = station_with(&[]);
        record_batch(&station, &[1.0]);
        assert!(station.log.try_lock().is_ok(), "the log is still locked");
    }

    #[test]
    fn a_reference_to_the_mutex_may_travel() {
        // What may cross threads is `&Mutex<...>`, not the guard.
        assert_send::<&Mutex<Log>>();
    }
}
