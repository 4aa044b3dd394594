// threads3: getting results back from threads
//
// A weather station keeps a long list of temperature readings (in tenths of a
// degree). `hottest_reading` splits the list into pieces, lets one thread find the
// maximum of each piece, and combines the partial answers. Each thread RETURNS its
// answer: whatever a thread's closure returns is what `JoinHandle::join` gives back.
//
// SOLVED. `join` is declared as `fn join(self) -> thread::Result<T>`: it takes the
// handle BY VALUE. That makes sense: a thread's result can be collected only once,
// so waiting for it uses the handle up. `handles.iter()` only lends out `&JoinHandle`s,
// and you cannot move out of something you merely borrowed (E0507).
// `into_iter()` consumes the vector and yields the handles themselves, so each one
// can be handed to `join`. The `Option<i32>` each thread returned comes back inside
// the `Ok`, and `filter_map` drops the pieces that had no readings.

use std::thread;

fn hottest_reading(readings: Vec<i32>, pieces: usize) -> Option<i32> {
    let piece_len = readings.len().div_ceil(pieces).max(1);
    let mut handles = Vec::new();
    for piece in readings.chunks(piece_len) {
        let piece = piece.to_vec(); // each thread gets its own copy of its piece
        handles.push(thread::spawn(move || piece.into_iter().max()));
    }
    handles.into_iter().filter_map(|h| h.join().unwrap()).max()
}

fn main() {
    let hottest = hottest_reading(vec![153, 171, 98, 204, 187, 166], 3);
    println!("hottest: {hottest:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_peak() {
        let readings = vec![-12, 35, 88, 301, 120, 77, 299, 4, 0, 150];
        assert_eq!(hottest_reading(readings, 4), Some(301));
    }

    #[test]
    fn one_piece_is_fine() {
        assert_eq!(hottest_reading(vec![5, 9, 2], 1), Some(9));
    }

    #[test]
    fn nothing_measured() {
        assert_eq!(hottest_reading(Vec::new(), 3), None);
    }
}
