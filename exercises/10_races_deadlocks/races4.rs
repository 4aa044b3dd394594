// races4: cooks at a round table
//
// Cooks sit around a round prep table with one knife between each pair of
// neighbours: cook `i` has knife `i` on one side and knife `(i + 1) % seats`
// on the other. To chop, a cook needs BOTH neighbouring knives, and each knife
// is a `Mutex` (it counts how often it was used).
//
// Every cook picks up the knife with their own number first, then the next
// one. With two cooks, cook 0 takes knife 0 and cook 1 takes knife 1, and then
// each waits forever for the knife the other holds. With more cooks the same
// thing happens around the whole table. The loom tests (two cooks, and three)
// find it every time; the ordinary test (three cooks) hangs until the time
// limit when the timing is unlucky, and passes by luck otherwise.
//
// Your job: change only `pickup_order`, so that it still returns the cook's two
// neighbouring knives but in an order that makes a waiting circle impossible.
// Do not change `chop` or the tests.

use std_or_loom::sync::Mutex;

/// The two knives cook `seat` needs, in the order the cook picks them up.
pub fn pickup_order(seat: usize, seats: usize) -> (usize, usize) {
    let own = seat;
    let next = (seat + 1) % seats;
    (own, next)
}

/// Cook `seat` chops `rounds` times, using both neighbouring knives each time.
pub fn chop(seat: usize, knives: &[Mutex<u32>], rounds: u32) {
    let (first, second) = pickup_order(seat, knives.len());
    for _ in 0..rounds {
        let mut a = knives[first].lock().unwrap();
        let mut b = knives[second].lock().unwrap();
        *a += 1;
        *b += 1;
    }
}

fn main() {}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::thread;

    #[test]
    fn each_cook_uses_both_neighbouring_knives() {
        for seats in 2..6 {
            for seat in 0..seats {
                let (a, b) = pickup_order(seat, seats);
                let mut got = [a, b];
                got.sort();
                let mut want = [seat, (seat + 1) % seats];
                want.sort();
                assert_eq!(got, want, "cook {seat} of {seats} picks the wrong knives");
            }
        }
    }

    #[test]
    fn three_cooks_share_the_table() {
        let knives: Vec<Mutex<u32>> = (0..3).map(|_| Mutex::new(0)).collect();
        thread::scope(|s| {
            for seat in 0..3 {
                let knives = &knives;
                s.spawn(move || chop(seat, knives, 5_000));
            }
        });
        for knife in knives.iter() {
            assert_eq!(*knife.lock().unwrap(), 10_000);
        }
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use std_or_loom::{sync::Arc, thread};

    #[test]
    fn two_cooks_never_wait_for_each_other_forever() {
        std_or_loom::model(|| {
            let knives = Arc::new(vec![Mutex::new(0), Mutex::new(0)]);
            let other = {
                let knives = Arc::clone(&knives);
                thread::spawn(move || chop(1, &knives, 1))
            };
            chop(0, &knives, 1);
            other.join().unwrap();
            assert_eq!(*knives[0].lock().unwrap(), 2);
            assert_eq!(*knives[1].lock().unwrap(), 2);
        });
    }

    #[test]
    fn three_cooks_never_wait_in_a_circle() {
        std_or_loom::model(|| {
            let knives = Arc::new(vec![Mutex::new(0), Mutex::new(0), Mutex::new(0)]);
            let cooks: Vec<_> = (1..3)
                .map(|seat| {
                    let knives = Arc::clone(&knives);
                    thread::spawn(move || chop(seat, &knives, 1))
                })
                .collect();
            chop(0, &knives, 1);
            for cook in cooks {
                cook.join().unwrap();
            }
            for knife in knives.iter() {
                assert_eq!(*knife.lock().unwrap(), 2);
            }
        });
    }
}
