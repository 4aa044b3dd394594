// shared1: one value, several owners (Arc) (solution)
//
// `Arc<T>` puts the value on the heap once, next to a counter of how many `Arc`s
// point at it. `Arc::clone` does not copy the lineup: it makes one more pointer and
// bumps the counter (atomically, so threads may do it at the same time). Each thread
// gets its own `Arc` by value, which is what a `move` closure needs, and all of them
// read the same lineup. When the last `Arc` is dropped (here: when the second thread
// to finish ends), the count reaches zero and the lineup is dropped, once.
// Writing `Arc::clone(&lineup)` instead of `lineup.clone()` is a common convention:
// it makes clear that only the pointer is cloned.
// `Arc` only hands out shared (`&`) access, which is all these readers need; changing
// shared data needs a lock as well (next exercises). Because `stage_reports` waits
// for both threads, scoped threads borrowing the lineup (threads5) would work too.

use std_or_loom::sync::Arc;
use std_or_loom::thread;

struct Act {
    band: String,
    stage: String,
}

struct Lineup {
    acts: Vec<Act>,
}

impl Lineup {
    fn on_stage(&self, stage: &str) -> Vec<String> {
        self.acts.iter().filter(|act| act.stage == stage).map(|act| act.band.to_string()).collect()
    }
}

fn stage_reports(lineup: Lineup) -> (Vec<String>, Vec<String>) {
    let lineup = Arc::new(lineup);
    let for_tent = Arc::clone(&lineup);
    let main_stage = thread::spawn(move || lineup.on_stage("main"));
    let tent = thread::spawn(move || for_tent.on_stage("tent"));
    (main_stage.join().unwrap(), tent.join().unwrap())
}

fn main() {}

// The tutor compiles these separately with `--cfg check_no_clone` and with
// `--cfg check_act_no_clone` and expects an error from each: sharing must not be done
// by copying the lineup or its acts.
#[cfg(check_no_clone)]
fn sneaky_copy(lineup: &Lineup) -> Lineup {
    <Lineup as Clone>::clone(lineup)
}

#[cfg(check_act_no_clone)]
fn sneaky_act_copy(act: &Act) -> Act {
    <Act as Clone>::clone(act)
}

/// How many lineups have been dropped so far (the tests count them).
#[cfg(test)]
static LINEUPS_DROPPED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

#[cfg(test)]
impl Drop for Lineup {
    fn drop(&mut self) {
        LINEUPS_DROPPED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::Ordering;

    fn act(band: &str, stage: &str) -> Act {
        Act { band: band.to_string(), stage: stage.to_string() }
    }

    #[test]
    fn both_stages_are_reported_from_one_lineup() {
        let lineup = Lineup {
            acts: vec![
                act("The Lanterns", "main"),
                act("Quiet Engine", "tent"),
                act("Velvet Static", "main"),
                act("Moss & Iron", "tent"),
            ],
        };
        let before = LINEUPS_DROPPED.load(Ordering::SeqCst);
        let (main_stage, tent) = stage_reports(lineup);
        assert_eq!(main_stage, ["The Lanterns", "Velvet Static"]);
        assert_eq!(tent, ["Quiet Engine", "Moss & Iron"]);
        let dropped = LINEUPS_DROPPED.load(Ordering::SeqCst) - before;
        assert!(dropped != 0, "the lineup was never dropped: it was leaked (or forgotten) instead of shared");
        assert_eq!(dropped, 1, "there were {dropped} lineups: the lineup was copied instead of shared");
    }
}
