// known wrong: leaks the lineup to get a `&'static Lineup` both threads can borrow: it is never dropped
// shared1: one value, several owners (Arc)
//
// A music festival has one big `Lineup`. Two stage managers, each on its own thread,
// need to read it: one lists the acts on the main stage, the other the acts in the tent.
//
// It does not compile (E0382): the first `move` closure takes the lineup, so there is
// nothing left to move into the second one. A value has exactly one owner.
//
// Your task: let both threads share ONE lineup through `Arc` (from
// `std_or_loom::sync`, the same `Arc` as `std::sync::Arc`), an atomically
// reference-counted pointer: each thread owns its own `Arc`, and all of them point at
// the same lineup. Do not make `Lineup` or `Act` cloneable (the tutor checks this),
// and do not change the tests. The tests also count the lineups that get dropped:
// exactly one, so a copy of the lineup, or a lineup leaked to make it last forever,
// is caught.

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
    let lineup: &'static Lineup = Box::leak(Box::new(lineup));
    let main_stage = thread::spawn(move || lineup.on_stage("main"));
    let tent = thread::spawn(move || lineup.on_stage("tent"));
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
