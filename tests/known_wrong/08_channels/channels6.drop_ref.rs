// known wrong: drop(&self.loads) drops only a reference, the Sender stays alive and the machines never stop
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

pub struct Laundromat {
    loads: Sender<String>,
    machines: Vec<JoinHandle<usize>>,
}

fn run_machine(queue: Arc<Mutex<Receiver<String>>>) -> usize {
    let mut washed = 0;
    loop {
        let next = queue.lock().unwrap().recv();
        match next {
            Ok(_load) => washed += 1,
            Err(_) => return washed, // every sender is gone: go home
        }
    }
}

impl Laundromat {
    pub fn open(machines: usize) -> Laundromat {
        let (loads, queue) = mpsc::channel();
        let queue = Arc::new(Mutex::new(queue));
        let machines = (0..machines)
            .map(|_| {
                let queue = Arc::clone(&queue);
                thread::spawn(move || run_machine(queue))
            })
            .collect();
        Laundromat { loads, machines }
    }

    pub fn drop_off(&self, load: &str) {
        self.loads.send(load.to_string()).unwrap();
    }

    /// Waits until every machine has stopped; returns the loads washed.
    pub fn close(self) -> usize {
        drop(&self.loads); // drops a reference; the Sender itself lives on
        let mut total = 0;
        for machine in self.machines {
            total += machine.join().unwrap();
        }
        total
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_waits_for_every_load() {
        let shop = Laundromat::open(3);
        for n in 0..10 {
            shop.drop_off(&format!("load {n}"));
        }
        assert_eq!(shop.close(), 10);
    }

    #[test]
    fn an_empty_shop_closes_too() {
        assert_eq!(Laundromat::open(2).close(), 0);
    }
}
