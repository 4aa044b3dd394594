// known wrong: changes `push` (whose argument was right) and leaves the broken `pop` alone
// unsafe4: the invariant that keeps unsafe code honest
//
// A print shop's `JobTray<CAP>` holds up to CAP job numbers in a fixed array. `len` counts the filled slots, and
// every method relies on ONE invariant:  len <= CAP,  after any sequence of calls through the safe API.
// That invariant is what makes the unchecked accesses (`get_unchecked`, `get_unchecked_mut`) sound. The fields are
// private precisely so that only this module can change `len`, and so only this module has to be checked.
//
// One method's `// SAFETY:` argument is wrong for an edge case, and the tests probe the edges. (In a debug build you
// get a panic; in a release build the same mistake silently breaks the invariant and reads memory outside the
// array.) Find the broken argument, fix the code so that the invariant always holds, and correct the comment (every
// `unsafe` block keeps a `// SAFETY:` comment; Clippy checks).
// Do not change the tests. (Keep the unchecked accesses: the point is to make their arguments true. Replacing one by
// a checked access would also be correct, but it would hide the broken argument instead of fixing it.)

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
        if self.len >= CAP {
            return Err(job);
        }
        // SAFETY: the check above means len < CAP here, so slot `len` is inside the array.
        unsafe { *self.slots.get_unchecked_mut(self.len) = job };
        self.len += 1;
        Ok(())
    }

    /// Takes the newest job off the top.
    pub fn pop(&mut self) -> Option<u32> {
        // SAFETY: len - 1 < len <= CAP, so slot `len - 1` is inside the array.
        let job = unsafe { *self.slots.get_unchecked(self.len - 1) };
        self.len -= 1;
        Some(job)
    }

    /// The jobs in the tray, oldest first.
    pub fn as_slice(&self) -> &[u32] {
        // SAFETY: len <= CAP, so `..len` is a valid range of the array.
        unsafe { self.slots.get_unchecked(..self.len) }
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
