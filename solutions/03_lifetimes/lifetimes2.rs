// lifetimes2.rs (solution)
//
// The front desk prints visitor badges. `badge_name` returns the name that is
// already stored in the visitor record. `badge_line` builds a brand-new line of
// text such as "ADA LOVELACE - guest of room 4".

pub struct Visitor {
    pub name: String,
    pub room: u32,
}

// Returning a reference works here because the text lives inside `visitor`,
// which the caller owns. Elision ties the output to the only input reference,
// and that is exactly the truth.
pub fn badge_name(visitor: &Visitor) -> &str {
    &visitor.name
}

// `format!` creates a new String owned by this function. If we returned `&line`,
// the String would be freed at the closing brace and the caller would hold a
// dangling reference (error E0515). No lifetime annotation can fix that: an
// annotation describes where a reference points, it cannot make a value live
// longer. The fix is to hand over ownership of the new String itself. Moving a
// String is cheap (pointer, length, capacity); the text is not copied.
//
// Rule of thumb: if a function creates the data, it returns it owned; if the
// data already exists in an argument, it can return a borrow of it.
pub fn badge_line(visitor: &Visitor) -> String {
    format!("{} - guest of room {}", visitor.name.to_uppercase(), visitor.room)
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
