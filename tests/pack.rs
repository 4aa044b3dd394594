//! The bundled exercise pack: every exercise fails as shipped and its solution passes (`tutor dev check`), every
//! known-wrong answer to a concurrency exercise is rejected on every run, and every loom solution is accepted on
//! every run.

mod support;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// loom verdicts must not depend on luck: each is graded this many times.
const LOOM_RUNS: &str = "20";
/// Other mechanisms (compile checks, Clippy, time limits) are deterministic by construction; a second run confirms it.
const OTHER_RUNS: &str = "2";

/// The tests of this file each keep both cores busy; run them one at a time, so that a correct solution with a short
/// time limit is never starved into a timeout.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// (name, folder, loom?) of every exercise in the bundled info.toml.
fn exercises() -> Vec<(String, String, bool)> {
    let info: toml::Table = toml::from_str(&std::fs::read_to_string(repo().join("info.toml")).unwrap()).unwrap();
    info["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap().to_owned(),
                e.get("dir").and_then(|d| d.as_str()).unwrap_or("").to_owned(),
                e.get("loom").and_then(|l| l.as_bool()).unwrap_or(false),
            )
        })
        .collect()
}

/// Runs `check` on every item on `threads` threads and collects the failures.
fn in_parallel<T: Sync>(threads: usize, items: &[T], check: impl Fn(&T) -> Option<String> + Sync) -> Vec<String> {
    let next = Mutex::new(0usize);
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let index = {
                        let mut next = next.lock().unwrap();
                        *next += 1;
                        *next - 1
                    };
                    let Some(item) = items.get(index) else { break };
                    if let Some(failure) = check(item) {
                        failures.lock().unwrap().push(failure);
                    }
                }
            });
        }
    });
    failures.into_inner().unwrap()
}

#[test]
fn bundled_pack_passes_dev_check() {
    let _serial = serial();
    let ran = support::run_tutor(repo(), &["dev", "check", "--strict"], &[]).success().stdout_has("dev check passed");
    let count = exercises().len();
    assert!(ran.stdout.contains(&format!("dev check passed: {count} exercises")), "{}", ran.stdout);
}

#[test]
fn bundled_pack_has_enough_exercises_and_chapter_readmes() {
    let all = exercises();
    assert!(all.len() >= 70, "the curriculum has {} exercises; it needs at least 70", all.len());
    let concurrency = all.iter().filter(|(_, dir, _)| dir.as_str() >= "05").count();
    assert!(concurrency >= 35, "chapters 5 to 12 have {concurrency} exercises; they need at least 35");
    let mut dirs: Vec<&String> = all.iter().map(|(_, dir, _)| dir).collect();
    dirs.dedup();
    for dir in dirs {
        assert!(repo().join("exercises").join(dir).join("README.md").is_file(), "chapter {dir} has no README.md");
    }
}

/// Every `tests/KIND/CHAPTER/NAME.VARIANT.rs` file, with the exercise it answers and whether loom grades it.
fn answers(kind: &str) -> Vec<(PathBuf, String, bool)> {
    let exercises = exercises();
    let mut files: Vec<(PathBuf, String, bool)> = Vec::new();
    for dir in std::fs::read_dir(repo().join("tests").join(kind)).unwrap() {
        for file in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            let stem = path.file_name().unwrap().to_string_lossy().into_owned();
            let name = stem.split('.').next().unwrap().to_owned();
            let Some((_, _, loom)) = exercises.iter().find(|(n, _, _)| *n == name) else {
                panic!("{} answers `{name}`, which is not an exercise of the pack", path.display());
            };
            files.push((path, name, *loom));
        }
    }
    files.sort();
    files
}

/// Grades each answer with `tutor dev grade --runs N` and returns those whose every run did not end as `wanted`
/// ("passed 0 of N runs" for known-wrong answers, "passed N of N runs" for known-right ones).
fn grade_all(files: &[(PathBuf, String, bool)], threads: usize, wanted: impl Fn(&str) -> String + Sync) -> Vec<String> {
    in_parallel(threads, files, |(path, name, loom)| {
        let runs = if *loom { LOOM_RUNS } else { OTHER_RUNS };
        let path = path.display().to_string();
        let ran = support::run_tutor(repo(), &["dev", "grade", name, &path, "--runs", runs], &[]);
        let wanted = wanted(runs);
        (!ran.stdout.contains(&wanted)).then(|| format!("{path}: wanted `{wanted}`:\n{}{}", ran.stdout, ran.stderr))
    })
}

#[test]
fn known_wrong_answers_are_rejected_on_every_run() {
    let _serial = serial();
    let files = answers("known_wrong");
    assert!(files.len() >= 20, "only {} known-wrong answers", files.len());
    // Most known-wrong answers hang until their time limit, asleep: more threads than cores keep the wait short, and
    // load can only delay a wrong answer, never make it pass.
    let failures = grade_all(&files, 4, |runs| format!("passed 0 of {runs} runs"));
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Alternative correct answers (another std API, scoped threads instead of `Arc`, a stronger ordering than needed, a
/// channel instead of a lock where the lesson allows it): a right answer is never rejected.
#[test]
fn known_right_answers_pass_on_every_run() {
    let _serial = serial();
    let files = answers("known_right");
    let failures = grade_all(&files, 2, |runs| format!("passed {runs} of {runs} runs"));
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn loom_solutions_pass_on_every_run() {
    let _serial = serial();
    let loom: Vec<(String, String, bool)> = exercises().into_iter().filter(|(_, _, loom)| *loom).collect();
    assert!(loom.len() >= 8, "only {} loom-graded exercises", loom.len());
    let failures = in_parallel(2, &loom, |(name, dir, _)| {
        let solution = format!("solutions/{dir}/{name}.rs");
        let ran = support::run_tutor(repo(), &["dev", "grade", name, &solution, "--runs", LOOM_RUNS], &[]);
        let wanted = format!("passed {LOOM_RUNS} of {LOOM_RUNS} runs");
        (!ran.stdout.contains(&wanted))
            .then(|| format!("{solution} did not pass every time:\n{}{}", ran.stdout, ran.stderr))
    });
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// rust-analyzer sees the exercises through cargo: every solution must build there as it does in the tutor, as a
/// binary and as a test harness, with no warning (an unknown cfg name, an unused import) to distract the learner.
#[test]
fn cargo_checks_every_solution_cleanly_as_the_editor_does() {
    let _serial = serial();
    // A project exercise is a package of its own, not a binary of the exercises package.
    let info: toml::Table = toml::from_str(&std::fs::read_to_string(repo().join("info.toml")).unwrap()).unwrap();
    let projects: Vec<&str> = info["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e.get("project").and_then(|p| p.as_bool()) == Some(true))
        .filter_map(|e| e["name"].as_str())
        .collect();
    let bins: Vec<String> = exercises()
        .iter()
        .filter(|(name, _, _)| !projects.contains(&name.as_str()))
        .flat_map(|(name, _, _)| ["--bin".to_owned(), format!("{name}_sol")])
        .collect();
    for profile in ["dev", "test"] {
        let out = std::process::Command::new(env!("CARGO"))
            .args([
                "check",
                "--quiet",
                "--locked",
                "-p",
                "exercises",
                "--message-format",
                "short",
                "--profile",
                profile,
            ])
            .args(&bins)
            .current_dir(repo())
            .output()
            .expect("cargo runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "cargo check ({profile}) of the solutions failed:\n{stderr}");
        assert!(!stderr.contains("warning"), "cargo check ({profile}) of the solutions warns:\n{stderr}");
    }
}

/// The networking chapter's harness grades learners' servers: its own tests (a right server, a serial one, one that
/// drops replies, one that never closes, shutdowns with and without joining) must give the right verdicts.
#[test]
fn the_server_harness_tells_right_servers_from_wrong_ones() {
    let _serial = serial();
    let out = std::process::Command::new(env!("CARGO"))
        .args(["test", "--quiet", "--locked", "-p", "net_harness"])
        .current_dir(repo())
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "the harness's tests failed:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let passed: usize = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("test result: ok. ")?.split(' ').next()?.parse::<usize>().ok())
        .sum();
    assert!(passed >= 10, "only {passed} harness tests ran:\n{stdout}");
}
