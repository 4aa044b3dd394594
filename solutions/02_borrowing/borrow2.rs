// borrow2.rs — mutable references
//
// A market stall keeps a basket of purchases. `add_item` is supposed to put
// an item into the caller's basket and update the running total, but its
// parameter is a SHARED reference, which only allows reading.
//
// Fix `add_item` so that the tests compile and pass. Only its signature needs
// to change. Do not change `Basket`, `receipt` or the tests.

#[derive(Debug, Default)]
pub struct Basket {
    pub items: Vec<String>,
    pub total_cents: u32,
}

// SOLUTION: take `&mut Basket`.
// A shared reference `&Basket` may exist many times at once, so Rust forbids
// changing anything through it (E0596 for `push`, E0594 for `+=`): other
// readers could be looking at the same basket. A mutable reference
// `&mut Basket` is an EXCLUSIVE loan: while it lives, nobody else can read or
// write the basket, so changing it through this one pointer is safe. The
// caller still owns the basket and sees the changes after the call.
// The caller must opt in, too: the tests declare `let mut basket` and write
// `&mut basket`, so a mutation is visible at the call site.
pub fn add_item(basket: &mut Basket, name: &str, price_cents: u32) {
    basket.items.push(name.to_string());
    basket.total_cents += price_cents;
}

/// Reading only: a shared reference is all this needs.
pub fn receipt(basket: &Basket) -> String {
    format!("{} item(s), {:.2} EUR", basket.items.len(), basket.total_cents as f64 / 100.0)
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_the_basket() {
        let mut basket = Basket::default();
        add_item(&mut basket, "figs", 350);
        add_item(&mut basket, "goat cheese", 525);
        assert_eq!(basket.items, ["figs", "goat cheese"]);
        assert_eq!(receipt(&basket), "2 item(s), 8.75 EUR");
    }
}
