// known wrong: makes the nested rules &'static Price by leaking each box: it compiles and passes the old tests, and dropping a price frees only its root
// pointers1.rs
//
// A shop describes its prices as small trees of rules:
//   - a fixed price in cents,
//   - a percentage discount applied to another rule,
//   - a bundle: the sum of two rules.
// For example "10% off (coffee + cake)" is
//   Discount { percent: 10, of: Bundle(Fixed(320), Fixed(410)) }.
//
// This does not compile: `Price` contains `Price`, so its size would be
// infinite. Put the nested rules behind a pointer with a known size, and update
// the helper functions `discount` and `bundle` to match. `total` may need no
// change at all. Don't change the tests or the `Drop` impl, which counts freed
// rules: dropping a price must free every rule in it, so a `&'static Price`
// made with `Box::leak` is not an answer.

use std::cell::Cell;

pub enum Price {
    Fixed(u32),
    Discount { percent: u32, of: &'static Price },
    Bundle(&'static Price, &'static Price),
}

thread_local! {
    static RULES_FREED: Cell<usize> = const { Cell::new(0) };
}

/// How many price rules this thread has freed.
pub fn rules_freed() -> usize {
    RULES_FREED.with(Cell::get)
}

impl Drop for Price {
    fn drop(&mut self) {
        RULES_FREED.with(|n| n.set(n.get() + 1));
    }
}

pub fn fixed(cents: u32) -> Price {
    Price::Fixed(cents)
}

pub fn discount(percent: u32, of: Price) -> Price {
    Price::Discount { percent, of: Box::leak(Box::new(of)) }
}

pub fn bundle(a: Price, b: Price) -> Price {
    Price::Bundle(Box::leak(Box::new(a)), Box::leak(Box::new(b)))
}

impl Price {
    /// The price in cents. Discounts round down.
    pub fn total(&self) -> u32 {
        match self {
            Price::Fixed(cents) => *cents,
            Price::Discount { percent, of } => of.total() * (100 - percent) / 100,
            Price::Bundle(a, b) => a.total() + b.total(),
        }
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_single_item() {
        assert_eq!(fixed(250).total(), 250);
    }

    #[test]
    fn ten_percent_off_coffee_and_cake() {
        let offer = discount(10, bundle(fixed(320), fixed(410)));
        assert_eq!(offer.total(), 657);
    }

    #[test]
    fn rules_nest_as_deep_as_you_like() {
        let mut price = fixed(1000);
        for _ in 0..3 {
            price = discount(50, bundle(price, fixed(0)));
        }
        assert_eq!(price.total(), 125);
    }

    #[test]
    fn dropping_a_price_frees_every_rule() {
        let offer = discount(10, bundle(fixed(320), bundle(fixed(410), fixed(90))));
        assert_eq!(offer.total(), 738);
        let before = rules_freed();
        drop(offer);
        assert_eq!(rules_freed() - before, 6, "every rule of the offer should be freed with it");
    }
}
