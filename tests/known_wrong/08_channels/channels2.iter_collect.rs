// known wrong: collects with `rx.iter()` while the original sender is still alive, so the collector waits forever
// channels2: weather stations reporting to one collector
//
// Several station threads send their readings into ONE channel, at the same
// time, and the collector on the calling thread receives them all. A channel
// has a single `Receiver`, but its `Sender` can be cloned: every clone feeds
// the same receiver.
//
// This does not compile: the loop moves the one and only `tx` into the first
// station's closure, so there is nothing left to move into the second.
//
// Your job: give every station its own sender. The stations must keep
// running at the same time: loom checks that readings from different
// stations can arrive interleaved. Do not change the tests.

use std_or_loom::sync::mpsc;
use std_or_loom::thread;

pub const READINGS_PER_STATION: u32 = 2;

/// Starts `stations` threads; station `id` sends the readings (id, 0),
/// (id, 1), ... Returns every reading in the order it arrived.
pub fn gather(stations: u32) -> Vec<(u32, u32)> {
    let (tx, rx) = mpsc::channel();
    for id in 0..stations {
        let tx = tx.clone();
        thread::spawn(move || {
            for n in 0..READINGS_PER_STATION {
                tx.send((id, n)).unwrap();
            }
        });
    }
    // We know how many messages to expect, so we receive exactly that many.
    rx.iter().collect()
}

fn main() {}

/// Checks that every station was heard, each in the order it sent.
#[cfg(test)]
fn check_readings(all: &[(u32, u32)], stations: u32) {
    assert_eq!(all.len() as u32, stations * READINGS_PER_STATION, "wrong number of readings: {all:?}");
    for id in 0..stations {
        let mine: Vec<u32> = all.iter().filter(|r| r.0 == id).map(|r| r.1).collect();
        let sent: Vec<u32> = (0..READINGS_PER_STATION).collect();
        assert_eq!(mine, sent, "station {id}'s readings, in the order they arrived");
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn every_station_is_heard() {
        check_readings(&gather(4), 4);
    }

    #[test]
    fn no_stations_no_readings() {
        assert!(gather(0).is_empty());
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};

    #[test]
    fn stations_report_at_the_same_time() {
        // Set when, in some interleaving, a reading of station 1 arrived
        // between two readings of station 0 (or the other way round).
        let interleaved = std::sync::Arc::new(AtomicBool::new(false));
        let seen = std::sync::Arc::clone(&interleaved);
        std_or_loom::model(move || {
            let all = gather(2);
            check_readings(&all, 2);
            let stations: Vec<u32> = all.iter().map(|r| r.0).collect();
            if stations.windows(3).any(|w| w[0] == w[2] && w[0] != w[1]) {
                seen.store(true, Ordering::Relaxed);
            }
        });
        assert!(
            interleaved.load(Ordering::Relaxed),
            "in every interleaving loom tried, one station's readings all arrived before the other's: the \
             stations never ran at the same time (or the readings were reordered; return them as they arrived)"
        );
    }
}
