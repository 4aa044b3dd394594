// known wrong: moves the whole price list into ONE worker that prices every job: it compiles without sharing, but the jobs no longer have a worker each
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
    let jobs = jobs.to_vec();
    thread::spawn(move || {
        jobs.into_iter()
            .map(|(pages, bound)| {
                let mut cents = pages * prices.cents_per_page;
                if bound {
                    cents += prices.cents_for_binding;
                }
                Quote { cents, worker: thread::current().id() }
            })
            .collect()
    })
    .join()
    .unwrap()
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
