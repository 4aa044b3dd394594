//! How a verdict reads: the summary that says what happened and what to look at, and the output beneath it.

use std::fmt::Write as _;

use super::{Surface, Tone, colored, link, paint};
use crate::catalogue::{Catalogue, Exercise};
use crate::explain::explain;
use crate::process::OUTPUT_CAP;
use crate::verdict::{Failure, Outcome, Verdict};

/// The whole verdict for a one-off command: the compiler's and the program's output, then what it means (last, where
/// the terminal leaves the learner's eyes).
pub fn verdict(catalogue: &Catalogue, exercise: &Exercise, verdict: &Verdict, surface: Surface, color: bool) -> String {
    let mut out = output(exercise, verdict, color);
    out.push_str(&summary(catalogue, exercise, verdict, surface, color));
    out
}

/// What the compiler and the program printed, with the notes about what grading did to the file.
pub fn output(exercise: &Exercise, verdict: &Verdict, color: bool) -> String {
    let mut out = colored(&verdict.report, color);
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    if verdict.truncated {
        let cut = format!("(output cut after {} MiB: the program printed more than that)", OUTPUT_CAP >> 20);
        let _ = writeln!(out, "{}", paint(cut, Tone::Warn, color));
    }
    for note in &verdict.notes {
        let _ = writeln!(out, "{} {note}", paint("Note:", Tone::WarnBold, color));
    }
    if verdict.checks_restored {
        let advice = format!(
            "The tests, loom models and must-not-compile sections are the pack's: `tutor reset {} --checks` puts them \
             back in your file and keeps your code.",
            exercise.name
        );
        let _ = writeln!(out, "{}", paint(advice, Tone::Dim, color));
    }
    out
}

/// What the verdict means, in a line or a short paragraph: passed, or what failed and what to look at.
pub fn summary(catalogue: &Catalogue, exercise: &Exercise, verdict: &Verdict, surface: Surface, color: bool) -> String {
    let mut out = String::new();
    let path = link(&catalogue.root, &exercise.path(), color);
    match &verdict.outcome {
        Outcome::Passed => {
            let _ = writeln!(
                out,
                "{} {} {}",
                paint("✓", Tone::PassBold, color),
                paint(format!("Exercise `{}` passed.", exercise.name), Tone::PassBold, color),
                paint(format!("(graded in {:.2} s)", verdict.elapsed.as_secs_f64()), Tone::Dim, color)
            );
            if let Some(solution) = super::solution_line(catalogue, exercise, color) {
                let _ = writeln!(out, "{solution}");
            }
        }
        Outcome::Cancelled => {
            let _ = writeln!(out, "Grading of `{}` was stopped.", exercise.name);
        }
        Outcome::Failed(failure) => {
            let _ = writeln!(
                out,
                "{} {}",
                paint("✗", Tone::FailBold, color),
                paint(format!("Exercise `{}` ({path}) does not pass yet.", exercise.name), Tone::FailBold, color)
            );
            let _ = writeln!(out, "{}", explain(failure, verdict));
            if let Failure::Loom { schedule: Some(schedule), .. } = failure {
                let _ = writeln!(out, "\n{}", colored(schedule.rendered.trim_end(), color));
            }
            let _ = writeln!(out, "{}", paint(surface.hint_advice(&exercise.name, false), Tone::Dim, color));
        }
    }
    out
}
