// known wrong: a compare_exchange loop that gives up after two failed attempts and takes the last number it saw, which another request already got
// atomics2: order numbers for a bakery web shop
//
// Every `Order` gets a unique, non-zero number from the shop's counter:
// 1, 2, 3, ... Orders are taken on many threads at once (`serve` runs one
// thread per web request), and all of them share the same `&Shop`.
//
// This does not compile: threads may share a `&Shop` only if `Shop` is `Sync`,
// and `Cell` is not (its `get`, then `set` is not safe when two threads do it
// at once).
//
// Your job: replace the `Cell` with a type that can be shared between threads
// and bumped without a lock, and update `Shop::open` and `Shop::take_order` to
// use it. The atomic types of this pack are in `std_or_loom::sync::atomic`
// (the same names as `std::sync::atomic`; under loom, loom's). No lock
// (`Mutex`, `RwLock`) and no `unsafe`: keep the `forbid(unsafe_code)` line.
// Do not change `serve` or the tests.

#![forbid(unsafe_code)]

use std_or_loom::sync::atomic::{AtomicU64, Ordering};
use std_or_loom::thread;

pub struct Shop {
    next_order: AtomicU64,
}

#[derive(Debug)]
pub struct Order {
    pub number: u64,
    pub item: String,
}

impl Shop {
    pub fn open() -> Shop {
        Shop { next_order: AtomicU64::new(1) }
    }

    pub fn take_order(&self, item: &str) -> Order {
        let mut number = self.next_order.load(Ordering::Relaxed);
        for _ in 0..2 {
            match self.next_order.compare_exchange(number, number + 1, Ordering::Relaxed, Ordering::Relaxed) {
                Ok(_) => break,
                Err(actual) => number = actual,
            }
        }
        Order { number, item: item.to_string() }
    }
}

/// Takes one order per item, each on a thread of its own, as the web server does.
pub fn serve(shop: &Shop, items: &[&str]) -> Vec<Order> {
    thread::scope(|s| {
        let requests: Vec<_> = items.iter().map(|item| s.spawn(move || shop.take_order(item))).collect();
        requests.into_iter().map(|request| request.join().unwrap()).collect()
    })
}

fn main() {}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn numbers_start_at_one_and_keep_the_item() {
        let shop = Shop::open();
        let first = shop.take_order("rye loaf");
        let second = shop.take_order("croissant");
        assert_eq!((first.number, first.item.as_str()), (1, "rye loaf"));
        assert_eq!((second.number, second.item.as_str()), (2, "croissant"));
    }

    #[test]
    fn numbers_are_unique_across_threads() {
        let shop = Shop::open();
        let mut numbers: Vec<u64> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..4)
                .map(|_| s.spawn(|| (0..500).map(|_| shop.take_order("bun").number).collect::<Vec<u64>>()))
                .collect();
            handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
        });
        numbers.sort_unstable();
        assert_eq!(numbers, (1..=2000).collect::<Vec<u64>>(), "the numbers should be 1 to 2000, each once");
        let items = ["a", "b", "c", "d", "e", "f"];
        let served = serve(&shop, &items);
        let mut numbers: Vec<u64> = served.iter().map(|o| o.number).collect();
        numbers.sort_unstable();
        assert_eq!(numbers, (2001..=2006).collect::<Vec<u64>>());
        assert!(served.iter().zip(items).all(|(order, item)| order.item == item), "serve mixed up the items");
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;

    #[test]
    fn three_requests_get_three_different_numbers() {
        std_or_loom::model(|| {
            let shop = Shop::open();
            let orders = serve(&shop, &["bagel", "pretzel", "scone"]);
            let mut numbers: Vec<u64> = orders.iter().map(|o| o.number).collect();
            numbers.sort_unstable();
            assert!(numbers.windows(2).all(|w| w[0] != w[1]), "two orders got the same number: {numbers:?}");
            assert_eq!(numbers, [1, 2, 3], "the numbers should be 1, 2 and 3");
            assert_eq!(shop.take_order("tart").number, 4, "the next order should be number 4");
        });
    }
}
