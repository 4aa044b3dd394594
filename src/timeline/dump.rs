//! Reading the dump that the exercises' `std_or_loom` shim writes when a loom model panics (its format is described
//! in `exercises/std_or_loom/src/dump.rs`): JSON lines, a `model` line, one `op` line per operation in the order loom
//! ran them, and the `panic` line.

use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

/// The dump format this tutor understands.
const VERSION: u32 = 1;

/// A place in the source: `file:line:column` as rustc saw the file (relative to the pack root for exercises).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    pub line: u32,
    pub column: u32,
}

impl Place {
    fn parse(text: &str) -> Option<Place> {
        let (rest, column) = text.rsplit_once(':')?;
        let (file, line) = rest.rsplit_once(':')?;
        Some(Place { file: file.to_owned(), line: line.parse().ok()?, column: column.parse().ok()? })
    }

    /// Whether this place is in `file`: the same path as the compiler was given it, or the same file written
    /// another way (`./exercises/a.rs`, or an absolute path that ends with the other's components).
    pub fn in_file(&self, file: &Path) -> bool {
        let ours = normal(Path::new(&self.file));
        let theirs = normal(file);
        ours == theirs
            || (Path::new(&self.file).is_absolute() != file.is_absolute()
                && (ours.ends_with(&theirs) || theirs.ends_with(&ours)))
    }
}

/// A path without its `.` components.
fn normal(path: &Path) -> std::path::PathBuf {
    path.components().filter(|c| *c != std::path::Component::CurDir).collect()
}

/// Which kind of lock a lock operation is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lock {
    Mutex,
    Read,
    Write,
}

/// One recorded operation, with its values as the shim wrote them (`Debug` text).
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    New {
        kind: String,
        value: Option<String>,
    },
    Load {
        value: String,
        order: String,
    },
    Store {
        value: String,
        order: String,
    },
    Swap {
        from: String,
        to: String,
        order: String,
    },
    Rmw {
        name: String,
        arg: String,
        from: String,
        to: String,
        order: String,
    },
    Cas {
        name: String,
        expected: String,
        new: String,
        ok: bool,
        seen: String,
        order: String,
    },
    Update {
        ok: bool,
        from: String,
        to: Option<String>,
        order: String,
    },
    Fence {
        order: String,
    },
    LockWait(Lock),
    Locked {
        lock: Lock,
        tried: bool,
        value: Option<String>,
    },
    TryLockFailed(Lock),
    Unlock {
        lock: Lock,
        value: Option<String>,
    },
    Wait {
        mutex: u32,
    },
    Woken {
        mutex: u32,
        value: Option<String>,
    },
    Notify {
        all: bool,
    },
    Send {
        ok: bool,
        tried: bool,
    },
    SendWait,
    RecvWait,
    Recv {
        ok: bool,
        tried: bool,
    },
    SenderClone,
    SenderDrop,
    ReceiverDrop,
    Spawn {
        child: usize,
    },
    JoinWait {
        child: usize,
    },
    Join {
        child: usize,
    },
    CellRead {
        value: Option<String>,
    },
    CellWrite {
        from: Option<String>,
        to: Option<String>,
    },
    BarrierWait,
    Barrier {
        leader: bool,
    },
    Sleep {
        duration: String,
    },
    /// An operation this tutor does not know (a newer shim); kept so that the thread's story has no hole.
    Other(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub seq: u64,
    /// loom's thread number: 0 is the model's main thread.
    pub thread: usize,
    /// The object operated on; None for thread operations and fences.
    pub obj: Option<u32>,
    /// None for what happens in a destructor (a guard's unlock).
    pub at: Option<Place>,
    pub op: Op,
}

/// How the model's execution ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Panic {
    /// None when loom itself raised it (a deadlock or data-race report).
    pub thread: Option<usize>,
    pub at: Option<Place>,
    pub message: String,
}

/// The whole dump.
#[derive(Debug, Clone, PartialEq)]
pub struct Dump {
    pub model: Place,
    pub execution: u64,
    pub events: Vec<Event>,
    pub panic: Panic,
}

#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum Line {
    Model { version: u32, loc: String, execution: u64 },
    Op(Box<RawOp>),
    Panic { thread: Option<usize>, loc: Option<String>, message: String },
}

/// An `op` line: every field an operation may carry. Unknown fields are ignored, so that a newer shim's extra
/// details do not break an older tutor.
#[derive(Deserialize)]
struct RawOp {
    seq: u64,
    thread: usize,
    op: String,
    obj: Option<u32>,
    loc: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    val: Option<String>,
    from: Option<String>,
    to: Option<String>,
    arg: Option<String>,
    expect: Option<String>,
    name: Option<String>,
    ok: Option<bool>,
    order: Option<String>,
    mutex: Option<u32>,
    child: Option<usize>,
    leader: Option<bool>,
    #[serde(rename = "for")]
    duration: Option<String>,
}

impl RawOp {
    fn into_event(self) -> Event {
        let text = |value: Option<String>| value.unwrap_or_else(|| "?".to_owned());
        let order = self.order.clone().unwrap_or_default();
        let ok = self.ok.unwrap_or(true);
        let op = match self.op.as_str() {
            "new" => Op::New { kind: text(self.kind), value: self.val },
            "load" => Op::Load { value: text(self.val), order },
            "store" => Op::Store { value: text(self.val), order },
            "swap" => Op::Swap { from: text(self.from), to: text(self.to), order },
            "rmw" => {
                Op::Rmw { name: text(self.name), arg: text(self.arg), from: text(self.from), to: text(self.to), order }
            }
            "cas" => Op::Cas {
                name: text(self.name),
                expected: text(self.expect),
                new: text(self.to),
                ok,
                seen: text(self.val),
                order,
            },
            "update" => Op::Update { ok, from: text(self.from), to: self.to, order },
            "fence" => Op::Fence { order },
            "lock_wait" => Op::LockWait(Lock::Mutex),
            "read_wait" => Op::LockWait(Lock::Read),
            "write_wait" => Op::LockWait(Lock::Write),
            name @ ("lock" | "try_lock" | "read" | "try_read" | "write" | "try_write") => {
                let lock = match name {
                    "lock" | "try_lock" => Lock::Mutex,
                    "read" | "try_read" => Lock::Read,
                    _ => Lock::Write,
                };
                if ok {
                    Op::Locked { lock, tried: name.starts_with("try_"), value: self.val }
                } else {
                    Op::TryLockFailed(lock)
                }
            }
            "unlock" => Op::Unlock { lock: Lock::Mutex, value: self.val },
            "read_unlock" => Op::Unlock { lock: Lock::Read, value: self.val },
            "write_unlock" => Op::Unlock { lock: Lock::Write, value: self.val },
            "wait" => Op::Wait { mutex: self.mutex.unwrap_or(0) },
            "woken" => Op::Woken { mutex: self.mutex.unwrap_or(0), value: self.val },
            "notify_one" => Op::Notify { all: false },
            "notify_all" => Op::Notify { all: true },
            "send" => Op::Send { ok, tried: false },
            "try_send" => Op::Send { ok, tried: true },
            "send_wait" => Op::SendWait,
            "recv_wait" => Op::RecvWait,
            "recv" => Op::Recv { ok, tried: false },
            "try_recv" => Op::Recv { ok, tried: true },
            "sender_clone" => Op::SenderClone,
            "sender_drop" => Op::SenderDrop,
            "receiver_drop" => Op::ReceiverDrop,
            "spawn" => Op::Spawn { child: self.child.unwrap_or(usize::MAX) },
            "join_wait" => Op::JoinWait { child: self.child.unwrap_or(usize::MAX) },
            "join" => Op::Join { child: self.child.unwrap_or(usize::MAX) },
            "cell_read" => Op::CellRead { value: self.val },
            "cell_write" => Op::CellWrite { from: self.from, to: self.to },
            "barrier_wait" => Op::BarrierWait,
            "barrier" => Op::Barrier { leader: self.leader.unwrap_or(false) },
            "sleep" => Op::Sleep { duration: text(self.duration) },
            other => Op::Other(other.to_owned()),
        };
        Event { seq: self.seq, thread: self.thread, obj: self.obj, at: self.loc.as_deref().and_then(Place::parse), op }
    }
}

/// Reads a dump; `Ok(None)` when there is none (the model passed, or the exercise does not use the shim).
pub fn read(path: &Path) -> Result<Option<Dump>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(error).with_context(|| format!("failed to read `{}`", path.display())),
    };
    parse(&text).with_context(|| format!("`{}` is not a loom timeline", path.display())).map(Some)
}

pub fn parse(text: &str) -> Result<Dump> {
    let mut model = None;
    let mut events = Vec::new();
    let mut panic = None;
    for (number, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let parsed: Line = serde_json::from_str(line).with_context(|| format!("line {}", number + 1))?;
        match parsed {
            Line::Model { version, loc, execution } => {
                if version != VERSION {
                    bail!("format version {version}, this tutor reads version {VERSION}");
                }
                let place = Place::parse(&loc).with_context(|| format!("line {}: a bad location", number + 1))?;
                model = Some((place, execution));
            }
            Line::Op(op) => events.push((*op).into_event()),
            Line::Panic { thread, loc, message } => {
                panic = Some(Panic { thread, at: loc.as_deref().and_then(Place::parse), message });
            }
        }
    }
    let Some((model, execution)) = model else { bail!("no `model` line") };
    // A dump cut short (the process was killed while writing) still tells the steps up to there.
    let panic = panic.unwrap_or(Panic { thread: None, at: None, message: "(the dump ends before the panic)".into() });
    Ok(Dump { model, execution, events, panic })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_line_kind() {
        let dump = parse(concat!(
            r#"{"kind":"model","version":1,"loc":"exercises/a b.rs:36:9","execution":3}"#,
            "\n",
            r#"{"kind":"op","seq":0,"thread":0,"op":"new","obj":5,"loc":"exercises/a b.rs:12:28","type":"AtomicUsize","val":"0"}"#,
            "\n",
            r#"{"kind":"op","seq":1,"thread":1,"op":"cas","obj":5,"loc":"x.rs:1:2","name":"compare_exchange","expect":"0","to":"1","ok":false,"val":"1","order":"AcqRel","order2":"Relaxed"}"#,
            "\n",
            r#"{"kind":"op","seq":2,"thread":1,"op":"unlock","obj":2,"val":"-60","later":"ignored"}"#,
            "\n",
            r#"{"kind":"op","seq":3,"thread":1,"op":"teleport"}"#,
            "\n",
            r#"{"kind":"panic","thread":null,"loc":"/x/loom-0.7.3/src/rt/execution.rs:215:13","message":"deadlock; threads"}"#,
        ))
        .unwrap();
        assert_eq!(dump.model, Place { file: "exercises/a b.rs".into(), line: 36, column: 9 });
        assert_eq!(dump.execution, 3);
        assert_eq!(dump.events[0].op, Op::New { kind: "AtomicUsize".into(), value: Some("0".into()) });
        assert_eq!(
            dump.events[1].op,
            Op::Cas {
                name: "compare_exchange".into(),
                expected: "0".into(),
                new: "1".into(),
                ok: false,
                seen: "1".into(),
                order: "AcqRel".into()
            }
        );
        assert_eq!(
            (dump.events[2].at.as_ref(), &dump.events[2].op),
            (None, &Op::Unlock { lock: Lock::Mutex, value: Some("-60".into()) })
        );
        assert_eq!(dump.events[3].op, Op::Other("teleport".into()));
        assert_eq!(dump.panic.thread, None);
        assert_eq!(dump.panic.at.as_ref().map(|p| p.line), Some(215));
    }

    #[test]
    fn rejects_other_versions_and_missing_headers() {
        let newer = r#"{"kind":"model","version":2,"loc":"a.rs:1:1","execution":1}"#;
        assert!(format!("{:#}", parse(newer).unwrap_err()).contains("version 2"));
        assert!(parse(r#"{"kind":"panic","thread":0,"loc":null,"message":"x"}"#).is_err());
        assert!(parse("not json").is_err());
    }

    #[test]
    fn places_match_the_file_however_it_is_written() {
        let place = Place { file: "exercises/07_atomics/atomics5.rs".into(), line: 1, column: 1 };
        assert!(place.in_file(Path::new("exercises/07_atomics/atomics5.rs")));
        assert!(place.in_file(Path::new("./exercises/07_atomics/atomics5.rs")));
        assert!(place.in_file(Path::new("/home/ana/pack/exercises/07_atomics/atomics5.rs")));
        assert!(!place.in_file(Path::new("solutions/07_atomics/atomics5.rs")));
        assert!(!place.in_file(Path::new("atomics5.rs/../x.rs")));
    }

    #[test]
    fn a_missing_file_is_no_timeline() {
        assert!(read(Path::new("/nonexistent/timeline.jsonl")).unwrap().is_none());
    }
}
