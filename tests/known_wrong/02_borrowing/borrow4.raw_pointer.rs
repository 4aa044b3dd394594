// known wrong: reads the opener through a raw pointer after the push, which may have moved the buffer: a dangling pointer, refused by forbid(unsafe_code)
// borrow4.rs — reading and writing at the same time (E0502)
//
// A band plans its concert. `add_encore` looks at the opening song, appends a
// reprise of it to the end of the setlist, and returns a note for the sound
// engineer that mentions the opener.
//
// `opener` is a reference INTO the Vec. Pushing needs the Vec mutably, but
// `opener` is still going to be used afterwards, so the compiler refuses.
// This is not the compiler being fussy: `push` may move the whole buffer to
// a bigger allocation, and `opener` would then point at freed memory.
//
// Fix `add_encore` so it compiles and the tests pass. Keep its signature and
// the tests unchanged. (A raw pointer to `setlist[0]` would compile inside
// `unsafe`, and dangle after the push: `unsafe` is not allowed here.)

pub fn add_encore(setlist: &mut Vec<String>) -> String {
    let opener: *const String = &setlist[0];
    setlist.push(format!("{} (reprise)", unsafe { &*opener }));
    format!("encore: reprise of {}, {} songs total", unsafe { &*opener }, setlist.len())
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encore_is_added() {
        let mut setlist = vec![String::from("Paper Moons"), String::from("Low Tide")];
        let note = add_encore(&mut setlist);
        assert_eq!(setlist, ["Paper Moons", "Low Tide", "Paper Moons (reprise)"]);
        assert_eq!(note, "encore: reprise of Paper Moons, 3 songs total");
    }

    #[test]
    fn any_setlist() {
        let mut solo = vec![String::from("Glass Harbour")];
        assert_eq!(add_encore(&mut solo), "encore: reprise of Glass Harbour, 2 songs total");
        assert_eq!(solo, ["Glass Harbour", "Glass Harbour (reprise)"]);
        // A full Vec must grow for the push, which moves its buffer elsewhere.
        let mut full = Vec::with_capacity(3);
        full.extend(["Mole", "Kite", "Owl"].map(String::from));
        assert_eq!(add_encore(&mut full), "encore: reprise of Mole, 4 songs total");
        assert_eq!(full[3], "Mole (reprise)");
    }
}
