// threads3: getting results back from threads
//
// A weather station keeps a long list of temperature readings (in tenths of a
// degree). `hottest_reading` splits the list into pieces, lets one thread find the
// maximum of each piece, and combines the partial answers. Each thread RETURNS its
// answer: whatever a thread's closure returns is what `JoinHandle::join` gives back.
//
// It does not compile (E0507). Look up the signature of `JoinHandle::join` in the
// std docs: what does it do with the handle it is called on? Then change how the
// handles are walked at the end so each handle can be used that way.
// Do not change the tests.

use std::thread;

fn hottest_reading(readings: Vec<i32>, pieces: usize) -> Option<i32> {
    let piece_len = readings.len().div_ceil(pieces).max(1);
    let mut handles = Vec::new();
    for piece in readings.chunks(piece_len) {
        let piece = piece.to_vec(); // each thread gets its own copy of its piece
        handles.push(thread::spawn(move || piece.into_iter().max()));
    }
    handles.iter().filter_map(|h| h.join().unwrap()).max()
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
