// known wrong: drops only Copy and deletes the check_cloned cheat it cannot stop; the pack's cheats are restored, and a ticket can still be forged
// ownership5.rs — using moves to enforce "only once"
//
// A cinema door lets people in with a `Ticket`. `admit` takes the ticket by
// value: once handed over, it should be gone. But someone added `Copy` (and
// `Clone`) to `Ticket` "to silence the compiler", so the same ticket can now
// open the door again and again.
//
// The two functions at the bottom, under `#[cfg(check_moved)]` and
// `#[cfg(check_cloned)]`, are cheating attempts. The tutor compiles each of
// them separately, and each must be REJECTED by the compiler: reusing a
// ticket with "use of moved value" (E0382), forging one with "no method named
// `clone`" (E0599). Right now both compile, so this exercise fails.
//
// Change `Ticket` so that both cheats stop compiling, while the normal code
// and the tests still compile and pass. Do NOT change the cheats or the tests.

#[derive(Debug, Clone)]
pub struct Ticket {
    pub seat: u32,
    pub show: &'static str,
}

pub struct Door {
    pub seats_taken: Vec<u32>,
}

impl Door {
    pub fn admit(&mut self, ticket: Ticket) {
        println!("welcome to {}, seat {}", ticket.show, ticket.seat);
        self.seats_taken.push(ticket.seat);
    } // the ticket is torn up (dropped) here
}

fn main() {}

#[cfg(check_moved)]
pub fn enter_twice(door: &mut Door) {
    let ticket = Ticket { seat: 12, show: "Late Matinee" };
    door.admit(ticket);
    door.admit(ticket); // must not compile: this ticket was already handed over
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_ticket_admits_one_guest() {
        let mut door = Door { seats_taken: Vec::new() };
        door.admit(Ticket { seat: 4, show: "Late Matinee" });
        door.admit(Ticket { seat: 5, show: "Late Matinee" });
        assert_eq!(door.seats_taken, [4, 5]);
    }
}
