// channels5: a bakery with several ovens (solution)
//
// `Receiver<T>` is `Send` but not `Sync`: it can be moved to another thread,
// but not used from two threads at once. Wrapping it in a `Mutex` makes the
// combination `Sync` (a Mutex<T> is Sync whenever T is Send), and the `Arc`
// gives each oven its own owning handle to that one Mutex.
//
// How long the lock is held matters as much as having it. The oven needs the
// lock only to take the next order. If it kept the guard while baking, the
// other ovens would wait at the lock and the pool would bake one order at a
// time. That is slow in general, and here it even deadlocks: the test's two
// orders each wait for the other to be in an oven. Two common ways to hold it
// too long by accident:
//     while let Ok(order) = order_rx.lock().unwrap().recv() { ... }
//     match order_rx.lock().unwrap().recv() { Ok(order) => bake..., ... }
// In both, the guard is a temporary that lives until the end of the whole
// `while let` / `match`, i.e. through the baking.
//
// Shutdown works by dropping: once `order_tx` is dropped and the queue is
// empty, `recv` returns Err and each oven leaves its loop; once every oven
// has dropped its `done_tx` clone, `done_rx.iter()` ends.

use std::sync::{Arc, Mutex, mpsc};
use std::thread;

pub type Order = Box<dyn FnOnce() -> String + Send + 'static>;

/// Bakes every order on `ovens` threads; returns the results in any order.
pub fn bake_all(orders: Vec<Order>, ovens: usize) -> Vec<String> {
    let (order_tx, order_rx) = mpsc::channel::<Order>();
    let (done_tx, done_rx) = mpsc::channel::<String>();
    // The Mutex lets one oven at a time use the receiver; the Arc lets all
    // ovens own a handle to that Mutex.
    let order_rx = Arc::new(Mutex::new(order_rx));
    let mut handles = Vec::new();
    for _ in 0..ovens {
        let order_rx = Arc::clone(&order_rx);
        let done_tx = done_tx.clone();
        handles.push(thread::spawn(move || {
            loop {
                // The guard from `lock()` is a temporary of this `let`
                // statement, so the lock is released at the `;`, BEFORE we
                // start baking. Other ovens can take orders meanwhile.
                let next = order_rx.lock().unwrap().recv();
                let order = match next {
                    Ok(order) => order,
                    Err(_) => break, // no sender left: the bakery is closing
                };
                done_tx.send(order()).unwrap();
            }
        }));
    }
    drop(done_tx);
    for order in orders {
        order_tx.send(order).unwrap();
    }
    drop(order_tx);
    let results = done_rx.iter().collect();
    handles.into_iter().for_each(|h| h.join().unwrap());
    results
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Barrier;

    #[test]
    fn every_order_is_baked_once() {
        let orders: Vec<Order> = (0..20).map(|i| Box::new(move || format!("bun {i}")) as Order).collect();
        let mut baked = bake_all(orders, 3);
        baked.sort_by_key(|s| s[4..].parse::<u32>().unwrap());
        assert_eq!(baked, (0..20).map(|i| format!("bun {i}")).collect::<Vec<_>>());
    }

    #[test]
    fn two_ovens_bake_at_the_same_time() {
        // Each of these orders waits until the other one is in an oven too.
        let both_in = Arc::new(Barrier::new(2));
        let orders: Vec<Order> = ["rye", "spelt"]
            .into_iter()
            .map(|name| {
                let both_in = Arc::clone(&both_in);
                Box::new(move || {
                    both_in.wait();
                    name.to_string()
                }) as Order
            })
            .collect();
        assert_eq!(bake_all(orders, 2).len(), 2);
    }
}
