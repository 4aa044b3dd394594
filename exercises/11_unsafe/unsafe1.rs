// unsafe1: raw pointers and the `// SAFETY:` comment
//
// A weather station keeps its readings in a slice. The two helpers below walk that slice with raw pointers instead of
// indexing. Making a raw pointer (`as_ptr`, `as_mut_ptr`, `wrapping_add`) is safe; reading or writing THROUGH one, or
// calling an `unsafe fn` such as `pointer::add`, is not, so rustc rejects this file (E0133).
//
// What to do:
//   1. Wrap the pointer work of each function in an `unsafe { ... }` block. (Small blocks are easier to argue about:
//      ideally only the operations that really need `unsafe` go inside.)
//   2. Right above each block, write a `// SAFETY:` comment that argues why every pointer you use there is valid
//      (in bounds, pointing at live, initialised data, and not aliased by a reference that someone else is using).
//      This exercise is checked with Clippy, and `clippy::undocumented_unsafe_blocks` is denied (the attribute below
//      says so, and the tutor requires it whatever the file says), so a missing comment is an error.
// Do not change the signatures or the tests. (A safe rewrite with indexing or iterators would also be correct, and
// in real code better; but the raw-pointer walk is what this exercise is about, so leave it and make it sound.)
#![deny(clippy::undocumented_unsafe_blocks)]

/// Adds `offset` to every reading (a sensor turned out to be miscalibrated).
pub fn calibrate(readings: &mut [i32], offset: i32) {
    let len = readings.len();
    let start: *mut i32 = readings.as_mut_ptr();
    for i in 0..len {
        let slot = start.add(i);
        *slot += offset;
    }
}

/// The highest reading, or `None` when the log is empty.
pub fn peak(readings: &[i32]) -> Option<i32> {
    let mut cursor: *const i32 = readings.as_ptr();
    let end: *const i32 = cursor.wrapping_add(readings.len());
    let mut best: Option<i32> = None;
    while cursor != end {
        let value = *cursor;
        best = Some(best.map_or(value, |b| b.max(value)));
        cursor = cursor.add(1);
    }
    best
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calibrate_shifts_every_reading() {
        let mut log = [12, -3, 0, 7];
        calibrate(&mut log, 5);
        assert_eq!(log, [17, 2, 5, 12]);
    }

    #[test]
    fn calibrate_handles_an_empty_log() {
        let mut log: [i32; 0] = [];
        calibrate(&mut log, 5);
        assert_eq!(log, []);
    }

    #[test]
    fn peak_finds_the_highest_reading() {
        assert_eq!(peak(&[4, 19, -8, 19, 3]), Some(19));
        assert_eq!(peak(&[-7, -2, -9]), Some(-2));
        assert_eq!(peak(&[]), None);
    }
}
