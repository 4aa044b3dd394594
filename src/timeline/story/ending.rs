//! The end of the story: how the execution ended (the panic, the deadlock cycle, the data race), why when the record
//! shows more (a stale read, and the ordering that fixes it), and what the numbered names mean.

use std::collections::{BTreeSet, HashMap};

use super::{Problem, Row, Span, Teller, code, text, thread_name, value};
use crate::timeline::dump::{Dump, Op};
use crate::timeline::memory;

impl Teller<'_> {
    /// How the execution ended, and why when the record tells more.
    pub(super) fn ending(&mut self, dump: &Dump) -> (Vec<Span>, Vec<Vec<Span>>) {
        match self.problem {
            Problem::Deadlock => (self.deadlock(), Vec::new()),
            Problem::DataRace => (self.data_race(&dump.panic.message), Vec::new()),
            Problem::Loom => {
                let first = dump.panic.message.lines().next().unwrap_or_default().to_owned();
                (vec![text("loom stopped the model: "), text(first)], Vec::new())
            }
            Problem::Panic => {
                let why = self.stale_publish().into_iter().collect();
                (self.panic(dump), why)
            }
        }
    }

    fn panic(&mut self, dump: &Dump) -> Vec<Span> {
        let who = dump.panic.thread.map_or_else(|| "a thread".to_owned(), thread_name);
        let first = dump.panic.message.lines().next().unwrap_or_default().to_owned();
        match dump.panic.at.as_ref().filter(|at| at.in_file(self.file)) {
            Some(at) => {
                if self.learner.contains(&at.line) {
                    self.lines.insert(at.line);
                }
                vec![text(format!("{who} panicked at ")), Span::Line(at.line), text(": "), text(first)]
            }
            None => vec![text(format!("{who} panicked: ")), text(first)],
        }
    }

    /// For a deadlock: who holds what and waits for what, thread by thread.
    fn deadlock(&mut self) -> Vec<Span> {
        let mut blocked: Vec<(usize, usize)> =
            self.replay.endings.iter().filter_map(|(t, e)| e.blocked_at.map(|at| (*t, at))).collect();
        blocked.sort();
        let mut spans = vec![text("Deadlock: ")];
        for (n, &(thread, at)) in blocked.iter().enumerate() {
            if n > 0 {
                spans.push(text("; "));
            }
            spans.extend(self.why_waiting(thread, at));
        }
        let lock_waiters: HashMap<usize, usize> = blocked
            .iter()
            .filter(|(_, at)| matches!(self.events[*at].op, Op::LockWait(_)))
            .filter_map(|(thread, at)| Some((*thread, self.holder(self.events[*at].obj?, *thread)?)))
            .collect();
        let cycle = lock_waiters.keys().any(|start| {
            let mut at = *start;
            for _ in 0..lock_waiters.len() {
                match lock_waiters.get(&at) {
                    Some(next) if next == start => return true,
                    Some(next) => at = *next,
                    None => return false,
                }
            }
            false
        });
        spans.push(text(match (cycle, blocked.len()) {
            (true, _) => ". Each waits for a lock that another one holds, so none of them can go on.",
            (false, 1) => ". Nothing will ever wake it.",
            (false, _) => ". None of them can go on.",
        }));
        spans
    }

    /// The thread other than `thread` that holds `obj` at the end.
    fn holder(&self, obj: u32, thread: usize) -> Option<usize> {
        self.replay
            .endings
            .iter()
            .filter(|(t, _)| **t != thread)
            .find(|(_, e)| e.holds.iter().any(|(o, _)| *o == obj))
            .map(|(t, _)| *t)
    }

    fn why_waiting(&mut self, thread: usize, at: usize) -> Vec<Span> {
        let who = thread_name(thread);
        let event = self.events[at].clone();
        let line = self.cite(at);
        let on_line = |spans: &mut Vec<Span>| {
            if let Some(line) = line {
                spans.extend([text(" (line "), value(line.to_string()), text(")")]);
            }
        };
        let mut spans = vec![text(who.clone())];
        let holds = self.replay.endings[&thread].holds.clone();
        let waits_for_own = matches!(event.op, Op::LockWait(_)) && holds.iter().any(|(obj, _)| Some(*obj) == event.obj);
        if !holds.is_empty() && !waits_for_own {
            spans.push(text(" holds "));
            for (n, (obj, taken)) in holds.iter().enumerate() {
                if n > 0 {
                    spans.push(text(", "));
                }
                spans.push(code(self.name(*obj)));
                if let Some(line) = self.cite(*taken) {
                    spans.extend([text(" (line "), value(line.to_string()), text(")")]);
                }
            }
            spans.push(text(" and"));
        }
        match &event.op {
            Op::LockWait(_) if waits_for_own => {
                let taken = holds.iter().find(|(obj, _)| Some(*obj) == event.obj).map(|(_, at)| *at);
                spans.extend([text(" locks "), code(self.name_at(&event))]);
                on_line(&mut spans);
                spans.push(text(" while it still holds it"));
                if let Some(line) = taken.and_then(|at| self.cite(at)) {
                    spans.extend([text(" from line "), value(line.to_string())]);
                }
                spans
                    .push(text(": a Mutex cannot be locked again by the thread that holds it, so it waits for itself"));
            }
            Op::LockWait(_) => {
                spans.extend([text(" waits for "), code(self.name_at(&event))]);
                on_line(&mut spans);
                // A blocked holder says what it holds in its own clause.
                let holder = event.obj.and_then(|obj| self.holder(obj, thread));
                if let Some(holder) = holder
                    && self.replay.endings[&holder].blocked_at.is_none()
                {
                    spans.push(text(format!(", which {} holds", thread_name(holder))));
                }
            }
            Op::Wait { .. } => {
                spans.extend([text(" waits on "), code(self.name_at(&event))]);
                on_line(&mut spans);
                spans.push(text(" for a notification that never comes: "));
                spans.extend(self.missed_notification(at));
            }
            Op::RecvWait => {
                spans.extend([text(" waits for a message on "), code(self.name_at(&event))]);
                on_line(&mut spans);
                let alive = event.obj.and_then(|o| self.replay.senders.get(&o)).copied().unwrap_or(0);
                if alive > 0 {
                    let senders = if alive == 1 { "1 Sender is".to_owned() } else { format!("{alive} Senders are") };
                    spans.push(text(format!(
                        ", but nobody sends one and the channel stays open: {senders} still alive, and a receive \
                         ends only when every Sender is dropped"
                    )));
                }
            }
            Op::SendWait => {
                spans.extend([text(" waits for room on "), code(self.name_at(&event))]);
                on_line(&mut spans);
                spans.push(text(", and nobody receives"));
            }
            Op::JoinWait { child } => {
                spans.push(text(format!(" waits for {} to finish", thread_name(*child))));
                on_line(&mut spans);
            }
            Op::BarrierWait => {
                spans.extend([text(" waits at "), code(self.name_at(&event))]);
                on_line(&mut spans);
                spans.push(text(" for threads that never arrive"));
            }
            _ => spans.push(text(" cannot go on")),
        }
        spans
    }

    /// Why a condition variable's waiter was never woken.
    fn missed_notification(&mut self, wait: usize) -> Vec<Span> {
        let cv = self.events[wait].obj;
        let notifies: Vec<usize> = (0..self.events.len())
            .filter(|&i| self.events[i].obj == cv && matches!(self.events[i].op, Op::Notify { .. }))
            .collect();
        let before: Vec<usize> = notifies.iter().copied().filter(|&i| i < wait).collect();
        let after: Vec<usize> = notifies.iter().copied().filter(|&i| i > wait).collect();
        let describe = |teller: &mut Teller, i: usize| {
            let what = if teller.events[i].op == (Op::Notify { all: true }) { "notify_all" } else { "notify_one" };
            let mut spans = vec![text("the "), code(what)];
            if let Some(line) = teller.cite(i) {
                spans.extend([text(" at line "), value(line.to_string())]);
            }
            spans.push(text(format!(" ({})", thread_name(teller.events[i].thread))));
            spans
        };
        if let Some(&last) = after.last() {
            let mut spans = describe(self, last);
            let woke = &self.replay.facts[last].woke;
            spans.push(text(if woke.is_empty() {
                " came while it was not yet really waiting".to_owned()
            } else {
                let names: Vec<String> = woke.iter().map(|t| thread_name(*t)).collect();
                format!(" woke {} instead", names.join(" and "))
            }));
            spans
        } else if let Some(&last) = before.last() {
            let mut spans = describe(self, last);
            spans.push(text(
                " came before it began to wait, and a notification wakes only the threads that are already waiting",
            ));
            spans
        } else {
            vec![text("nothing notifies "), code(self.name_at(&self.events[wait].clone()))]
        }
    }

    /// For loom's data-race report: the access it stopped at and the earlier access of another thread that it
    /// races with.
    fn data_race(&mut self, message: &str) -> Vec<Span> {
        let is_cell = |op: &Op| matches!(op, Op::CellRead { .. } | Op::CellWrite { .. });
        let Some(last) = self.events.iter().rposition(|e| is_cell(&e.op)) else {
            return vec![text(message.lines().next().unwrap_or_default().to_owned())];
        };
        let racing = self.events[last].clone();
        let writes = |op: &Op| matches!(op, Op::CellWrite { .. });
        let other = (0..last).rev().find(|&i| {
            let e = &self.events[i];
            e.obj == racing.obj && e.thread != racing.thread && is_cell(&e.op) && (writes(&e.op) || writes(&racing.op))
        });
        let verb = |op: &Op, past: bool| match (writes(op), past) {
            (true, false) => "writes",
            (true, true) => "wrote",
            (false, false) => "reads",
            (false, true) => "read",
        };
        let mut spans = vec![text("Data race on "), code(self.name_at(&racing)), text(": ")];
        spans.push(text(format!("{} {} it", thread_name(racing.thread), verb(&racing.op, false))));
        if let Some(line) = self.cite(last) {
            spans.extend([text(" (line "), value(line.to_string()), text(")")]);
        }
        if let Some(other) = other {
            let earlier = self.events[other].clone();
            spans.push(text(format!(
                " while {}'s {} of it",
                thread_name(earlier.thread),
                match writes(&earlier.op) {
                    true => "write",
                    false => "read",
                }
            )));
            if let Some(line) = self.cite(other) {
                spans.extend([text(" (line "), value(line.to_string())]);
                if let Op::CellWrite { from: Some(from), to: Some(to) } = &earlier.op {
                    spans.extend([text(", "), value(from), text(" -> "), value(to)]);
                }
                spans.push(text(")"));
            }
            spans.push(text(
                " is not ordered before it: no lock, no join and no Release/Acquire pair stands between the two \
                 accesses",
            ));
        }
        spans.push(text("."));
        spans
    }

    /// For a stale load in the learner's code: what the thread saw, what it missed, and, when a flag published the
    /// data, the orderings that would make the flag carry it.
    fn stale_publish(&mut self) -> Option<Vec<Span>> {
        let stale = self.stale.iter().rev().find(|s| self.in_learner_code(&self.events[s.load]))?.clone();
        let load = self.events[stale.load].clone();
        let missed = self.events[stale.missed].clone();
        let (Some(data), Op::Load { value: seen, .. }) = (load.obj, &load.op) else { return None };
        let data_name = self.name(data);
        let load_line = self.cite(stale.load);
        let store_line = self.cite(stale.missed);
        let line = |l: Option<u32>| l.map(|l| format!(" (line {l})")).unwrap_or_default();
        // The flag: an earlier load by this thread that saw a store the other thread made after the missed one.
        let flag = (0..stale.load).rev().find_map(|j| {
            let e = &self.events[j];
            let (Op::Load { value, order }, Some(obj)) = (&e.op, e.obj) else { return None };
            if e.thread != load.thread || obj == data {
                return None;
            }
            // The store it read: the last one before it that wrote the value it saw.
            let source = (0..j).rev().find(|&k| {
                self.events[k].obj == Some(obj) && memory::stored(&self.events[k].op) == Some(value.as_str())
            })?;
            (self.events[source].thread == missed.thread && source > stale.missed)
                .then(|| (j, source, obj, value.clone(), order.clone()))
        });
        let who = thread_name(load.thread);
        let Some((flag_load, flag_store, flag, flag_value, load_order)) = flag else {
            let stored = memory::stored(&missed.op).unwrap_or("?").to_owned();
            return Some(vec![
                text(format!("{who} read ")),
                code(format!("{data_name} == {seen}")),
                text(line(load_line)),
                text(format!(" although {} had stored {stored}", thread_name(missed.thread))),
                text(line(store_line)),
                text(
                    ": nothing ordered that store before the load (no lock, no join, no Release/Acquire pair), so \
                     the load could still return the older value.",
                ),
            ]);
        };
        let flag_name = self.name(flag);
        let flag_load_line = self.cite(flag_load);
        let flag_store_line = self.cite(flag_store);
        let store_order = match &self.events[flag_store].op {
            Op::Store { order, .. } | Op::Swap { order, .. } | Op::Rmw { order, .. } | Op::Cas { order, .. } => {
                order.clone()
            }
            _ => String::new(),
        };
        let mut spans = vec![
            text(format!("{who} saw ")),
            code(format!("{flag_name} == {flag_value}")),
            text(line(flag_load_line)),
            text(" but then read "),
            code(format!("{data_name} == {seen}")),
            text(line(load_line)),
            text(": nothing made the write of "),
            code(data_name.clone()),
            text(line(store_line)),
            text(" visible before "),
            code(flag_name.clone()),
            text("."),
        ];
        let releases = ["Release", "AcqRel", "SeqCst"].contains(&store_order.as_str());
        let acquires = ["Acquire", "AcqRel", "SeqCst"].contains(&load_order.as_str());
        let store_place = flag_store_line.map(|l| format!(" at line {l}")).unwrap_or_default();
        let load_place = flag_load_line.map(|l| format!(" at line {l}")).unwrap_or_default();
        match (releases, acquires) {
            (false, false) => spans.extend([
                text(format!(" Make the store to `{flag_name}`{store_place} ")),
                code("Ordering::Release"),
                text(format!(" and its load{load_place} ")),
                code("Ordering::Acquire"),
                text(": an Acquire load that reads a Release store sees everything written before that store."),
            ]),
            (false, true) => spans.extend([
                text(format!(" The load of `{flag_name}`{load_place} is Acquire, but the store{store_place} is ")),
                code(store_order),
                text(": make it "),
                code("Ordering::Release"),
                text(", so that the pair carries the write of "),
                code(data_name),
                text(" along."),
            ]),
            (true, false) => spans.extend([
                text(format!(" The store to `{flag_name}`{store_place} is Release, but the load{load_place} is ")),
                code(load_order),
                text(": make it "),
                code("Ordering::Acquire"),
                text(", so that the pair carries the write of "),
                code(data_name),
                text(" along."),
            ]),
            // Both orderings already pair up: the stale value has another cause, and no ordering advice applies.
            (true, true) => {}
        }
        Some(spans)
    }

    /// What the numbered names mean, when the story uses any.
    pub(super) fn notes<'s>(&self, rows: &'s [Row], ending: impl Iterator<Item = &'s Vec<Span>>) -> Vec<Vec<Span>> {
        let used: BTreeSet<&String> = rows
            .iter()
            .flat_map(|r| &r.spans)
            .chain(ending.flatten())
            .filter_map(|s| if let Span::Code(c) = s { Some(c) } else { None })
            .collect();
        /// Numbered names that share a base name, with the line each object was made at.
        struct Group {
            base: String,
            members: Vec<(String, Option<u32>)>,
        }
        let mut groups: Vec<Group> = Vec::new();
        let mut ids: Vec<&u32> = self.names.keys().collect();
        ids.sort();
        for id in ids {
            let name = &self.names[id];
            let Some((base, _)) = name.rsplit_once(" #") else { continue };
            if !used.contains(name) {
                continue;
            }
            let made = self.made.get(id).filter(|at| at.in_file(self.file)).map(|at| at.line);
            match groups.iter_mut().find(|g| g.base == base) {
                Some(group) => group.members.push((name.clone(), made)),
                None => groups.push(Group { base: base.to_owned(), members: vec![(name.clone(), made)] }),
            }
        }
        groups
            .into_iter()
            .map(|Group { base, members }| {
                let mut spans = Vec::new();
                for (n, (name, _)) in members.iter().enumerate() {
                    if n > 0 {
                        spans.push(text(if n + 1 == members.len() { " and " } else { ", " }));
                    }
                    spans.push(code(name.clone()));
                }
                let lines: BTreeSet<u32> = members.iter().filter_map(|(_, l)| *l).collect();
                let place = match lines.iter().collect::<Vec<_>>().as_slice() {
                    [line] => format!(" at line {line}"),
                    _ => String::new(),
                };
                spans.push(text(format!(
                    " are different objects, each called `{base}` where it was made{place}, numbered in the order \
                     they were made."
                )));
                spans
            })
            .collect()
    }
}
