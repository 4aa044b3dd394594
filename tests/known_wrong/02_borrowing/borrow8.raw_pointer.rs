// known wrong: makes the second &mut Shelf from a raw pointer to dodge the borrow checker, refused by forbid(unsafe_code)
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

pub fn relocate(shelves: &mut [Shelf], from: usize, to: usize, n: usize) {
    let to_shelf: *mut Shelf = &mut shelves[to];
    move_boxes(&mut shelves[from], unsafe { &mut *to_shelf }, n);
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
