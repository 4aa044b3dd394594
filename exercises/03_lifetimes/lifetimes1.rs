// lifetimes1.rs
//
// A weather station has sensors on the roof and in the cellar. `warmer` hands
// back whichever of two readings is warmer: the reading itself, not a copy.
//
// This does not compile. A function that returns a reference has to say which
// input that reference may come from, and here there are two candidates, so
// the compiler will not guess.
//
// Your task: change the signature of `warmer` so that it promises "the
// result is valid for as long as both inputs are". The body is fine as it is
// (the tests check it still returns one of the originals, not a copy).
// Do not change `Reading` or the tests.

#[derive(Debug)]
pub struct Reading {
    pub sensor: String,
    pub celsius: f32,
}

pub fn warmer(a: &Reading, b: &Reading) -> &Reading {
    if b.celsius > a.celsius { b } else { a }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(sensor: &str, celsius: f32) -> Reading {
        Reading { sensor: sensor.to_string(), celsius }
    }

    #[test]
    fn picks_the_warmer_reading() {
        let roof = reading("roof", 21.5);
        let cellar = reading("cellar", 12.0);
        assert_eq!(warmer(&roof, &cellar).sensor, "roof");
        assert_eq!(warmer(&cellar, &roof).sensor, "roof");
    }

    #[test]
    fn a_tie_goes_to_the_first_argument() {
        let north = reading("north", 9.0);
        let south = reading("south", 9.0);
        assert_eq!(warmer(&north, &south).sensor, "north");
    }

    #[test]
    fn returns_the_original_not_a_copy() {
        let a = reading("a", 3.0);
        let b = reading("b", 4.0);
        assert!(std::ptr::eq(warmer(&a, &b), &b));
    }
}
