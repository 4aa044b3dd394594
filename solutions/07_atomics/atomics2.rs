// atomics2: order numbers for a bakery web shop (solution)
//
// A `static` can be touched by every thread, so its type must be `Sync`.
// `Cell<u64>` is not: its get/set pair is not safe when two threads do it at
// the same time. `AtomicU64` is `Sync`, its `new` is a `const fn` (so it can
// initialise a static), and it needs no lock and no `unsafe`.
//
// `fetch_add(1, ..)` returns the previous value and stores value + 1 in one
// indivisible step, so no two callers ever see the same number. Reading with
// `get` and writing with `store` would bring back the lost-update race from
// atomics1.
//
// `Ordering::Relaxed` is enough: we only need every number to be handed out
// once, which atomicity alone guarantees. The counter does not guard any other
// memory, so there is nothing to publish with Release/Acquire.
#![forbid(unsafe_code)]

use std::sync::atomic::{AtomicU64, Ordering};

static NEXT_ORDER: AtomicU64 = AtomicU64::new(1);

#[derive(Debug)]
pub struct Order {
    pub number: u64,
    pub item: String,
}

impl Order {
    pub fn new(item: &str) -> Order {
        let number = NEXT_ORDER.fetch_add(1, Ordering::Relaxed);
        Order { number, item: item.to_string() }
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::thread;

    #[test]
    fn numbers_are_unique_across_threads() {
        let handles: Vec<_> = (0..4)
            .map(|t| {
                thread::spawn(move || {
                    (0..500).map(|i| Order::new(&format!("croissant {t}-{i}")).number).collect::<Vec<u64>>()
                })
            })
            .collect();
        let mut seen = HashSet::new();
        for h in handles {
            for n in h.join().unwrap() {
                assert_ne!(n, 0, "order numbers start at 1");
                assert!(seen.insert(n), "order number {n} was used twice");
            }
        }
        assert_eq!(seen.len(), 2000);
    }

    #[test]
    fn keeps_the_item() {
        assert_eq!(Order::new("rye loaf").item, "rye loaf");
    }
}
