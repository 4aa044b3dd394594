//! `tutor doctor`: is this machine ready for a workshop?
//!
//! Each check is a small function that returns a [`Check`]: what was looked at, how it went, and for anything short
//! of fine, the command that fixes it. The printer is separate. A check that cannot even run is a problem that says
//! why; none of them may panic (and should one, it becomes a problem too, and the others still run).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify::{RecursiveMode, Watcher};

use crate::catalogue::{Catalogue, INFO_FILE};
use crate::process::{self, Exit};
use crate::view::{self, Tone};

/// The oldest compiler the tutor supports: the `rust-version` of its own Cargo.toml.
const MIN_RUST: &str = env!("CARGO_PKG_RUST_VERSION");
/// How long a version query may take (the rustup proxy may first have to sync a toolchain file's channel).
const QUICK: Duration = Duration::from_secs(60);
/// How long `cargo fetch --offline` may take, waiting for another cargo's lock included.
const FETCH: Duration = Duration::from_secs(120);
/// How long a file change may take to be reported before file watching counts as broken.
const WATCH_WAIT: Duration = Duration::from_secs(2);
/// Below this many inotify watches, an editor, rust-analyzer and the tutor may run out between them.
const MIN_WATCHES: u64 = 8192;
/// Watches to allow per folder of exercises: the tutor's, the editor's, rust-analyzer's, with room to spare.
const WATCHES_PER_FOLDER: u64 = 64;
/// Below this many inotify instances (one per watching program), the tutor may fail to start its watcher.
const MIN_INSTANCES: u64 = 128;
const SYSCTL_WATCHES: &str = "sudo sysctl fs.inotify.max_user_watches=524288";
const SYSCTL_INSTANCES: &str = "sudo sysctl fs.inotify.max_user_instances=512";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Ok,
    Warning,
    Problem,
}

/// The result of one check.
#[derive(Debug)]
struct Check {
    name: &'static str,
    status: Status,
    detail: String,
    fix: Option<String>,
}

impl Check {
    fn ok(name: &'static str, detail: impl Into<String>) -> Check {
        Check { name, status: Status::Ok, detail: detail.into(), fix: None }
    }

    fn warning(name: &'static str, detail: impl Into<String>, fix: impl Into<String>) -> Check {
        Check { name, status: Status::Warning, detail: detail.into(), fix: Some(fix.into()) }
    }

    fn problem(name: &'static str, detail: impl Into<String>, fix: impl Into<String>) -> Check {
        Check { name, status: Status::Problem, detail: detail.into(), fix: Some(fix.into()) }
    }
}

/// A check to run, which may have nothing to say (`None`: its line is left out).
type Runner<'a> = Box<dyn Fn() -> Option<Check> + 'a>;

/// The pack in the current folder, if any: found, absent, or there but unreadable (the error).
enum Pack {
    Found(Catalogue),
    None,
    Broken(String),
}

pub fn doctor() -> Result<ExitCode> {
    let color = view::color_enabled();
    let cwd = std::env::current_dir().context("failed to read the current folder")?;
    let pack = if cwd.ancestors().any(|dir| dir.join(INFO_FILE).is_file()) {
        match Catalogue::discover(&cwd) {
            Ok(catalogue) => Pack::Found(catalogue),
            Err(error) => Pack::Broken(format!("{error:#}")),
        }
    } else {
        Pack::None
    };
    match &pack {
        Pack::Found(catalogue) => {
            println!("Checking this computer and the exercises in `{}`.\n", catalogue.root.display())
        }
        _ => println!("Checking this computer (there is no exercise pack in this folder).\n"),
    }
    let catalogue = match &pack {
        Pack::Found(catalogue) => Some(catalogue),
        _ => None,
    };

    let checks: Vec<(&'static str, Runner)> = vec![
        ("rustc", Box::new(|| Some(rustc(&cwd)))),
        ("cargo", Box::new(|| Some(cargo(&cwd)))),
        ("clippy", Box::new(|| Some(clippy(&cwd, catalogue)))),
        ("rust-analyzer", Box::new(|| Some(rust_analyzer(&cwd)))),
        ("exercises", Box::new(|| exercises(&pack))),
        ("dependencies", Box::new(|| Some(dependencies(catalogue)))),
        ("file watching", Box::new(|| Some(file_watching(catalogue)))),
        ("watch limits", Box::new(|| watch_limits(catalogue))),
        ("terminal", Box::new(|| Some(terminal()))),
        ("colours", Box::new(|| Some(colours(color)))),
    ];
    let (mut warnings, mut problems) = (0, 0);
    for (name, check) in &checks {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(check)).unwrap_or_else(|_| {
            Some(Check::problem(
                name,
                "this check crashed (the message is above)",
                "report it to the tutor's authors, with the output above",
            ))
        });
        let Some(result) = result else { continue };
        match result.status {
            Status::Ok => {}
            Status::Warning => warnings += 1,
            Status::Problem => problems += 1,
        }
        print!("{}", render(&result, color));
        let _ = std::io::stdout().flush();
    }
    println!("\n{}", summary(warnings, problems));
    Ok(if problems == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// One check as the learner reads it: a status mark, the name, what was found, and the fix on the line below.
fn render(check: &Check, color: bool) -> String {
    let (mark, tone) = match check.status {
        Status::Ok => ("✓", Tone::PassBold),
        Status::Warning => ("!", Tone::WarnBold),
        Status::Problem => ("✗", Tone::FailBold),
    };
    let mut text = format!("{} {:<14} {}\n", view::paint(mark, tone, color), check.name, check.detail);
    if let Some(fix) = &check.fix {
        text.push_str(&format!("  {:<14} fix: {}\n", "", view::paint(fix, Tone::Strong, color)));
    }
    text
}

fn summary(warnings: usize, problems: usize) -> String {
    let plural = |n: usize, word: &str| if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") };
    match (warnings, problems) {
        (0, 0) => "Everything is ready.".to_owned(),
        (_, 0) => format!(
            "No problems, {}: the tutor works, and the fixes above make it work better.",
            plural(warnings, "warning")
        ),
        _ => format!(
            "{} and {}. Run the fix shown under each ✗, then `tutor doctor` again.",
            plural(problems, "problem"),
            plural(warnings, "warning")
        ),
    }
}

/// Runs a short command and returns its first line of output, or why it did not work.
fn first_line(mut command: Command, what: &str) -> std::result::Result<String, String> {
    command.env_remove("RUST_BACKTRACE");
    match process::run(command, QUICK, None, what) {
        Ok(finished) => {
            let text = finished.output_lossy();
            let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or_default().to_owned();
            match finished.exit {
                Exit::Code(0) => Ok(line),
                Exit::TimedOut(_) => Err(format!("{what} did not answer within {} s", QUICK.as_secs())),
                _ if line.is_empty() => Err(format!("{what} failed without a message")),
                _ => Err(line),
            }
        }
        Err(error) => Err(format!("{error:#}")),
    }
}

fn tool(program: &str, args: &[&str], cwd: &Path) -> Command {
    let mut command = Command::new(program);
    command.args(args).current_dir(cwd);
    command
}

/// (major, minor, patch) of a version such as `1.87`, `1.95.0` or `1.90.0-nightly`.
fn parse_version(text: &str) -> Option<(u64, u64, u64)> {
    let numbers = text.split(['-', '+']).next()?;
    let mut parts = numbers.split('.').map(|p| p.parse::<u64>().ok());
    let major = parts.next()??;
    let minor = parts.next().unwrap_or(Some(0))?;
    let patch = parts.next().unwrap_or(Some(0))?;
    Some((major, minor, patch))
}

fn rustc(cwd: &Path) -> Check {
    let name = "rustc";
    let line = match first_line(tool("rustc", &["--version"], cwd), "`rustc --version`") {
        Ok(line) => line,
        Err(why) => {
            return Check::problem(
                name,
                format!("the Rust compiler does not run: {why}"),
                "install Rust with rustup from https://rustup.rs, then open a new terminal",
            );
        }
    };
    let found = line.split_whitespace().nth(1).and_then(parse_version);
    let needed = parse_version(MIN_RUST).unwrap_or((1, 0, 0));
    match found {
        Some(found) if found >= needed => Check::ok(name, format!("{line} (the tutor needs {MIN_RUST} or newer)")),
        Some(_) => Check::problem(
            name,
            format!("{line} is too old: the tutor and its exercises need Rust {MIN_RUST} or newer"),
            "rustup update stable",
        ),
        None => Check::problem(
            name,
            format!("cannot read the version in `{line}`; the tutor needs Rust {MIN_RUST} or newer"),
            "rustup update stable",
        ),
    }
}

fn cargo(cwd: &Path) -> Check {
    match first_line(tool("cargo", &["--version"], cwd), "`cargo --version`") {
        Ok(line) => Check::ok("cargo", line),
        Err(why) => Check::problem(
            "cargo",
            format!("cargo does not run: {why}"),
            "install Rust with rustup from https://rustup.rs (it brings cargo), then open a new terminal",
        ),
    }
}

/// The compiler's sysroot, where its components (clippy-driver, the standard library's sources) live.
fn sysroot(cwd: &Path) -> std::result::Result<PathBuf, String> {
    first_line(tool("rustc", &["--print", "sysroot"], cwd), "`rustc --print sysroot`").map(PathBuf::from)
}

/// Clippy as the tutor runs it: `clippy-driver` in the compiler's sysroot, beside `rustc`.
fn clippy(cwd: &Path, pack: Option<&Catalogue>) -> Check {
    let name = "clippy";
    let fix = "rustup component add clippy";
    let missing = |why: String| {
        let what = match pack {
            Some(pack) => format!("all {} exercises are graded with Clippy", pack.exercises.len()),
            None => "every exercise is graded with Clippy".to_owned(),
        };
        Check::problem(name, format!("{why}; {what}"), fix)
    };
    let sysroot = match sysroot(cwd) {
        Ok(sysroot) => sysroot,
        Err(why) => return missing(format!("cannot find the compiler's components: {why}")),
    };
    let driver = sysroot.join("bin").join("clippy-driver");
    if !driver.is_file() {
        return missing("Clippy is not installed".to_owned());
    }
    match first_line(tool(&driver.to_string_lossy(), &["--version"], cwd), "`clippy-driver --version`") {
        Ok(line) => Check::ok(name, line),
        Err(why) => missing(format!("Clippy is installed but does not run: {why}")),
    }
}

/// rust-analyzer gives the editor its errors and completions as you type; it needs the standard library's sources.
fn rust_analyzer(cwd: &Path) -> Check {
    let name = "rust-analyzer";
    // The rustup proxy `rust-analyzer` exists even when the component is not installed; then it fails.
    let version = match first_line(tool("rust-analyzer", &["--version"], cwd), "`rust-analyzer --version`") {
        Ok(line) => line,
        Err(why) => {
            let what = if why.contains("Unknown binary") || why.contains("not installed") {
                "not installed".to_owned()
            } else {
                format!("does not run ({why})")
            };
            return Check::warning(
                name,
                format!(
                    "{what}: your editor cannot show errors and completions as you type (VS Code's extension \
                     brings its own copy; other editors need this one)"
                ),
                "rustup component add rust-analyzer rust-src",
            );
        }
    };
    let sources = sysroot(cwd).map(|s| s.join("lib/rustlib/src/rust/library"));
    match sources {
        Ok(sources) if sources.is_dir() => Check::ok(name, version),
        _ => Check::warning(
            name,
            format!("{version}, but the standard library's sources are missing: it cannot complete `std` items"),
            "rustup component add rust-src",
        ),
    }
}

/// Only shown when something is wrong with the pack here, or to say which pack the other checks looked at.
fn exercises(pack: &Pack) -> Option<Check> {
    match pack {
        Pack::Found(catalogue) => {
            let chapters = {
                let mut chapters: Vec<&str> = catalogue.exercises.iter().map(|e| e.chapter.as_str()).collect();
                chapters.dedup();
                chapters.len()
            };
            Some(Check::ok("exercises", format!("{} exercises in {chapters} chapters", catalogue.exercises.len())))
        }
        Pack::None => None,
        Pack::Broken(error) => Some(Check::problem(
            "exercises",
            format!("the pack here cannot be read: {error}"),
            "fix `info.toml` as the message says, or start afresh elsewhere with `tutor init DIR`",
        )),
    }
}

/// Whether everything the exercises depend on is downloaded, so that checks work without a network.
fn dependencies(pack: Option<&Catalogue>) -> Check {
    let name = "dependencies";
    let Some(pack) = pack else {
        return Check::warning(
            name,
            "skipped: there are no exercises here to check",
            "tutor init DIR (a fresh workspace, dependencies included), then `cd DIR && tutor doctor`",
        );
    };
    let manifest = &pack.cargo_manifest;
    let declared: Vec<String> = std::fs::read_to_string(manifest)
        .ok()
        .and_then(|text| text.parse::<toml::Table>().ok())
        .and_then(|table| table.get("dependencies").and_then(|d| d.as_table()).map(|d| d.keys().cloned().collect()))
        .unwrap_or_default();
    if declared.is_empty() && manifest.is_file() {
        return Check::ok(name, "the exercises use no dependencies");
    }
    let fix =
        format!("cd {} && cargo fetch   (while online)", crate::init::shell_word(&pack.root.display().to_string()));
    let mut command = crate::cargo::fetch_command(&pack.root, true);
    command.arg("--manifest-path").arg(manifest).env("CARGO_TERM_COLOR", "never");
    match process::run(command, FETCH, None, "`cargo fetch --offline`") {
        Ok(finished) if finished.success() => {
            Check::ok(name, format!("{} downloaded: grading works offline", declared.join(", ")))
        }
        Ok(finished) if matches!(finished.exit, Exit::TimedOut(_)) => Check::problem(
            name,
            format!("`cargo fetch --offline` did not finish within {} s (is another cargo busy?)", FETCH.as_secs()),
            fix,
        ),
        Ok(finished) => {
            let output = finished.output_lossy();
            let reason = output
                .lines()
                .map(str::trim)
                .find(|l| l.starts_with("error"))
                .or_else(|| output.lines().map(str::trim).rfind(|l| !l.is_empty()))
                .unwrap_or("no message");
            Check::problem(name, format!("not all downloaded, so checks need the network ({reason})"), fix)
        }
        Err(error) => Check::problem(name, format!("cannot run cargo: {error:#}"), fix),
    }
}

/// A folder that is removed again when the check ends, however it ends.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
        let _ = std::fs::remove_file(&self.0);
    }
}

/// `tutor watch` grades on every save because the system reports file changes. This watches the exercises as the
/// tutor does (recursively), writes a scratch file where exercise files live, and waits for the report.
fn file_watching(pack: Option<&Catalogue>) -> Check {
    let name = "file watching";
    let poll = "tutor watch --poll   (it looks for saved files itself)";
    let pid = std::process::id();
    // Where to watch, where to write, and what to remove afterwards.
    let (watched, folder, where_, _scratch) = match pack.map(|p| p.root.join("exercises")).filter(|d| d.is_dir()) {
        Some(exercises) => {
            // A chapter folder, where the exercise files are: watching must reach into subfolders.
            let folder = std::fs::read_dir(&exercises)
                .ok()
                .and_then(|entries| {
                    let mut dirs: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
                    dirs.sort();
                    dirs.into_iter().next()
                })
                .unwrap_or_else(|| exercises.clone());
            let file = folder.join(format!(".tutor-doctor-{pid}.tmp"));
            (exercises, folder, "in the exercises' folder", Scratch(file))
        }
        None => {
            let base = std::env::temp_dir().join(format!("tutor-doctor-{pid}"));
            let folder = base.join("chapter");
            if let Err(error) = std::fs::create_dir_all(&folder) {
                return Check::problem(
                    name,
                    format!("cannot create a scratch folder in `{}`: {error}", std::env::temp_dir().display()),
                    "check that the temporary folder is writable (or set TMPDIR to one that is)",
                );
            }
            (base.clone(), folder, "in the temporary folder", Scratch(base))
        }
    };
    let file = folder.join(format!(".tutor-doctor-{pid}.tmp"));

    let (sender, events) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = match notify::recommended_watcher(sender) {
        Ok(watcher) => watcher,
        Err(error) => {
            return Check::problem(
                name,
                format!("the system refuses a file watcher ({error}); the tutor would look for saves by polling"),
                format!("{SYSCTL_INSTANCES}   (or use `{poll}`)"),
            );
        }
    };
    if let Err(error) = watcher.watch(&watched, RecursiveMode::Recursive) {
        return Check::problem(
            name,
            format!("cannot watch `{}` ({error}); the tutor would look for saves by polling", watched.display()),
            format!("{SYSCTL_WATCHES}   (or use `{poll}`)"),
        );
    }
    let start = Instant::now();
    if let Err(error) = std::fs::write(&file, b"tutor doctor: a scratch file, removed at once\n") {
        return Check::problem(
            name,
            format!("cannot write a scratch file in `{}`: {error}", folder.display()),
            format!("make `{}` writable: the exercises are edited there", folder.display()),
        );
    }
    let seen = loop {
        let left = WATCH_WAIT.saturating_sub(start.elapsed());
        match events.recv_timeout(left) {
            Ok(Ok(event)) if event.paths.iter().any(|p| p.file_name() == file.file_name()) => {
                break Some(start.elapsed());
            }
            Ok(_) => continue,
            Err(_) => break None,
        }
    };
    drop(watcher);
    let _ = std::fs::remove_file(&file);
    let remote = crate::watch::remote_file_system(&watched);
    match seen {
        // Events that arrive for a write from this machine may still go missing for saves made from the other side
        // of a network or shared drive.
        Some(after) if remote.is_some() => Check::warning(
            name,
            format!(
                "a change {where_} was reported after {} ms, but the folder is on a `{}` file system, where saves \
                 from another machine or from Windows may go unnoticed",
                after.as_millis(),
                remote.unwrap_or_default()
            ),
            poll,
        ),
        Some(after) => Check::ok(name, format!("a change {where_} was reported after {} ms", after.as_millis())),
        None => Check::problem(
            name,
            format!(
                "a file written {where_} was not reported within {} s, so `tutor watch` would not notice your \
                 saves (this happens on network drives and folders shared with WSL or a virtual machine)",
                WATCH_WAIT.as_secs()
            ),
            poll,
        ),
    }
}

/// inotify's limits on Linux: every watching program (editor, rust-analyzer, the tutor) takes one instance and one
/// watch per folder, from the same per-user budget. Not shown where there is no inotify.
fn watch_limits(pack: Option<&Catalogue>) -> Option<Check> {
    let name = "watch limits";
    let read = |file: &str| -> Option<u64> {
        std::fs::read_to_string(Path::new("/proc/sys/fs/inotify").join(file)).ok()?.trim().parse().ok()
    };
    let (watches, instances) = (read("max_user_watches")?, read("max_user_instances")?);
    let folders = pack.map_or(0, |p| count_folders(&p.root.join("exercises")));
    let needed = MIN_WATCHES.max(folders * WATCHES_PER_FOLDER);
    let persist = "/etc/sysctl.d/60-tutor-inotify.conf";
    if watches < needed {
        return Some(Check::warning(
            name,
            format!(
                "fs.inotify.max_user_watches is {watches}: your editor, rust-analyzer and the tutor share it, and it \
                 may run out (at least {needed} is safer); `tutor watch` would then fall back to polling"
            ),
            format!(
                "{SYSCTL_WATCHES}   (to keep it after a restart: `echo fs.inotify.max_user_watches=524288 | sudo \
                 tee -a {persist}`), or use `tutor watch --poll`"
            ),
        ));
    }
    if instances < MIN_INSTANCES {
        return Some(Check::warning(
            name,
            format!(
                "fs.inotify.max_user_instances is {instances}: each program that watches files takes one, and the \
                 tutor may not get any (at least {MIN_INSTANCES} is safer)"
            ),
            format!(
                "{SYSCTL_INSTANCES}   (to keep it after a restart: `echo fs.inotify.max_user_instances=512 | sudo \
                 tee -a {persist}`), or use `tutor watch --poll`"
            ),
        ));
    }
    Some(Check::ok(name, format!("fs.inotify.max_user_watches = {watches}, max_user_instances = {instances}")))
}

/// `dir` and every folder below it (following no symbolic links), as a recursive watch needs one watch for each.
fn count_folders(dir: &Path) -> u64 {
    let mut count = 0;
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        count += 1;
        if let Ok(entries) = std::fs::read_dir(&dir) {
            pending.extend(entries.flatten().filter(|e| e.file_type().is_ok_and(|t| t.is_dir())).map(|e| e.path()));
        }
    }
    count
}

/// `tutor watch` draws a full screen: it needs a terminal that understands cursor movement, big enough for the
/// output of a failed check.
fn terminal() -> Check {
    let name = "terminal";
    const COLS: u16 = 80;
    const ROWS: u16 = 24;
    if !std::io::stdout().is_terminal() {
        return Check::warning(
            name,
            "the output goes to a file or a pipe, not a terminal; `tutor watch` needs a terminal",
            "run `tutor watch` (and this check) directly in a terminal window",
        );
    }
    let term = std::env::var("TERM").unwrap_or_default();
    if term.is_empty() || term == "dumb" {
        let what = if term.is_empty() { "TERM is not set".to_owned() } else { "TERM is `dumb`".to_owned() };
        return Check::warning(
            name,
            format!("{what}, so `tutor watch` cannot be sure the terminal can redraw its screen"),
            "export TERM=xterm-256color   (or run the tutor in a full terminal rather than an editor's output pane)",
        );
    }
    match crossterm::terminal::size() {
        Ok((cols, rows)) if cols >= COLS && rows >= ROWS => Check::ok(name, format!("{term}, {cols}x{rows}")),
        Ok((cols, rows)) => Check::warning(
            name,
            format!("{term}, {cols}x{rows}: smaller than {COLS}x{ROWS}, so compiler messages will be cut or wrapped"),
            format!("make the window at least {COLS} columns wide and {ROWS} rows high"),
        ),
        Err(error) => Check::warning(
            name,
            format!("{term}, but its size cannot be read ({error})"),
            "run `tutor watch` directly in a terminal window",
        ),
    }
}

fn colours(color: bool) -> Check {
    let name = "colours";
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        Check::ok(name, "off, because NO_COLOR is set (unset it to get colours back)")
    } else if color {
        Check::ok(name, "on")
    } else {
        Check::ok(name, "off here, because the output is not a terminal")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_as_numbers() {
        assert_eq!(parse_version("1.87"), Some((1, 87, 0)));
        assert_eq!(parse_version("1.90.0-nightly"), Some((1, 90, 0)));
        assert!(parse_version("1.100.0") > parse_version("1.87"));
        assert!(parse_version("1.9.0") < parse_version(MIN_RUST));
        assert_eq!(parse_version("rustc"), None);
    }

    #[test]
    fn problems_and_fixes_are_printed_plainly_without_colour() {
        let check = Check::problem("dependencies", "not all downloaded", "cargo fetch");
        let text = render(&check, false);
        assert_eq!(text, "✗ dependencies   not all downloaded\n                 fix: cargo fetch\n");
        assert!(render(&check, true).contains('\x1b'));
        assert!(render(&Check::ok("cargo", "cargo 1.95.0"), false).starts_with("✓ cargo "));
    }
}
