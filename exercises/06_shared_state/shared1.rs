// shared1: one value, several owners (Arc)
//
// A music festival has one big `Lineup`. Two stage managers, each on its own thread,
// need to read it: one lists the acts on the main stage, the other the acts in the tent.
//
// It does not compile (E0382): the first `move` closure takes the lineup, so there is
// nothing left to move into the second one. A value has exactly one owner.
//
// Your task: let both threads share ONE lineup through `std::sync::Arc`, an
// atomically reference-counted pointer. Each thread should own its own `Arc` that
// points at the same lineup. Do NOT make `Lineup` cloneable (the tutor checks this),
// and do not change the tests.

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
    let main_stage = thread::spawn(move || lineup.on_stage("main"));
    let tent = thread::spawn(move || lineup.on_stage("tent"));
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
