//! What the learner asks to see: `tutor` alone (where they are), `tutor list` and `tutor progress`.
//!
//! Each builds its whole text and writes it at once through [`view::say`], which ends quietly when the reader has
//! gone (`tutor list | head -1`).

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::Result;

use crate::classroom::wire;
use crate::view::{self, Table, Tone, paint};

/// `tutor` alone: where the learner is and what to run.
pub fn overview() -> Result<ExitCode> {
    let session = crate::view::open_session()?;
    let mut out = String::new();
    if session.progress().done_count() == 0
        && let Some(welcome) = &session.catalogue.welcome_message
    {
        let _ = writeln!(out, "{}\n", welcome.trim());
    }
    let _ = writeln!(
        out,
        "Progress: {} of {} exercises done.",
        session.progress().done_count(),
        session.progress().total()
    );
    match session.pick(None)? {
        Some((_, exercise)) => {
            let _ = writeln!(
                out,
                "Current exercise: `{}` ({}).\nEdit it, then run `tutor run` to grade it; `tutor hint` helps, `tutor list` \
                 shows them all.",
                exercise.name,
                view::link(&session.catalogue.root, &exercise.path(), session.color)
            );
        }
        None => {
            let _ = writeln!(out, "{}", session.all_done_message());
        }
    }
    view::say(&out)
}

pub fn list() -> Result<ExitCode> {
    let session = crate::view::open_session()?;
    let color = session.color && std::io::stdout().is_terminal();
    let rows: Vec<Vec<String>> = session
        .catalogue
        .exercises
        .iter()
        .enumerate()
        .map(|(i, exercise)| {
            let (status, tone) = view::status(&session.catalogue, session.progress(), i);
            vec![
                (i + 1).to_string(),
                exercise.name.clone(),
                exercise.chapter.clone(),
                paint(status, tone, color),
                view::link(&session.catalogue.root, &exercise.path(), color),
            ]
        })
        .collect();
    let table = Table {
        headers: &["#", "NAME", "CHAPTER", "STATUS", "PATH"],
        right: &[true, false, false, false, false],
        caps: &[None, None, Some(30), None, None],
    };
    let mut out = table.render(&rows, color).join("\n");
    let _ = writeln!(out, "\n\n{} of {} done.", session.progress().done_count(), session.progress().total());
    view::say(&out)
}

/// One exercise in `tutor progress --json`.
#[derive(serde::Serialize)]
struct ProgressEntry<'a> {
    name: &'a str,
    chapter: &'a str,
    status: &'static str,
    attempts: u32,
    seconds: u64,
    hints_used: usize,
    hints_total: usize,
    first_error: Option<String>,
    last_error: Option<String>,
    first_seen_ms: Option<u64>,
    last_active_ms: Option<u64>,
    passed_ms: Option<u64>,
}

/// How wide an error kind may be in the table; longer ones (`loom-too-many-branches`) are cut, the JSON has them whole.
const ERROR_WIDTH: usize = 16;

pub fn progress(json: bool) -> Result<ExitCode> {
    let session = crate::view::open_session()?;
    let progress = session.progress();
    let entries: Vec<ProgressEntry> = progress
        .stats()
        .zip(&session.catalogue.exercises)
        .enumerate()
        .map(|(i, ((name, stats), exercise))| ProgressEntry {
            name,
            chapter: &exercise.chapter,
            status: view::status(&session.catalogue, progress, i).0,
            attempts: stats.attempts,
            seconds: stats.seconds,
            hints_used: progress.hints_seen(name),
            hints_total: crate::hints::total(exercise),
            first_error: stats.first_error,
            last_error: stats.last_error,
            first_seen_ms: stats.first_seen_ms,
            last_active_ms: stats.last_active_ms,
            passed_ms: stats.passed_ms,
        })
        .collect();
    if json {
        let export = serde_json::json!({
            "format_version": 1,
            "pack": session.catalogue.root,
            "exported_ms": wire::now_ms(),
            "done": progress.done_count(),
            "total": progress.total(),
            "exercises": entries,
        });
        return view::say(&format!("{}\n", serde_json::to_string_pretty(&export)?));
    }
    let seconds: u64 = entries.iter().map(|e| e.seconds).sum();
    let attempts: u32 = entries.iter().map(|e| e.attempts).sum();
    let hints: usize = entries.iter().map(|e| e.hints_used).sum();
    let plural = |n: usize, word: &str| if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") };
    let mut out = format!(
        "{} of {} exercises done · {} spent · {} · {}\n",
        progress.done_count(),
        progress.total(),
        view::duration(seconds),
        plural(attempts as usize, "check"),
        plural(hints, "hint")
    );
    // Exercises the learner has not touched yet (any check or hint sets `first_seen_ms`) would be rows of dashes.
    let rows: Vec<Vec<String>> = entries
        .iter()
        .enumerate()
        .filter(|(i, e)| e.first_seen_ms.is_some() || progress.current() == Some(*i))
        .map(|(i, e)| {
            vec![
                (i + 1).to_string(),
                e.name.to_owned(),
                e.status.to_owned(),
                e.attempts.to_string(),
                view::duration(e.seconds),
                format!("{}/{}", e.hints_used, e.hints_total),
                e.first_error.clone().unwrap_or_else(|| "-".into()),
                e.last_error.clone().unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    if rows.is_empty() {
        out.push_str("Nothing checked yet: run `tutor watch` and save an exercise.\n");
        return view::say(&out);
    }
    let table = Table {
        headers: &["#", "EXERCISE", "STATUS", "CHECKS", "TIME", "HINTS", "FIRST ERROR", "LAST ERROR"],
        right: &[true, false, false, true, true, true, false, false],
        caps: &[None, None, None, None, None, None, Some(ERROR_WIDTH), Some(ERROR_WIDTH)],
    };
    let color = session.color && std::io::stdout().is_terminal();
    let _ = writeln!(out, "\n{}", table.render(&rows, color).join("\n"));
    let _ = writeln!(
        out,
        "\n{}",
        paint(
            "Time counts the gaps between your checks and hints on an exercise until it first passed, each gap at most \
             10 minutes. `tutor progress --json` exports all of it.",
            Tone::Dim,
            color
        )
    );
    view::say(&out)
}
