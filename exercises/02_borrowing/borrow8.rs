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
// and the tests pass. Use `split_at_mut`, which cuts one mutable slice into
// two non-overlapping mutable slices. Don't change `move_boxes` or the tests.
// You may assume `from != to`.

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
    move_boxes(&mut shelves[from], &mut shelves[to], n);
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
}
