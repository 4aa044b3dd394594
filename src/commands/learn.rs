//! The learner's everyday commands: run, hint, explain, reset, verify. Each changes progress only through the
//! session's mutators.

use std::process::ExitCode;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};

use crate::catalogue::Exercise;
use crate::diagnostics::CompilerOutput;
use crate::grade::{Outcome, Target};
use crate::hints;
use crate::process::{CancelToken, interrupted};
use crate::session::{Recorded, Session};
use crate::view::{self, Surface};
use crate::workspace;

pub fn run(name: Option<&str>) -> Result<ExitCode> {
    let mut session = crate::view::open_session()?;
    let Some((index, exercise)) = session.pick(name)? else {
        return view::say(&format!("{}\n", session.all_done_message()));
    };
    let exercise = exercise.clone();
    let grader = session.grader()?;
    let interrupt = CancelToken::on_interrupt()?;
    let verdict = grader.grade(&Target::exercise(&session.catalogue, &exercise), Some(&interrupt))?;
    if verdict.outcome == Outcome::Cancelled {
        return Ok(interrupted());
    }
    // Recorded first: a pass reveals the reference solution, which the verdict then names.
    let recorded = session.record(index, &verdict)?;
    let mut out = view::verdict(&session.catalogue, &exercise, &verdict, Surface::Command, session.color);
    match recorded {
        Recorded::Failed => {}
        Recorded::Passed { next: Some(next) } => {
            out.push_str(&format!("Next: `{}`; run `tutor run` to grade it.\n", session.catalogue.exercises[next].name))
        }
        Recorded::Passed { next: None } => out.push_str(&format!("{}\n", session.all_done_message())),
        Recorded::PassedOther => {}
    }
    view::say(&out)?;
    Ok(if recorded == Recorded::Failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// Compiles an exercise just far enough to read the compiler's diagnostics, for hints and explanations.
fn diagnose(session: &Session, exercise: &Exercise) -> Result<CompilerOutput> {
    session.grader()?.diagnose(&Target::exercise(&session.catalogue, exercise))
}

pub fn hint(name: Option<&str>, all: bool) -> Result<ExitCode> {
    let mut session = crate::view::open_session()?;
    let Some((index, exercise)) = session.pick(name)? else {
        return view::say(&format!("{}\n", session.all_done_message()));
    };
    let exercise = exercise.clone();
    // Hints tied to a diagnostic need the learner's current output: the compiler's errors, or what the tests
    // printed when they ran (a panic message, a loom report). Grading gives both; unchanged compiles are replayed.
    let matched = if exercise.diagnostic_hints.is_empty() {
        Vec::new()
    } else {
        let interrupt = CancelToken::on_interrupt()?;
        let verdict = session.grader()?.grade(&Target::exercise(&session.catalogue, &exercise), Some(&interrupt))?;
        if verdict.outcome == Outcome::Cancelled {
            return Ok(interrupted());
        }
        hints::matching(&exercise, &verdict).into_iter().map(str::to_owned).collect()
    };
    let matched: Vec<&str> = matched.iter().map(String::as_str).collect();
    let (rungs, seen, more) = if all {
        (hints::all(&exercise, &matched), hints::total(&exercise), false)
    } else {
        hints::next(&exercise, session.progress().hints_seen(&exercise.name), &matched)
    };
    let text = view::hints(&exercise, &rungs, more, Surface::Command, session.color);
    session.record_hint(index, seen)?;
    view::say(&text)
}

pub fn explain(what: Option<&str>) -> Result<ExitCode> {
    let session = crate::view::open_session()?;
    let code_given =
        what.filter(|w| w.len() == 5 && w.starts_with(['E', 'e']) && w[1..].chars().all(|c| c.is_ascii_digit()));
    if let Some(code) = code_given {
        let text = crate::process::output_of(
            std::process::Command::new("rustc").args(["--explain", &code.to_uppercase()]),
            "`rustc --explain`",
        )?;
        return view::say(&text);
    }
    let Some((_, exercise)) = session.pick(what)? else {
        return view::say(&format!("{}\n", session.all_done_message()));
    };
    let compiler = diagnose(&session, exercise)?;
    match compiler.first_code() {
        Some(diagnostic) => {
            let code = diagnostic.code.as_deref().unwrap_or_default();
            let explanation = diagnostic.explanation.as_deref().unwrap_or(view::NO_EXPLANATION);
            view::say(&format!("{code}: {}\n\n{}\n", diagnostic.message, explanation.trim_end()))
        }
        None => view::say(&format!("`{}` has no compiler error with a code right now.\n", exercise.name)),
    }
}

pub fn reset(name: &str, checks: bool) -> Result<ExitCode> {
    let mut session = crate::view::open_session()?;
    let (index, exercise) = session.catalogue.get(name)?;
    let exercise = exercise.clone();
    if checks {
        let text = match workspace::restore_checks(&session.catalogue, &exercise)? {
            Some(backup) => format!(
                "Put the pack's checks back into `{}`; your code is unchanged. The file as it was is saved in `{}`.\n",
                exercise.path().display(),
                backup.display()
            ),
            None => format!("`{}` already has the pack's checks; nothing changed.\n", exercise.path().display()),
        };
        return view::say(&text);
    }
    let backup = session.reset(index)?;
    view::say(&format!("{}\n", view::reset_done(&exercise, backup.as_deref())))
}

pub fn verify() -> Result<ExitCode> {
    let mut session = crate::view::open_session()?;
    let grader = session.grader()?;
    let interrupt = CancelToken::on_interrupt()?;
    let total = session.catalogue.exercises.len();
    let bar = ProgressBar::new(total as u64);
    bar.set_style(
        ProgressStyle::with_template("{prefix} [{bar:40}] {pos}/{len} {msg}")
            .context("invalid progress bar template")?
            .progress_chars("#>-"),
    );
    bar.set_prefix("Verifying");
    for index in 0..total {
        let exercise = session.catalogue.exercises[index].clone();
        bar.set_message(exercise.name.clone());
        let verdict = grader.grade(&Target::exercise(&session.catalogue, &exercise), Some(&interrupt))?;
        if verdict.outcome == Outcome::Cancelled {
            bar.finish_and_clear();
            return Ok(interrupted());
        }
        // Every verdict is an attempt like any other: progress, pass times and the classroom see it.
        if session.record(index, &verdict)? == Recorded::Failed {
            bar.finish_and_clear();
            session.go_to(index)?;
            let mut out = view::verdict(&session.catalogue, &exercise, &verdict, Surface::Command, session.color);
            out.push_str(&format!("{index} of {total} exercises pass; `{}` is next.\n", exercise.name));
            view::say(&out)?;
            return Ok(ExitCode::FAILURE);
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    let mut out = format!("All {total} exercises pass.\n");
    if let Some(message) = &session.catalogue.final_message {
        out.push_str(&format!("\n{}\n", message.trim()));
    }
    view::say(&out)
}
