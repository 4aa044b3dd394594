// known right: reads one shelf at a time by index, letting each read borrow end before add takes its own
// pointers6.rs
//
// A warehouse keeps its shelves in a `RefCell<Vec<Shelf>>`, because several
// parts of the program share the warehouse through `&Warehouse`.
// `restock_low` tops up every shelf that is running low.
//
// It compiles, yet `restocks_only_the_low_shelves` panics with "already
// borrowed": RefCell checks its rules at RUN time. Find the overlapping borrows.
//
// Your task: fix `restock_low` so the borrows never overlap. Keep calling
// `add` for the actual restocking (it also writes the audit log). Don't change
// `add`, the structs or the tests.

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
    pub fn restock_low(&self, threshold: u32, amount: u32) -> usize {
        let mut restocked = 0;
        let len = self.shelves.borrow().len();
        for index in 0..len {
            let low = self.shelves.borrow()[index].count < threshold;
            if low {
                self.add(index, amount);
                restocked += 1;
            }
        }
        restocked
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
