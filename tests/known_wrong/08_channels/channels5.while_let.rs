// known wrong: in `while let ... = queue.lock().unwrap().recv()` the guard lives through the body, so the ovens bake one at a time
// channels5: the bakery's ovens (a pool of workers)
//
// The ovens are hot before the first customer arrives. Every order taken at
// the counter goes into ONE channel; each oven is a thread that takes the
// next order from that channel, bakes it with the bakery's `bake` recipe and
// keeps the loaf. When the counter closes (its sender is dropped) and the
// queue is empty, the ovens stop and hand their loaves back.
//
// This does not compile: the ovens all use the one `Receiver` through a
// shared reference, and a `Receiver` may be used by only one thread at a time
// (it is not `Sync`).
//
// Your job: share the receiver so that the ovens take orders from it one at
// a time (take what you need from `std_or_loom::sync`, as the channel is:
// loom cannot see std's own types). Then make sure an oven holds that
// access only while it is TAKING an order, never while it bakes one: the
// tests bake a cake that is only finished once the other orders are out of
// the ovens, which works only if the ovens bake at the same time (loom tries
// every interleaving). An oven waits for its next order with `recv`:
// sleeping, or polling with `try_recv`, is refused. Keep the signature of
// `bake_all`, and do not change the tests.

use std_or_loom::sync::{Mutex, mpsc};
use std_or_loom::thread;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Order {
    pub ticket: u32,
    pub bread: &'static str,
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Loaf {
    pub ticket: u32,
    pub bread: &'static str,
}

/// Takes `orders` at the counter while `ovens` oven threads bake them with
/// `bake`. Returns every loaf, in any order.
pub fn bake_all<F>(orders: Vec<Order>, ovens: usize, bake: F) -> Vec<Loaf>
where
    F: Fn(Order) -> Loaf + Sync,
{
    let (counter, queue) = mpsc::channel::<Order>();
    let queue = Mutex::new(queue);
    let (queue, bake) = (&queue, &bake);
    thread::scope(|s| {
        let ovens: Vec<_> = (0..ovens)
            .map(|_| {
                s.spawn(move || {
                    let mut loaves = Vec::new();
                    while let Ok(order) = queue.lock().unwrap().recv() {
                        loaves.push(bake(order));
                    }
                    loaves
                })
            })
            .collect();
        for order in orders {
            counter.send(order).unwrap();
        }
        drop(counter); // closing time: each oven stops once the queue is empty
        ovens.into_iter().flat_map(|oven| oven.join().unwrap()).collect()
    })
}

fn main() {}

#[cfg(test)]
mod kitchen {
    use super::*;
    use std_or_loom::sync::{Condvar, Mutex};

    pub fn order(ticket: u32, bread: &'static str) -> Order {
        Order { ticket, bread }
    }

    /// Order 1 is a cake: it can only be finished once every other order has
    /// been baked. While an oven works on it, the other orders must be baked
    /// by the other ovens.
    pub fn cake_last(orders: Vec<Order>, ovens: usize) -> Vec<Loaf> {
        let others = orders.len() as u32 - 1;
        let baked = Mutex::new(0);
        let changed = Condvar::new();
        let mut loaves = bake_all(orders, ovens, |order| {
            let mut done = baked.lock().unwrap();
            if order.ticket == 1 {
                while *done < others {
                    done = changed.wait(done).unwrap();
                }
            } else {
                *done += 1;
                changed.notify_all();
            }
            Loaf { ticket: order.ticket, bread: order.bread }
        });
        loaves.sort();
        loaves
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::kitchen::*;
    use super::*;
    use std::collections::HashSet;
    use std::sync::Mutex;
    use std::thread::ThreadId;

    #[test]
    fn every_order_is_baked_once_by_an_oven() {
        let orders: Vec<Order> = (1..=20).map(|t| order(t, "bun")).collect();
        let bakers: Mutex<HashSet<ThreadId>> = Mutex::new(HashSet::new());
        let mut loaves = bake_all(orders, 3, |o| {
            bakers.lock().unwrap().insert(std::thread::current().id());
            Loaf { ticket: o.ticket, bread: o.bread }
        });
        loaves.sort();
        assert_eq!(loaves, (1..=20).map(|t| Loaf { ticket: t, bread: "bun" }).collect::<Vec<_>>());
        let bakers = bakers.into_inner().unwrap();
        assert!(!bakers.contains(&std::thread::current().id()), "the counter baked an order itself");
        assert!(bakers.len() <= 3, "{} threads baked, but the bakery has 3 ovens", bakers.len());
    }

    #[test]
    fn the_cake_waits_while_the_other_ovens_bake() {
        let loaves = cake_last(vec![order(1, "cake"), order(2, "rye"), order(3, "spelt")], 2);
        assert_eq!(loaves.iter().map(|l| l.ticket).collect::<Vec<_>>(), [1, 2, 3]);
    }

    #[test]
    fn no_orders_no_loaves() {
        assert!(bake_all(Vec::new(), 2, |o| Loaf { ticket: o.ticket, bread: o.bread }).is_empty());
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::kitchen::*;

    #[test]
    fn the_ovens_bake_at_the_same_time() {
        std_or_loom::model(|| {
            let loaves = cake_last(vec![order(1, "cake"), order(2, "rye"), order(3, "spelt")], 2);
            assert_eq!(loaves.len(), 3);
        });
    }
}
