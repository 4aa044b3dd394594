// known wrong: returns the updated clone: the tests pass on values, but the shelf was copied, which the lesson forbids
// ownership3.rs — clone or move?
//
// A corner shop tracks its shelf. `restock` receives the shelf by value,
// should add a delivery to it, and give the shelf back. Whoever wrote it was
// unsure about ownership and "played it safe" with a clone... and now the
// deliveries vanish: the tests fail.
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

pub fn restock(shelf: Shelf, item: &str, amount: u32) -> Shelf {
    let mut updated = shelf.clone();
    updated.deliveries.push((item.to_string(), amount));
    updated
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
