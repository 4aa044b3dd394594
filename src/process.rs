//! The one place that runs other programs: the compiler, cargo and the learner's own code.
//!
//! Every child gets a closed stdin, its own process group (so that everything it spawns can be killed together), one
//! pipe shared by stdout and stderr (so the learner sees both in the order they were written), a cap on how much of
//! that output is kept, and a deadline.

use std::io::{self, Read};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

/// How much of a program's output is kept. A runaway `println!` loop writes gigabytes; the learner needs the first
/// screenful, and the tutor must not run out of memory.
pub const OUTPUT_CAP: usize = 1024 * 1024;

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exit {
    /// The program exited by itself with this status code.
    Code(i32),
    /// The program was killed by this signal (for example SIGABRT after a double panic, SIGSEGV).
    Signal(i32),
    /// The program outlived its time limit and was killed, with everything it had spawned.
    TimedOut(Hang),
    /// The run was cancelled from outside (a newer save arrived) and killed.
    Cancelled,
}

/// What a program that outlived its time limit was doing when it was stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hang {
    /// Its threads were using the processor: most likely an endless loop.
    Busy,
    /// Its threads were asleep, waiting: most likely a deadlock (locks taken in opposite orders, a lock taken twice, a
    /// channel whose sender is never dropped, a condition variable nobody notifies).
    Blocked,
}

/// The result of one run: how it ended and what it printed.
#[derive(Debug, Clone)]
pub struct Finished {
    pub exit: Exit,
    /// Everything written to stdout and stderr, in order, up to [`OUTPUT_CAP`] bytes.
    pub output: Vec<u8>,
    /// True when the program wrote more than [`OUTPUT_CAP`] bytes and the rest was dropped.
    pub truncated: bool,
    /// Processes the program started outside its process group (`setsid`) that were still running, and were stopped.
    pub escaped: usize,
}

impl Finished {
    pub fn success(&self) -> bool {
        self.exit == Exit::Code(0)
    }

    pub fn output_lossy(&self) -> String {
        String::from_utf8_lossy(&self.output).into_owned()
    }
}

/// A handle that stops a running program from another thread (used by the watch loop when a newer save arrives).
#[derive(Clone, Default)]
pub struct CancelToken(std::sync::Arc<std::sync::atomic::AtomicBool>);

impl CancelToken {
    /// A token that fires on Ctrl-C or a request to stop (SIGINT, SIGTERM, SIGHUP). The programs the tutor runs live
    /// in a process group of their own, out of reach of the terminal's Ctrl-C, so the tutor must not simply die and
    /// leave a looping exercise behind: it stops the program, then exits.
    pub fn on_interrupt() -> Result<CancelToken> {
        let token = CancelToken::default();
        for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
            signal_hook::flag::register(signal, std::sync::Arc::clone(&token.0))
                .context("failed to install a handler for Ctrl-C")?;
        }
        Ok(token)
    }

    pub fn cancel(&self) {
        self.0.store(true, std::sync::atomic::Ordering::Release);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::Acquire)
    }
}

/// Ctrl-C stopped a grading: its programs are already killed. 130 is the shell's code for a command ended by SIGINT.
pub fn interrupted() -> std::process::ExitCode {
    eprintln!("Interrupted: the running program was stopped.");
    std::process::ExitCode::from(130)
}

/// How often a waiting run looks at its cancel token. Cancellation is rare and a 20 ms delay is invisible.
const CANCEL_POLL: Duration = Duration::from_millis(20);

/// Runs `cmd` to completion, or until `limit` passes or `cancel` fires, and captures its output.
///
/// `what` names the program in error messages ("the compiler", "your program").
pub fn run(cmd: Command, limit: Duration, cancel: Option<&CancelToken>, what: &str) -> Result<Finished> {
    run_with(cmd, Limits { time: limit, memory: None }, cancel, what)
}

/// What a learner's program may use.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub time: Duration,
    /// Address space in bytes, for the program and each process it starts (`RLIMIT_AS`).
    pub memory: Option<u64>,
}

/// How long output is still read after the program ended, from whatever it left running that holds the pipe.
const DRAIN_GRACE: Duration = Duration::from_millis(200);

/// Runs `cmd` within `limits`; see [`run`]. A process the program started that left its process group (`setsid`) is
/// found by a mark in its environment and stopped too, and the output is read no longer than the time limit, whatever
/// still holds the pipe.
pub fn run_with(mut cmd: Command, limits: Limits, cancel: Option<&CancelToken>, what: &str) -> Result<Finished> {
    let (reader, writer) = io::pipe().context("failed to create a pipe for a child process")?;
    let writer_err = writer.try_clone().context("failed to duplicate a pipe for a child process")?;
    let mark = format!("{}-{}", std::process::id(), RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    cmd.stdin(Stdio::null()).stdout(writer).stderr(writer_err).process_group(0).env(MARK, &mark);
    if let Some(bytes) = limits.memory {
        limit_memory(&mut cmd, bytes);
    }
    let start = Instant::now();
    let child = cmd.spawn().with_context(|| format!("failed to start {what} ({:?})", cmd.get_program()))?;
    // The parent's copies of the write end live in `cmd`; drop them so that the reader sees end-of-file once the
    // child (and everything it spawned) has exited.
    drop(cmd);
    let pgid = Pid::from_raw(child.id() as i32);

    let buffer = std::sync::Arc::new(std::sync::Mutex::new(Collected::default()));
    let (done_tx, done_rx) = mpsc::channel();
    let shared = std::sync::Arc::clone(&buffer);
    thread::Builder::new()
        .name("output".into())
        .spawn(move || {
            collect(reader, &shared);
            let _ = done_tx.send(());
        })
        .context("failed to start a thread to read a child's output")?;

    let exit = wait(child, pgid, limits.time, cancel, start)?;
    // Whatever happened, nothing the child spawned may outlive it: a background grandchild would keep the pipe open
    // and hold on to the processor. ESRCH (nothing left) is the usual answer and is fine.
    let _ = killpg(pgid, Signal::SIGKILL);
    let escaped = kill_marked(&mark);
    // Read what is left, but not past the time limit (with a moment's grace for a pipe that is closing anyway).
    let until = (start + limits.time).max(Instant::now() + DRAIN_GRACE);
    let _ = done_rx.recv_timeout(until.saturating_duration_since(Instant::now()));
    let collected = std::mem::take(&mut *buffer.lock().unwrap_or_else(|e| e.into_inner()));
    Ok(Finished { exit, output: collected.kept, truncated: collected.truncated, escaped })
}

/// The environment variable that marks every process a run started, however far it wandered.
const MARK: &str = "TUTOR_RUN";
static RUNS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Kills every process that carries this run's mark in its environment; returns how many there were.
fn kill_marked(mark: &str) -> usize {
    let wanted = format!("{MARK}={mark}");
    let Ok(entries) = std::fs::read_dir("/proc") else { return 0 };
    let mut killed = 0;
    for entry in entries.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse::<i32>().ok()) else { continue };
        let Ok(environ) = std::fs::read(entry.path().join("environ")) else { continue };
        if environ.split(|b| *b == 0).any(|var| var == wanted.as_bytes())
            && nix::sys::signal::kill(Pid::from_raw(pid), Signal::SIGKILL).is_ok()
        {
            killed += 1;
        }
    }
    killed
}

/// Runs a tool whose output is for the learner to watch as it comes (`cargo fetch`'s downloads): stdout and stderr
/// stay the terminal's, with the same process group, deadline and cancellation as [`run`].
pub fn run_visible(mut cmd: Command, limit: Duration, cancel: Option<&CancelToken>, what: &str) -> Result<Exit> {
    cmd.stdin(Stdio::null()).process_group(0);
    let start = Instant::now();
    let child = cmd.spawn().with_context(|| format!("failed to start {what} ({:?})", cmd.get_program()))?;
    let pgid = Pid::from_raw(child.id() as i32);
    let exit = wait(child, pgid, limit, cancel, start)?;
    let _ = killpg(pgid, Signal::SIGKILL);
    Ok(exit)
}

/// Runs a tool whose standard output is a stream of messages (cargo's JSON) and whose standard error is for people:
/// every line of stdout goes to `on_line` as it arrives (for a progress line), stderr is kept (up to
/// [`OUTPUT_CAP`]); the same process group, deadline and cancellation as [`run`].
pub fn run_split(
    mut cmd: Command,
    limit: Duration,
    cancel: Option<&CancelToken>,
    what: &str,
    mut on_line: impl FnMut(&str) + Send + 'static,
) -> Result<Finished> {
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).process_group(0);
    let start = Instant::now();
    let mut child = cmd.spawn().with_context(|| format!("failed to start {what} ({:?})", cmd.get_program()))?;
    let pgid = Pid::from_raw(child.id() as i32);
    let stdout = child.stdout.take().context("a child's output pipe is missing")?;
    let stderr = child.stderr.take().context("a child's error pipe is missing")?;
    let lines = thread::Builder::new()
        .name("output-lines".into())
        .spawn(move || {
            use std::io::BufRead;
            for line in io::BufReader::new(stdout).lines().map_while(Result::ok) {
                on_line(&line);
            }
        })
        .context("failed to start a thread to read a child's output")?;
    let errors = thread::Builder::new()
        .name("output".into())
        .spawn(move || collect_all(stderr))
        .context("failed to start a thread to read a child's output")?;
    let exit = wait(child, pgid, limit, cancel, start)?;
    let _ = killpg(pgid, Signal::SIGKILL);
    let _ = lines.join();
    let (output, truncated) = errors.join().unwrap_or_else(|_| (b"(output lost)".to_vec(), false));
    Ok(Finished { exit, output, truncated, escaped: 0 })
}

fn exit_of(status: ExitStatus) -> Exit {
    match (status.code(), status.signal()) {
        (Some(code), _) => Exit::Code(code),
        (None, Some(signal)) => Exit::Signal(signal),
        (None, None) => Exit::Code(-1),
    }
}

/// Waits for the child until it exits, the limit passes or the run is cancelled.
fn wait(mut child: Child, pgid: Pid, limit: Duration, cancel: Option<&CancelToken>, start: Instant) -> Result<Exit> {
    let pid = child.id();
    let (tx, rx) = mpsc::channel();
    let waiter = thread::Builder::new()
        .name("wait".into())
        .spawn(move || {
            let status = child.wait();
            let _ = tx.send(status);
        })
        .context("failed to start a thread to wait for a child process")?;
    let deadline = start + limit;
    let stopped = loop {
        let now = Instant::now();
        if now >= deadline {
            let hang = classify_hang(pid, limit);
            break Exit::TimedOut(hang);
        }
        let slice = if cancel.is_some() { CANCEL_POLL.min(deadline - now) } else { deadline - now };
        match rx.recv_timeout(slice) {
            Ok(status) => {
                let _ = waiter.join();
                return Ok(exit_of(status.context("failed to wait for a child process")?));
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if cancel.is_some_and(CancelToken::is_cancelled) {
                    break Exit::Cancelled;
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                anyhow::bail!("lost track of a child process")
            }
        }
    };
    let _ = killpg(pgid, Signal::SIGKILL);
    let _ = waiter.join();
    Ok(stopped)
}

/// What has been read of a child's output so far.
#[derive(Default)]
struct Collected {
    kept: Vec<u8>,
    truncated: bool,
}

/// Reads the pipe to its end, keeping the first [`OUTPUT_CAP`] bytes and draining the rest so that the child never
/// blocks on a full pipe.
fn collect(mut reader: impl Read, into: &std::sync::Mutex<Collected>) {
    let mut buf = [0u8; 64 * 1024];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                let mut collected = into.lock().unwrap_or_else(|e| e.into_inner());
                let room = OUTPUT_CAP - collected.kept.len();
                if n > room {
                    collected.truncated = true;
                }
                collected.kept.extend_from_slice(&buf[..n.min(room)]);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
}

/// Reads a whole pipe (a tool's stderr) the same way.
fn collect_all(reader: impl Read) -> (Vec<u8>, bool) {
    let collected = std::sync::Mutex::new(Collected::default());
    collect(reader, &collected);
    let collected = collected.into_inner().unwrap_or_else(|e| e.into_inner());
    (collected.kept, collected.truncated)
}

/// Tells an endless loop from a deadlock. A thread that is running or waiting for a processor (state `R`) is busy;
/// otherwise the processor time tells: a program that spent a fair share of its time limit computing was looping,
/// one that barely ran was waiting on something that never came. The share is low because a busy program on a
/// loaded two-core machine may get only a fraction of a core.
fn classify_hang(pid: u32, limit: Duration) -> Hang {
    if any_thread_running(pid) {
        return Hang::Busy;
    }
    match cpu_time(pid) {
        Some(cpu) if cpu.as_secs_f64() < limit.as_secs_f64() * BUSY_SHARE => Hang::Blocked,
        _ => Hang::Busy,
    }
}

/// The share of its time limit a program must have spent on a processor to count as busy rather than blocked.
const BUSY_SHARE: f64 = 0.05;

/// Whether any thread of the process is running or runnable, from `/proc/PID/task/*/stat`.
fn any_thread_running(pid: u32) -> bool {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else { return false };
    tasks.filter_map(|task| task.ok()).any(|task| {
        stat_fields(&task.path().join("stat")).is_some_and(|fields| fields.first().is_some_and(|s| s == "R"))
    })
}

/// The fields of a `/proc/.../stat` file after the command name, the process state first. The name (field 2) is in
/// parentheses and may hold spaces; the fields after the last `)` are plain.
fn stat_fields(path: &std::path::Path) -> Option<Vec<String>> {
    let stat = std::fs::read_to_string(path).ok()?;
    Some(stat[stat.rfind(')')? + 1..].split_whitespace().map(str::to_owned).collect())
}

/// Processor time used so far by a process and all of its threads, from `/proc/PID/stat` (Linux only).
fn cpu_time(pid: u32) -> Option<Duration> {
    let fields = stat_fields(std::path::Path::new(&format!("/proc/{pid}/stat")))?;
    // utime and stime are fields 14 and 15 of the whole line, so 12 and 13 after the name (0-based, state is 0).
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    let hz = clock_ticks_per_second();
    Some(Duration::from_secs_f64(ticks as f64 / hz))
}

fn clock_ticks_per_second() -> f64 {
    nix::unistd::sysconf(nix::unistd::SysconfVar::CLK_TCK).ok().flatten().map_or(100.0, |v| v as f64)
}

/// Runs a quick tool (like `rustc --print sysroot`) that is expected to succeed and returns its standard output.
pub fn output_of(cmd: &mut Command, what: &str) -> Result<String> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("failed to run {what}; is the Rust toolchain installed (https://rustup.rs)?"))?;
    if !out.status.success() {
        anyhow::bail!("{what} failed: {}", String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Makes the program (and every process it starts) unable to map more than `bytes` of address space: an endless
/// `Vec::push` then fails to allocate (and aborts, which the verdict names) instead of taking the machine's memory.
fn limit_memory(cmd: &mut Command, bytes: u64) {
    #[allow(unsafe_code)]
    // SAFETY: the closure runs in the child between fork and exec, where only async-signal-safe calls are allowed;
    // it makes one `setrlimit` system call (nix's wrapper allocates nothing) and touches no lock or global state.
    unsafe {
        cmd.pre_exec(move || {
            nix::sys::resource::setrlimit(nix::sys::resource::Resource::RLIMIT_AS, bytes, bytes)
                .map_err(io::Error::from)
        });
    }
}

/// Opens `file` in the learner's editor: `command` is what they gave `--edit-cmd` (such as `code -g` or `subl`), run
/// by the shell with the path as its last word, in the background (the watch never waits for an editor), its output
/// dropped so that it cannot scribble over the screen.
pub fn open_in_editor(command: &str, file: &std::path::Path) -> Result<()> {
    let mut child = Command::new("sh")
        .args(["-c", &format!("{command} \"$1\""), "tutor-edit"])
        .arg(file)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .with_context(|| format!("failed to run `{command}`"))?;
    // Reaped in the background: an editor that keeps running (a new window) must not become a zombie.
    thread::Builder::new()
        .name("editor".into())
        .spawn(move || {
            let _ = child.wait();
        })
        .context("failed to start a thread to wait for the editor")?;
    Ok(())
}
