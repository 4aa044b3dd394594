// pointers4.rs (solution)
//
// A staircase light has two switches, one downstairs and one upstairs. Both
// switches hold a shared reference `&Lamp` to the same lamp; flipping either
// one toggles the light. The lamp also counts how often it was switched.

use std::cell::Cell;

// Normally `&T` means "nobody mutates this while I look at it", and the
// compiler refuses assignments through it (E0594). `Cell<T>` is the smallest
// exception to that rule, "interior mutability": you can `set` a new value or
// `get` a copy of the current one through a shared reference.
//
// It stays safe because a Cell never hands out a reference to its contents:
// values only go in and come out by copy (or `replace`/`take`), so there is no
// reference that a write could invalidate. That is why `get` needs `T: Copy`,
// and why Cell is ideal for flags and counters like these.
//
// The price: `Cell` is not `Sync`, so a `&Lamp` cannot be shared across
// threads. For that you would reach for an atomic type (chapter on threads).
pub struct Lamp {
    on: Cell<bool>,
    switches: Cell<u32>,
}

impl Lamp {
    pub fn new() -> Self {
        Lamp { on: Cell::new(false), switches: Cell::new(0) }
    }

    pub fn toggle(&self) {
        self.on.set(!self.on.get());
        self.switches.set(self.switches.get() + 1);
    }

    pub fn is_on(&self) -> bool {
        self.on.get()
    }

    pub fn switch_count(&self) -> u32 {
        self.switches.get()
    }
}

impl Default for Lamp {
    fn default() -> Self {
        Self::new()
    }
}

pub struct Switch<'a> {
    lamp: &'a Lamp,
}

impl Switch<'_> {
    pub fn flip(&self) {
        self.lamp.toggle();
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn either_switch_toggles_the_same_lamp() {
        let lamp = Lamp::new();
        let downstairs = Switch { lamp: &lamp };
        let upstairs = Switch { lamp: &lamp };
        downstairs.flip();
        assert!(lamp.is_on());
        upstairs.flip();
        assert!(!lamp.is_on());
        upstairs.flip();
        assert!(lamp.is_on());
        assert_eq!(lamp.switch_count(), 3);
    }

    #[test]
    fn a_new_lamp_is_off() {
        let lamp = Lamp::new();
        assert!(!lamp.is_on());
        assert_eq!(lamp.switch_count(), 0);
    }
}
