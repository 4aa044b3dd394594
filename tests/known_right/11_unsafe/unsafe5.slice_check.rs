// known right: checks the bounds by slicing (`&seats[..mid]`) before any pointer is made: the index panic comes first, which is all the safety argument needs
// unsafe5: two halves of one slice
//
// Two ushers fill in a concert's seating chart at the same time: one takes the seats before `mid`, the other the rest.
// `split_seats` must hand out two `&mut` slices that do not overlap. The borrow checker cannot see that `..mid` and
// `mid..` are disjoint, so it rejects the two mutable borrows of `seats` (E0499).
//
// What to do: rebuild the two halves from a raw pointer with `as_mut_ptr`, `pointer::add` and
// `std::slice::from_raw_parts_mut`, inside an `unsafe` block with a `// SAFETY:` comment (Clippy checks). Before that block, make sure
// the pointer arithmetic cannot leave the slice: `mid > seats.len()` must panic FIRST, before any pointer is made
// (use `assert!`; if you give it a message, say `past the end` in it). A panic that only comes later, such as an
// overflow in `len - mid`, is too late: the out-of-bounds pointer already exists, and the test rejects it.
// Do not call the standard library's `split_at_mut` (or `split_at_mut_checked`, `split_at_mut_unchecked`,
// `split_off_mut`): that's what you are rebuilding. No `transmute` either. Do not change the signature or the tests.

pub fn split_seats(seats: &mut [u32], mid: usize) -> (&mut [u32], &mut [u32]) {
    let len = seats.len();
    let _ = &seats[..mid];
    let start = seats.as_mut_ptr();
    // SAFETY: the slicing above panicked unless mid <= len; the ranges are disjoint.
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
