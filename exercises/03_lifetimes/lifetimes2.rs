// lifetimes2.rs
//
// The front desk prints visitor badges. `badge_name` returns the name that is
// already stored in the visitor record. `badge_line` builds a brand-new line of
// text such as "ADA LOVELACE - guest of room 4".
//
// `badge_name` is fine. `badge_line` does not compile: it tries to hand out a
// reference to a String that is destroyed when the function returns.
//
// Your task: make `badge_line` return something the caller can keep. You may
// change its signature and body. Leave `Visitor`, `badge_name` and the tests
// alone. A `&'static str` made by leaking the line (`Box::leak`,
// `String::leak`) would never be freed: that is not allowed here.

pub struct Visitor {
    pub name: String,
    pub room: u32,
}

pub fn badge_name(visitor: &Visitor) -> &str {
    &visitor.name
}

pub fn badge_line(visitor: &Visitor) -> &str {
    let line = format!("{} - guest of room {}", visitor.name.to_uppercase(), visitor.room);
    &line
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn ada() -> Visitor {
        Visitor { name: "Ada Lovelace".to_string(), room: 4 }
    }

    #[test]
    fn name_is_borrowed_from_the_record() {
        let v = ada();
        assert!(std::ptr::eq(badge_name(&v), v.name.as_str()));
    }

    #[test]
    fn line_is_built_from_the_record() {
        let v = ada();
        // `&*` reads any owned text (String, Box<str>, ...) as a `&str`.
        assert_eq!(&*badge_line(&v), "ADA LOVELACE - guest of room 4");
    }

    #[test]
    fn line_can_outlive_the_record() {
        let line = {
            let v = Visitor { name: "Kim".to_string(), room: 12 };
            badge_line(&v)
        };
        assert_eq!(&*line, "KIM - guest of room 12");
    }
}
