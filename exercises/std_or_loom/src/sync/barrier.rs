//! `Barrier` under loom, built from loom's mutex and condition variable: loom's own `Barrier` is a stub that panics.
//!
//! Recorded as one `barrier_wait` when a thread arrives and one `barrier` when it leaves; the lock and condition
//! variable inside are the barrier's business, not the learner's, and are not recorded.

use std::panic::Location;

use crate::record::{self, ObjId};

/// A barrier for `n` threads, as `std::sync::Barrier`, modelled by loom.
pub struct Barrier {
    id: ObjId,
    parties: usize,
    state: loom::sync::Mutex<Round>,
    all_arrived: loom::sync::Condvar,
}

struct Round {
    arrived: usize,
    /// Counts completed rounds, so that a thread woken for a later reason can tell that its round is over.
    generation: u64,
}

/// What [`Barrier::wait`] returns: exactly one thread of each round is the leader.
#[derive(Debug)]
pub struct BarrierWaitResult(bool);

impl BarrierWaitResult {
    pub fn is_leader(&self) -> bool {
        self.0
    }
}

impl Barrier {
    #[track_caller]
    pub fn new(n: usize) -> Barrier {
        Barrier {
            id: record::object("Barrier", Location::caller(), None),
            parties: n,
            state: loom::sync::Mutex::new(Round { arrived: 0, generation: 0 }),
            all_arrived: loom::sync::Condvar::new(),
        }
    }

    #[track_caller]
    pub fn wait(&self) -> BarrierWaitResult {
        let at = Location::caller();
        if record::on() {
            record::op("barrier_wait", self.id, at).push();
        }
        let mut round = self.state.lock().expect("loom's locks are never poisoned");
        let generation = round.generation;
        round.arrived += 1;
        // Like std, a barrier for 0 threads lets everyone through at once.
        let leader = round.arrived >= self.parties;
        if leader {
            round.arrived = 0;
            round.generation += 1;
            self.all_arrived.notify_all();
        } else {
            while round.generation == generation {
                round = self.all_arrived.wait(round).expect("loom's locks are never poisoned");
            }
        }
        drop(round);
        if record::on() {
            record::op("barrier", self.id, at).flag("leader", leader).push();
        }
        BarrierWaitResult(leader)
    }
}

impl std::fmt::Debug for Barrier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Barrier").finish_non_exhaustive()
    }
}
