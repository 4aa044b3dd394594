//! Grading one exercise file: compile, run, and the extra checks its lesson declares, ending in a [`Verdict`].
//!
//! A check is as few compiler invocations as the lesson allows: one for an ordinary exercise (the test harness or
//! the program, built in the same pass that reports diagnostics and, where asked, Clippy's lints), plus one cheap
//! metadata-only pass per must-not-compile check, plus one loom build for interleaving checks.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use std::hash::{DefaultHasher, Hash, Hasher};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::catalogue::{Catalogue, Exercise, Mode, MustNotCompile};
use crate::diagnostics::CompilerOutput;
use crate::process::{self, CancelToken, Exit, Finished, Hang};
use crate::toolchain::{Toolchain, tutor_dir};

/// The compiler is given a generous limit of its own: it does not hang, but a huge constant evaluation can be slow,
/// and a learner's time limit (made for their program) must not cut a cold compile short.
const COMPILE_LIMIT: Duration = Duration::from_secs(120);
/// loom explores interleavings up to this many preemptions: 2 finds the classic lost updates, ordering bugs and lock
/// order deadlocks in a two-thread model in well under a second; 3 makes correct spin locks explode.
const LOOM_MAX_PREEMPTIONS: &str = "2";

/// What a grading found.
#[derive(Debug)]
pub struct Verdict {
    pub outcome: Outcome,
    /// The compiler's diagnostics from the main compile (for diagnostic hints and "explain this error").
    pub compiler: CompilerOutput,
    /// What the learner is shown: the compiler's rendering and the program's output, with colours.
    pub report: String,
    /// True when the program printed more than the tutor keeps.
    pub truncated: bool,
    pub elapsed: Duration,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Passed,
    Failed(Failure),
    /// A newer save arrived and this grading was stopped.
    Cancelled,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The compiler reported errors.
    Compile,
    /// It compiled, but Clippy lints that the exercise requires to be clean fired.
    Clippy {
        lints: Vec<String>,
    },
    /// A test failed; `message` is the first panic message, if one was found.
    Tests {
        message: Option<String>,
    },
    /// The program (`test = false`) exited with a failure code.
    Exit {
        code: i32,
        message: Option<String>,
    },
    /// The program was killed by a signal (SIGABRT after a panic during a panic, SIGSEGV, ...).
    Signal {
        signal: i32,
        loom: bool,
    },
    TimedOut {
        limit: Duration,
        hang: Hang,
        loom: bool,
    },
    /// Code under `#[cfg(cfg)]` compiled although the lesson says it must not.
    ShouldNotCompile {
        cfg: String,
        expected: String,
        why: Option<String>,
    },
    /// Code under `#[cfg(cfg)]` failed to compile, but not with the error the lesson is about.
    WrongError {
        cfg: String,
        expected: String,
        got: Vec<String>,
    },
    /// A loom model found an interleaving that breaks the program.
    Loom {
        test: String,
        problem: LoomProblem,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum LoomProblem {
    /// Every thread of the model is blocked.
    Deadlock,
    /// Two threads touched an `UnsafeCell` (or an atomic's non-atomic access) without ordering between them.
    DataRace(String),
    /// The model's own assertion failed in some interleaving.
    Assertion(Option<String>),
    /// The model never finished exploring: usually a spin loop that needs the other thread to run.
    TooManyBranches,
}

impl Outcome {
    pub fn passed(&self) -> bool {
        *self == Outcome::Passed
    }
}

impl Verdict {
    /// A short name for why the check failed, for progress and the classroom: the compiler's first error code (E0382)
    /// or a word for the kind of failure. None when it passed or was cancelled.
    pub fn error_code(&self) -> Option<String> {
        let Outcome::Failed(failure) = &self.outcome else { return None };
        let word = match failure {
            Failure::Compile => {
                return Some(self.compiler.first_code().and_then(|d| d.code.clone()).unwrap_or("compile-error".into()));
            }
            Failure::Clippy { lints } => {
                return Some(lints.first().cloned().unwrap_or("clippy".into()));
            }
            Failure::Tests { .. } => "test-failed",
            Failure::Exit { .. } => "exit-code",
            Failure::Signal { .. } => "crashed",
            Failure::TimedOut { hang: Hang::Busy, .. } => "endless-loop",
            Failure::TimedOut { hang: Hang::Blocked, .. } => "deadlock",
            Failure::ShouldNotCompile { .. } => "compiled-but-must-not",
            Failure::WrongError { .. } => "wrong-error",
            Failure::Loom { problem: LoomProblem::Deadlock, .. } => "loom-deadlock",
            Failure::Loom { problem: LoomProblem::DataRace(_), .. } => "loom-data-race",
            Failure::Loom { problem: LoomProblem::Assertion(_), .. } => "loom-assertion",
            Failure::Loom { problem: LoomProblem::TooManyBranches, .. } => "loom-too-many-branches",
        };
        Some(word.to_owned())
    }
}

/// Which of an exercise's files to grade, and under what name to keep its compiled program.
pub struct Target<'a> {
    pub exercise: &'a Exercise,
    pub file: PathBuf,
    /// The compiled program's file name in the tutor's build folder; different for the exercise and its solution so
    /// that both can be graded at the same time.
    pub artifact: String,
}

impl<'a> Target<'a> {
    pub fn exercise(catalogue: &Catalogue, exercise: &'a Exercise) -> Target<'a> {
        Target::in_pack(&catalogue.root, exercise)
    }

    /// The exercise's own file in the pack at `root`.
    pub fn in_pack(root: &Path, exercise: &'a Exercise) -> Target<'a> {
        Target { exercise, file: root.join(exercise.path()), artifact: exercise.name.clone() }
    }

    pub fn solution(catalogue: &Catalogue, exercise: &'a Exercise) -> Target<'a> {
        Target {
            exercise,
            file: catalogue.root.join(exercise.solution_path()),
            artifact: format!("{}_sol", exercise.name),
        }
    }
}

/// Grades exercises of one pack.
pub struct Grader {
    root: PathBuf,
    toolchain: Toolchain,
    out_dir: PathBuf,
    color: bool,
}

impl Grader {
    pub fn new(catalogue: &Catalogue, color: bool) -> Result<Grader> {
        let toolchain = Toolchain::prepare(&catalogue.root, &catalogue.cargo_manifest)?;
        let out_dir = tutor_dir(&catalogue.root).join("bin");
        std::fs::create_dir_all(&out_dir).with_context(|| format!("failed to create `{}`", out_dir.display()))?;
        Ok(Grader { root: catalogue.root.clone(), toolchain, out_dir, color })
    }

    pub fn grade(&self, target: &Target, cancel: Option<&CancelToken>) -> Result<Verdict> {
        let start = Instant::now();
        let mut grading = Grading { grader: self, target, cancel, report: String::new(), truncated: false };
        let (outcome, compiler) = grading.run()?;
        Ok(Verdict {
            outcome,
            compiler,
            report: grading.report,
            truncated: grading.truncated,
            elapsed: start.elapsed(),
        })
    }

    /// Compiles `target` only as far as the compiler's checks go (no code generation) and returns its diagnostics:
    /// enough for hints and explanations, at a fraction of a full build's cost.
    pub fn diagnose(&self, target: &Target) -> Result<CompilerOutput> {
        let metadata = self.out_dir.join(format!("{}-check.rmeta", target.artifact));
        let config = Config { lint: true, loom: false, cfg: None, output: Output::MetadataOnly(metadata) };
        let finished = process::run(self.compiler(target, &config)?, COMPILE_LIMIT, None, "the Rust compiler")?;
        Ok(CompilerOutput::parse(&finished.output_lossy()))
    }

    /// The command that compiles `target` in one of its configurations.
    fn compiler(&self, target: &Target, config: &Config) -> Result<Command> {
        let exercise = target.exercise;
        let driver = if exercise.uses_clippy() && config.lint {
            self.toolchain.clippy_driver.as_ref().ok_or_else(|| {
                anyhow::anyhow!(
                    "exercise `{}` is graded with Clippy, which is not installed; run `rustup component add clippy`",
                    exercise.name
                )
            })?
        } else {
            &self.toolchain.rustc
        };
        let mut cmd = Command::new(driver);
        cmd.current_dir(&self.root)
            // Relative to the pack root, so that the compiler's messages name `exercises/...` paths that
            // terminals and editors turn into links.
            .arg(target.file.strip_prefix(&self.root).unwrap_or(&target.file))
            .args(["--crate-name", &exercise.name, "--edition", &self.toolchain.edition])
            .args(["--error-format=json", "--json=diagnostic-rendered-ansi"])
            .arg("--sysroot")
            .arg(&self.toolchain.sysroot)
            // The cfg names cargo declares, plus `loom`: an unknown cfg name in an exercise is then a warning.
            .args([
                "--check-cfg",
                "cfg(docsrs,test)",
                "--check-cfg",
                "cfg(feature, values())",
                "--check-cfg",
                "cfg(loom)",
            ]);
        for check in &exercise.must_not_compile {
            cmd.args(["--check-cfg", &format!("cfg({})", check.cfg)]);
        }
        if exercise.mode == Mode::Test || config.loom {
            cmd.arg("--test");
        }
        if config.lint {
            if exercise.strict_clippy {
                cmd.args(["-D", "warnings"]);
            }
            for lint in &exercise.clippy_lints {
                cmd.args(["-D", lint]);
            }
        }
        if config.loom {
            cmd.args(["--cfg", "loom"]);
        }
        if let Some(cfg) = &config.cfg {
            cmd.args(["--cfg", cfg]);
        }
        for dir in &self.toolchain.search_dirs {
            cmd.arg("-L").arg(format!("dependency={}", dir.display()));
        }
        for (name, path) in &self.toolchain.externs {
            cmd.arg("--extern").arg(format!("{name}={}", path.display()));
        }
        match &config.output {
            Output::Program(path) => cmd.arg("-o").arg(path),
            Output::MetadataOnly(path) => cmd.arg(format!("--emit=metadata={}", path.display())),
        };
        Ok(cmd)
    }
}

struct Config {
    lint: bool,
    loom: bool,
    cfg: Option<String>,
    output: Output,
}

enum Output {
    Program(PathBuf),
    MetadataOnly(PathBuf),
}

impl Output {
    fn path(&self) -> &Path {
        match self {
            Output::Program(path) | Output::MetadataOnly(path) => path,
        }
    }
}

/// What a compile produced, kept beside its output to replay it when nothing changed.
#[derive(Serialize, Deserialize)]
struct CompileRecord {
    key: u64,
    exit_code: i32,
    output: String,
}

/// Identifies a compile: the exact command line and the source it compiled.
fn compile_key(cmd: &Command, source: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    cmd.get_program().hash(&mut hasher);
    cmd.get_args().for_each(|arg| arg.hash(&mut hasher));
    source.hash(&mut hasher);
    hasher.finish()
}

/// The state of one grading in progress.
struct Grading<'g, 'a> {
    grader: &'g Grader,
    target: &'g Target<'a>,
    cancel: Option<&'g CancelToken>,
    report: String,
    truncated: bool,
}

impl Grading<'_, '_> {
    fn run(&mut self) -> Result<(Outcome, CompilerOutput)> {
        let exercise = self.target.exercise;
        let program = self.grader.out_dir.join(&self.target.artifact);
        let config = Config { lint: true, loom: false, cfg: None, output: Output::Program(program.clone()) };
        let (finished, compiler) = self.compile(&config)?;
        self.report.push_str(&compiler.rendered());
        if finished.exit == Exit::Cancelled {
            return Ok((Outcome::Cancelled, compiler));
        }
        if !finished.success() {
            // Clippy's lints carry their name as the code; an error with a compiler code (E....) is a real error.
            let lints: Vec<String> =
                compiler.errors().filter_map(|d| d.code.clone()).filter(|code| code.starts_with("clippy::")).collect();
            let real_errors = compiler.errors().any(|d| d.code.as_deref().is_some_and(|c| c.starts_with('E')));
            let failure = if !lints.is_empty() && !real_errors { Failure::Clippy { lints } } else { Failure::Compile };
            return Ok((Outcome::Failed(failure), compiler));
        }

        // Cheapest and most deterministic first: the must-not-compile checks (metadata only), then the loom models
        // (each interleaving explored in milliseconds), then the program itself, which may run until its time
        // limit when it hangs.
        for check in &exercise.must_not_compile {
            let outcome = self.must_not_compile(check)?;
            if outcome != Outcome::Passed {
                return Ok((outcome, compiler));
            }
        }
        if exercise.loom {
            let outcome = self.loom()?;
            if outcome != Outcome::Passed {
                return Ok((outcome, compiler));
            }
        }
        let outcome = self.run_program(&program)?;
        Ok((outcome, compiler))
    }

    /// Compiles in one configuration, or replays the previous compile when neither the file nor the command
    /// changed since (a re-run, `verify` after `run`, a repeated check), so nothing is compiled twice.
    fn compile(&mut self, config: &Config) -> Result<(Finished, CompilerOutput)> {
        let cmd = self.grader.compiler(self.target, config)?;
        let source = std::fs::read(&self.target.file)
            .with_context(|| format!("failed to read `{}`", self.target.file.display()))?;
        let key = compile_key(&cmd, &source);
        let output = config.output.path();
        let record_path = output.with_extension("compiled.json");
        let cached = std::fs::read(&record_path).ok().and_then(|b| serde_json::from_slice::<CompileRecord>(&b).ok());
        if let Some(record) = cached.filter(|r| r.key == key && (r.exit_code != 0 || output.is_file())) {
            let finished =
                Finished { exit: Exit::Code(record.exit_code), output: record.output.into_bytes(), truncated: false };
            let compiler = CompilerOutput::parse(&finished.output_lossy());
            return Ok((finished, compiler));
        }
        let finished = process::run(cmd, COMPILE_LIMIT, self.cancel, "the Rust compiler")?;
        let compiler = CompilerOutput::parse(&finished.output_lossy());
        // Remember the result only if the file did not change while the compiler read it.
        if let Exit::Code(exit_code) = finished.exit
            && std::fs::read(&self.target.file).is_ok_and(|now| now == source)
        {
            let record = CompileRecord { key, exit_code, output: finished.output_lossy() };
            let _ = std::fs::write(&record_path, serde_json::to_vec(&record)?);
        }
        Ok((finished, compiler))
    }

    fn program_command(&self, program: &Path) -> Command {
        let mut cmd = Command::new(program);
        cmd.current_dir(&self.grader.root);
        if self.target.exercise.mode == Mode::Test {
            cmd.arg(if self.grader.color { "--color=always" } else { "--color=never" });
        }
        cmd
    }

    fn run_program(&mut self, program: &Path) -> Result<Outcome> {
        let exercise = self.target.exercise;
        let cmd = self.program_command(program);
        let finished = process::run(cmd, exercise.time_limit, self.cancel, "the exercise's program")?;
        let output = self.absorb(&finished);
        Ok(match finished.exit {
            Exit::Code(0) => Outcome::Passed,
            Exit::Code(code) => {
                let message = first_panic_message(&output);
                Outcome::Failed(match exercise.mode {
                    Mode::Test => Failure::Tests { message },
                    Mode::Run => Failure::Exit { code, message },
                })
            }
            Exit::Signal(signal) => Outcome::Failed(Failure::Signal { signal, loom: false }),
            Exit::TimedOut(hang) => {
                Outcome::Failed(Failure::TimedOut { limit: exercise.time_limit, hang, loom: false })
            }
            Exit::Cancelled => Outcome::Cancelled,
        })
    }

    /// Adds a program's output to the report and returns it as text (invalid UTF-8 replaced, never a panic).
    fn absorb(&mut self, finished: &Finished) -> String {
        let output = finished.output_lossy();
        self.report.push_str(&output);
        if finished.truncated {
            self.truncated = true;
        }
        output
    }

    fn must_not_compile(&mut self, check: &MustNotCompile) -> Result<Outcome> {
        let metadata = self.grader.out_dir.join(format!("{}-{}.rmeta", self.target.artifact, check.cfg));
        let config =
            Config { lint: false, loom: false, cfg: Some(check.cfg.clone()), output: Output::MetadataOnly(metadata) };
        let (finished, compiler) = self.compile(&config)?;
        if finished.exit == Exit::Cancelled {
            return Ok(Outcome::Cancelled);
        }
        let expected = check.expect.to_string();
        if finished.success() {
            return Ok(Outcome::Failed(Failure::ShouldNotCompile {
                cfg: check.cfg.clone(),
                expected,
                why: check.why.clone(),
            }));
        }
        if compiler.errors().any(|d| check.expect.matches(d.code.as_deref(), &d.message)) {
            return Ok(Outcome::Passed);
        }
        // A different error: show it, since it is what the learner must understand next.
        self.report.push_str(&compiler.rendered());
        let got = compiler
            .errors()
            .map(|d| match &d.code {
                Some(code) => format!("{code}: {}", d.message),
                None => d.message.clone(),
            })
            .collect();
        Ok(Outcome::Failed(Failure::WrongError { cfg: check.cfg.clone(), expected, got }))
    }

    /// Builds the tests with `--cfg loom` and runs every test in a process of its own, so that one model that
    /// deadlocks or aborts does not hide the verdict of the others, within the exercise's time limit as a whole.
    fn loom(&mut self) -> Result<Outcome> {
        let exercise = self.target.exercise;
        let program = self.grader.out_dir.join(format!("{}-loom", self.target.artifact));
        let config = Config { lint: false, loom: true, cfg: None, output: Output::Program(program.clone()) };
        let (finished, compiler) = self.compile(&config)?;
        if finished.exit == Exit::Cancelled {
            return Ok(Outcome::Cancelled);
        }
        if !finished.success() {
            self.report.push_str(&compiler.rendered());
            return Ok(Outcome::Failed(Failure::Compile));
        }
        let mut list = self.program_command(&program);
        list.args(["--list", "--format=terse"]);
        let listed = process::run(list, exercise.time_limit, self.cancel, "the loom tests")?;
        let tests: Vec<String> =
            listed.output_lossy().lines().filter_map(|line| line.strip_suffix(": test")).map(str::to_owned).collect();
        let deadline = Instant::now() + exercise.time_limit;
        for test in tests {
            let mut cmd = self.program_command(&program);
            cmd.args(["--exact", &test, "--test-threads=1"]).env("LOOM_MAX_PREEMPTIONS", LOOM_MAX_PREEMPTIONS);
            let left = deadline.saturating_duration_since(Instant::now()).max(Duration::from_millis(100));
            let finished = process::run(cmd, left, self.cancel, "a loom model")?;
            let output = self.absorb(&finished);
            let problem = match finished.exit {
                Exit::Code(0) => continue,
                Exit::Cancelled => return Ok(Outcome::Cancelled),
                Exit::TimedOut(hang) => {
                    return Ok(Outcome::Failed(Failure::TimedOut { limit: exercise.time_limit, hang, loom: true }));
                }
                Exit::Signal(signal) if !output.contains("panicked at") => {
                    return Ok(Outcome::Failed(Failure::Signal { signal, loom: true }));
                }
                Exit::Code(_) | Exit::Signal(_) => loom_problem(&output),
            };
            return Ok(Outcome::Failed(Failure::Loom { test, problem }));
        }
        Ok(Outcome::Passed)
    }
}

/// Reads what went wrong in a loom model from its panic messages.
fn loom_problem(output: &str) -> LoomProblem {
    if output.contains("deadlock; threads") {
        LoomProblem::Deadlock
    } else if let Some(line) = output.lines().find(|l| l.contains("Causality violation")) {
        LoomProblem::DataRace(line.trim().to_owned())
    } else if output.contains("Model exceeded maximum number of branches") {
        LoomProblem::TooManyBranches
    } else {
        LoomProblem::Assertion(first_panic_message(output))
    }
}

/// The message of the first panic in a program's output: the lines after `thread '...' panicked at FILE:L:C:`.
pub fn first_panic_message(output: &str) -> Option<String> {
    let plain = console::strip_ansi_codes(output);
    let mut lines = plain.lines().skip_while(|l| !(l.starts_with("thread '") && l.contains("panicked at")));
    let head = lines.next()?;
    // Before Rust 1.73 the message shared the line: "panicked at 'message', file:line:col".
    if let Some(rest) = head.split("panicked at '").nth(1) {
        return rest.rsplit_once("', ").map(|(message, _)| message.to_owned());
    }
    // The message ends at a blank line, the note about RUST_BACKTRACE, or the backtrace itself.
    let message: Vec<&str> =
        lines.take_while(|l| !l.is_empty() && !l.starts_with("note: ") && !l.starts_with("stack backtrace:")).collect();
    (!message.is_empty()).then(|| message.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Captured from a libtest harness built by rustc 1.95.
    const FAILED: &str = "running 1 test\ntest tests::adds ... FAILED\n\nfailures:\n\n---- tests::adds stdout ----\n\nthread 'tests::adds' panicked at a.rs:4:49:\nassertion `left == right` failed: both threads read 0\n  left: 1\n right: 2\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\n\nfailures:\n    tests::adds\n";

    #[test]
    fn finds_the_panic_message() {
        assert_eq!(
            first_panic_message(FAILED).as_deref(),
            Some("assertion `left == right` failed: both threads read 0\n  left: 1\n right: 2")
        );
        assert_eq!(first_panic_message("running 1 test\ntest x ... ok\n"), None);
        let with_backtrace = "thread 'main' panicked at a.rs:1:1:\nboom\nstack backtrace:\n   0: rust_begin_unwind\n";
        assert_eq!(first_panic_message(with_backtrace).as_deref(), Some("boom"));
    }

    #[test]
    fn names_loom_problems() {
        assert_eq!(
            loom_problem(
                "thread 'main' panicked at src/rt/execution.rs:215:13:\ndeadlock; threads = [(Id(0), Blocked)]"
            ),
            LoomProblem::Deadlock
        );
        assert!(matches!(
            loom_problem("Causality violation: Concurrent write accesses to `UnsafeCell`."),
            LoomProblem::DataRace(_)
        ));
        assert_eq!(
            loom_problem("Model exceeded maximum number of branches. This is often"),
            LoomProblem::TooManyBranches
        );
        assert_eq!(loom_problem(FAILED), LoomProblem::Assertion(first_panic_message(FAILED)));
    }
}
