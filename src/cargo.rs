//! The one place that runs cargo: downloading the exercises' dependencies (`tutor init`, `tutor doctor`), building
//! them, and learning from cargo exactly what it passes to the compiler for an exercise.
//!
//! The tutor compiles exercises with rustc itself (a cargo call costs more than a tenth of a small exercise's
//! compile), so it needs the flags cargo would give: the `--extern` path of every dependency (normal and dev, the
//! pack's own library crate, renamed packages), the `-L` folders, the package's features. Rather than work them out
//! from the manifest, it asks cargo to compile one binary of the exercise package verbosely and reads the command
//! cargo ran: whatever cargo resolves (two builds of one crate for a proc-macro and for the target, a git
//! dependency), the tutor passes the same.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Result, bail};
use serde::Deserialize;

use crate::process::{self, CancelToken, Exit};

/// Building the dependencies of a pack from scratch takes a minute on a slow laptop; past this, something is wrong.
const BUILD_LIMIT: Duration = Duration::from_secs(30 * 60);
/// A download over a slow connection.
const FETCH_LIMIT: Duration = Duration::from_secs(30 * 60);

/// What cargo passes to rustc when it compiles a binary of the exercise package as a test harness.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flags {
    /// `-L` arguments: `dependency=DIR`, `native=DIR`.
    pub search: Vec<String>,
    /// `--extern NAME=PATH`.
    pub externs: Vec<(String, PathBuf)>,
    /// `--cfg` arguments for the package's features (`feature="x"`).
    pub cfgs: Vec<String>,
    /// The package's `[lints]` (`--allow=dead_code`) and declared cfg names (`--check-cfg`), as cargo passes them.
    pub lints: Vec<String>,
}

/// `cargo fetch` in `dir` for this machine's platform only (what a build here needs: the dependencies of other
/// platforms, such as Windows' for tokio, are several megabytes nobody here uses). `offline` only checks that
/// everything is already downloaded.
pub fn fetch_command(dir: &Path, offline: bool) -> Command {
    let mut command = Command::new("cargo");
    command.arg("fetch").current_dir(dir);
    if offline {
        command.arg("--offline");
    }
    if let Some(host) = host_triple() {
        command.args(["--target", &host]);
    }
    command
}

/// Runs `cargo fetch` in `dir` with its progress on the learner's terminal; Ctrl-C stops it.
pub fn fetch(dir: &Path) -> Result<()> {
    let interrupt = CancelToken::on_interrupt()?;
    match process::run_visible(fetch_command(dir, false), FETCH_LIMIT, Some(&interrupt), "`cargo fetch`")? {
        Exit::Code(0) => Ok(()),
        Exit::Cancelled => bail!("`cargo fetch` was interrupted"),
        Exit::TimedOut(_) => bail!("`cargo fetch` did not finish within {} minutes", FETCH_LIMIT.as_secs() / 60),
        _ => bail!("`cargo fetch` failed; its messages are above"),
    }
}

/// The platform the compiler builds for by default, such as `x86_64-unknown-linux-gnu`.
pub fn host_triple() -> Option<String> {
    let text = process::output_of(Command::new("rustc").arg("-vV"), "`rustc -vV`").ok()?;
    text.lines().find_map(|line| line.strip_prefix("host: ")).map(|host| host.trim().to_owned())
}

/// Builds the exercise package's dependencies (and its own library, if it has one) and returns the flags cargo gives
/// rustc for `bin` compiled as a test harness. `progress` is told each crate cargo finished, with the number done and
/// an estimate of the total.
pub fn build(
    manifest: &Path,
    target_dir: &Path,
    bin: &str,
    progress: impl Fn(usize, usize, &str) + Send + Sync + 'static,
) -> Result<Flags> {
    let total = package_count(manifest).unwrap_or(0);
    // A value that changes every time makes cargo compile this one unit again (and so print its command) while
    // every dependency stays as built.
    let probe = format!(
        "tutor_probe=\"{}\"",
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos())
    );
    let mut cmd = Command::new("cargo");
    cmd.args(["rustc", "--verbose", "--message-format=json-render-diagnostics", "--profile", "test", "--bin", bin])
        .arg("--manifest-path")
        .arg(manifest)
        .arg("--target-dir")
        .arg(target_dir)
        .args(["--", "--cfg", &probe, "--cap-lints", "allow"]);
    let done = Arc::new(Mutex::new(0usize));
    let counter = Arc::clone(&done);
    let on_line = move |line: &str| {
        if let Some(name) = built_crate(line) {
            let mut done = counter.lock().unwrap_or_else(|e| e.into_inner());
            *done += 1;
            progress(*done, total.max(*done), &name);
        }
    };
    let finished =
        process::run_split(cmd, BUILD_LIMIT, None, "`cargo` (building the exercises' dependencies)", on_line)?;
    let stderr = finished.output_lossy();
    match parse_probe(&stderr, bin, &probe) {
        Some(flags) => Ok(flags),
        None => bail!(
            "cargo could not build the exercises' dependencies. Run `cargo build --manifest-path {}` to see why; if \
             you are offline, connect once so cargo can download them (or run `tutor init` again).\n{}",
            manifest.display(),
            last_lines(&stderr, 20)
        ),
    }
}

/// One line of cargo's `--message-format=json` output, the part the progress line reads: a `compiler-artifact` line
/// says that a crate (`target.name`) is built.
#[derive(Deserialize)]
struct Message {
    reason: String,
    target: Option<Named>,
}

#[derive(Deserialize)]
struct Named {
    name: String,
}

/// The crate that a line of cargo's JSON output says is built, if it says so.
fn built_crate(line: &str) -> Option<String> {
    let message: Message = serde_json::from_str(line).ok()?;
    (message.reason == "compiler-artifact").then_some(message.target?.name)
}

/// How many packages the exercises depend on, for the progress line: from `cargo metadata` (the lock file, no network).
fn package_count(manifest: &Path) -> Option<usize> {
    /// `cargo metadata --format-version 1`: the resolved graph has one node per package.
    #[derive(Deserialize)]
    struct Metadata {
        resolve: Option<Resolve>,
    }
    #[derive(Deserialize)]
    struct Resolve {
        nodes: Vec<serde::de::IgnoredAny>,
    }
    let mut cmd = Command::new("cargo");
    cmd.args(["metadata", "--format-version", "1", "--offline", "--manifest-path"]).arg(manifest);
    let text = process::output_of(&mut cmd, "`cargo metadata`").ok()?;
    let metadata: Metadata = serde_json::from_str(&text).ok()?;
    Some(metadata.resolve?.nodes.len())
}

/// Finds the command cargo ran for the probe of `bin` in its verbose output and reads the flags from it.
fn parse_probe(stderr: &str, bin: &str, probe: &str) -> Option<Flags> {
    let command = stderr
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("Running `"))
        .find(|command| command.contains(probe) && command.contains(&format!("--crate-name {bin} ")))?;
    let words = shlex::split(command.strip_suffix('`').unwrap_or(command))?;
    let mut flags = Flags::default();
    let mut words = words.into_iter().skip_while(|w| w.contains('=') && !w.starts_with('-'));
    while let Some(word) = words.next() {
        match word.as_str() {
            "-L" => flags.search.extend(words.next()),
            "--extern" => {
                if let Some((name, path)) = words.next().as_deref().and_then(|w| w.split_once('=')) {
                    flags.externs.push((name.to_owned(), PathBuf::from(path)));
                }
            }
            "--cfg" => {
                if let Some(cfg) = words.next().filter(|c| c.starts_with("feature=")) {
                    flags.cfgs.push(cfg);
                }
            }
            "--check-cfg" => flags.lints.extend(words.next().map(|c| format!("--check-cfg={c}"))),
            lint if ["--allow=", "--warn=", "--deny=", "--forbid="].iter().any(|p| lint.starts_with(p)) => {
                flags.lints.push(word);
            }
            _ => {}
        }
    }
    Some(flags)
}

fn last_lines(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim_start().starts_with("Running `")).collect();
    lines[lines.len().saturating_sub(count)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_progress_line_counts_the_crates_cargo_built() {
        // Lines of `cargo build --message-format=json-render-diagnostics` (cargo 1.95), shortened.
        let artifact = r#"{"reason":"compiler-artifact","package_id":"path+file:///tmp/p#0.1.0","manifest_path":"/tmp/p/Cargo.toml","target":{"kind":["lib"],"crate_types":["lib"],"name":"p","src_path":"/tmp/p/src/lib.rs","edition":"2024","doc":true,"doctest":true,"test":true},"fresh":false}"#;
        let script = r#"{"reason":"build-script-executed","package_id":"registry+https://github.com/rust-lang/crates.io-index#libc@0.2.191","linked_libs":[],"linked_paths":[],"cfgs":[],"env":[],"out_dir":"/t/out"}"#;
        assert_eq!(built_crate(artifact).as_deref(), Some("p"));
        assert_eq!(built_crate(script), None);
        assert_eq!(built_crate(r#"{"reason":"build-finished","success":true}"#), None);
        assert_eq!(built_crate("   Compiling p v0.1.0"), None);
    }

    // A verbose cargo line as cargo 1.95 prints it (environment first, quoting where a word needs it).
    const RUNNING: &str = "       Fresh loom v0.7.3\n   Compiling exercises v0.0.0 (/p/exercises)\n     Running `CARGO=/usr/bin/cargo CARGO_CRATE_NAME=ownership1_sol CARGO_PKG_NAME=exercises /r/bin/rustc --crate-name ownership1_sol --edition=2024 ../solutions/01/ownership1.rs --error-format=json --crate-type bin --emit=dep-info,link -C debuginfo=2 --warn=unexpected_cfgs --allow=dead_code --test --cfg 'feature=\"fast\"' --check-cfg 'cfg(loom)' -C metadata=ab12 -L dependency=/p/target/debug/deps -L native=/p/target/debug/build/x/out --extern loom=/p/target/debug/deps/libloom-1.rlib --extern 'pack lib=/p/target/debug/deps/libexercises-2.rlib' --extern tokio_macros=/p/target/debug/deps/libtokio_macros-3.so --cfg 'tutor_probe=\"42\"' --cap-lints allow`\n";

    #[test]
    fn reads_the_flags_of_the_probe_from_cargos_command() {
        let flags = parse_probe(RUNNING, "ownership1_sol", "tutor_probe=\"42\"").unwrap();
        assert_eq!(flags.search, ["dependency=/p/target/debug/deps", "native=/p/target/debug/build/x/out"]);
        let names: Vec<&str> = flags.externs.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["loom", "pack lib", "tokio_macros"]);
        assert_eq!(flags.externs[2].1, PathBuf::from("/p/target/debug/deps/libtokio_macros-3.so"));
        assert_eq!(flags.cfgs, ["feature=\"fast\""]);
        assert_eq!(flags.lints, ["--warn=unexpected_cfgs", "--allow=dead_code", "--check-cfg=cfg(loom)"]);
        assert_eq!(parse_probe("error: no such bin", "x", "tutor_probe=\"42\""), None);
    }
}
