// unsafe4: the invariant that keeps unsafe code honest (solution)
//
// The old `pop` claimed "len - 1 < len", which is false when len == 0: `0 - 1` either panics (debug) or wraps around
// to usize::MAX (release), and then `get_unchecked(usize::MAX)` reads far outside the array, and `len` itself is
// left at usize::MAX, so the NEXT `as_slice` would hand out a slice of 2^64 - 1 "jobs". One forgotten edge case in
// the safe-looking arithmetic broke the invariant that every other unsafe block relies on.
//
// The lesson: an `unsafe` block is only as sound as the code that maintains its preconditions. Here that code is
// the whole module (anything that writes `len`), so each method must leave `len <= CAP`:
//   - new:  len = 0 <= CAP.
//   - push: only increments after checking len < CAP, so afterwards len <= CAP.
//   - pop:  now returns None when len == 0 and otherwise decrements, so afterwards len < CAP.
// Because the fields are private, no code outside this module can break the invariant, and the API stays safe.

pub struct JobTray<const CAP: usize> {
    slots: [u32; CAP],
    len: usize,
}

impl<const CAP: usize> JobTray<CAP> {
    pub fn new() -> Self {
        JobTray { slots: [0; CAP], len: 0 }
    }

    /// Adds a job on top; a full tray hands the job back as `Err`.
    pub fn push(&mut self, job: u32) -> Result<(), u32> {
        if self.len == CAP {
            return Err(job);
        }
        // SAFETY: the check above means len < CAP here, so slot `len` is inside the array.
        unsafe { *self.slots.get_unchecked_mut(self.len) = job };
        self.len += 1;
        Ok(())
    }

    /// Takes the newest job off the top.
    pub fn pop(&mut self) -> Option<u32> {
        if self.len == 0 {
            return None;
        }
        self.len -= 1;
        // SAFETY: len was at least 1 and is now one less, so len < old len <= CAP: slot `len` is inside the array.
        Some(unsafe { *self.slots.get_unchecked(self.len) })
    }

    /// The jobs in the tray, oldest first.
    pub fn as_slice(&self) -> &[u32] {
        // SAFETY: every method keeps len <= CAP (see the list at the top), so `..len` is a valid range of the array.
        unsafe { self.slots.get_unchecked(..self.len) }
    }
}

// Clippy's `new_without_default`: a public `new()` without arguments should come with `Default`. (`#[derive(Default)]`
// would not work here: std implements `Default` for arrays only up to 32 elements, not for every `CAP`.)
impl<const CAP: usize> Default for JobTray<CAP> {
    fn default() -> Self {
        Self::new()
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_up_and_refuses_the_extra_job() {
        let mut tray = JobTray::<3>::new();
        assert_eq!((tray.push(10), tray.push(11), tray.push(12)), (Ok(()), Ok(()), Ok(())));
        assert_eq!(tray.push(13), Err(13));
        assert_eq!(tray.as_slice(), &[10, 11, 12]);
    }

    #[test]
    fn empties_and_then_says_none() {
        let mut tray = JobTray::<2>::new();
        tray.push(7).unwrap();
        assert_eq!(tray.pop(), Some(7));
        assert_eq!(tray.pop(), None);
        assert_eq!(tray.as_slice(), &[] as &[u32]);
        tray.push(8).unwrap();
        assert_eq!(tray.as_slice(), &[8]);
    }

    #[test]
    fn a_tray_with_no_room_at_all() {
        let mut tray = JobTray::<0>::new();
        assert_eq!(tray.pop(), None);
        assert_eq!(tray.push(1), Err(1));
        assert!(tray.as_slice().is_empty());
    }
}
