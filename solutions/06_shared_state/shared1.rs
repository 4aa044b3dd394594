// shared1: one value, several owners (Arc)
//
// A music festival has one big `Lineup`. Two stage managers, each on its own thread,
// need to read it: one lists the acts on the main stage, the other the acts in the tent.
//
// SOLVED. `Arc<T>` puts the value on the heap once, next to a counter of how many
// `Arc`s point at it. `Arc::clone` does not copy the lineup: it makes one more pointer
// and bumps the counter (atomically, so threads may do it at the same time). Each
// thread gets its own `Arc` by value, which is what a `move` closure needs, and all of
// them read the same lineup. When the last `Arc` is dropped (here: when the second
// thread finishes), the count reaches zero and the lineup is freed.
// Writing `Arc::clone(&lineup)` instead of `lineup.clone()` is a common convention: it
// makes clear that only the pointer is cloned.
// `Arc` only hands out shared (`&`) access, which is all these readers need; changing
// shared data needs a lock as well (next exercises).

use std::sync::Arc;
use std::thread;

struct Lineup {
    acts: Vec<(String, String)>, // (band, stage)
}

impl Lineup {
    fn on_stage(&self, stage: &str) -> Vec<String> {
        self.acts.iter().filter(|(_, s)| s == stage).map(|(band, _)| band.clone()).collect()
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

// The tutor compiles this separately with `--cfg check_no_clone` and expects an error:
// sharing must not be done by copying the lineup.
#[cfg(check_no_clone)]
fn sneaky_copy(lineup: &Lineup) -> Lineup {
    <Lineup as Clone>::clone(lineup)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn act(band: &str, stage: &str) -> (String, String) {
        (band.to_string(), stage.to_string())
    }

    #[test]
    fn both_stages_are_reported() {
        let lineup = Lineup {
            acts: vec![
                act("The Lanterns", "main"),
                act("Quiet Engine", "tent"),
                act("Velvet Static", "main"),
                act("Moss & Iron", "tent"),
            ],
        };
        let (main_stage, tent) = stage_reports(lineup);
        assert_eq!(main_stage, ["The Lanterns", "Velvet Static"]);
        assert_eq!(tent, ["Quiet Engine", "Moss & Iron"]);
    }
}
