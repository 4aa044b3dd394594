// sendsync1: quotes from the copy shop
//
// A copy shop prices every incoming job on its own worker thread. All workers
// read the same price list, so the list is put behind a reference-counted
// pointer and every worker gets a clone of that pointer. Each quote also says
// which worker thread priced it.
//
// This does not compile: the pointer chosen here keeps its reference count in
// a plain integer, and the compiler will not let it cross into another thread.
//
// Your job: make it compile, with every job still priced on a worker thread
// of its own (the tests check which thread priced what). The fix this
// exercise is about: switch to the reference-counted pointer that is built
// for sharing between threads. Do not change the tests; `unsafe` code is
// refused.

#![forbid(unsafe_code)]

// SOLVED.
//
// Why `Rc` was refused: cloning or dropping an `Rc` changes its reference
// count with an ordinary, non-atomic `+= 1` / `-= 1`. If two threads did that
// at the same moment, one update could be lost; the count would then reach zero
// too early (freeing the price list while a worker still reads it) or never
// (leaking it). So `Rc` is neither `Send` nor `Sync`, and `thread::spawn`,
// which demands `Send` for everything its closure captures, rejects it.
//
// `Arc` ("atomically reference counted") does the same job with atomic
// operations on the count, so clones may be made and dropped on any thread.
// `Arc<T>` is `Send` when `T` is `Send + Sync`; `PriceList` holds plain `u32`s,
// so it is both, and the workers may share it. The switch costs a little
// (atomic instructions instead of plain ones), which is why single-threaded
// code keeps using `Rc`.
//
// Other answers work too: scoped threads (`thread::scope`) may borrow
// `&prices` without any reference count, and copying the two numbers into
// each worker needs no sharing at all. What does not count is pricing the
// jobs without worker threads: the error goes away, but so does the lesson,
// and the tests check that each job has a worker of its own.

use std::sync::Arc;
use std::thread::{self, ThreadId};

pub struct PriceList {
    pub cents_per_page: u32,
    pub cents_for_binding: u32,
}

#[derive(Debug)]
pub struct Quote {
    pub cents: u32,
    /// The worker thread that priced the job.
    pub worker: ThreadId,
}

/// Returns the quote of every job, in the order the jobs were given.
/// A job is (number of pages, whether it gets bound).
pub fn quote_all(prices: PriceList, jobs: &[(u32, bool)]) -> Vec<Quote> {
    let prices = Arc::new(prices);
    let mut workers = Vec::new();
    for &(pages, bound) in jobs {
        // Each worker owns one clone of the Arc; the count goes up here and
        // back down (atomically) when the worker's closure finishes.
        let prices = Arc::clone(&prices);
        workers.push(thread::spawn(move || {
            let mut cents = pages * prices.cents_per_page;
            if bound {
                cents += prices.cents_for_binding;
            }
            Quote { cents, worker: thread::current().id() }
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
    use std::collections::HashSet;

    #[test]
    fn every_job_gets_its_own_quote() {
        let prices = PriceList { cents_per_page: 10, cents_for_binding: 300 };
        let quotes = quote_all(prices, &[(5, false), (20, true), (1, true)]);
        let cents: Vec<u32> = quotes.iter().map(|q| q.cents).collect();
        assert_eq!(cents, [50, 500, 310]);
    }

    #[test]
    fn every_job_is_priced_on_a_worker_thread_of_its_own() {
        let prices = PriceList { cents_per_page: 10, cents_for_binding: 300 };
        let quotes = quote_all(prices, &[(1, false), (2, false), (3, true), (4, true)]);
        let workers: HashSet<ThreadId> = quotes.iter().map(|q| q.worker).collect();
        assert!(!workers.contains(&thread::current().id()), "a job was priced on the calling thread");
        assert_eq!(workers.len(), 4, "4 jobs were priced by {} worker threads", workers.len());
    }

    #[test]
    fn no_jobs_no_quotes() {
        let prices = PriceList { cents_per_page: 10, cents_for_binding: 300 };
        assert!(quote_all(prices, &[]).is_empty());
    }
}
