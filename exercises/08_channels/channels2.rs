// channels2: weather stations reporting to one collector
//
// Several station threads send their readings into ONE channel, and the
// collector on the main thread receives them all. A channel has a single
// `Receiver`, but its `Sender` can be cloned: every clone feeds the same
// receiver.
//
// This does not compile: the loop moves the one and only `tx` into the first
// station's closure, so there is nothing left to move into the second.
//
// Your job: give every station its own sender. Do not change the tests.

use std::sync::mpsc;
use std::thread;

pub const READINGS_PER_STATION: u32 = 3;

/// Starts `stations` threads; station `id` sends the readings
/// (id, 0), (id, 1), ... Returns everything received, sorted.
pub fn gather(stations: u32) -> Vec<(u32, u32)> {
    let (tx, rx) = mpsc::channel();
    for id in 0..stations {
        thread::spawn(move || {
            for n in 0..READINGS_PER_STATION {
                tx.send((id, n)).unwrap();
            }
        });
    }
    // We know how many messages to expect, so we receive exactly that many.
    let mut all: Vec<(u32, u32)> = (0..stations * READINGS_PER_STATION).map(|_| rx.recv().unwrap()).collect();
    all.sort();
    all
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_station_is_heard() {
        let all = gather(4);
        assert_eq!(all.len(), 12);
        for id in 0..4 {
            let mine: Vec<u32> = all.iter().filter(|r| r.0 == id).map(|r| r.1).collect();
            assert_eq!(mine, vec![0, 1, 2], "station {id}");
        }
    }
}
