// sendsync1: quotes from the copy shop
//
// A copy shop prices every incoming job on its own worker thread. All workers
// read the same price list, so the list is put behind a reference-counted
// pointer and every worker gets a clone of that pointer.
//
// This does not compile: the pointer chosen here keeps its reference count in
// a plain integer, and the compiler will not let it cross into another thread.
//
// Your job: make it compile by switching to the reference-counted pointer that
// is built for sharing between threads. Keep one thread per job, keep the
// `forbid(unsafe_code)` line, and do not change the tests.

#![forbid(unsafe_code)]

use std::rc::Rc;
use std::thread;

pub struct PriceList {
    pub cents_per_page: u32,
    pub cents_for_binding: u32,
}

/// Returns the price of every job, in cents, in the order the jobs were given.
/// A job is (number of pages, whether it gets bound).
pub fn quote_all(prices: PriceList, jobs: &[(u32, bool)]) -> Vec<u32> {
    let prices = Rc::new(prices);
    let mut workers = Vec::new();
    for &(pages, bound) in jobs {
        let prices = Rc::clone(&prices);
        workers.push(thread::spawn(move || {
            let mut cents = pages * prices.cents_per_page;
            if bound {
                cents += prices.cents_for_binding;
            }
            cents
        }));
    }
    workers.into_iter().map(|w| w.join().unwrap()).collect()
}

fn main() {
    let prices = PriceList { cents_per_page: 12, cents_for_binding: 250 };
    println!("{:?}", quote_all(prices, &[(10, false), (40, true)]));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_job_gets_its_own_quote() {
        let prices = PriceList { cents_per_page: 10, cents_for_binding: 300 };
        let quotes = quote_all(prices, &[(5, false), (20, true), (1, true)]);
        assert_eq!(quotes, vec![50, 500, 310]);
    }

    #[test]
    fn no_jobs_no_quotes() {
        let prices = PriceList { cents_per_page: 10, cents_for_binding: 300 };
        assert!(quote_all(prices, &[]).is_empty());
    }
}
