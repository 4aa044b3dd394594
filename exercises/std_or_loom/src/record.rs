//! The record of the current loom execution: each operation of the modelled types, in the order loom ran them.
//!
//! Recording is on only when `TUTOR_TIMELINE` names a file; that is decided once, so with recording off an operation
//! costs one relaxed load of a cached flag. loom runs all the threads of a model as coroutines on the OS thread that
//! called `model`, so the record is a thread local of that OS thread: models run by parallel tests in one process
//! keep separate records, and no lock is needed.

use std::cell::{Cell, RefCell};
use std::fmt::Debug;
use std::panic::Location;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, AtomicU32, Ordering};

/// Identifies one modelled object (a lock, an atomic, a channel, a cell) within the process; 0 for an object made
/// while recording was off. Addresses would not do: a `Mutex::new(1)` is usually moved (into a struct, an `Arc`)
/// between its creation and its first `lock`.
pub(crate) type ObjId = u32;

/// Where an operation was called from: the learner's line, thanks to `#[track_caller]` all the way down.
pub(crate) type At = &'static Location<'static>;

const UNDECIDED: u8 = 0;
const OFF: u8 = 1;
const ON: u8 = 2;

static SWITCH: AtomicU8 = AtomicU8::new(UNDECIDED);
static FILE: OnceLock<Option<PathBuf>> = OnceLock::new();
static NEXT_OBJECT: AtomicU32 = AtomicU32::new(1);

/// Whether operations are recorded in this process.
#[inline]
pub(crate) fn on() -> bool {
    match SWITCH.load(Ordering::Relaxed) {
        OFF => false,
        ON => true,
        _ => decide(),
    }
}

#[cold]
fn decide() -> bool {
    let on = file().is_some();
    SWITCH.store(if on { ON } else { OFF }, Ordering::Relaxed);
    on
}

/// The file that the failing execution's record goes to: `TUTOR_TIMELINE`, read once.
pub(crate) fn file() -> Option<&'static Path> {
    FILE.get_or_init(|| std::env::var_os("TUTOR_TIMELINE").filter(|v| !v.is_empty()).map(PathBuf::from)).as_deref()
}

/// A value in an event: numbers and flags stay numbers and flags in the dump, everything else is `Debug` text.
#[derive(Debug, Clone)]
pub(crate) enum Value {
    Text(String),
    Num(u64),
    Flag(bool),
}

#[derive(Debug, Clone)]
pub(crate) struct Event {
    pub seq: u64,
    /// loom's thread number: 0 for the model's main thread, then 1, 2, ... in spawn order.
    pub thread: usize,
    pub op: &'static str,
    pub obj: ObjId,
    /// None for what happens in a destructor (a guard's unlock), which cannot know its caller.
    pub at: Option<At>,
    pub fields: Vec<(&'static str, Value)>,
}

/// What the dump needs from the record when a panic happens.
pub(crate) struct Snapshot {
    pub model: At,
    pub execution: u64,
    pub events: Vec<Event>,
}

#[derive(Default)]
struct Log {
    /// Where `model` was called, while a model runs on this OS thread.
    model: Option<At>,
    /// Executions of the current model so far, this one included.
    execution: u64,
    next_seq: u64,
    events: Vec<Event>,
}

thread_local! {
    static LOG: RefCell<Log> = RefCell::new(Log::default());
    /// True while learner code runs inside one of loom's own operations (a `fetch_update` closure): loom holds its
    /// execution state borrowed then, so the panic hook must not ask loom which thread is running.
    static IN_LOOM_CALLBACK: Cell<bool> = const { Cell::new(false) };
}

/// Marks this OS thread as running a model until the returned guard is dropped.
pub(crate) fn enter_model(at: At) -> ModelGuard {
    LOG.with_borrow_mut(|log| {
        *log = Log { model: Some(at), ..Log::default() };
    });
    ModelGuard(())
}

pub(crate) struct ModelGuard(());

impl Drop for ModelGuard {
    fn drop(&mut self) {
        // A panic leaves through here too; the dump was written by the hook before unwinding began.
        let _ = LOG.try_with(|log| {
            if let Ok(mut log) = log.try_borrow_mut() {
                *log = Log::default();
            }
        });
    }
}

/// Called at the start of every execution of the model: the record is of one execution only.
pub(crate) fn begin_execution() {
    if !on() {
        return;
    }
    LOG.with_borrow_mut(|log| {
        log.execution += 1;
        log.next_seq = 0;
        log.events.clear();
    });
}

/// A new object: its id, and (when recording) an event that says what it is and where it was made.
pub(crate) fn object(kind: &'static str, at: At, initial: Option<&dyn Debug>) -> ObjId {
    if !on() || !in_model() {
        return 0;
    }
    let id = NEXT_OBJECT.fetch_add(1, Ordering::Relaxed);
    op("new", id, at).text("type", kind).maybe("val", initial.map(|value| format!("{value:?}"))).push();
    id
}

fn in_model() -> bool {
    LOG.with_borrow(|log| log.model.is_some())
}

/// Starts an event of the current thread; callers check [`on`] first, so that nothing is built when it is off.
pub(crate) fn op(op: &'static str, obj: ObjId, at: At) -> Builder {
    Builder(Event { seq: 0, thread: 0, op, obj, at: Some(at), fields: Vec::new() })
}

/// An event with no caller location (destructors).
pub(crate) fn op_in_drop(op: &'static str, obj: ObjId) -> Builder {
    Builder(Event { seq: 0, thread: 0, op, obj, at: None, fields: Vec::new() })
}

#[must_use = "an event is recorded only by `push`"]
pub(crate) struct Builder(Event);

impl Builder {
    pub(crate) fn text(mut self, key: &'static str, value: impl Into<String>) -> Builder {
        self.0.fields.push((key, Value::Text(value.into())));
        self
    }

    pub(crate) fn debug(self, key: &'static str, value: impl Debug) -> Builder {
        self.text(key, format!("{value:?}"))
    }

    /// A `Debug` text that may be unknown (a lock's content that is not a primitive).
    pub(crate) fn maybe(self, key: &'static str, value: Option<String>) -> Builder {
        match value {
            Some(value) => self.text(key, value),
            None => self,
        }
    }

    pub(crate) fn num(mut self, key: &'static str, value: u64) -> Builder {
        self.0.fields.push((key, Value::Num(value)));
        self
    }

    pub(crate) fn flag(mut self, key: &'static str, value: bool) -> Builder {
        self.0.fields.push((key, Value::Flag(value)));
        self
    }

    pub(crate) fn order(self, key: &'static str, order: Ordering) -> Builder {
        self.debug(key, order)
    }

    /// Appends the event to the current execution's record and returns its sequence number (for [`amend`]).
    /// Outside a model (a loom type used in a plain test) nothing is recorded, nor while a panic unwinds: the record
    /// was dumped when the panic began, and after loom's own failures (a deadlock) loom cannot even say which thread
    /// runs, so asking would turn the panic into an abort.
    pub(crate) fn push(self) -> Option<u64> {
        let mut event = self.0;
        if std::thread::panicking() || !in_model() {
            return None;
        }
        event.thread = current_thread();
        LOG.with_borrow_mut(|log| {
            event.seq = log.next_seq;
            log.next_seq += 1;
            log.events.push(event);
            Some(log.next_seq - 1)
        })
    }
}

/// Adds a field to an event recorded earlier in this execution: what a cell held after the learner's closure ran.
pub(crate) fn amend(seq: Option<u64>, key: &'static str, value: Value) {
    let Some(seq) = seq else { return };
    LOG.with_borrow_mut(|log| {
        if let Some(event) = log.events.iter_mut().rev().find(|e| e.seq == seq) {
            event.fields.push((key, value));
        }
    });
}

/// loom's number for the running thread.
pub(crate) fn current_thread() -> usize {
    thread_number(&loom::thread::current())
}

/// loom's number for a thread: 0 for the model's main thread, then 1, 2, ... in spawn order. loom shows it only
/// through `ThreadId`'s `Debug` text (`ThreadId(1)`).
pub(crate) fn thread_number(thread: &loom::thread::Thread) -> usize {
    let text = format!("{:?}", thread.id());
    text.trim_start_matches("ThreadId(").trim_end_matches(')').parse().unwrap_or(usize::MAX)
}

/// Runs learner code that loom calls back while it holds its own state (see `IN_LOOM_CALLBACK`).
pub(crate) fn in_loom_callback<R>(f: impl FnOnce() -> R) -> R {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            IN_LOOM_CALLBACK.set(self.0);
        }
    }
    let _reset = Reset(IN_LOOM_CALLBACK.replace(true));
    f()
}

pub(crate) fn inside_loom_callback() -> bool {
    IN_LOOM_CALLBACK.try_with(Cell::get).unwrap_or(true)
}

/// The current execution's record, if a model runs on this OS thread. Used by the panic hook, so it never panics:
/// a record that is being written at this very moment (a panic inside `Debug` formatting) is skipped.
pub(crate) fn snapshot() -> Option<Snapshot> {
    LOG.try_with(|log| {
        let log = log.try_borrow().ok()?;
        Some(Snapshot { model: log.model?, execution: log.execution, events: log.events.clone() })
    })
    .ok()
    .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_recorded_without_the_variable() {
        if std::env::var_os("TUTOR_TIMELINE").is_some_and(|v| !v.is_empty()) {
            return; // someone runs the tests with recording on
        }
        crate::model(|| {
            let lock = crate::sync::Mutex::new(1);
            drop(lock.lock().unwrap());
            let counter = crate::sync::atomic::AtomicUsize::new(0);
            counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            LOG.with_borrow(|log| assert!(log.events.is_empty(), "{:?}", log.events));
        });
        assert!(!on());
    }
}
