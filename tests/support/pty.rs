//! The tutor running in a real pseudo-terminal whose screen a terminal emulator (vt100) keeps, so that assertions read what a learner would see.
//!
//! Nothing here sleeps a fixed time: waiting for the screen blocks until the pty's output changes it, up to a
//! generous [`TIMEOUT`] that only a broken tutor reaches.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub const TUTOR: &str = env!("CARGO_BIN_EXE_tutor");
/// How long a wait for the screen may take before the test fails: a cold compile on a loaded two-core machine takes
/// seconds, not this.
pub const TIMEOUT: Duration = Duration::from_secs(60);
pub const ROWS: u16 = 40;
pub const COLS: u16 = 120;

struct Shared {
    parser: vt100::Parser,
    /// False once the pty has nothing more to say (the program and everything it started have exited).
    open: bool,
}

/// A program in a pseudo-terminal, and its screen.
pub struct Term {
    shared: Arc<(Mutex<Shared>, Condvar)>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
}

impl Term {
    /// Runs `tutor ARGS` in `dir`.
    pub fn tutor(dir: &Path, args: &[&str]) -> Term {
        let mut cmd = CommandBuilder::new(TUTOR);
        cmd.args(args);
        Term::spawn(dir, cmd)
    }

    /// Runs `sh -c SCRIPT` in `dir`, with the tutor's path as `$0`: to run commands after the tutor has ended in
    /// the same terminal (such as `stty -a`, which shows the terminal's modes).
    pub fn shell(dir: &Path, script: &str) -> Term {
        let mut cmd = CommandBuilder::new("sh");
        cmd.args(["-c", script, TUTOR]);
        Term::spawn(dir, cmd)
    }

    fn spawn(dir: &Path, mut cmd: CommandBuilder) -> Term {
        cmd.cwd(dir);
        cmd.env("TERM", "xterm-256color");
        // The tutor's build folder must be the pack's own, and colour on, whatever the test runner's environment.
        for var in ["CARGO_TARGET_DIR", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "RUST_BACKTRACE"] {
            cmd.env_remove(var);
        }
        let pair = native_pty_system()
            .openpty(PtySize { rows: ROWS, cols: COLS, pixel_width: 0, pixel_height: 0 })
            .expect("open a pseudo-terminal");
        let child = pair.slave.spawn_command(cmd).expect("start the program in the pseudo-terminal");
        // The pty reports end-of-file only when no one holds its other side.
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("read the pseudo-terminal");
        let writer = pair.master.take_writer().expect("write to the pseudo-terminal");
        let shared = Arc::new((
            Mutex::new(Shared { parser: vt100::Parser::new(nonzero(ROWS), nonzero(COLS), 0), open: true }),
            Condvar::new(),
        ));
        let feed = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("pty".into())
            .spawn(move || {
                let mut buf = [0u8; 64 * 1024];
                loop {
                    let n = reader.read(&mut buf).unwrap_or(0);
                    let (lock, changed) = &*feed;
                    let mut shared = lock.lock().unwrap_or_else(|e| e.into_inner());
                    if n == 0 {
                        shared.open = false;
                    } else {
                        shared.parser.process(&buf[..n]);
                    }
                    changed.notify_all();
                    if n == 0 {
                        return;
                    }
                }
            })
            .expect("start the pty reader");
        Term { shared, master: pair.master, writer, child }
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("the program's process id")
    }

    /// The screen's text, row by row.
    pub fn screen(&self) -> String {
        self.with_screen(|s| s.contents())
    }

    pub fn with_screen<T>(&self, f: impl FnOnce(&vt100::Screen) -> T) -> T {
        let shared = self.shared.0.lock().unwrap_or_else(|e| e.into_inner());
        f(shared.parser.screen())
    }

    /// One row of the screen.
    pub fn row(&self, row: u16) -> String {
        self.with_screen(|s| s.rows(0, s.size().1.get()).nth(usize::from(row)).unwrap_or_default())
    }

    /// Waits until the screen shows every one of `texts`; returns the screen and the moment it first did.
    #[track_caller]
    pub fn wait_for(&self, texts: &[&str]) -> (String, Instant) {
        self.wait_until(&format!("the screen to show {texts:?}"), |screen| {
            let contents = screen.contents();
            texts.iter().all(|t| contents.contains(t))
        })
    }

    /// Waits until `ready` holds for the screen; returns the screen and the moment it first did.
    #[track_caller]
    pub fn wait_until(&self, what: &str, ready: impl Fn(&vt100::Screen) -> bool) -> (String, Instant) {
        let (lock, changed) = &*self.shared;
        let deadline = Instant::now() + TIMEOUT;
        let mut shared = lock.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if ready(shared.parser.screen()) {
                return (shared.parser.screen().contents(), Instant::now());
            }
            let now = Instant::now();
            if now >= deadline || !shared.open {
                let why =
                    if shared.open { format!("{} s passed", TIMEOUT.as_secs()) } else { "the program ended".into() };
                panic!("waited for {what}, but {why}. The screen:\n{}", shared.parser.screen().contents());
            }
            shared = changed.wait_timeout(shared, deadline - now).unwrap_or_else(|e| e.into_inner()).0;
        }
    }

    /// Types `keys` (raw bytes: "\x03" is Ctrl-C).
    pub fn press(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("type into the pseudo-terminal");
        self.writer.flush().expect("type into the pseudo-terminal");
    }

    /// Changes the terminal's size, as a learner dragging the window would (the program gets SIGWINCH).
    pub fn resize(&mut self, rows: u16, cols: u16) {
        {
            let mut shared = self.shared.0.lock().unwrap_or_else(|e| e.into_inner());
            shared.parser.set_size(nonzero(rows), nonzero(cols));
        }
        self.master
            .resize(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 })
            .expect("resize the pseudo-terminal");
    }

    /// Waits for the program to exit and returns its exit code.
    #[track_caller]
    pub fn exit_code(&mut self) -> u32 {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait for the program") {
                return status.exit_code();
            }
            assert!(Instant::now() < deadline, "the program did not exit. The screen:\n{}", self.screen());
            // Nothing to block on here (portable-pty's `wait` has no time limit): look again shortly.
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n.max(1)).expect("not zero")
}

/// Saves `text` to `path` the way most programs do: truncate, then write.
pub fn save(path: &Path, text: &str) {
    std::fs::write(path, text).expect("save the exercise");
}

/// Processor time used so far by a process (all its threads), from `/proc/PID/stat`, in clock ticks.
pub fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("read /proc/PID/stat");
    let fields: Vec<&str> = stat[stat.rfind(')').expect("a command name") + 2..].split(' ').collect();
    // utime and stime are fields 14 and 15 of the line, 11 and 12 after the command name.
    fields[11].parse::<u64>().expect("utime") + fields[12].parse::<u64>().expect("stime")
}

/// The processes whose parent is `pid`.
pub fn children(pid: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|child| {
            std::fs::read_to_string(format!("/proc/{child}/stat")).is_ok_and(|stat| {
                stat.rfind(')').and_then(|i| stat[i + 2..].split(' ').nth(1)?.parse::<u32>().ok()) == Some(pid)
            })
        })
        .collect()
}

/// Processes whose program is a file under `dir`.
pub fn processes_under(dir: &Path) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe.starts_with(dir)))
        .collect()
}
