//! Replaying the record to know, at each step, who holds which lock, who waits on which condition variable, how many
//! senders a channel has: what a step did to the others ("waits: thread 1 holds it", "wakes thread 2") and where
//! every thread stands when the execution stopped.

use std::collections::{HashMap, VecDeque};

use super::dump::{Event, Op};

/// What replaying one event found out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fact {
    /// For a lock request: the thread holding the lock then (a writer, or the first reader), and the index of the
    /// event by which it got the lock.
    pub held_by: Option<(usize, usize)>,
    /// For a notification: the threads it woke.
    pub woke: Vec<usize>,
    /// For a sender clone or drop: the senders alive afterwards.
    pub senders: Option<usize>,
}

/// Where a thread stands at the end.
#[derive(Debug, Clone, PartialEq)]
pub struct Ending {
    /// Locks held, as (object, index of the event that took it).
    pub holds: Vec<(u32, usize)>,
    /// The index of the event it is blocked in, if its last step is a wait that never ended.
    pub blocked_at: Option<usize>,
}

pub struct Replay {
    pub facts: Vec<Fact>,
    pub endings: HashMap<usize, Ending>,
    /// Senders alive at the end, per channel.
    pub senders: HashMap<u32, usize>,
}

/// Replays `events` in order.
pub fn replay(events: &[Event]) -> Replay {
    // Holders per lock: (thread, index of the acquiring event); several readers may hold one `RwLock`.
    let mut holders: HashMap<u32, Vec<(usize, usize)>> = HashMap::new();
    let mut waiters: HashMap<u32, VecDeque<usize>> = HashMap::new();
    let mut senders: HashMap<u32, usize> = HashMap::new();
    let mut facts = vec![Fact::default(); events.len()];
    let mut last: HashMap<usize, usize> = HashMap::new();
    for (index, event) in events.iter().enumerate() {
        last.insert(event.thread, index);
        let Some(obj) = event.obj else { continue };
        let fact = &mut facts[index];
        match &event.op {
            Op::New { kind, .. } if kind == "channel" || kind == "sync_channel" => {
                senders.insert(obj, 1);
            }
            Op::LockWait(_) => {
                fact.held_by = holders.get(&obj).and_then(|h| h.iter().find(|(t, _)| *t != event.thread)).copied();
            }
            Op::Locked { .. } => holders.entry(obj).or_default().push((event.thread, index)),
            Op::Unlock { .. } => release(&mut holders, obj, event.thread),
            Op::Wait { mutex } => {
                release(&mut holders, *mutex, event.thread);
                waiters.entry(obj).or_default().push_back(event.thread);
            }
            Op::Woken { mutex, .. } => {
                holders.entry(*mutex).or_default().push((event.thread, index));
                // A wake-up that no recorded notification explains (loom models no spurious ones, but stay safe).
                if let Some(queue) = waiters.get_mut(&obj) {
                    queue.retain(|t| *t != event.thread);
                }
            }
            Op::Notify { all } => {
                let queue = waiters.entry(obj).or_default();
                fact.woke = if *all { queue.drain(..).collect() } else { queue.pop_front().into_iter().collect() };
            }
            Op::SenderClone => {
                let alive = senders.entry(obj).or_insert(1);
                *alive += 1;
                fact.senders = Some(*alive);
            }
            Op::SenderDrop => {
                let alive = senders.entry(obj).or_insert(1);
                *alive = alive.saturating_sub(1);
                fact.senders = Some(*alive);
            }
            _ => {}
        }
    }
    let endings = last
        .into_iter()
        .map(|(thread, index)| {
            let mut holds: Vec<(u32, usize)> = holders
                .iter()
                .flat_map(|(obj, h)| h.iter().filter(|(t, _)| *t == thread).map(|(_, at)| (*obj, *at)))
                .collect();
            holds.sort_by_key(|(_, at)| *at);
            let blocked_at = is_blocking(&events[index].op).then_some(index);
            (thread, Ending { holds, blocked_at })
        })
        .collect();
    Replay { facts, endings, senders }
}

fn release(holders: &mut HashMap<u32, Vec<(usize, usize)>>, obj: u32, thread: usize) {
    if let Some(held) = holders.get_mut(&obj)
        && let Some(position) = held.iter().position(|(t, _)| *t == thread)
    {
        held.remove(position);
    }
}

/// Whether a thread whose last step is `op` is waiting (for a lock, a notification, a message, a thread).
pub fn is_blocking(op: &Op) -> bool {
    matches!(
        op,
        Op::LockWait(_) | Op::Wait { .. } | Op::RecvWait | Op::SendWait | Op::JoinWait { .. } | Op::BarrierWait
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::dump::Lock;

    fn op(thread: usize, obj: Option<u32>, op: Op) -> Event {
        Event { seq: 0, thread, obj, at: None, op }
    }

    #[test]
    fn tracks_holders_waiters_and_senders() {
        let events = vec![
            op(0, Some(1), Op::Locked { lock: Lock::Mutex, tried: false, value: None }),
            op(1, Some(1), Op::LockWait(Lock::Mutex)),
            op(0, Some(2), Op::Wait { mutex: 1 }),
            op(1, Some(1), Op::Locked { lock: Lock::Mutex, tried: false, value: None }),
            op(1, Some(2), Op::Notify { all: false }),
            op(1, Some(2), Op::Notify { all: false }),
            op(0, Some(3), Op::New { kind: "channel".into(), value: None }),
            op(0, Some(3), Op::SenderClone),
            op(0, Some(3), Op::SenderDrop),
            op(0, Some(3), Op::RecvWait),
        ];
        let replay = replay(&events);
        assert_eq!(replay.facts[1].held_by, Some((0, 0)));
        assert_eq!(replay.facts[4].woke, [0]);
        assert!(replay.facts[5].woke.is_empty(), "nobody was left waiting");
        assert_eq!(replay.facts[8].senders, Some(1));
        assert_eq!(replay.senders[&3], 1);
        assert_eq!(replay.endings[&1], Ending { holds: vec![(1, 3)], blocked_at: None });
        assert_eq!(replay.endings[&0].blocked_at, Some(9));
    }
}
