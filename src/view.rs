//! Everything the learner reads: verdicts, hints, lists, file links. The one place that styles text.
//!
//! Colour follows the terminal: none when stdout is not a terminal or `NO_COLOR` is set (<https://no-color.org>),
//! and then the compiler's own colour codes are stripped as well.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use console::{Style, style};

use crate::catalogue::{Catalogue, Exercise};
use crate::grade::{Failure, LoomProblem, Outcome, Verdict};
use crate::process::{Hang, OUTPUT_CAP};
use crate::state::Progress;

/// Whether the tutor writes colours (and links) to stdout.
pub fn color_enabled() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && console::colors_enabled()
}

/// Text as the learner should see it: with its colours if colour is on, without them otherwise.
pub fn colored(text: &str, color: bool) -> String {
    if color { text.to_owned() } else { console::strip_ansi_codes(text).into_owned() }
}

pub fn paint(text: impl std::fmt::Display, style: &Style, color: bool) -> String {
    if color { style.apply_to(text).force_styling(true).to_string() } else { text.to_string() }
}

/// A path the terminal can open: an OSC 8 hyperlink to the file when colour is on (terminals without support
/// simply print the text), the plain relative path otherwise. Editors' terminals also turn `path:line:col` into
/// links by themselves.
pub fn link(root: &Path, relative: &Path, color: bool) -> String {
    link_as(root, relative, &relative.display().to_string(), color)
}

/// Like [`link`], with other text than the path: `atomics5.rs:33` for a line of the file. (OSC 8 has no standard
/// way to address a line, so the link opens the file.)
pub fn link_as(root: &Path, relative: &Path, text: &str, color: bool) -> String {
    if !color {
        return text.to_owned();
    }
    let absolute = root.join(relative);
    let absolute = absolute.canonicalize().unwrap_or(absolute);
    format!("\x1b]8;;file://{}\x1b\\{text}\x1b]8;;\x1b\\", absolute.display())
}

/// Where the learner reads: the advice about hints names a command or a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// A one-off command such as `tutor run`.
    Command,
    /// The `tutor watch` screen.
    Watch,
}

impl Surface {
    /// How to ask for a hint here, or for the next one.
    fn hint_advice(self, exercise: &str, next: bool) -> String {
        match (self, next) {
            (Surface::Command, false) => format!("Stuck? `tutor hint {exercise}` gives a hint."),
            (Surface::Command, true) => format!("Run `tutor hint {exercise}` again for the next hint."),
            (Surface::Watch, false) => "Stuck? Press h for a hint.".to_owned(),
            (Surface::Watch, true) => "Press h again for the next hint.".to_owned(),
        }
    }
}

/// The whole verdict: the compiler's and the program's output, then what it means.
pub fn verdict(catalogue: &Catalogue, exercise: &Exercise, verdict: &Verdict, surface: Surface, color: bool) -> String {
    let mut out = colored(&verdict.report, color);
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    if verdict.truncated {
        let _ = writeln!(
            out,
            "{}",
            paint(
                format!("(output cut after {} MiB: the program printed more than that)", OUTPUT_CAP >> 20),
                &Style::new().yellow(),
                color
            )
        );
    }
    let path = link(&catalogue.root, &exercise.path(), color);
    match &verdict.outcome {
        Outcome::Passed => {
            let _ = writeln!(
                out,
                "{} {}",
                paint("✓", &Style::new().green().bold(), color),
                paint(format!("Exercise `{}` passed.", exercise.name), &Style::new().green().bold(), color)
            );
            let took = format!("(graded in {:.2} s)", verdict.elapsed.as_secs_f64());
            let _ = writeln!(out, "{}", paint(took, &Style::new().dim(), color));
            if catalogue.root.join(exercise.solution_path()).is_file() {
                let _ = writeln!(
                    out,
                    "Compare your answer with the reference solution: {}",
                    link(&catalogue.root, &exercise.solution_path(), color)
                );
            }
        }
        Outcome::Cancelled => {
            let _ = writeln!(out, "Grading of `{}` was stopped.", exercise.name);
        }
        Outcome::Failed(failure) => {
            let _ = writeln!(
                out,
                "{} {}",
                paint("✗", &Style::new().red().bold(), color),
                paint(
                    format!("Exercise `{}` ({path}) does not pass yet.", exercise.name),
                    &Style::new().red().bold(),
                    color
                )
            );
            let _ = writeln!(out, "{}", explain(failure, verdict));
            let _ = writeln!(out, "{}", paint(surface.hint_advice(&exercise.name, false), &Style::new().dim(), color));
        }
    }
    out
}

fn seconds(limit: Duration) -> String {
    let secs = limit.as_secs_f64();
    if secs.fract() == 0.0 { format!("{secs:.0} s") } else { format!("{secs:.1} s") }
}

/// One paragraph that says what the failure means and what to look at.
pub fn explain(failure: &Failure, verdict: &Verdict) -> String {
    match failure {
        Failure::Compile => {
            let first = verdict.compiler.errors().next();
            let place = first
                .and_then(|d| d.location.as_ref())
                .map(|(file, line, col)| format!(" at {file}:{line}:{col}"))
                .unwrap_or_default();
            let code = first
                .and_then(|d| d.code.as_deref())
                .map(|c| format!(" ({c}; `rustc --explain {c}` tells more)"))
                .unwrap_or_default();
            format!(
                "It does not compile yet: the first error is{place}{code}. Read the compiler's message above, top to bottom."
            )
        }
        Failure::Clippy { lints } => format!(
            "It compiles, but Clippy objects ({}), and this exercise asks for code that Clippy accepts. Its message above \
             says what to change.",
            lints.join(", ")
        ),
        Failure::Tests { message } => match message {
            Some(message) => format!("A test failed: {message}"),
            None => "A test failed; its output is above.".to_owned(),
        },
        Failure::Exit { code, message } => match message {
            Some(message) => format!("The program stopped with exit code {code}: {message}"),
            None => format!("The program stopped with exit code {code}; it must finish with success (exit code 0)."),
        },
        Failure::Signal { signal, loom } => {
            let name = nix::sys::signal::Signal::try_from(*signal)
                .map(|s| s.as_str().to_owned())
                .unwrap_or_else(|_| format!("signal {signal}"));
            if *loom {
                format!(
                    "A loom model crashed ({name}). loom aborts when a thread panics while another panic is unwinding, \
                     which usually follows a deadlock or a broken invariant found in some interleaving: look at the \
                     output above for the first panic."
                )
            } else {
                format!(
                    "The program crashed ({name}). A panic while panicking aborts; so does a failed allocation or stack overflow."
                )
            }
        }
        Failure::TimedOut { limit, hang, loom } => {
            let limit = seconds(*limit);
            if *loom {
                format!(
                    "The loom model did not finish within {limit}. loom explores every interleaving: keep the model to \
                     two threads and a few operations, and make sure no thread spins forever waiting for another."
                )
            } else {
                match hang {
                    Hang::Busy => format!(
                        "The program did not finish within {limit} and was stopped. It kept the processor busy the \
                         whole time, so it is most likely stuck in an endless loop: check each loop's exit condition."
                    ),
                    Hang::Blocked => format!(
                        "The program did not finish within {limit} and was stopped. Its threads were asleep, waiting, so \
                         this is most likely a deadlock: check the order in which locks are taken (always the same \
                         order), a lock taken twice by one thread, a condition variable nobody notifies, or a channel \
                         whose last Sender is never dropped."
                    ),
                }
            }
        }
        Failure::ShouldNotCompile { cfg, expected, why } => {
            let why = why.as_deref().map(|w| format!(" {w}")).unwrap_or_default();
            format!(
                "The code under `#[cfg({cfg})]` compiles, but this lesson needs it to be rejected by the compiler with \
                 {expected}.{why} Change your code (not that section) so that the compiler refuses it."
            )
        }
        Failure::WrongError { cfg, expected, got } => format!(
            "The code under `#[cfg({cfg})]` is rejected, as it should be, but not for the reason this lesson is about: \
             expected {expected}, got: {}.",
            got.join("; ")
        ),
        Failure::Loom { test, problem } => match problem {
            LoomProblem::Deadlock => format!(
                "loom found an interleaving of `{test}` in which every thread waits for another: a deadlock. Take locks \
                 in one fixed order, or hold only one at a time."
            ),
            LoomProblem::DataRace(line) => format!(
                "loom found two threads of `{test}` touching the same memory with nothing ordering the accesses: a data \
                 race ({line}). Protect the data with a lock, or publish it with Release/Acquire."
            ),
            LoomProblem::Assertion(Some(message)) => {
                format!(
                    "loom found an interleaving of `{test}` that breaks it, so a lucky run would hide the bug: {message}"
                )
            }
            LoomProblem::Assertion(None) => {
                format!("loom found an interleaving of `{test}` that breaks it; the output above shows the panic.")
            }
            LoomProblem::TooManyBranches => format!(
                "loom could not finish exploring `{test}`: the model has too many branches, which usually means a \
                 thread spins waiting for another. Call `loom::hint::spin_loop()` or `loom::thread::yield_now()` in \
                 the waiting loop, or keep the model smaller."
            ),
        },
    }
}

/// The hints to show for an exercise: those that answer the learner's current compiler errors first, then the
/// layered hints up to `level` (one-based).
pub fn hints(exercise: &Exercise, matched: &[&str], level: usize, surface: Surface, color: bool) -> String {
    let mut out = String::new();
    for hint in matched {
        let _ = writeln!(
            out,
            "{}\n{}\n",
            paint("About your current error:", &Style::new().cyan().bold(), color),
            hint.trim()
        );
    }
    if exercise.hints.is_empty() {
        let _ = writeln!(out, "This exercise has no hint.");
        return out;
    }
    let shown = level.clamp(1, exercise.hints.len());
    for (i, hint) in exercise.hints.iter().take(shown).enumerate() {
        let title = if exercise.hints.len() > 1 {
            format!("Hint {} of {}:", i + 1, exercise.hints.len())
        } else {
            "Hint:".to_owned()
        };
        let _ = writeln!(out, "{}\n{}\n", paint(title, &Style::new().cyan().bold(), color), hint.trim());
    }
    if shown < exercise.hints.len() {
        let _ = writeln!(out, "{}", paint(surface.hint_advice(&exercise.name, true), &Style::new().dim(), color));
    }
    out
}

/// An exercise's status word (done, current, pending) and its style, as the lists show it.
pub fn status(progress: &Progress, index: usize, name: &str) -> (&'static str, Style) {
    if progress.is_done(name) {
        ("done", Style::new().green())
    } else if progress.current() == Some(index) {
        ("current", Style::new().yellow().bold())
    } else {
        ("pending", Style::new())
    }
}

/// A warning line for stderr.
pub fn warning(text: &str) -> String {
    format!("{} {text}", style("warning:").yellow().bold())
}

/// A duration for people: `45s`, `12m 05s`, `2h 03m`.
pub fn duration(seconds: u64) -> String {
    match seconds {
        0..60 => format!("{seconds}s"),
        60..3600 => format!("{}m {:02}s", seconds / 60, seconds % 60),
        _ => format!("{}h {:02}m", seconds / 3600, seconds % 3600 / 60),
    }
}
