//! What the atomics held: for each location, its stores in modification order (the order loom ran them), and the
//! loads that returned something older than the latest store.
//!
//! A stale load has two possible stories. Often another order of the same steps explains it without any reordering
//! of memory: the load simply ran before the store it missed (loom ran it later, but nothing depended on that). Such
//! a load is moved before the store ([`explainable_order`]), so that a lost update reads as the classic "both
//! threads read 7, both write 8". When no such order exists (the thread had already seen a later store of another
//! location, like a `ready` flag), the stale load is a true memory-ordering effect, and [`stale_loads`] reports it.

use std::collections::HashMap;

use super::dump::{Event, Op};

/// How often [`explainable_order`] may move a load; each move strictly shortens the distance to a consistent
/// order, so this only guards against a record that contradicts itself.
const MAX_MOVES: usize = 64;

/// A load that returned an older value than its location's latest store.
#[derive(Debug, Clone, PartialEq)]
pub struct Stale {
    /// Indexes into the events.
    pub load: usize,
    /// The first store that the load did not see.
    pub missed: usize,
}

/// The value an event leaves in its location, if it stores one.
pub fn stored(op: &Op) -> Option<&str> {
    match op {
        Op::New { value, .. } => value.as_deref(),
        Op::Store { value, .. } => Some(value),
        Op::Swap { to, .. } | Op::Rmw { to, .. } => Some(to),
        Op::Cas { ok: true, new, .. } => Some(new),
        Op::Update { ok: true, to, .. } => to.as_deref(),
        _ => None,
    }
}

/// The latest value of every location after the first `end` events.
fn latest_before(events: &[Event], end: usize) -> HashMap<u32, &str> {
    let mut latest = HashMap::new();
    for event in &events[..end] {
        if let (Some(obj), Some(value)) = (event.obj, stored(&event.op)) {
            latest.insert(obj, value);
        }
    }
    latest
}

/// Every stale load, in order.
pub fn stale_loads(events: &[Event]) -> Vec<Stale> {
    let mut history: HashMap<u32, Vec<(usize, &str)>> = HashMap::new();
    let mut stale = Vec::new();
    for (index, event) in events.iter().enumerate() {
        let Some(obj) = event.obj else { continue };
        if let Op::Load { value, .. } = &event.op
            && let Some(stores) = history.get(&obj)
            && let Some(&(_, latest)) = stores.last()
            && latest != value
        {
            // The load read the last store that wrote its value; the one after that is the first it missed.
            let source = stores.iter().rposition(|(_, v)| v == value);
            let missed = source.map_or(0, |s| s + 1).min(stores.len() - 1);
            stale.push(Stale { load: index, missed: stores[missed].0 });
        }
        if let Some(value) = stored(&event.op) {
            history.entry(obj).or_default().push((index, value));
        }
    }
    stale
}

/// Moves each stale load that some sequentially consistent order explains to where that order puts it: just before
/// the store it missed, together with the steps its thread took in between (which must all be loads that are fresh
/// at the new place, and the thread must exist by then).
pub fn explainable_order(events: &mut Vec<Event>) {
    for _ in 0..MAX_MOVES {
        let Some((missed, moved)) = stale_loads(events).into_iter().find_map(|s| movable(events, &s)) else {
            return;
        };
        let block: Vec<Event> = moved.iter().rev().map(|&i| events.remove(i)).collect();
        for (offset, event) in block.into_iter().rev().enumerate() {
            events.insert(missed + offset, event);
        }
    }
}

/// The indexes (ascending) that move before `stale.missed`, if the move is consistent.
fn movable(events: &[Event], stale: &Stale) -> Option<(usize, Vec<usize>)> {
    let thread = events[stale.load].thread;
    let moved: Vec<usize> = (stale.missed + 1..=stale.load).filter(|&i| events[i].thread == thread).collect();
    let born =
        thread == 0 || events[..stale.missed].iter().any(|e| matches!(e.op, Op::Spawn { child } if child == thread));
    let latest = latest_before(events, stale.missed);
    let fresh_there = moved.iter().all(|&i| match (&events[i].op, events[i].obj) {
        (Op::Load { value, .. }, Some(obj)) => latest.get(&obj).is_some_and(|v| v == value),
        _ => false,
    });
    (born && fresh_there).then_some((stale.missed, moved))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(seq: u64, thread: usize, obj: u32, op: Op) -> Event {
        Event { seq, thread, obj: Some(obj), at: None, op }
    }

    fn load(seq: u64, thread: usize, obj: u32, value: &str) -> Event {
        event(seq, thread, obj, Op::Load { value: value.into(), order: "Relaxed".into() })
    }

    fn store(seq: u64, thread: usize, obj: u32, value: &str) -> Event {
        event(seq, thread, obj, Op::Store { value: value.into(), order: "Relaxed".into() })
    }

    fn new(seq: u64, obj: u32, value: &str) -> Event {
        event(seq, 0, obj, Op::New { kind: "AtomicU32".into(), value: Some(value.into()) })
    }

    fn spawn(seq: u64) -> Event {
        Event { seq, thread: 0, obj: None, at: None, op: Op::Spawn { child: 1 } }
    }

    #[test]
    fn a_lost_update_is_told_in_an_order_without_stale_loads() {
        let mut events = vec![
            new(0, 1, "7"),
            spawn(1),
            load(2, 0, 1, "7"),
            store(3, 0, 1, "8"),
            load(4, 1, 1, "7"),
            store(5, 1, 1, "8"),
        ];
        assert_eq!(stale_loads(&events), [Stale { load: 4, missed: 3 }]);
        explainable_order(&mut events);
        let seqs: Vec<u64> = events.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, [0, 1, 2, 4, 3, 5], "thread 1's load moves before main's store");
        assert!(stale_loads(&events).is_empty());
    }

    #[test]
    fn a_publish_seen_too_early_stays_stale() {
        // thread 1 stores data then the flag; main sees the flag, then old data: no order explains it.
        let mut events = vec![
            new(0, 1, "0"),
            new(1, 2, "false"),
            spawn(2),
            store(3, 1, 1, "1234"),
            store(4, 1, 2, "true"),
            load(5, 0, 2, "true"),
            load(6, 0, 1, "0"),
        ];
        let before = events.clone();
        explainable_order(&mut events);
        assert_eq!(events, before);
        assert_eq!(stale_loads(&events), [Stale { load: 6, missed: 3 }]);
    }

    #[test]
    fn a_load_is_not_moved_before_its_thread_exists() {
        let mut events = vec![new(0, 1, "0"), store(1, 0, 1, "1"), spawn(2), load(3, 1, 1, "0")];
        let before = events.clone();
        explainable_order(&mut events);
        assert_eq!(events, before);
    }
}
