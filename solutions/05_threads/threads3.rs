// threads3: getting results back from threads (solution)
//
// `JoinHandle::join(self)` takes the handle BY VALUE: a thread's result can be
// collected only once, so joining uses the handle up. `handles.iter()` only lends
// out `&JoinHandle`s, which cannot be given away, hence E0507. `into_iter()`
// consumes the vector and hands out the handles themselves.
//
// Every thread is started before any is joined, so the pieces are searched at the
// same time; the joins then collect the answers one by one (a join on a thread
// that has already finished returns at once).

use std_or_loom::thread;

fn hottest_reading<F>(readings: Vec<i32>, pieces: usize, piece_max: F) -> Option<i32>
where
    F: Fn(Vec<i32>) -> Option<i32> + Copy + Send + 'static,
{
    let piece_len = readings.len().div_ceil(pieces).max(1);
    let mut handles = Vec::new();
    for piece in readings.chunks(piece_len) {
        let piece = piece.to_vec(); // each thread gets its own copy of its piece
        handles.push(thread::spawn(move || piece_max(piece)));
    }
    handles.into_iter().filter_map(|h| h.join().unwrap()).max()
}

fn main() {
    let hottest = hottest_reading(vec![153, 171, 98, 204, 187, 166], 3, |piece| piece.into_iter().max());
    println!("hottest: {hottest:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Condvar, Mutex};
    use std::time::Duration;

    /// A `piece_max` that finishes only when `expected` threads have started one: the pieces must be searched at
    /// the same time. A thread waits at most 5 s (an upper bound, far above what starting a few threads takes);
    /// once one has given up, the others do not wait.
    struct MeetUp {
        state: Mutex<(usize, bool)>, // (searches started, someone gave up)
        changed: Condvar,
        expected: usize,
    }

    impl MeetUp {
        fn leaked(expected: usize) -> &'static MeetUp {
            Box::leak(Box::new(MeetUp { state: Mutex::new((0, false)), changed: Condvar::new(), expected }))
        }

        fn arrive(&self) {
            let mut state = self.state.lock().unwrap();
            state.0 += 1;
            self.changed.notify_all();
            let (mut state, waited) = self
                .changed
                .wait_timeout_while(state, Duration::from_secs(5), |s| s.0 < self.expected && !s.1)
                .unwrap();
            if waited.timed_out() {
                state.1 = true;
                self.changed.notify_all();
            }
        }

        fn check(&self) {
            let (started, gave_up) = *self.state.lock().unwrap();
            assert!(
                !gave_up,
                "a piece's thread waited 5 s for the others: the pieces were not searched at the same time"
            );
            assert_eq!(started, self.expected, "`piece_max` should run once per piece, each on its own thread");
        }
    }

    fn search(readings: Vec<i32>, pieces: usize, threads: usize) -> Option<i32> {
        let meet_up = MeetUp::leaked(threads);
        let hottest = hottest_reading(readings, pieces, move |piece: Vec<i32>| {
            meet_up.arrive();
            piece.into_iter().max()
        });
        meet_up.check();
        hottest
    }

    #[test]
    fn finds_the_peak() {
        let readings = vec![-12, 35, 88, 301, 120, 77, 299, 4, 0, 150];
        assert_eq!(search(readings, 4, 4), Some(301));
        let readings = vec![-40, -12, -7, -33, -25, -19];
        assert_eq!(search(readings, 3, 3), Some(-7));
    }

    #[test]
    fn one_piece_is_fine() {
        assert_eq!(search(vec![5, 9, 2], 1, 1), Some(9));
    }

    #[test]
    fn nothing_measured() {
        assert_eq!(search(Vec::new(), 3, 0), None);
    }
}
