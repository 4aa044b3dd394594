// known wrong: stamp was changed to take &mut Passport, so the passport never moves: the lesson's function must stay as shipped
// ownership2.rs — getting ownership back from a function
//
// A travel agency stamps passports. `stamp` takes a passport by value, adds
// one stamp and then HANDS THE PASSPORT BACK as its return value.
// `plan_trip` calls it for three countries, but throws away what `stamp`
// returns, so after the first call it no longer has a passport at all.
//
// Fix `plan_trip` so that it compiles and the tests pass.
// Rules: do NOT change `stamp`, `Passport` or the signature of `plan_trip`,
// and do NOT copy the passport or its fields (no `.clone()`): the same
// passport travels in and out of every call.

#[derive(Debug)]
pub struct Passport {
    pub holder: String,
    pub stamps: Vec<String>,
}

pub fn stamp(passport: &mut Passport, country: &str) {
    passport.stamps.push(format!("entered {country}"));
}

pub fn plan_trip(mut passport: Passport) -> Passport {
    stamp(&mut passport, "Norway");
    stamp(&mut passport, "Sweden");
    stamp(&mut passport, "Finland");
    passport
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_stamps_in_order() {
        let p = Passport { holder: String::from("Ines"), stamps: Vec::new() };
        let p = plan_trip(p);
        assert_eq!(p.holder, "Ines");
        assert_eq!(p.stamps, ["entered Norway", "entered Sweden", "entered Finland"]);
    }

    #[test]
    fn earlier_stamps_are_kept() {
        let p = Passport { holder: String::from("Ola"), stamps: vec![String::from("entered Chile")] };
        let p = plan_trip(p);
        assert_eq!(p.stamps.len(), 4);
        assert_eq!(p.stamps[0], "entered Chile");
    }

    #[test]
    fn the_same_passport_comes_back() {
        // Room for every stamp, so the Vec never has to grow: if the same
        // passport travels through every call, its buffer stays where it is.
        let mut stamps = Vec::with_capacity(8);
        stamps.push(String::from("entered Peru"));
        let p = Passport { holder: String::from("Noor"), stamps };
        let (holder, buffer) = (p.holder.as_ptr(), p.stamps.as_ptr());
        let p = plan_trip(p);
        assert_eq!(p.stamps, ["entered Peru", "entered Norway", "entered Sweden", "entered Finland"]);
        assert_eq!(p.holder.as_ptr(), holder, "the holder's name was copied, not moved");
        assert_eq!(p.stamps.as_ptr(), buffer, "the stamps were copied into a new passport, not moved");
    }
}
