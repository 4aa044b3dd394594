//! Writing the failing execution's record: a panic hook, and the dump's line format.
//!
//! The dump goes to a file (`TUTOR_TIMELINE`) because libtest captures what a test prints. It is JSON lines, written
//! without a JSON library (the shim depends on loom alone):
//!
//! ```text
//! {"kind":"model","version":1,"loc":"exercises/x.rs:80:9","execution":37}
//! {"kind":"op","seq":0,"thread":0,"op":"new","obj":3,"loc":"exercises/x.rs:27:30","type":"Mutex"}
//! {"kind":"op","seq":4,"thread":1,"op":"load","obj":5,"loc":"exercises/x.rs:39:18","order":"Relaxed","val":"0"}
//! {"kind":"panic","thread":0,"loc":"exercises/x.rs:78:17","message":"assertion `left == right` failed ..."}
//! ```
//!
//! The first line says which model and which of its executions failed; then one line per operation in the order loom
//! ran them; the last line is the panic. Its `thread` is null when the panic came from inside loom (a deadlock or
//! data-race report), where loom cannot be asked which thread runs.

use std::cell::Cell;
use std::fmt::Write as _;
use std::panic::{Location, PanicHookInfo};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::record::{self, Event, Snapshot, Value};

/// The dump is written once per process: the first panic is the failure; the panics that may follow while loom
/// unwinds the other threads would describe the wreckage, not the cause.
static DUMPED: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// Set when loom reported a deadlock in the model running on this OS thread (see `thread::scope`).
    static DEADLOCK_REPORTED: Cell<bool> = const { Cell::new(false) };
}

/// Whether loom reported a deadlock in the current execution: then no thread of it can be scheduled again.
pub(crate) fn deadlock_reported() -> bool {
    DEADLOCK_REPORTED.try_with(Cell::get).unwrap_or(false)
}

/// Called when an execution begins.
pub(crate) fn begin_execution() {
    DEADLOCK_REPORTED.set(false);
}

/// Installs the hook once per process, in front of whatever hook was there (libtest's or the default one, which
/// still prints the panic as usual).
pub(crate) fn install_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            dump_on_panic(info);
            previous(info);
        }));
    });
}

fn message(info: &PanicHookInfo<'_>) -> String {
    match (info.payload().downcast_ref::<&str>(), info.payload().downcast_ref::<String>()) {
        (Some(text), _) => (*text).to_owned(),
        (_, Some(text)) => text.clone(),
        _ => "(a panic without a message)".to_owned(),
    }
}

fn dump_on_panic(info: &PanicHookInfo<'_>) {
    let from_loom = info.location().is_some_and(|at| inside_loom(at.file()));
    if from_loom && message(info).starts_with("deadlock") {
        let _ = DEADLOCK_REPORTED.try_with(|flag| flag.set(true));
    }
    if !record::on() {
        return;
    }
    let (Some(path), Some(snapshot)) = (record::file(), record::snapshot()) else { return };
    if DUMPED.swap(true, Ordering::Relaxed) {
        return;
    }
    let thread = if from_loom || record::inside_loom_callback() { None } else { Some(record::current_thread()) };
    let text = render(&snapshot, thread, info.location(), &message(info));
    // Nothing can be reported from a panic hook; a missing dump makes the tutor fall back to loom's own output.
    let _ = std::fs::write(path, text);
}

/// Whether a panic was raised in loom's own source (`.../loom-0.7.3/src/rt/execution.rs`): loom's reports of a
/// deadlock, a data race, too many branches. loom's state is in the middle of an update then.
fn inside_loom(file: &str) -> bool {
    let parts: Vec<&str> = file.split(['/', '\\']).collect();
    parts.windows(2).any(|pair| (pair[0] == "loom" || pair[0].starts_with("loom-")) && pair[1] == "src")
}

pub(crate) fn render(snapshot: &Snapshot, thread: Option<usize>, at: Option<&Location<'_>>, message: &str) -> String {
    let mut out = String::new();
    out.push_str(r#"{"kind":"model","version":1,"loc":"#);
    string(&mut out, &place(snapshot.model));
    let _ = writeln!(out, r#","execution":{}}}"#, snapshot.execution);
    for event in &snapshot.events {
        line(&mut out, event);
    }
    out.push_str(r#"{"kind":"panic","thread":"#);
    match thread {
        Some(thread) => {
            let _ = write!(out, "{thread}");
        }
        None => out.push_str("null"),
    }
    out.push_str(r#","loc":"#);
    match at {
        Some(at) => string(&mut out, &place(at)),
        None => out.push_str("null"),
    }
    out.push_str(r#","message":"#);
    string(&mut out, message);
    out.push_str("}\n");
    out
}

fn place(at: &Location<'_>) -> String {
    format!("{}:{}:{}", at.file(), at.line(), at.column())
}

fn line(out: &mut String, event: &Event) {
    let _ = write!(out, r#"{{"kind":"op","seq":{},"thread":{},"op":"#, event.seq, event.thread);
    string(out, event.op);
    if event.obj != 0 {
        let _ = write!(out, r#","obj":{}"#, event.obj);
    }
    if let Some(at) = event.at {
        out.push_str(r#","loc":"#);
        string(out, &place(at));
    }
    for (key, value) in &event.fields {
        out.push(',');
        string(out, key);
        out.push(':');
        match value {
            Value::Text(text) => string(out, text),
            Value::Num(n) => {
                let _ = write!(out, "{n}");
            }
            Value::Flag(b) => {
                let _ = write!(out, "{b}");
            }
        }
    }
    out.push_str("}\n");
}

/// A JSON string literal: quotes, backslashes and control characters escaped (RFC 8259, section 7).
fn string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped() {
        let mut out = String::new();
        string(&mut out, "say \"hi\"\\\n\t\u{1b}[0m é");
        assert_eq!(out, r#""say \"hi\"\\\n\t\u001b[0m é""#);
    }

    #[test]
    fn loom_internal_locations_are_recognised() {
        assert!(inside_loom(
            "/home/a/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/loom-0.7.3/src/rt/execution.rs"
        ));
        assert!(inside_loom("vendor/loom/src/rt/location.rs"));
        assert!(!inside_loom("exercises/10_races_deadlocks/races3.rs"));
        assert!(!inside_loom("exercises/std_or_loom/src/sync/mutex.rs"));
    }
}
