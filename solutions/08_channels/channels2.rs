// channels2: weather stations reporting to one collector (solution)
//
// `mpsc` stands for "multiple producer, single consumer". The receiver cannot
// be copied, but `Sender::clone` makes another handle to the SAME channel.
// Each station thread gets its own clone, moved into its closure, so the
// original `tx` is never moved and the loop compiles.
//
// Messages from different stations may arrive interleaved in any order, but
// each station's own messages arrive in the order it sent them. We sort only
// to make the result easy to check.
//
// Note that the original `tx` is still alive in this function while we
// receive. That is harmless here because we call `recv` an exact number of
// times; channels3 shows what goes wrong if you instead wait for "no more
// messages".

use std::sync::mpsc;
use std::thread;

pub const READINGS_PER_STATION: u32 = 3;

/// Starts `stations` threads; station `id` sends the readings
/// (id, 0), (id, 1), ... Returns everything received, sorted.
pub fn gather(stations: u32) -> Vec<(u32, u32)> {
    let (tx, rx) = mpsc::channel();
    for id in 0..stations {
        // A new handle for this station; the closure takes ownership of it.
        let tx = tx.clone();
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
