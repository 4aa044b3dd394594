// borrow8.rs — two mutable borrows into one slice: split_at_mut
//
// A warehouse robot moves boxes between shelves. `move_boxes` needs BOTH
// shelves mutably at the same time (it takes from one and puts on the
// other). `relocate` tries to borrow two elements of the same slice with
// `&mut shelves[from]` and `&mut shelves[to]`. The compiler cannot tell that
// two different indexes mean two different shelves, so it sees two mutable
// borrows of `shelves` at once.
//
// Fix `relocate` so that it still calls `move_boxes` with two `&mut Shelf`,
// and the tests pass, for any two different shelves. The tool for this is
// `split_at_mut`, which cuts one mutable slice into two non-overlapping
// mutable slices (`get_disjoint_mut` is a newer way to say the same thing).
// Don't change `move_boxes` or the tests, and don't reach for `unsafe`: it is
// not allowed here. You may assume `from != to`.

#[derive(Debug)]
pub struct Shelf {
    pub boxes: Vec<String>,
}

/// Moves the top `n` boxes (the end of the Vec) from one shelf to another.
pub fn move_boxes(from: &mut Shelf, to: &mut Shelf, n: usize) {
    for _ in 0..n {
        if let Some(b) = from.boxes.pop() {
            to.boxes.push(b);
        }
    }
}

// SOLUTION: split the slice at the larger index. Everything before it goes
// into one half, everything from it onwards into the other, and the two
// halves are separate `&mut [Shelf]` borrows that provably don't overlap.
// The borrow checker reasons about indexing as "a borrow of the whole
// slice", because in general `from` and `to` could be equal, and two `&mut`
// to the same shelf would break the rule that a mutable reference is the
// only way to reach its data (E0499). `split_at_mut` checks the split point
// at run time and hands out two disjoint borrows; inside it uses a little
// `unsafe`, wrapped in a safe API. The larger index becomes element 0 of the
// upper half, and the smaller one keeps its index in the lower half.
// (`shelves.get_disjoint_mut([from, to])`, stable since Rust 1.86, does the
// same check for any set of indexes and returns an error if two are equal.)
pub fn relocate(shelves: &mut [Shelf], from: usize, to: usize, n: usize) {
    assert_ne!(from, to, "cannot move boxes from a shelf onto itself");
    if from < to {
        let (lower, upper) = shelves.split_at_mut(to);
        move_boxes(&mut lower[from], &mut upper[0], n);
    } else {
        let (lower, upper) = shelves.split_at_mut(from);
        move_boxes(&mut upper[0], &mut lower[to], n);
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn warehouse() -> Vec<Shelf> {
        let shelf = |names: &[&str]| Shelf { boxes: names.iter().map(|s| s.to_string()).collect() };
        vec![shelf(&["bolts", "nails"]), shelf(&[]), shelf(&["hinges", "screws", "glue"])]
    }

    #[test]
    fn move_to_a_later_shelf() {
        let mut shelves = warehouse();
        relocate(&mut shelves, 0, 2, 1);
        assert_eq!(shelves[0].boxes, ["bolts"]);
        assert_eq!(shelves[2].boxes, ["hinges", "screws", "glue", "nails"]);
    }

    #[test]
    fn move_to_an_earlier_shelf() {
        let mut shelves = warehouse();
        relocate(&mut shelves, 2, 1, 2);
        assert_eq!(shelves[1].boxes, ["glue", "screws"]);
        assert_eq!(shelves[2].boxes, ["hinges"]);
    }

    #[test]
    fn any_two_shelves() {
        let mut shelves: Vec<Shelf> = (0..5).map(|i| Shelf { boxes: vec![format!("box {i}")] }).collect();
        relocate(&mut shelves, 1, 4, 1);
        relocate(&mut shelves, 4, 3, 2);
        relocate(&mut shelves, 0, 3, 1);
        relocate(&mut shelves, 3, 0, 4);
        let contents: Vec<Vec<&str>> = shelves.iter().map(|s| s.boxes.iter().map(String::as_str).collect()).collect();
        assert_eq!(contents, [vec!["box 0", "box 4", "box 1", "box 3"], vec![], vec!["box 2"], vec![], vec![]]);
    }
}
