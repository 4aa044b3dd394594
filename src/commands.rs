//! The everyday commands: run, hint, explain, list, reset, verify.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};

use crate::catalogue::{Catalogue, Exercise, Matcher};
use crate::classroom::client::{Courier, Outbox};
use crate::classroom::wire::{self, Kind};
use crate::cli::{ClassroomArgs, ClassroomCommand, Cli, Command, DevCommand};
use crate::diagnostics::CompilerOutput;
use crate::grade::{Grader, Outcome, Target, Verdict};
use crate::process::CancelToken;
use crate::state::Progress;
use crate::view::Surface;
use crate::{dev, view, workspace};

/// A pack opened for a command: its catalogue and the learner's progress through it.
pub struct Session {
    pub catalogue: Catalogue,
    pub progress: Progress,
    pub color: bool,
    /// Where the learner's reports to a classroom wait, once they have joined one from this pack.
    pub outbox: Option<Outbox>,
    /// The watch's courier, told when a report is queued.
    pub courier: Option<Courier>,
}

impl Session {
    pub fn open() -> Result<Session> {
        let cwd = std::env::current_dir().context("failed to read the current folder")?;
        let catalogue = Catalogue::discover(&cwd)?;
        let mut warnings = Vec::new();
        let progress = Progress::load(&catalogue, &mut warnings);
        for warning in &warnings {
            eprintln!("{}", view::warning(warning));
        }
        workspace::remember_shipped(&catalogue)?;
        let outbox = Outbox::of_pack(&catalogue.root);
        Ok(Session { catalogue, progress, color: view::color_enabled(), outbox, courier: None })
    }

    /// The named exercise, or the current one.
    pub fn pick(&self, name: Option<&str>) -> Result<Option<(usize, &Exercise)>> {
        match name {
            Some(name) => self.catalogue.get(name).map(Some),
            None => Ok(self.progress.current().map(|i| (i, &self.catalogue.exercises[i]))),
        }
    }

    pub fn grader(&self) -> Result<Grader> {
        Grader::new(&self.catalogue, self.color)
    }

    /// Records a verdict: an attempt with its error, and a pass marks the exercise done (and moves the learner on if
    /// it was the current one).
    pub fn record(&mut self, index: usize, verdict: &Verdict) -> Result<()> {
        let error = verdict.error_code();
        self.progress.checked(index, wire::now_ms(), error.clone());
        let kind = if verdict.outcome.passed() {
            self.progress.mark_done(index);
            Kind::Pass
        } else {
            Kind::Attempt
        };
        self.progress.save()?;
        self.report(kind, index, error)
    }

    /// Records that the learner saw `count` layered hints of an exercise (one more, or all of them).
    pub fn record_hint(&mut self, index: usize, count: usize) -> Result<()> {
        let name = self.catalogue.exercises[index].name.clone();
        self.progress.hints_shown(&name, count, wire::now_ms());
        self.progress.save()?;
        self.report(Kind::Hint, index, None)
    }

    /// Records that the learner arrived at an exercise.
    pub fn record_open(&mut self, index: usize) -> Result<()> {
        self.progress.opened(index, wire::now_ms());
        self.progress.save()?;
        self.report(Kind::Open, index, None)
    }

    /// Queues a report for the classroom, when the learner joined one.
    fn report(&self, kind: Kind, index: usize, error: Option<String>) -> Result<()> {
        let Some(outbox) = &self.outbox else { return Ok(()) };
        let event = wire::Event::new(kind, &self.catalogue.exercises[index].name, error);
        outbox.push(&event).context("your progress is saved, but the report for the classroom could not be queued")?;
        if let Some(courier) = &self.courier {
            courier.nudge();
        }
        Ok(())
    }
}

/// Ctrl-C stopped a grading: its programs are already killed. 130 is the shell's code for a command ended by SIGINT.
pub fn interrupted() -> ExitCode {
    eprintln!("Interrupted: the running program was stopped.");
    ExitCode::from(130)
}

pub fn dispatch(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        // In a terminal, `tutor` alone is the watch screen; piped or scripted, it prints where the learner is.
        None if crate::watch::interactive() => crate::watch::run(false, ClassroomArgs::default()),
        None => overview(),
        Some(Command::Watch { poll, classroom }) => crate::watch::run(poll, classroom),
        Some(Command::Progress { json }) => progress(json),
        Some(Command::Init { dir, no_fetch }) => crate::init::init(&dir, !no_fetch),
        Some(Command::Doctor) => crate::doctor::doctor(),
        Some(Command::Classroom { command: ClassroomCommand::Serve { addr, db } }) => {
            crate::classroom::server::serve(&addr, &db)
        }
        Some(Command::Classroom { command: ClassroomCommand::Simulate { url, join, token, learners, seconds } }) => {
            crate::classroom::simulate::simulate(&url, &join, &token, learners, seconds)
        }
        Some(Command::Run { name }) => run(name.as_deref()),
        Some(Command::Hint { name, all }) => hint(name.as_deref(), all),
        Some(Command::Explain { what }) => explain(what.as_deref()),
        Some(Command::List) => list(),
        Some(Command::Reset { name, checks }) => reset(&name, checks),
        Some(Command::Verify) => verify(),
        Some(Command::Dev { command: DevCommand::Check { jobs } }) => dev::check(jobs),
        Some(Command::Dev { command: DevCommand::Update }) => dev::update(),
        Some(Command::Dev { command: DevCommand::Grade { name, file, runs } }) => dev::grade(&name, &file, runs),
    }
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

fn progress(json: bool) -> Result<ExitCode> {
    let session = Session::open()?;
    let entries: Vec<ProgressEntry> = session
        .progress
        .stats()
        .zip(&session.catalogue.exercises)
        .enumerate()
        .map(|(i, ((name, stats), exercise))| ProgressEntry {
            name,
            chapter: &exercise.chapter,
            status: view::status(&session.progress, i, name).0,
            attempts: stats.attempts,
            seconds: stats.seconds,
            hints_used: session.progress.hints_seen(name),
            hints_total: exercise.hints.len(),
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
            "done": session.progress.done_count(),
            "total": session.progress.total(),
            "exercises": entries,
        });
        println!("{}", serde_json::to_string_pretty(&export)?);
        return Ok(ExitCode::SUCCESS);
    }
    let seconds: u64 = entries.iter().map(|e| e.seconds).sum();
    let attempts: u32 = entries.iter().map(|e| e.attempts).sum();
    let hints: usize = entries.iter().map(|e| e.hints_used).sum();
    let plural = |n: usize, word: &str| if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") };
    println!(
        "{} of {} exercises done · {} spent · {} · {}",
        session.progress.done_count(),
        session.progress.total(),
        view::duration(seconds),
        plural(attempts as usize, "check"),
        plural(hints, "hint")
    );
    // Exercises the learner has not touched yet (any check or hint sets `first_seen_ms`) would be rows of dashes.
    let shown: Vec<(usize, &ProgressEntry)> = entries
        .iter()
        .enumerate()
        .filter(|(i, e)| e.first_seen_ms.is_some() || session.progress.current() == Some(*i))
        .collect();
    if shown.is_empty() {
        println!("Nothing checked yet: run `tutor watch` and save an exercise.");
        return Ok(ExitCode::SUCCESS);
    }
    let width = shown.iter().map(|(_, e)| e.name.len()).max().unwrap_or(8).max(8);
    println!(
        "\n{:>3}  {:<width$}  {:<7}  {:>6}  {:>8}  {:>5}  {:<12}  LAST ERROR",
        "#", "EXERCISE", "STATUS", "CHECKS", "TIME", "HINTS", "FIRST ERROR"
    );
    for (i, entry) in shown {
        println!(
            "{:>3}  {:<width$}  {:<7}  {:>6}  {:>8}  {:>5}  {:<12}  {}",
            i + 1,
            entry.name,
            entry.status,
            entry.attempts,
            view::duration(entry.seconds),
            format!("{}/{}", entry.hints_used, entry.hints_total),
            entry.first_error.as_deref().unwrap_or("-"),
            entry.last_error.as_deref().unwrap_or("-"),
        );
    }
    println!(
        "\nTime counts the gaps between your checks and hints on an exercise, each gap at most 10 minutes. `tutor progress --json` exports all of it."
    );
    Ok(ExitCode::SUCCESS)
}

pub fn all_done_message(session: &Session) -> String {
    let mut text = String::from("Every exercise is done.");
    if let Some(message) = &session.catalogue.final_message {
        text = format!("{text}\n\n{}", message.trim());
    }
    text
}

/// `tutor` alone: where the learner is and what to run.
fn overview() -> Result<ExitCode> {
    let session = Session::open()?;
    if session.progress.done_count() == 0
        && let Some(welcome) = &session.catalogue.welcome_message
    {
        println!("{}\n", welcome.trim());
    }
    println!("Progress: {} of {} exercises done.", session.progress.done_count(), session.progress.total());
    match session.pick(None)? {
        Some((_, exercise)) => println!(
            "Current exercise: `{}` ({}).\nEdit it, then run `tutor run` to grade it; `tutor hint` helps, `tutor list` shows them all.",
            exercise.name,
            view::link(&session.catalogue.root, &exercise.path(), session.color)
        ),
        None => println!("{}", all_done_message(&session)),
    }
    Ok(ExitCode::SUCCESS)
}

fn run(name: Option<&str>) -> Result<ExitCode> {
    let mut session = Session::open()?;
    let Some((index, exercise)) = session.pick(name)? else {
        println!("{}", all_done_message(&session));
        return Ok(ExitCode::SUCCESS);
    };
    let exercise = exercise.clone();
    let grader = session.grader()?;
    let interrupt = CancelToken::on_interrupt()?;
    let verdict = grader.grade(&Target::exercise(&session.catalogue, &exercise), Some(&interrupt))?;
    if verdict.outcome == Outcome::Cancelled {
        return Ok(interrupted());
    }
    print!("{}", view::verdict(&session.catalogue, &exercise, &verdict, Surface::Command, session.color));
    session.record(index, &verdict)?;
    if !verdict.outcome.passed() {
        return Ok(ExitCode::FAILURE);
    }
    match session.progress.current() {
        Some(next) if next != index => {
            println!("Next: `{}`; run `tutor run` to grade it.", session.catalogue.exercises[next].name)
        }
        Some(_) => {}
        None => println!("{}", all_done_message(&session)),
    }
    Ok(ExitCode::SUCCESS)
}

/// Compiles an exercise just far enough to read the compiler's diagnostics, for hints and explanations.
fn diagnose(session: &Session, exercise: &Exercise) -> Result<CompilerOutput> {
    session.grader()?.diagnose(&Target::exercise(&session.catalogue, exercise))
}

fn hint(name: Option<&str>, all: bool) -> Result<ExitCode> {
    let mut session = Session::open()?;
    let Some((index, exercise)) = session.pick(name)? else {
        println!("{}", all_done_message(&session));
        return Ok(ExitCode::SUCCESS);
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
        matching_hints(&exercise, &verdict)
    };
    let level = if all { exercise.hints.len() } else { session.progress.hints_seen(&exercise.name) + 1 };
    print!("{}", view::hints(&exercise, &matched, level, Surface::Command, session.color));
    session.record_hint(index, level.min(exercise.hints.len()))?;
    Ok(ExitCode::SUCCESS)
}

/// The diagnostic hints of `exercise` that answer the learner's current output, in the order the exercise lists
/// them: a code matches a compiler error's code; a message pattern matches a compiler error's message or, once the
/// program compiles, a line of what it printed.
pub fn matching_hints<'e>(exercise: &'e Exercise, verdict: &Verdict) -> Vec<&'e str> {
    // What the program printed, and what the verdict said about it (a time-out's "deadlock", a loom report).
    let mut printed = console::strip_ansi_codes(&verdict.report).into_owned();
    if let crate::grade::Outcome::Failed(failure) = &verdict.outcome {
        printed.push_str(&view::explain(failure, verdict));
    }
    exercise
        .diagnostic_hints
        .iter()
        .filter(|hint| {
            verdict.compiler.errors().any(|d| hint.matcher.matches(d.code.as_deref(), &d.message))
                || matches!(&hint.matcher, Matcher::Message(re) if re.is_match(&printed))
        })
        .map(|hint| hint.hint.as_str())
        .collect()
}

fn explain(what: Option<&str>) -> Result<ExitCode> {
    let session = Session::open()?;
    let code_given =
        what.filter(|w| w.len() == 5 && w.starts_with(['E', 'e']) && w[1..].chars().all(|c| c.is_ascii_digit()));
    if let Some(code) = code_given {
        let text = crate::process::output_of(
            std::process::Command::new("rustc").args(["--explain", &code.to_uppercase()]),
            "`rustc --explain`",
        )?;
        print!("{text}");
        return Ok(ExitCode::SUCCESS);
    }
    let Some((_, exercise)) = session.pick(what)? else {
        println!("{}", all_done_message(&session));
        return Ok(ExitCode::SUCCESS);
    };
    let compiler = diagnose(&session, exercise)?;
    match compiler.first_code() {
        Some(diagnostic) => {
            let code = diagnostic.code.as_deref().unwrap_or_default();
            println!("{code}: {}\n", diagnostic.message);
            print!(
                "{}",
                diagnostic.explanation.as_deref().unwrap_or("The compiler has no explanation for this code.\n")
            );
        }
        None => println!("`{}` has no compiler error with a code right now.", exercise.name),
    }
    Ok(ExitCode::SUCCESS)
}

fn list() -> Result<ExitCode> {
    let session = Session::open()?;
    let color = session.color && std::io::stdout().is_terminal();
    let name_width = session.catalogue.exercises.iter().map(|e| e.name.len()).max().unwrap_or(4).max(4);
    let chapter_width = session.catalogue.exercises.iter().map(|e| e.chapter.len()).max().unwrap_or(7).max(7);
    println!("{:>3}  {:<name_width$}  {:<chapter_width$}  {:<7}  PATH", "#", "NAME", "CHAPTER", "STATUS");
    for (i, exercise) in session.catalogue.exercises.iter().enumerate() {
        let (status, style) = view::status(&session.progress, i, &exercise.name);
        let status = format!("{status:<7}");
        let status = if color { style.apply_to(status).force_styling(true).to_string() } else { status };
        println!(
            "{:>3}  {:<name_width$}  {:<chapter_width$}  {status}  {}",
            i + 1,
            exercise.name,
            exercise.chapter,
            view::link(&session.catalogue.root, &exercise.path(), color)
        );
    }
    println!("\n{} of {} done.", session.progress.done_count(), session.progress.total());
    Ok(ExitCode::SUCCESS)
}

fn reset(name: &str, checks: bool) -> Result<ExitCode> {
    let mut session = Session::open()?;
    let (index, exercise) = session.catalogue.get(name)?;
    let exercise = exercise.clone();
    if checks {
        match workspace::restore_checks(&session.catalogue, &exercise)? {
            Some(backup) => println!(
                "Put the pack's checks back into `{}`; your code is unchanged. The file as it was is saved in `{}`.",
                exercise.path().display(),
                backup.display()
            ),
            None => println!("`{}` already has the pack's checks; nothing changed.", exercise.path().display()),
        }
        return Ok(ExitCode::SUCCESS);
    }
    let backup = workspace::reset(&session.catalogue, &exercise)?;
    session.progress.mark_pending(index);
    session.progress.save()?;
    match backup {
        Some(backup) => println!(
            "Restored `{}` as shipped. Your version is saved in `{}`.",
            exercise.path().display(),
            backup.display()
        ),
        None => println!("`{}` was already as shipped; nothing to back up.", exercise.path().display()),
    }
    Ok(ExitCode::SUCCESS)
}

fn verify() -> Result<ExitCode> {
    let mut session = Session::open()?;
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
            session.progress.save()?;
            return Ok(interrupted());
        }
        if !verdict.outcome.passed() {
            bar.finish_and_clear();
            session.progress.set_current(index);
            session.progress.save()?;
            print!("{}", view::verdict(&session.catalogue, &exercise, &verdict, Surface::Command, session.color));
            println!("{} of {total} exercises pass; `{}` is next.", index, exercise.name);
            return Ok(ExitCode::FAILURE);
        }
        session.progress.mark_done(index);
        bar.inc(1);
    }
    bar.finish_and_clear();
    session.progress.save()?;
    println!("All {total} exercises pass.");
    if let Some(message) = &session.catalogue.final_message {
        println!("\n{}", message.trim());
    }
    Ok(ExitCode::SUCCESS)
}
