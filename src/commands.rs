//! The everyday commands: run, hint, explain, list, reset, verify.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};

use crate::catalogue::{Catalogue, Exercise, Matcher};
use crate::cli::{Cli, Command, DevCommand};
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
        Ok(Session { catalogue, progress, color: view::color_enabled() })
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

    /// Records a verdict: a pass marks the exercise done (and moves the learner on if it was the current one).
    pub fn record(&mut self, index: usize, verdict: &Verdict) -> Result<()> {
        if verdict.outcome.passed() {
            self.progress.mark_done(index);
            self.progress.save()?;
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
        None if crate::watch::interactive() => crate::watch::run(false),
        None => overview(),
        Some(Command::Watch { poll }) => crate::watch::run(poll),
        Some(Command::Run { name }) => run(name.as_deref()),
        Some(Command::Hint { name, all }) => hint(name.as_deref(), all),
        Some(Command::Explain { what }) => explain(what.as_deref()),
        Some(Command::List) => list(),
        Some(Command::Reset { name }) => reset(&name),
        Some(Command::Verify) => verify(),
        Some(Command::Dev { command: DevCommand::Check { jobs } }) => dev::check(jobs),
        Some(Command::Dev { command: DevCommand::Update }) => dev::update(),
        Some(Command::Dev { command: DevCommand::Grade { name, file, runs } }) => dev::grade(&name, &file, runs),
    }
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
    let Some((_, exercise)) = session.pick(name)? else {
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
    let seen = level.min(exercise.hints.len());
    if seen > session.progress.hints_seen(&exercise.name) {
        session.progress.set_hints_seen(&exercise.name, seen);
        session.progress.save()?;
    }
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

fn reset(name: &str) -> Result<ExitCode> {
    let mut session = Session::open()?;
    let (index, exercise) = session.catalogue.get(name)?;
    let exercise = exercise.clone();
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
