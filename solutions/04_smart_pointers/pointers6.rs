// pointers6.rs (solution)
//
// A warehouse keeps its shelves in a `RefCell<Vec<Shelf>>`, because several
// parts of the program share the warehouse through `&Warehouse`.
// `restock_low` tops up every shelf that is running low.

use std::cell::RefCell;

pub struct Shelf {
    pub item: String,
    pub count: u32,
}

pub struct Warehouse {
    shelves: RefCell<Vec<Shelf>>,
    audit: RefCell<Vec<String>>,
}

impl Warehouse {
    pub fn new(stock: &[(&str, u32)]) -> Self {
        let shelves = stock.iter().map(|&(item, count)| Shelf { item: item.to_string(), count }).collect();
        Warehouse { shelves: RefCell::new(shelves), audit: RefCell::new(Vec::new()) }
    }

    pub fn add(&self, index: usize, amount: u32) {
        let mut shelves = self.shelves.borrow_mut();
        shelves[index].count += amount;
        self.audit.borrow_mut().push(format!("+{} {}", amount, shelves[index].item));
    }

    /// Adds `amount` to every shelf holding fewer than `threshold` items and
    /// returns how many shelves were restocked.
    //
    // The old loop iterated over `self.shelves.borrow()`. That read guard is
    // a temporary of the `for` expression, so it stays alive for the WHOLE
    // loop. Inside, `add` asked the same RefCell for `borrow_mut()`, and a
    // write guard is refused while a read guard exists: RefCell panics
    // ("already borrowed") instead of allowing aliasing + mutation. The
    // compiler cannot see this, because both calls only need `&self`.
    //
    // The fix is to separate the phases: first read (collect the indices of
    // the low shelves; the read guard is dropped at the end of that
    // statement), then write (call `add` with no other guard alive).
    // Keeping guards short-lived, and never calling out to code that might
    // borrow the same cell while holding a guard, is the main discipline that
    // RefCell asks of you.
    pub fn restock_low(&self, threshold: u32, amount: u32) -> usize {
        let low: Vec<usize> = self
            .shelves
            .borrow()
            .iter()
            .enumerate()
            .filter(|(_, shelf)| shelf.count < threshold)
            .map(|(index, _)| index)
            .collect();
        for &index in &low {
            self.add(index, amount);
        }
        low.len()
    }

    pub fn counts(&self) -> Vec<u32> {
        self.shelves.borrow().iter().map(|s| s.count).collect()
    }

    pub fn audit(&self) -> Vec<String> {
        self.audit.borrow().clone()
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restocks_only_the_low_shelves() {
        let w = Warehouse::new(&[("bolts", 3), ("nuts", 40), ("washers", 0)]);
        assert_eq!(w.restock_low(10, 25), 2);
        assert_eq!(w.counts(), [28, 40, 25]);
        assert_eq!(w.audit(), ["+25 bolts", "+25 washers"]);
    }

    #[test]
    fn nothing_to_do() {
        let w = Warehouse::new(&[("hinges", 12)]);
        assert_eq!(w.restock_low(5, 10), 0);
        assert!(w.audit().is_empty());
    }

    #[test]
    fn every_shelf_low() {
        let w = Warehouse::new(&[("pegs", 1), ("rope", 2)]);
        assert_eq!(w.restock_low(3, 5), 2);
        assert_eq!(w.counts(), [6, 7]);
        assert_eq!(w.audit(), ["+5 pegs", "+5 rope"]);
        // Restocked shelves are no longer low.
        assert_eq!(w.restock_low(3, 5), 0);
    }
}
