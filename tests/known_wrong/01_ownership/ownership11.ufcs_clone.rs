// known wrong: writes the needless clones as Clone::clone(..), which Clippy's clone_on_copy does not see
// ownership11.rs — needless clones (graded by Clippy)
//
// This code already compiles and its tests pass. But this exercise is graded
// with Clippy, and every Clippy warning counts as an error, so it fails.
//
// The author, still nervous after fighting "use of moved value" errors,
// sprinkled `.clone()` on values that can never be moved away in the first
// place. Find those clones and delete them (run the tutor to see Clippy's
// message pointing at each one). Don't change the types or the tests, and
// don't silence Clippy: a clone of a `Copy` value is not allowed here however
// it is written (`Clone::clone(r)` too).

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    pub sensor: u8,
    pub celsius: f32,
}

/// The warmest reading, or `None` for an empty log.
pub fn warmest(log: &[Reading]) -> Option<Reading> {
    let mut best: Option<Reading> = None;
    for r in log {
        let candidate = Clone::clone(r);
        match best {
            Some(b) if b.celsius >= candidate.celsius => {}
            _ => best = Some(candidate),
        }
    }
    best
}

/// How many readings came from `sensor`.
pub fn count_for(log: &[Reading], sensor: u8) -> usize {
    log.iter().filter(|r| Clone::clone(&r.sensor) == sensor).count()
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: [Reading; 3] = [
        Reading { sensor: 1, celsius: 18.5 },
        Reading { sensor: 2, celsius: 23.0 },
        Reading { sensor: 1, celsius: 21.0 },
    ];

    #[test]
    fn finds_the_warmest() {
        assert_eq!(warmest(&LOG), Some(Reading { sensor: 2, celsius: 23.0 }));
        assert_eq!(warmest(&[]), None);
    }

    #[test]
    fn counts_per_sensor() {
        assert_eq!(count_for(&LOG, 1), 2);
        assert_eq!(count_for(&LOG, 9), 0);
    }
}
