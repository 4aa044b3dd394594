// lifetimes1.rs (solution)
//
// A weather station has sensors on the roof and in the cellar. `warmer` hands
// back whichever of two readings is warmer: the reading itself, not a copy.

#[derive(Debug)]
pub struct Reading {
    pub sensor: String,
    pub celsius: f32,
}

// The body may return `a` or `b`; which one is only known at run time. So the
// signature names ONE lifetime `'a`, puts it on both inputs and on the output.
// That reads: "the caller gets back a reference that is valid as long as both
// arguments are still borrowed". At each call site the compiler picks the
// shortest lifetime that fits both arguments, and checks that the result is not
// used after that.
//
// The annotation does not change how long anything lives. It only describes
// the relation between inputs and output so the caller can be checked without
// looking inside the function.
pub fn warmer<'a>(a: &'a Reading, b: &'a Reading) -> &'a Reading {
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
