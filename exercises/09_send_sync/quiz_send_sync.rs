// quiz_send_sync: the photo lab
//
// A photo lab develops film on a darkroom thread: the front desk puts each
// `Order` on a `Tray` and sends all the trays there. Fix these three problems:
//
// 1. An `Order` names its customer with an `Rc<str>`, because repeat orders
//    share the name. Orders must be able to travel to the darkroom thread,
//    and to be read from any thread.
// 2. A `Tray<T>` keeps its item behind a raw pointer, so no tray may travel at
//    all. Promise the compiler exactly as much as is true, no more, no less.
// 3. A `DarkroomKey` must never be used by any thread but the one that took it
//    (the lab's lock driver says so): not moved to another thread, and not
//    lent to one either. Nothing enforces that yet.
//
// Rules: do not change the tests or the three `#[cfg(check_...)]` blocks; the
// tutor compiles each of those on its own and expects it to FAIL with E0277.
// Keep `Tray`, its methods and `develop` as they are. Use `unsafe` only for
// the promise in step 2, with a `// SAFETY:` comment right above it (Clippy
// checks that it is there).

use std::rc::Rc;
use std::thread;

pub struct Order {
    pub customer: Rc<str>,
    pub prints: u32,
}

impl Order {
    pub fn new(customer: &str, prints: u32) -> Order {
        Order { customer: customer.into(), prints }
    }
    pub fn again(&self, prints: u32) -> Order {
        Order { customer: self.customer.clone(), prints }
    }
}

pub struct Tray<T> {
    item: *mut T,
}

impl<T> Tray<T> {
    pub fn load(item: T) -> Tray<T> {
        Tray { item: Box::into_raw(Box::new(item)) }
    }
    pub fn unload(self) -> T {
        let tray = std::mem::ManuallyDrop::new(self);
        // SAFETY: the pointer came from `Box::into_raw`; `tray` is never dropped.
        *unsafe { Box::from_raw(tray.item) }
    }
}

impl<T> Drop for Tray<T> {
    fn drop(&mut self) {
        // SAFETY: the pointer came from `Box::into_raw` and is freed only once.
        drop(unsafe { Box::from_raw(self.item) });
    }
}

pub struct DarkroomKey {
    door: u8,
}

impl DarkroomKey {
    pub fn take(door: u8) -> DarkroomKey {
        DarkroomKey { door }
    }
    pub fn door(&self) -> u8 {
        self.door
    }
}

pub fn develop(trays: Vec<Tray<Order>>) -> Vec<String> {
    let darkroom = thread::spawn(move || {
        let key = DarkroomKey::take(4);
        let mut done = Vec::new();
        for tray in trays {
            let order = tray.unload();
            done.push(format!("{} x{} behind door {}", order.customer, order.prints, key.door()));
        }
        done
    });
    darkroom.join().unwrap()
}

#[cfg(check_key_stays)]
fn key_stays_home() {
    let key = DarkroomKey::take(1);
    thread::spawn(move || key.door());
}

#[cfg(check_key_not_shared)]
fn key_is_not_lent() {
    let key = DarkroomKey::take(2);
    thread::scope(|s| {
        s.spawn(|| key.door());
    });
}

#[cfg(check_rc_tray_stays)]
fn rc_tray_stays_home() {
    let name: std::rc::Rc<str> = "Kim".into();
    let tray = Tray::load(std::rc::Rc::clone(&name));
    thread::spawn(move || drop(tray));
}

fn main() {
    println!("{:?}", develop(vec![Tray::load(Order::new("Ines", 12))]));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send<T: Send>() {}

    #[test]
    fn the_darkroom_develops_everything() {
        let first = Order::new("Ola", 24);
        let repeat = first.again(6);
        let trays = vec![Tray::load(first), Tray::load(Order::new("Bo", 1)), Tray::load(repeat)];
        let done = develop(trays);
        assert_eq!(done, ["Ola x24 behind door 4", "Bo x1 behind door 4", "Ola x6 behind door 4"]);
    }

    #[test]
    fn an_order_can_be_read_from_another_thread() {
        let order = Order::new("Lu", 3);
        let shown = thread::scope(|s| s.spawn(|| format!("{} x{}", order.customer, order.prints)).join().unwrap());
        assert_eq!(shown, "Lu x3");
    }

    #[test]
    fn trays_carry_whatever_may_move() {
        assert_send::<Tray<Order>>();
        assert_send::<Tray<std::cell::Cell<u8>>>();
        assert_eq!(Tray::load(String::from("negatives")).unload(), "negatives");
    }
}
