// unsafe5: two halves of one slice (solution)
//
// The borrow checker reasons about `seats` as a whole: two `&mut` borrows of it at once are refused, even though we
// know the index ranges don't overlap. Raw pointers carry no borrow, so we can build both halves from one pointer and
// take over the proof ourselves. The function stays SAFE to call because it checks the only thing its unsafe block
// assumes (`mid <= len`) and panics otherwise; a caller can never reach undefined behaviour through it.
//
// Note the signature: both output slices borrow from `seats` (lifetime elision ties them to the input), so while
// either half is alive, nobody can use `seats` directly. That is what keeps the two halves the ONLY way in.

pub fn split_seats(seats: &mut [u32], mid: usize) -> (&mut [u32], &mut [u32]) {
    let len = seats.len();
    assert!(mid <= len, "cannot split {len} seats at position {mid}: that is past the end");
    let start: *mut u32 = seats.as_mut_ptr();
    // SAFETY: `start` points at `len` initialised u32s that we borrow mutably for the lifetime of the result.
    // - The front covers elements 0..mid and the back covers mid..len: with mid <= len (asserted above) both ranges
    //   lie inside the slice, and `start.add(mid)` is at most one past the end, which `add` allows.
    // - The ranges are disjoint, so the two `&mut` slices never alias each other.
    // - The original `seats` borrow is unusable while the returned slices live, so nothing else aliases them either.
    unsafe { (std::slice::from_raw_parts_mut(start, mid), std::slice::from_raw_parts_mut(start.add(mid), len - mid)) }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_ushers_fill_their_halves_at_once() {
        let mut chart = [0u32; 7];
        let (front, back) = split_seats(&mut chart, 3);
        std::thread::scope(|s| {
            s.spawn(|| front.iter_mut().for_each(|seat| *seat = 1));
            s.spawn(|| back.iter_mut().for_each(|seat| *seat = 2));
        });
        assert_eq!(chart, [1, 1, 1, 2, 2, 2, 2]);
    }

    #[test]
    fn splitting_at_the_edges() {
        let mut chart = [5u32, 6, 7];
        let (front, back) = split_seats(&mut chart, 0);
        assert_eq!((front.len(), back.len()), (0, 3));
        let (front, back) = split_seats(&mut chart, 3);
        assert_eq!((front.len(), back.len()), (3, 0));
        front[2] = 9;
        assert_eq!(chart, [5, 6, 9]);
        let mut empty: [u32; 0] = [];
        assert_eq!(split_seats(&mut empty, 0), (&mut [][..], &mut [][..]));
    }

    #[test]
    fn a_split_past_the_end_is_refused_first() {
        let refused = std::panic::catch_unwind(|| {
            let mut chart = [0u32; 4];
            let _ = split_seats(&mut chart, 5);
        });
        let payload = refused.expect_err("split_seats(&mut [0; 4], 5) returned instead of panicking");
        let message = match (payload.downcast_ref::<String>(), payload.downcast_ref::<&str>()) {
            (Some(message), _) => message.as_str(),
            (None, Some(message)) => message,
            (None, None) => "",
        };
        // An `assert!` (or a bounds-checked slice) panics before any pointer is made; an overflow comes too late.
        let up_front = message.starts_with("assertion failed")
            || message.contains("past the end")
            || message.contains("out of range for slice");
        assert!(
            up_front,
            "a split past the end panicked with {message:?}: that is not the bounds check (see the task)"
        );
    }
}
