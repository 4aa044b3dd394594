// ownership3.rs — clone or move?
//
// A corner shop tracks its shelf. `restock` receives the shelf by value,
// should add a delivery to it, and give the shelf back. Whoever wrote it was
// unsure about ownership and "played it safe" with a clone... and now the
// deliveries vanish: they go into the clone, and the tests fail. (The tutor
// names the clone before it runs the tests.)
//
// Fix `restock` so the tests pass. Do NOT clone the shelf (or anything else)
// in `restock`: it already owns the shelf, so it can change that very shelf.
// Do NOT change the tests (notice where THEY clone, and why).

#[derive(Debug, Clone, PartialEq)]
pub struct Shelf {
    pub deliveries: Vec<(String, u32)>,
}

impl Shelf {
    pub fn count(&self, item: &str) -> u32 {
        self.deliveries.iter().filter(|(name, _)| name == item).map(|(_, n)| *n).sum()
    }
}

// SOLUTION: `restock` already OWNS the shelf (it was moved in), so it may
// change it directly; it only has to declare the binding `mut`.
// The old code cloned: a clone is a brand-new, independent value with its own
// heap buffer. The delivery went into the clone, the clone was dropped at the
// end of the function, and the untouched original was returned.
// Moving costs nothing (a few machine words are copied, the heap data stays
// where it is) and there is only ever one shelf, so there is no question
// which copy is the real one. Clone only when you really need two values that
// can evolve separately, like the `before` snapshot in the second test.
pub fn restock(mut shelf: Shelf, item: &str, amount: u32) -> Shelf {
    shelf.deliveries.push((item.to_string(), amount));
    shelf
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delivery_arrives() {
        let shelf = Shelf { deliveries: vec![(String::from("oat milk"), 4)] };
        let shelf = restock(shelf, "oat milk", 6);
        assert_eq!(shelf.count("oat milk"), 10);
    }

    #[test]
    fn snapshot_is_independent() {
        let shelf = Shelf { deliveries: Vec::new() };
        // Here a clone IS needed: we want to keep the old state around while
        // `restock` takes (and changes) the shelf itself.
        let before = shelf.clone();
        let after = restock(shelf, "rye bread", 2);
        assert_eq!(before.count("rye bread"), 0);
        assert_eq!(after.count("rye bread"), 2);
        assert_ne!(before, after);
    }

    #[test]
    fn the_same_shelf_comes_back() {
        // Room for more deliveries, so pushing never moves the buffer: the
        // shelf that comes back must be the one that went in, not a copy.
        let mut deliveries = Vec::with_capacity(4);
        deliveries.push((String::from("eggs"), 12));
        let shelf = Shelf { deliveries };
        let buffer = shelf.deliveries.as_ptr();
        let shelf = restock(shelf, "flour", 3);
        assert_eq!(shelf.deliveries, [(String::from("eggs"), 12), (String::from("flour"), 3)]);
        assert_eq!(shelf.deliveries.as_ptr(), buffer, "restock returned a copy of the shelf");
    }
}
