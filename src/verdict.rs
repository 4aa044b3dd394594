//! What a grading found: the [`Verdict`] and the kinds of [`Failure`], as data. How it reads is the view's; what a failure
//! means in words, `explain.rs`'s.

use std::time::Duration;

use crate::diagnostics::CompilerOutput;
use crate::process::Hang;
use crate::rules::Violation;

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
    /// What the grading did to the learner's file to grade it with the pack's checks (a changed or deleted test module
    /// restored, a lint attribute set aside), one sentence each.
    pub notes: Vec<String>,
    /// Whether the learner's copy of the checks differed from the pack's.
    pub checks_restored: bool,
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
    Clippy { lints: Vec<String> },
    /// The learner's code breaks a rule of the exercise: a forbidden method, type, macro or piece of syntax, an item
    /// that had to stay as shipped, or the tutor's cfg names in their code.
    Rules(Vec<Violation>),
    /// The file compiles but the tutor cannot read it as Rust, so it cannot tell the checks from the learner's code.
    Unreadable { message: String, line: usize, column: usize },
    /// A test failed; `message` is the first panic message, if one was found.
    Tests { message: Option<String> },
    /// The program exited successfully, but these tests never reported a pass: the run ended before them (a
    /// `process::exit` in the learner's code) or they did not run at all.
    Incomplete { missing: Vec<String>, loom: bool },
    /// The program (`test = false`) exited with a failure code.
    /// (`main`: a test exercise's own `main`, run after its tests passed.)
    Exit { code: i32, message: Option<String>, main: bool },
    /// The program wanted more memory than its limit allows (an allocation failed).
    OutOfMemory { limit_mib: u64 },
    /// The program was killed by a signal (SIGABRT after a panic during a panic, SIGSEGV, ...).
    Signal { signal: i32, loom: bool },
    /// The program outlived its time limit; `unfinished` names the tests that were still running (none for a program,
    /// or when the log says nothing).
    TimedOut { limit: Duration, hang: Hang, loom: bool, unfinished: Vec<String> },
    /// Code under `#[cfg(cfg)]` compiled although the lesson says it must not.
    ShouldNotCompile { cfg: String, expected: String, why: Option<String> },
    /// Code under `#[cfg(cfg)]` failed to compile, but not with the error the lesson is about.
    WrongError { cfg: String, expected: String, got: Vec<String> },
    /// A loom model found an interleaving that breaks the program; `schedule` is that interleaving as a timeline, when
    /// the exercise records one (it uses the `std_or_loom` crate).
    Loom { test: String, problem: LoomProblem, schedule: Option<Schedule> },
}

/// The failing interleaving of a loom model, as the learner reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    /// The timeline, styled when colour is on.
    pub rendered: String,
    /// The learner's lines it runs through, for the classroom.
    pub lines: Vec<u32>,
    /// What the threads still blocked at the end wait for (once each, in thread order): the cause of a deadlock.
    pub waits: Vec<Wait>,
}

/// What a blocked thread waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    Lock,
    Condvar,
    Receive,
    Send,
    Join,
    Barrier,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LoomProblem {
    /// Every thread of the model is blocked.
    Deadlock,
    /// Two threads touched an `UnsafeCell` (or an atomic's non-atomic access) without ordering between them.
    DataRace(String),
    /// The model's own assertion failed in some interleaving.
    Assertion(Option<String>),
    /// The model never finished exploring: usually a spin loop that needs the other thread to run. `may_spin`: the
    /// exercise lets the learner call `spin_loop`/`yield_now` (the usual fix for a spin loop under loom).
    TooManyBranches { may_spin: bool },
}

impl Outcome {
    pub fn passed(&self) -> bool {
        *self == Outcome::Passed
    }
}

impl Verdict {
    /// A verdict with nothing but its outcome, for unit tests.
    #[cfg(test)]
    pub fn bare(outcome: Outcome) -> Verdict {
        Verdict {
            outcome,
            compiler: Default::default(),
            report: String::new(),
            truncated: false,
            notes: Vec::new(),
            checks_restored: false,
            elapsed: Duration::ZERO,
        }
    }

    /// The learner's lines that the failing interleaving of a loom model runs through (for the classroom), if any.
    pub fn interleaving_lines(&self) -> Vec<u32> {
        match &self.outcome {
            Outcome::Failed(Failure::Loom { schedule: Some(schedule), .. }) => schedule.lines.clone(),
            _ => Vec::new(),
        }
    }

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
            Failure::Rules(_) => "rule",
            Failure::Unreadable { .. } => "unreadable",
            Failure::Tests { .. } => "test-failed",
            Failure::Incomplete { .. } => "tests-incomplete",
            Failure::Exit { .. } => "exit-code",
            Failure::Signal { .. } => "crashed",
            Failure::OutOfMemory { .. } => "out-of-memory",
            Failure::TimedOut { hang: Hang::Busy, .. } => "endless-loop",
            Failure::TimedOut { hang: Hang::Blocked, .. } => "deadlock",
            Failure::ShouldNotCompile { .. } => "compiled-but-must-not",
            Failure::WrongError { .. } => "wrong-error",
            Failure::Loom { problem: LoomProblem::Deadlock, .. } => "loom-deadlock",
            Failure::Loom { problem: LoomProblem::DataRace(_), .. } => "loom-data-race",
            Failure::Loom { problem: LoomProblem::Assertion(_), .. } => "loom-assertion",
            Failure::Loom { problem: LoomProblem::TooManyBranches { .. }, .. } => "loom-too-many-branches",
        };
        Some(word.to_owned())
    }
}
