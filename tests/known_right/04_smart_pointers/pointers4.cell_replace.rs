// known right: uses Cell with replace for the flag and get/set for the count
// pointers4.rs
//
// A staircase light has two switches, one downstairs and one upstairs. Both
// switches hold a shared reference `&Lamp` to the same lamp; flipping either
// one toggles the light. The lamp also counts how often it was switched, so the
// caretaker knows when to replace the bulb.
//
// `Lamp::toggle` does not compile: it takes `&self` (it has to, a shared
// reference is all a switch has) and then tries to assign to fields.
//
// Your task: give `Lamp` fields that can be updated through `&self`. The
// values are a `bool` and a `u32`, small `Copy` types; use the simplest std
// type that allows this, which is what this exercise is about (`RefCell`,
// `Mutex` and atomics would work too, but they are for the harder cases of
// the next exercises and chapters, and are not allowed here). Update `new`,
// `toggle`, `is_on` and `switch_count`. Keep `toggle(&self)`, and don't change
// `Switch` or the tests. Casting `&self.on` to a `*mut bool` would need
// `unsafe` (and be undefined behaviour): not allowed either.

use std::cell::Cell;

pub struct Lamp {
    on: Cell<bool>,
    switches: Cell<u32>,
}

impl Lamp {
    pub fn new() -> Self {
        Lamp { on: Cell::new(false), switches: Cell::new(0) }
    }

    pub fn toggle(&self) {
        let was_on = self.on.replace(false);
        self.on.set(!was_on);
        self.switches.set(self.switches.get() + 1);
    }

    pub fn is_on(&self) -> bool {
        self.on.get()
    }

    pub fn switch_count(&self) -> u32 {
        self.switches.get()
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
