// unsafe1: raw pointers and the `// SAFETY:` comment (solution)
//
// `unsafe` does not switch off the borrow checker or any other check: it only allows a handful of extra operations,
// among them dereferencing a raw pointer and calling an `unsafe fn`. In exchange, WE take over the proof that those
// operations are fine. The `// SAFETY:` comment is that proof written down, so the next reader (or reviewer) can check
// it, and can tell when a later change to the surrounding code breaks it.
#![deny(clippy::undocumented_unsafe_blocks)]

/// Adds `offset` to every reading (a sensor turned out to be miscalibrated).
pub fn calibrate(readings: &mut [i32], offset: i32) {
    let len = readings.len();
    let start: *mut i32 = readings.as_mut_ptr();
    for i in 0..len {
        // SAFETY: `start` points at the first of the `len` initialised elements of `readings`, and `i < len`, so
        // `start.add(i)` stays inside that one allocation and points at a live `i32`. `readings` is borrowed mutably
        // for the whole call and we use no reference into it inside the loop, so nothing else reads or writes the
        // slot while we update it through the pointer.
        unsafe {
            let slot = start.add(i);
            *slot += offset;
        }
    }
}

/// The highest reading, or `None` when the log is empty.
pub fn peak(readings: &[i32]) -> Option<i32> {
    let mut cursor: *const i32 = readings.as_ptr();
    // `wrapping_add` only computes an address and never dereferences it, so it needs no `unsafe`.
    let end: *const i32 = cursor.wrapping_add(readings.len());
    let mut best: Option<i32> = None;
    while cursor != end {
        // SAFETY: `cursor` starts at the first element and moves one element per round, and the loop stops when it
        // reaches `end` (one past the last element), so here it always points at an initialised `i32` of `readings`.
        // `add(1)` lands at most on `end`, which is still "one past the end" of the same allocation and therefore
        // allowed. `readings` is a shared borrow, so no one can be writing to the data while we read it.
        unsafe {
            let value = *cursor;
            best = Some(best.map_or(value, |b| b.max(value)));
            cursor = cursor.add(1);
        }
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
