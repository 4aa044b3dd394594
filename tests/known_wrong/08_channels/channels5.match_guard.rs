// known wrong: the MutexGuard lives through the whole match, so an oven holds the queue lock while baking and the ovens never bake together
use std::sync::{Arc, Mutex, mpsc};
use std::thread;

pub type Order = Box<dyn FnOnce() -> String + Send + 'static>;

/// Bakes every order on `ovens` threads; returns the results in any order.
pub fn bake_all(orders: Vec<Order>, ovens: usize) -> Vec<String> {
    let (order_tx, order_rx) = mpsc::channel::<Order>();
    let (done_tx, done_rx) = mpsc::channel::<String>();
    let order_rx = Arc::new(Mutex::new(order_rx));
    let mut handles = Vec::new();
    for _ in 0..ovens {
        let order_rx = Arc::clone(&order_rx);
        let done_tx = done_tx.clone();
        handles.push(thread::spawn(move || {
            loop {
                // The guard is a temporary of the `match` scrutinee, so it is
                // held until the end of the match, i.e. while baking.
                match order_rx.lock().unwrap().recv() {
                    Ok(order) => done_tx.send(order()).unwrap(),
                    Err(_) => break, // no sender left: the bakery is closing
                }
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
        let orders: Vec<Order> =
            (0..20).map(|i| Box::new(move || format!("bun {i}")) as Order).collect();
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
