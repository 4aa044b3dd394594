// sendsync2: the weather station's helper thread
//
// A weather station keeps its readings in a `Mutex<Vec<f32>>`. While the main
// thread converts a batch of readings for the display, `record_batch` wants a
// helper thread to append the same batch to the log.
//
// The current version locks the log on the calling thread and then hands the
// lock guard to the helper. The compiler refuses: a `MutexGuard` may not be
// sent to another thread.
//
// Your job: change `record_batch` so that the helper thread locks the log
// ITSELF. Do not change the tests or the `forbid(unsafe_code)` line, and keep
// the `#[cfg(check_guard_stays_home)]` block as it is: the tutor compiles it
// separately and expects that build to FAIL, which proves that a guard can
// never leave the thread that locked it.

#![forbid(unsafe_code)]

use std::sync::Mutex;
use std::thread;

pub struct Station {
    pub log: Mutex<Vec<f32>>,
}

/// Appends `batch` to the log on a helper thread and, meanwhile, returns the
/// batch converted from Celsius to Fahrenheit.
pub fn record_batch(station: &Station, batch: &[f32]) -> Vec<f32> {
    thread::scope(|s| {
        // SOLVED. The helper receives `&Station` (through the captured
        // reference) and locks the log on its own thread.
        //
        // Why the guard could not travel: a `MutexGuard` stands for "this
        // thread holds the lock", and dropping it unlocks. Some platforms'
        // native locks (pthread mutexes, for example) must be unlocked by the
        // very thread that locked them, so std declares the guard `!Send`.
        //
        // What does travel is `&Mutex<Vec<f32>>`. A shared reference is `Send`
        // exactly when the thing behind it is `Sync`, and `Mutex<T>` is `Sync`
        // whenever `T: Send`, because the lock lets only one thread at a time
        // reach the `Vec`. So every thread can hold the reference, and the
        // lock and unlock both happen on the helper thread.
        s.spawn(move || {
            let mut log = station.log.lock().unwrap();
            log.extend_from_slice(batch);
        });
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
    let station = Station { log: Mutex::new(Vec::new()) };
    println!("{:?}", record_batch(&station, &[20.0, 21.5]));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send<T: Send>() {}

    #[test]
    fn batch_lands_in_the_log() {
        let station = Station { log: Mutex::new(vec![18.0]) };
        let shown = record_batch(&station, &[10.0, 100.0]);
        assert_eq!(shown, vec![50.0, 212.0]);
        assert_eq!(*station.log.lock().unwrap(), vec![18.0, 10.0, 100.0]);
    }

    #[test]
    fn log_is_unlocked_afterwards() {
        let station = Station { log: Mutex::new(Vec::new()) };
        record_batch(&station, &[1.0]);
        record_batch(&station, &[2.0]);
        assert!(station.log.try_lock().is_ok(), "the log is still locked");
        assert_eq!(*station.log.lock().unwrap(), vec![1.0, 2.0]);
    }

    #[test]
    fn a_reference_to_the_mutex_may_travel() {
        // What may cross threads is `&Mutex<...>`, not the guard.
        assert_send::<&Mutex<Vec<f32>>>();
    }
}
