// ownership6.rs — moving out of struct fields (partial moves)
//
// A parcel depot unpacks parcels. `unpack` takes a `Parcel`, keeps its
// contents for the shelves, and writes a log line describing the parcel.
// Moving single fields out of a struct you own is allowed (`label` and
// `contents` are moved out below), but afterwards the struct as a WHOLE is
// no longer complete, and `unpack` asks it for a summary too late.
//
// Make it compile and pass the tests. Do NOT copy a field (no `.clone()`,
// `.to_string()` or `.to_owned()`), and do NOT change `Parcel`, `summary`,
// the signature of `unpack` or the tests. Reordering lines is enough.

pub struct Parcel {
    pub label: String,
    pub contents: Vec<String>,
    pub weight_g: u32,
}

impl Parcel {
    pub fn summary(&self) -> String {
        format!("{}: {} item(s), {} g", self.label, self.contents.len(), self.weight_g)
    }
}

pub struct Unpacked {
    pub sender: String,
    pub items: Vec<String>,
    pub log_line: String,
}

pub fn unpack(parcel: Parcel) -> Unpacked {
    let items = parcel.contents;
    let log_line = parcel.summary();
    // Moving another field out after `contents` is fine: only whole-struct
    // uses are affected by a partial move. `weight_g` is Copy: reading it
    // copies the number, and never moves anything.
    let heavy = parcel.weight_g > 5_000;
    let sender = if heavy { parcel.label + " (heavy)" } else { parcel.label };
    Unpacked { sender, items, log_line }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unpacking_keeps_everything() {
        let parcel = Parcel {
            label: String::from("Studio Vega"),
            contents: vec![String::from("lens cap"), String::from("tripod")],
            weight_g: 6_200,
        };
        let out = unpack(parcel);
        assert_eq!(out.sender, "Studio Vega (heavy)");
        assert_eq!(out.items, ["lens cap", "tripod"]);
        assert_eq!(out.log_line, "Studio Vega: 2 item(s), 6200 g");
    }

    #[test]
    fn contents_are_moved_not_copied() {
        let parcel = Parcel { label: String::from("Ola"), contents: vec![String::from("postcard")], weight_g: 20 };
        let (label, contents, first) = (parcel.label.as_ptr(), parcel.contents.as_ptr(), parcel.contents[0].as_ptr());
        let out = unpack(parcel);
        assert_eq!(out.sender, "Ola");
        assert_eq!(out.log_line, "Ola: 1 item(s), 20 g");
        assert_eq!(out.items.as_ptr(), contents, "the contents were copied, not moved");
        assert_eq!(out.items[0].as_ptr(), first, "the contents were copied, not moved");
        assert_eq!(out.sender.as_ptr(), label, "a light parcel's label should be moved, not copied");
    }
}
