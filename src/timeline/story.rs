//! From the record to the story the learner reads: which steps to show (the learner's operations on shared state,
//! plus the test's spawns and joins), what each one did in words and values, and how the execution ended (the
//! assertion, the deadlock cycle, the data race, the stale read and the ordering that fixes it).
//!
//! The story is plain data (text spans with a role each); `render` gives it colours and links.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::dump::{Dump, Event, Lock, Op, Place};
use super::labels::{self, Object, Source};
use super::memory::{self, Stale};
use super::replay::{self, Replay};

mod ending;

/// The most rows a timeline shows: about a screenful with its ending. Longer executions (spin loops) keep their
/// last rows, which lead to the failure.
pub const MAX_ROWS: usize = 24;
/// Steps of one thread on one line share a row while the row stays this short.
const MERGE_WIDTH: usize = 64;

/// A piece of text and what it is, for the renderer to style.
#[derive(Debug, Clone, PartialEq)]
pub enum Span {
    Text(String),
    /// Code: an object's name, an expression (`ready == true`); shown in backticks.
    Code(String),
    Value(String),
    /// A memory ordering: shown, but quietly.
    Order(String),
    /// What the learner should notice about a step.
    Note(String),
    /// A place in the exercise file, shown as `file:line`.
    Line(u32),
}

/// One row of the timeline: steps of one thread.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub thread: usize,
    pub line: Option<u32>,
    pub spans: Vec<Span>,
    /// The same step this many times in a row (a spin loop).
    pub repeat: usize,
}

/// What kind of failure ended the execution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// An assertion or another panic in the model's code.
    Panic,
    Deadlock,
    DataRace,
    /// Another of loom's reports (too many branches, a leak).
    Loom,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    pub file: PathBuf,
    pub execution: u64,
    pub rows: Vec<Row>,
    /// Rows left out at the start, to keep the timeline short.
    pub hidden_rows: usize,
    pub problem: Problem,
    /// How the execution ended: the panic, the deadlock cycle, the data race.
    pub failure: Vec<Span>,
    /// The panic's own message lines after the first (an assertion's `left`/`right`).
    pub details: Vec<String>,
    /// Why it went wrong, when the record shows more than the failure says (a stale read and its fix).
    pub why: Vec<Vec<Span>>,
    /// Remarks on the names used.
    pub notes: Vec<Vec<Span>>,
    /// The learner's lines that the failing interleaving runs through, ascending.
    pub lines: Vec<u32>,
}

pub fn thread_name(thread: usize) -> String {
    if thread == 0 { "main".to_owned() } else { format!("thread {thread}") }
}

fn text(s: impl Into<String>) -> Span {
    Span::Text(s.into())
}

fn code(s: impl Into<String>) -> Span {
    Span::Code(s.into())
}

fn value(s: impl Into<String>) -> Span {
    Span::Value(s.into())
}

/// What the story needs to know about the events and the exercise, in one place.
struct Teller<'a> {
    events: Vec<Event>,
    file: &'a Path,
    source: &'a Source,
    learner: Range<u32>,
    replay: Replay,
    stale: Vec<Stale>,
    names: HashMap<u32, String>,
    kinds: HashMap<u32, String>,
    made: HashMap<u32, Place>,
    problem: Problem,
    lines: BTreeSet<u32>,
}

pub fn tell(dump: &Dump, file: &Path, source: &Source, learner: Range<u32>) -> Story {
    let mut events = dump.events.clone();
    memory::explainable_order(&mut events);
    let replay = replay::replay(&events);
    let stale = memory::stale_loads(&events);
    let problem = problem(dump);
    let mut teller = Teller {
        events,
        file,
        source,
        learner,
        replay,
        stale,
        names: HashMap::new(),
        kinds: HashMap::new(),
        made: HashMap::new(),
        problem,
        lines: BTreeSet::new(),
    };
    teller.name_objects();
    let steps = teller.steps();
    let (rows, hidden_rows) = rows(steps);
    for row in &rows {
        if let Some(line) = row.line.filter(|l| teller.learner.contains(l)) {
            teller.lines.insert(line);
        }
    }
    let (failure, why) = teller.ending(dump);
    let notes = teller.notes(&rows, why.iter().chain([&failure]));
    let mut message = dump.panic.message.trim_end().lines().map(str::to_owned);
    message.next();
    let details = if problem == Problem::Panic { message.collect() } else { Vec::new() };
    Story {
        file: file.to_path_buf(),
        execution: dump.execution,
        rows,
        hidden_rows,
        problem,
        failure,
        details,
        why,
        notes,
        lines: teller.lines.into_iter().collect(),
    }
}

pub fn problem(dump: &Dump) -> Problem {
    let message = &dump.panic.message;
    // loom's own reports are raised in loom's source; a panic of the learner's code has its place in the exercise
    // (or in std, for an `unwrap`), even when the thread is unknown (a panic inside a `fetch_update` closure).
    let from_loom = dump.panic.at.as_ref().is_none_or(|at| inside_loom(&at.file));
    if from_loom && message.starts_with("deadlock") {
        Problem::Deadlock
    } else if from_loom && message.contains("Causality violation") {
        Problem::DataRace
    } else if from_loom {
        Problem::Loom
    } else {
        Problem::Panic
    }
}

/// Whether a source file is loom's own (`.../loom-0.7.3/src/rt/execution.rs`).
fn inside_loom(file: &str) -> bool {
    let parts: Vec<&str> = file.split(['/', '\\']).collect();
    parts.windows(2).any(|pair| (pair[0] == "loom" || pair[0].starts_with("loom-")) && pair[1] == "src")
}

/// One step before rows are formed.
struct Step {
    thread: usize,
    line: Option<u32>,
    spans: Vec<Span>,
}

impl Teller<'_> {
    fn place<'e>(&self, event: &'e Event) -> Option<&'e Place> {
        event.at.as_ref().filter(|at| at.in_file(self.file))
    }

    fn in_learner_code(&self, event: &Event) -> bool {
        self.place(event).is_some_and(|at| self.learner.contains(&at.line))
    }

    fn name_objects(&mut self) {
        let mut order: Vec<u32> = Vec::new();
        let mut uses: HashMap<u32, Vec<String>> = HashMap::new();
        for event in &self.events {
            let Some(obj) = event.obj else { continue };
            if !order.contains(&obj) {
                order.push(obj);
            }
            match &event.op {
                Op::New { kind, .. } => {
                    self.kinds.insert(obj, kind.clone());
                    if let Some(at) = &event.at {
                        self.made.insert(obj, at.clone());
                    }
                }
                _ if self.in_learner_code(event) => {
                    if let Some(name) = event.at.as_ref().and_then(|at| self.source.receiver(at)) {
                        uses.entry(obj).or_default().push(name);
                    }
                }
                _ => {}
            }
        }
        let objects: Vec<Object> = order
            .iter()
            .map(|id| Object {
                id: *id,
                made_at: self.made.get(id).filter(|at| at.in_file(self.file)),
                uses: uses.remove(id).unwrap_or_default(),
            })
            .collect();
        self.names = labels::names(&objects, self.source);
    }

    fn is_channel(&self, obj: u32) -> bool {
        self.kinds.get(&obj).is_some_and(|k| k.ends_with("channel"))
    }

    /// How a step calls its object: the channel's end as the learner's code names it there (`tx`, `rx`), any other
    /// object by its one name.
    fn name_at(&self, event: &Event) -> String {
        let Some(obj) = event.obj else { return "?".to_owned() };
        if self.is_channel(obj)
            && let Some(local) = event.at.as_ref().and_then(|at| self.source.receiver(at))
        {
            return local;
        }
        self.names.get(&obj).cloned().unwrap_or_else(|| format!("object {obj}"))
    }

    fn name(&self, obj: u32) -> String {
        self.names.get(&obj).cloned().unwrap_or_else(|| format!("object {obj}"))
    }

    fn line_of(&self, index: usize) -> Option<u32> {
        self.place(&self.events[index]).map(|at| at.line)
    }

    /// Notes a line of the learner's code that the ending speaks of; returns it for the sentence.
    fn cite(&mut self, index: usize) -> Option<u32> {
        let line = self.line_of(index)?;
        if self.learner.contains(&line) {
            self.lines.insert(line);
        }
        Some(line)
    }

    fn blocked_here(&self, index: usize) -> bool {
        self.problem == Problem::Deadlock
            && self.replay.endings.get(&self.events[index].thread).is_some_and(|e| e.blocked_at == Some(index))
    }

    /// The steps worth showing, in order.
    fn steps(&self) -> Vec<Step> {
        // Objects the learner's code touches: their destructor events (dropped senders) are shown too.
        let touched: BTreeSet<u32> =
            self.events.iter().filter(|e| self.in_learner_code(e)).filter_map(|e| e.obj).collect();
        // Per thread and lock, whether each guard it holds was taken by a shown step: an unlock (which has no
        // place) is shown when its lock was, and not when the test took the lock.
        let mut guards: HashMap<(usize, u32), Vec<bool>> = HashMap::new();
        let mut waited: BTreeSet<(usize, u32)> = BTreeSet::new();
        // The thread and object of the lock taken by the step shown last: its unlock right after needs no name.
        let mut just_locked: Option<(usize, u32)> = None;
        let mut steps: Vec<Step> = Vec::new();
        for (index, event) in self.events.iter().enumerate() {
            let key = (event.thread, event.obj.unwrap_or(0));
            let mut shown = match (&event.op, self.place(event)) {
                (Op::New { .. }, _) => false,
                // Where a thread waits forever is part of the story, wherever it is.
                (_, Some(_)) if self.blocked_here(index) => true,
                (Op::Spawn { .. } | Op::Join { .. }, Some(_)) => true,
                (Op::JoinWait { .. }, Some(_)) => false,
                (_, Some(_)) => self.in_learner_code(event),
                (Op::Unlock { .. }, None) => guards.get_mut(&key).and_then(Vec::pop).unwrap_or(false),
                // Other destructors, and code outside the exercise file (none expected).
                (_, None) => event.at.is_none() && event.obj.is_some_and(|o| touched.contains(&o)),
            };
            if matches!(event.op, Op::LockWait(_) | Op::BarrierWait)
                && self.replay.facts[index].held_by.is_none()
                && !self.blocked_here(index)
            {
                shown = false; // the lock was free: the request is just where loom switched threads
            }
            match &event.op {
                Op::Locked { .. } => guards.entry(key).or_default().push(shown),
                Op::Woken { mutex, .. } => guards.entry((event.thread, *mutex)).or_default().push(shown),
                Op::Wait { mutex } => {
                    guards.get_mut(&(event.thread, *mutex)).and_then(Vec::pop);
                }
                _ => {}
            }
            if !shown {
                continue;
            }
            let spans = match &event.op {
                Op::LockWait(_) | Op::BarrierWait => {
                    waited.insert(key);
                    self.waiting(index)
                }
                Op::Locked { .. } if waited.remove(&key) => {
                    let mut spans = vec![text("gets "), code(self.name_at(event))];
                    spans.extend(self.lock_value(&event.op));
                    spans
                }
                Op::Unlock { .. } if just_locked == Some(key) => {
                    let mut spans = vec![text("unlock")];
                    spans.extend(self.lock_value(&event.op));
                    spans
                }
                _ => self.describe(index),
            };
            just_locked = match event.op {
                Op::Locked { .. } => Some(key),
                Op::Woken { mutex, .. } => Some((event.thread, mutex)),
                _ => None,
            };
            steps.push(Step { thread: event.thread, line: self.place(event).map(|at| at.line), spans });
        }
        steps
    }

    fn lock_value(&self, op: &Op) -> Vec<Span> {
        match op {
            Op::Locked { value: Some(v), .. } | Op::Woken { value: Some(v), .. } => {
                vec![text(" (sees "), value(v), text(")")]
            }
            Op::Unlock { value: Some(v), .. } => vec![text(" (leaves "), value(v), text(")")],
            _ => Vec::new(),
        }
    }

    fn waiting(&self, index: usize) -> Vec<Span> {
        let event = &self.events[index];
        let verb = match event.op {
            Op::LockWait(Lock::Read) => "read-lock ",
            Op::LockWait(Lock::Write) => "write-lock ",
            Op::BarrierWait => "wait at ",
            _ => "lock ",
        };
        let mut spans = vec![text(verb), code(self.name_at(event))];
        match self.replay.facts[index].held_by {
            Some((holder, _)) => spans.push(Span::Note(format!(": waits, {} holds it", thread_name(holder)))),
            None => spans.push(Span::Note(": waits".to_owned())),
        }
        spans
    }

    /// A step in words, with its values.
    fn describe(&self, index: usize) -> Vec<Span> {
        let event = &self.events[index];
        let name = || code(self.name_at(event));
        let order = |o: &str| Span::Order(format!(" ({o})"));
        let mut spans = match &event.op {
            Op::Load { value: v, order: o } => vec![text("load "), name(), text(" -> "), value(v), order(o)],
            Op::Store { value: v, order: o } => vec![text("store "), name(), text(" = "), value(v), order(o)],
            Op::Swap { from, to, order: o } => {
                vec![text("swap "), name(), text(": "), value(from), text(" -> "), value(to), order(o)]
            }
            Op::Rmw { name: method, arg, from, to, order: o } => vec![
                text(format!("{method}({arg}) on ")),
                name(),
                text(": "),
                value(from),
                text(" -> "),
                value(to),
                order(o),
            ],
            Op::Cas { name: method, expected, new, ok, seen, order: o } => {
                let mut spans = vec![text(format!("{method}({expected}, {new}) on ")), name()];
                if *ok {
                    spans.extend([text(": "), value(expected), text(" -> "), value(new)]);
                } else {
                    spans.extend([text(": "), Span::Note("failed, saw ".to_owned()), value(seen)]);
                }
                spans.push(order(o));
                spans
            }
            Op::Update { ok, from, to, order: o } => match (ok, to) {
                (true, Some(to)) => {
                    vec![text("fetch_update on "), name(), text(": "), value(from), text(" -> "), value(to), order(o)]
                }
                _ => vec![text("fetch_update on "), name(), text(": declined at "), value(from), order(o)],
            },
            Op::Fence { order: o } => vec![text("fence"), order(o)],
            Op::Locked { lock, tried, .. } => {
                let verb = match (lock, tried) {
                    (Lock::Mutex, false) => "lock ",
                    (Lock::Mutex, true) => "try_lock ",
                    (Lock::Read, _) => "read-lock ",
                    (Lock::Write, _) => "write-lock ",
                };
                let mut spans = vec![text(verb), name()];
                spans.extend(self.lock_value(&event.op));
                spans
            }
            Op::TryLockFailed(_) => vec![text("try_lock "), name(), Span::Note(": busy".to_owned())],
            Op::Unlock { .. } => {
                let mut spans = vec![text("unlock "), name()];
                spans.extend(self.lock_value(&event.op));
                spans
            }
            Op::Wait { mutex } => {
                vec![text("wait on "), name(), text(" (releases "), code(self.name(*mutex)), text(")")]
            }
            Op::Woken { mutex, .. } => {
                let mut spans =
                    vec![text("woken on "), name(), text(", has "), code(self.name(*mutex)), text(" again")];
                spans.extend(self.lock_value(&event.op));
                spans
            }
            Op::Notify { all } => {
                let woke = &self.replay.facts[index].woke;
                let mut spans = vec![text(if *all { "notify_all " } else { "notify_one " }), name()];
                if woke.is_empty() {
                    spans.push(Span::Note(": nobody is waiting".to_owned()));
                } else {
                    let names: Vec<String> = woke.iter().map(|t| thread_name(*t)).collect();
                    spans.push(text(format!(": wakes {}", names.join(" and "))));
                }
                spans
            }
            Op::Send { ok, tried } => {
                let mut spans = vec![text(if *tried { "try_send on " } else { "send on " }), name()];
                if !ok {
                    spans.push(Span::Note(": fails".to_owned()));
                }
                spans
            }
            Op::SendWait => vec![text("send on "), name(), Span::Note(": waits for room".to_owned())],
            Op::RecvWait => vec![text("recv on "), name(), Span::Note(": waits for a message".to_owned())],
            Op::Recv { ok, tried } => {
                let mut spans = vec![text(if *tried { "try_recv on " } else { "recv on " }), name()];
                match (ok, tried) {
                    (true, _) => {}
                    (false, false) => spans.push(Span::Note(": fails, every Sender is gone".to_owned())),
                    (false, true) => spans.push(Span::Note(": nothing there".to_owned())),
                }
                spans
            }
            Op::SenderClone | Op::SenderDrop => {
                let alive = self.replay.facts[index].senders.unwrap_or(0);
                let verb = if event.op == Op::SenderClone { "clone a Sender" } else { "drop a Sender" };
                vec![text(format!("{verb} ({alive} alive)"))]
            }
            Op::ReceiverDrop => vec![text("drop the Receiver")],
            Op::Spawn { child } => vec![text(format!("spawn {}", thread_name(*child)))],
            Op::JoinWait { child } => vec![Span::Note(format!("waits for {} to finish", thread_name(*child)))],
            Op::Join { child } => vec![text(format!("join {}", thread_name(*child)))],
            Op::CellRead { value: v } => {
                let mut spans = vec![text("read "), name()];
                if let Some(v) = v {
                    spans.extend([text(" -> "), value(v)]);
                }
                spans
            }
            Op::CellWrite { from, to } => {
                let mut spans = vec![text("write "), name()];
                if let (Some(from), Some(to)) = (from, to) {
                    spans.extend([text(": "), value(from), text(" -> "), value(to)]);
                }
                spans
            }
            Op::BarrierWait => vec![text("wait at "), name()],
            Op::Barrier { leader } => {
                vec![text("pass "), name(), text(if *leader { " (the leader)" } else { "" })]
            }
            Op::Sleep { duration } => vec![text(format!("sleep {duration}"))],
            Op::New { .. } | Op::LockWait(_) => Vec::new(),
            Op::Other(op) => vec![text(op.clone())],
        };
        if let Some(stale) = self.stale.iter().find(|s| s.load == index) {
            let missed = &self.events[stale.missed];
            let stored = memory::stored(&missed.op).unwrap_or("?");
            let at = self.line_of(stale.missed).map(|l| format!(" at line {l}")).unwrap_or_default();
            spans.push(Span::Note(format!(": an older value, {} had stored {stored}{at}", thread_name(missed.thread))));
        }
        spans
    }
}

/// Groups steps into rows: steps of one thread on one line share a row while it stays short; a step repeated
/// (a spin loop) is counted instead of repeated.
fn rows(steps: Vec<Step>) -> (Vec<Row>, usize) {
    let mut rows: Vec<Row> = Vec::new();
    for step in steps {
        if let Some(last) = rows.last_mut()
            && last.thread == step.thread
        {
            if last.line == step.line && last.spans == step.spans {
                last.repeat += 1;
                continue;
            }
            let same_place = step.line.is_none() || last.line == step.line;
            if same_place && last.repeat == 1 && width(&last.spans) + width(&step.spans) + 2 <= MERGE_WIDTH {
                last.spans.push(text(", "));
                last.spans.extend(step.spans);
                continue;
            }
        }
        rows.push(Row { thread: step.thread, line: step.line, spans: step.spans, repeat: 1 });
    }
    let hidden = rows.len().saturating_sub(MAX_ROWS);
    (rows.split_off(hidden), hidden)
}

/// Roughly how wide the spans print.
fn width(spans: &[Span]) -> usize {
    spans
        .iter()
        .map(|s| match s {
            Span::Text(t) | Span::Value(t) | Span::Order(t) | Span::Note(t) => t.chars().count(),
            Span::Code(c) => c.chars().count() + 2,
            Span::Line(_) => 12,
        })
        .sum()
}
