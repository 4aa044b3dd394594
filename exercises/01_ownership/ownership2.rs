// ownership2.rs — getting ownership back from a function
//
// A travel agency stamps passports. `stamp` takes a passport by value, adds
// one stamp and then HANDS THE PASSPORT BACK as its return value.
// `plan_trip` calls it for three countries, but throws away what `stamp`
// returns, so after the first call it no longer has a passport at all.
//
// Fix `plan_trip` so that it compiles and the tests pass.
// Rules: do NOT change `stamp` or the tests, and do NOT use `.clone()`.

#[derive(Debug)]
pub struct Passport {
    pub holder: String,
    pub stamps: Vec<String>,
}

pub fn stamp(mut passport: Passport, country: &str) -> Passport {
    passport.stamps.push(format!("entered {country}"));
    passport
}

pub fn plan_trip(passport: Passport) -> Passport {
    stamp(passport, "Norway");
    stamp(passport, "Sweden");
    stamp(passport, "Finland")
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
}
