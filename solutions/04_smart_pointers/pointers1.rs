// pointers1.rs (solution)
//
// A shop describes its prices as small trees of rules:
//   - a fixed price in cents,
//   - a percentage discount applied to another rule,
//   - a bundle: the sum of two rules.

use std::cell::Cell;

// An enum is stored inline: its size is the size of its largest variant. If a
// variant contained a `Price` directly, the size of `Price` would depend on
// itself (E0072). `Box<Price>` is a pointer to a heap allocation, and a pointer
// always has the same size (8 bytes on a 64-bit machine), so the layout is
// finite again. Each Box owns its child: dropping the root frees the whole tree.
//
// Box is the right tool here because every rule has exactly one owner (its
// parent). Nothing is shared, so Rc would only add a reference count.
pub enum Price {
    Fixed(u32),
    Discount { percent: u32, of: Box<Price> },
    Bundle(Box<Price>, Box<Price>),
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

// The helpers hide the boxing, so callers build trees with plain values.
pub fn discount(percent: u32, of: Price) -> Price {
    Price::Discount { percent, of: Box::new(of) }
}

pub fn bundle(a: Price, b: Price) -> Price {
    Price::Bundle(Box::new(a), Box::new(b))
}

impl Price {
    /// The price in cents. Discounts round down.
    //
    // Unchanged: in the match, `of`, `a` and `b` are `&Box<Price>`, and method
    // calls dereference through the Box automatically (Box implements Deref).
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
