//! What a learner's install costs: `cargo bench --bench install` builds from scratch, in one run and with the same
//! number of jobs,
//! 1. the peer, `cargo install --locked rustlings --version 6.5.0` (from crates.io),
//! 2. the tutor as a learner installs it, `cargo install --locked --path .`,
//! 3. the tutor with the instructor's server, `cargo install --locked --path . --features classroom-server`,
//!
//! each into its own temporary `--root` with a fresh `CARGO_TARGET_DIR`, and prints the times and the ratio of the
//! learner's install to rustlings'. Target: at most 1.0x.
//!
//! A shared machine's speed drifts by a tenth or more over minutes, more than the difference being measured, so the
//! two that are compared run twice, in the order rustlings, tutor, tutor, rustlings: a drift in one direction then
//! weighs on both alike, and the ratio is of the two sums. The instructor's build runs once, last.
//!
//! Downloads are not what is compared: each time runs from cargo's first `Compiling` line (by then every crate is
//! downloaded and unpacked) to the installed binary. The processor time of cargo and every compiler it ran is printed
//! too: on a machine shared with other builds, wall-clock times swing with their load, and processor time much less.
//! `INSTALL_BENCH_JOBS` sets the jobs (default: the number of cores). Under an install that built a library twice (once
//! for the build scripts and proc macros, once for the program: their features or profiles differ), the benchmark names
//! it: the tutor's build should have none (see `[build-dependencies]` in Cargo.toml).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUSTLINGS_VERSION: &str = "6.5.0";
const TARGET_RATIO: f64 = 1.0;

struct Install {
    label: &'static str,
    args: Vec<String>,
}

struct Timed {
    /// From the first `Compiling` line to the end.
    build: Duration,
    /// Everything, downloads and the index included.
    total: Duration,
    /// User and system time of cargo and everything it ran.
    cpu: Duration,
    crates: usize,
    /// Libraries built more than once (for the build scripts and proc macros, and again for the program).
    built_twice: Vec<String>,
}

fn main() {
    let jobs = std::env::var("INSTALL_BENCH_JOBS")
        .ok()
        .and_then(|j| j.parse::<usize>().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, usize::from));
    let scratch = tempfile::Builder::new().prefix("tutor-install-bench-").tempdir().expect("a temporary folder");
    let source = env!("CARGO_MANIFEST_DIR");
    let installs = [
        Install {
            label: "rustlings 6.5.0",
            args: vec![
                "install".into(),
                "--locked".into(),
                "rustlings".into(),
                "--version".into(),
                RUSTLINGS_VERSION.into(),
            ],
        },
        Install {
            label: "tutor (learner)",
            args: vec!["install".into(), "--locked".into(), "--path".into(), source.into()],
        },
        Install {
            label: "tutor + classroom-server",
            args: vec![
                "install".into(),
                "--locked".into(),
                "--path".into(),
                source.into(),
                "--features".into(),
                "classroom-server".into(),
            ],
        },
    ];
    println!("cargo install from scratch, {jobs} jobs, one after the other:");
    // (build, processor time) summed per install, and how many runs each had.
    let mut times = [(0.0, 0.0); 3];
    for (n, which) in [0, 1, 1, 0, 2].into_iter().enumerate() {
        let install = &installs[which];
        let timed = install_into(install, &scratch.path().join(format!("install-{n}")), jobs);
        println!(
            "  {:<26} {:6.1} s building ({} crates compiled), {:6.1} s in all, {:6.1} s of processor time",
            install.label,
            timed.build.as_secs_f64(),
            timed.crates,
            timed.total.as_secs_f64(),
            timed.cpu.as_secs_f64()
        );
        if !timed.built_twice.is_empty() {
            println!("  {:<26} built twice: {}", "", timed.built_twice.join(", "));
        }
        times[which].0 += timed.build.as_secs_f64();
        times[which].1 += timed.cpu.as_secs_f64();
    }
    let (learner, learner_cpu) = (times[1].0 / times[0].0, times[1].1 / times[0].1);
    // The server's build ran once, rustlings' twice.
    let (server, server_cpu) = (2.0 * times[2].0 / times[0].0, 2.0 * times[2].1 / times[0].1);
    println!(
        "  learner's install / rustlings': {learner:.2}x building, {learner_cpu:.2}x processor time (target ≤ \
         {TARGET_RATIO:.1}x); with the server: {server:.2}x, {server_cpu:.2}x"
    );
}

/// Runs one `cargo install` into `dir` (its root and its target folder), timing it from its output.
fn install_into(install: &Install, dir: &Path, jobs: usize) -> Timed {
    let cpu_before = children_cpu();
    let started = Instant::now();
    let mut child = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(&install.args)
        .arg("--root")
        .arg(dir.join("root"))
        .args(["--jobs", &jobs.to_string(), "--color", "never"])
        .env("CARGO_TARGET_DIR", dir.join("target"))
        // Nothing that would make one build cheaper than the other.
        .env_remove("RUSTC_WRAPPER")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .env_remove("CARGO_PROFILE_RELEASE_OPT_LEVEL")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start cargo install");
    let mut first_compile = None;
    let mut crates = 0;
    let mut log = String::new();
    for line in BufReader::new(child.stderr.take().expect("cargo's stderr")).lines().map_while(Result::ok) {
        if line.trim_start().starts_with("Compiling ") {
            first_compile.get_or_insert_with(Instant::now);
            crates += 1;
        }
        log.push_str(&line);
        log.push('\n');
    }
    let status = child.wait().expect("wait for cargo install");
    let total = started.elapsed();
    assert!(status.success(), "{} failed to install:\n{log}", install.label);
    let build = first_compile.map_or(total, |at| at.elapsed());
    let built_twice = built_twice(&dir.join("target/release/deps"));
    Timed { build, total, cpu: children_cpu().saturating_sub(cpu_before), crates, built_twice }
}

/// The libraries in `deps` (`lib<name>-<hash>.rlib`) that were built more than once, with different hashes.
fn built_twice(deps: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(deps)
        .map(|entries| entries.flatten().filter_map(|e| e.file_name().into_string().ok()).collect::<Vec<_>>())
        .unwrap_or_default()
        .iter()
        .filter_map(|file| Some(file.strip_prefix("lib")?.strip_suffix(".rlib")?.rsplit_once('-')?.0.to_owned()))
        .collect();
    names.sort();
    let mut twice: Vec<String> =
        names.windows(2).filter(|pair| pair[0] == pair[1]).map(|pair| pair[0].clone()).collect();
    twice.dedup();
    twice
}

/// The user and system time of this process's finished children and theirs (fields 16 and 17 of
/// `/proc/self/stat`), which counts a `cargo install` and every compiler it waited for.
fn children_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").expect("/proc/self/stat");
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    let fields: Vec<&str> = stat[stat.rfind(')').expect("a stat line") + 2..].split(' ').collect();
    let ticks: u64 = fields[13].parse::<u64>().unwrap() + fields[14].parse::<u64>().unwrap();
    let per_second = nix::unistd::sysconf(nix::unistd::SysconfVar::CLK_TCK).ok().flatten().unwrap_or(100) as u64;
    Duration::from_millis(ticks * 1000 / per_second)
}
