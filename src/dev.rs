//! Commands for pack authors: `tutor dev check` and `tutor dev update`.

use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};

use crate::catalogue::{Catalogue, Exercise, Mode};
use crate::grade::{Grader, Outcome, Target};
use crate::manifest;
use crate::process::CancelToken;
use crate::process::interrupted;

fn open() -> Result<Catalogue> {
    let cwd = std::env::current_dir().context("failed to read the current folder")?;
    Catalogue::discover(&cwd)
}

pub fn update() -> Result<ExitCode> {
    let catalogue = open()?;
    let count = manifest::update(&catalogue)?;
    println!("Wrote {count} binaries to `{}`.", catalogue.cargo_manifest.display());
    Ok(ExitCode::SUCCESS)
}

/// `tutor dev grade NAME FILE --runs N`: grades FILE with exercise NAME's checks N times and says how often it passed.
pub fn grade(name: &str, file: &std::path::Path, runs: usize) -> Result<ExitCode> {
    let catalogue = open()?;
    let (_, exercise) = catalogue.get(name)?;
    let file = std::path::absolute(file).with_context(|| format!("failed to resolve `{}`", file.display()))?;
    // A project is graded from a folder that holds the package (its `src/` at least), a file exercise from a file.
    match (exercise.project, file.is_file(), file.join("src").is_dir()) {
        (false, true, _) | (true, false, true) => {}
        (false, false, _) => {
            anyhow::bail!("`{}` is not a file; give the path of a Rust file to grade as `{name}`", file.display())
        }
        (true, _, _) => anyhow::bail!(
            "`{}` is not a package folder; `{name}` is a project exercise, so give the path of a folder that holds \
             its package (its `src/` at least), like `{}`",
            file.display(),
            exercise.solution_path().display()
        ),
    }
    let grader = Grader::new(&catalogue, false)?.once_each();
    // Named after the file too, so that several files graded as the same exercise at once keep apart.
    let artifact = format!("{name}_try_{}", &crate::files::digest(&[file.as_os_str().as_encoded_bytes()])[..8]);
    let target = Target::other(&catalogue, exercise, file.clone(), artifact);
    let interrupt = CancelToken::on_interrupt()?;
    let mut passed = 0;
    let mut first_failure = None;
    for _ in 0..runs.max(1) {
        let verdict = grader.grade(&target, Some(&interrupt))?;
        match &verdict.outcome {
            Outcome::Cancelled => return Ok(interrupted()),
            Outcome::Passed => passed += 1,
            Outcome::Failed(failure) if first_failure.is_none() => {
                first_failure = Some(crate::explain::explain(failure, &verdict))
            }
            _ => {}
        }
    }
    if let Some(explanation) = first_failure {
        println!("First failure: {explanation}");
    }
    println!("`{}` graded as `{name}`: passed {passed} of {} runs.", file.display(), runs.max(1));
    Ok(if passed == runs.max(1) { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// One grading that `dev check` runs.
struct Job {
    exercise: usize,
    solution: bool,
}

/// How many lines of a failing check's output the report quotes.
const REPORT_LINES: usize = 40;
/// How many of the slowest solutions the report names, to keep an eye on the "under 2 s warm" budget.
const SLOWEST: usize = 3;

/// How thorough `tutor dev check` is.
pub struct CheckOptions {
    pub jobs: Option<usize>,
    pub require_solutions: bool,
    /// The tutor's own checks on top of rustlings'.
    pub strict: bool,
}

/// Checks the pack as rustlings' `dev check` does (every exercise fails as shipped; every solution there is builds,
/// passes and is clean under Clippy at `-D warnings` and rustfmt; no stray files; the manifest in sync), and with
/// `strict` the tutor's own checks too.
pub fn check(options: CheckOptions) -> Result<ExitCode> {
    let CheckOptions { jobs, require_solutions, strict } = options;
    let started = Instant::now();
    let catalogue = open()?;
    let mut problems: Vec<String> = Vec::new();

    for exercise in &catalogue.exercises {
        if strict {
            problems.extend(checks_problem(&catalogue, exercise));
        }
        problems.extend(test_mismatch(&catalogue, exercise));
        if exercise.project {
            problems.extend(project_problem(&catalogue, exercise));
        }
        if exercise.hints.is_empty() {
            problems.push(format!("`{}` has no hint: add `hint = \"...\"` to its entry in info.toml", exercise.name));
        }
        if require_solutions && !exercise.has_solution(&catalogue.root) {
            problems.push(format!(
                "`{}` has no solution: create `{}`",
                exercise.name,
                exercise.solution_path().display()
            ));
        }
    }
    problems.extend(stray_files(&catalogue));
    problems.extend(unformatted_solutions(&catalogue));
    let out_of_sync = manifest::differences(&catalogue)?;
    if !out_of_sync.is_empty() {
        problems.push(format!(
            "the Cargo manifest `{}` is out of sync with info.toml (run `tutor dev update`):\n  {}",
            catalogue.cargo_manifest.display(),
            out_of_sync.join("\n  ")
        ));
    }

    let grader = Grader::new(&catalogue, false)?.once_each();
    let mut work = Vec::new();
    for (index, exercise) in catalogue.exercises.iter().enumerate() {
        if !exercise.skip_check_unsolved {
            work.push(Job { exercise: index, solution: false });
        }
        if exercise.has_solution(&catalogue.root) {
            work.push(Job { exercise: index, solution: true });
        }
    }
    let threads = jobs
        .or_else(|| std::thread::available_parallelism().ok().map(|n| n.get()))
        .unwrap_or(2)
        .clamp(1, work.len().max(1));
    let bar = ProgressBar::new(work.len() as u64);
    bar.set_style(ProgressStyle::with_template("Checking [{bar:40}] {pos}/{len} {msg}").context("invalid template")?);
    let interrupt = CancelToken::on_interrupt()?;
    let next = AtomicUsize::new(0);
    let found = Mutex::new(Vec::new());
    std::thread::scope(|scope| -> Result<()> {
        let mut handles = Vec::new();
        for n in 0..threads {
            let (grader, catalogue, work, next, found, bar) = (&grader, &catalogue, &work, &next, &found, &bar);
            let interrupt = &interrupt;
            let worker = move || -> Result<()> {
                while let Some(job) = work.get(next.fetch_add(1, Ordering::Relaxed)) {
                    if interrupt.is_cancelled() {
                        break;
                    }
                    bar.set_message(catalogue.exercises[job.exercise].name.clone());
                    let checked = check_one(grader, catalogue, job, interrupt, strict)?;
                    found.lock().unwrap_or_else(|e| e.into_inner()).push(checked);
                    bar.inc(1);
                }
                Ok(())
            };
            handles.push(std::thread::Builder::new().name(format!("check-{n}")).spawn_scoped(scope, worker)?);
        }
        for handle in handles {
            handle.join().map_err(|_| anyhow::anyhow!("a check thread panicked"))??;
        }
        Ok(())
    })?;
    bar.finish_and_clear();
    if interrupt.is_cancelled() {
        return Ok(interrupted());
    }
    let mut checked = found.into_inner().unwrap_or_else(|e| e.into_inner());
    checked.sort_by_key(|c| (c.exercise, c.solution));
    problems.extend(checked.iter().filter_map(|c| c.problem.clone()));
    let mut solutions: Vec<&Checked> = checked.iter().filter(|c| c.solution).collect();
    solutions.sort_by_key(|c| std::cmp::Reverse(c.took));
    let slowest: Vec<String> = solutions
        .iter()
        .take(SLOWEST)
        .map(|c| format!("{} {:.2} s", catalogue.exercises[c.exercise].name, c.took.as_secs_f64()))
        .collect();

    let summary = format!(
        "{} exercises, {} gradings on {threads} threads in {:.1} s",
        catalogue.exercises.len(),
        work.len(),
        started.elapsed().as_secs_f64()
    );
    if !slowest.is_empty() {
        println!("Slowest solutions to grade: {}.", slowest.join(", "));
    }
    if problems.is_empty() {
        println!("dev check passed: {summary}.");
        return Ok(ExitCode::SUCCESS);
    }
    for problem in &problems {
        println!("- {problem}");
    }
    println!("dev check found {} problem(s): {summary}.", problems.len());
    Ok(ExitCode::FAILURE)
}

/// What one grading of `dev check` found.
struct Checked {
    exercise: usize,
    solution: bool,
    problem: Option<String>,
    took: Duration,
}

fn check_one(
    grader: &Grader,
    catalogue: &Catalogue,
    job: &Job,
    interrupt: &CancelToken,
    strict: bool,
) -> Result<Checked> {
    let exercise = &catalogue.exercises[job.exercise];
    let target = if job.solution {
        // A solution is the model answer: Clippy must have nothing to say about it (rustlings checks the same).
        Target { strict: true, ..Target::solution(catalogue, exercise) }
    } else {
        Target::shipped(catalogue, exercise)
    };
    let verdict = grader.grade(&target, Some(interrupt))?;
    if strict && job.solution && verdict.checks_restored {
        return Ok(Checked {
            exercise: job.exercise,
            solution: true,
            problem: Some(format!(
                "the checks in the solution of `{}` differ from the exercise's ({}); solutions are graded with the \
                 exercise's checks, so make them the same",
                exercise.name,
                verdict.notes.join(" ")
            )),
            took: verdict.elapsed,
        });
    }
    let problem = match (&verdict.outcome, job.solution) {
        (Outcome::Passed, false) => Some(format!(
            "`{}` passes as shipped: an exercise must fail until the learner fixes it (or set \
             `skip_check_unsolved = true`)",
            exercise.name
        )),
        (Outcome::Failed(failure), true) => {
            let output: Vec<&str> = verdict.report.lines().collect();
            let start = output.len().saturating_sub(REPORT_LINES);
            let excerpt = console::strip_ansi_codes(&output[start..].join("\n")).into_owned();
            Some(format!(
                "the solution of `{}` ({}) fails: {}\n{}",
                exercise.name,
                exercise.solution_path().display(),
                crate::explain::explain(failure, &verdict),
                indent(&excerpt)
            ))
        }
        _ => None,
    };
    Ok(Checked { exercise: job.exercise, solution: job.solution, problem, took: verdict.elapsed })
}

/// A test exercise must have tests, and a program exercise must not (rustlings' rule): a `#[test]` in a `test = false`
/// exercise would never run.
fn test_mismatch(catalogue: &Catalogue, exercise: &Exercise) -> Option<String> {
    static TEST: std::sync::LazyLock<regex_lite::Regex> = std::sync::LazyLock::new(|| {
        regex_lite::Regex::new(r"#\[\s*(\w+\s*::\s*)*test\s*(\(.*\))?\s*\]").expect("a valid pattern")
    });
    let files = exercise.rust_files(&catalogue.root, &exercise.path());
    let text: String = files.iter().filter_map(|f| std::fs::read_to_string(catalogue.root.join(f)).ok()).collect();
    // `#[test]`, and the test attributes of async runtimes such as `#[tokio::test]`.
    let has_tests = TEST.is_match(&text);
    match (exercise.mode, has_tests) {
        (Mode::Test, false) => {
            Some(format!("`{}` has no `#[test]`: add tests, or set `test = false` for it in info.toml", exercise.name))
        }
        (Mode::Run, true) => Some(format!(
            "`{}` has `#[test]`s but `test = false` in info.toml, so they never run: remove `test = false`",
            exercise.name
        )),
        _ => None,
    }
}

/// Files under `exercises/` and `solutions/` that no exercise accounts for (a renamed exercise's old file, say). A
/// `README.md` is fine; so is a crate of the pack's own (a folder with a `Cargo.toml`), and the exercises' manifest.
fn stray_files(catalogue: &Catalogue) -> Vec<String> {
    let mut known: std::collections::HashSet<std::path::PathBuf> = std::collections::HashSet::new();
    for exercise in &catalogue.exercises {
        known.insert(catalogue.root.join(exercise.path()));
        known.insert(catalogue.root.join(exercise.solution_path()));
    }
    known.insert(catalogue.cargo_manifest.clone());
    let mut stray = Vec::new();
    for folder in ["exercises", "solutions"] {
        let mut pending = vec![catalogue.root.join(folder)];
        while let Some(dir) = pending.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    if !path.join("Cargo.toml").is_file() {
                        pending.push(path);
                    }
                } else if path.file_name().is_some_and(|n| n != "README.md") && !known.contains(&path) {
                    let shown = path.strip_prefix(&catalogue.root).unwrap_or(&path).display().to_string();
                    stray
                        .push(format!("`{shown}` belongs to no exercise of info.toml: remove it, or add its exercise"));
                }
            }
        }
    }
    stray.sort();
    stray
}

/// Solutions that rustfmt would change: a model answer is formatted.
fn unformatted_solutions(catalogue: &Catalogue) -> Vec<String> {
    let files: Vec<std::path::PathBuf> = catalogue
        .exercises
        .iter()
        .filter(|e| e.has_solution(&catalogue.root))
        .flat_map(|e| e.rust_files(&catalogue.root, &e.solution_path()))
        .map(|f| catalogue.root.join(f))
        .collect();
    if files.is_empty() {
        return Vec::new();
    }
    let mut cmd = std::process::Command::new("rustfmt");
    cmd.args(["--check", "--edition", "2024", "-l"]).args(&files).current_dir(&catalogue.root);
    match crate::process::run(cmd, Duration::from_secs(120), None, "rustfmt") {
        Ok(finished) if finished.success() => Vec::new(),
        Ok(finished) => {
            let listed: Vec<String> = finished
                .output_lossy()
                .lines()
                .filter(|l| l.ends_with(".rs"))
                .map(|l| {
                    let path = std::path::Path::new(l.trim());
                    path.strip_prefix(&catalogue.root).unwrap_or(path).display().to_string()
                })
                .collect();
            if listed.is_empty() {
                vec![format!("rustfmt cannot read the solutions:\n{}", indent(finished.output_lossy().trim()))]
            } else {
                listed.into_iter().map(|f| format!("`{f}` is not formatted: run `rustfmt {f}`")).collect()
            }
        }
        Err(error) => vec![format!(
            "rustfmt could not check the solutions ({error:#}); install it with `rustup component add rustfmt`"
        )],
    }
}

/// What is wrong with an exercise file's checks as the tutor reads them: a file that is not Rust (its checks cannot be
/// told from the learner's code), or a loom exercise whose loom build has no test.
fn checks_problem(catalogue: &Catalogue, exercise: &Exercise) -> Option<String> {
    let sections = exercise.section_names();
    let mut loom_tests = 0;
    for path in exercise.rust_files(&catalogue.root, &exercise.path()) {
        let source = std::fs::read_to_string(catalogue.root.join(&path)).ok()?;
        match crate::canonical::graded(&source, &source, &crate::canonical::CheckNames { sections: &sections }) {
            Err(e) => {
                return Some(format!(
                    "{}:{}:{}: the tutor cannot read the exercise as Rust ({}), so it cannot tell its checks from \
                     the learner's code; a learner could delete its tests. Ship it as valid Rust (a compile error \
                     is fine).",
                    path.display(),
                    e.line,
                    e.column,
                    e.message
                ));
            }
            Ok(graded) => loom_tests += graded.layout.loom_tests.len(),
        }
    }
    if exercise.loom && loom_tests == 0 {
        return Some(format!(
            "`{}` has `loom = true` but no test in its loom build (a `#[test]` under `#[cfg(all(test, loom))]`)",
            exercise.name
        ));
    }
    None
}

/// A project exercise is graded with the exercises' package's dependencies, so its own manifest may only name those;
/// and it must be a member of the workspace, or rust-analyzer does not see it.
fn project_problem(catalogue: &Catalogue, exercise: &Exercise) -> Option<String> {
    let read =
        |path: &std::path::Path| -> Option<toml::Table> { toml::from_str(&std::fs::read_to_string(path).ok()?).ok() };
    let folder = catalogue.root.join(exercise.path());
    if folder.join("tests").is_dir() || folder.join("benches").is_dir() || folder.join("examples").is_dir() {
        return Some(format!(
            "`{}` has a `tests`, `benches` or `examples` folder beside `src/`; the tutor grades a project's library \
             with the tests in its `src/` (a `src/tests.rs` module, say), so move them there",
            exercise.path().display()
        ));
    }
    let manifest = folder.join("Cargo.toml");
    let Some(own) = read(&manifest) else {
        return Some(format!("`{}` is a project exercise without a valid `Cargo.toml`", exercise.path().display()));
    };
    let shared = read(&catalogue.cargo_manifest).unwrap_or_default();
    let available = crate::manifest::dependency_names(&shared);
    let missing: Vec<String> =
        crate::manifest::dependency_names(&own).into_iter().filter(|n| !available.contains(n)).collect();
    if !missing.is_empty() {
        return Some(format!(
            "`{}` depends on {}, which the exercises' package `{}` does not; the tutor grades projects with that \
             package's dependencies, so add them there",
            manifest.strip_prefix(&catalogue.root).unwrap_or(&manifest).display(),
            missing.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "),
            catalogue.cargo_manifest.strip_prefix(&catalogue.root).unwrap_or(&catalogue.cargo_manifest).display()
        ));
    }
    let workspace = catalogue
        .root
        .ancestors()
        .map(|d| d.join("Cargo.toml"))
        .find(|m| read(m).is_some_and(|t| t.contains_key("workspace")))?;
    let members: Vec<String> = read(&workspace)?
        .get("workspace")
        .and_then(|w| w.get("members"))
        .and_then(|m| m.as_array())
        .map(|m| m.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    let folder = workspace.parent().unwrap_or(&catalogue.root);
    let wanted = catalogue.root.join(exercise.path());
    let listed = members.iter().any(|m| folder.join(m) == wanted);
    (!listed).then(|| {
        format!(
            "the project `{}` is not a member of the workspace `{}`, so rust-analyzer does not see it: add `\"{}\"` \
             to its `members`",
            exercise.name,
            workspace.display(),
            wanted.strip_prefix(folder).unwrap_or(&wanted).display()
        )
    })
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")
}
