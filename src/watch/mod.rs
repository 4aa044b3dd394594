//! `tutor watch`: the screen that learners keep open beside their editor.
//!
//! Three sources only *send* [`Event`]s, on one channel: the file watcher ([`files`]), the keyboard ([`keys`]) and
//! the signal handler ([`terminal`]). Checks run on a worker thread ([`grading`]) that sends its verdict on the same
//! channel. One loop receives the events in order and decides; after each batch the screen ([`screen`]) is drawn
//! again. Data flows one way: event -> check -> verdict -> screen.

mod files;
mod grading;
mod keys;
mod screen;
mod terminal;
mod wrap;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver};

use anyhow::{Result, bail};
use console::Style;
use crossterm::event::KeyEvent;

use crate::classroom::client::{self as classroom, Courier, Outbox};
use crate::cli::ClassroomArgs;
use crate::commands::{self, Session};
use crate::grade::{Outcome, Verdict};
use crate::view::{self, Surface, paint};
use crate::workspace;

pub(crate) use files::remote_file_system;
use grading::{Done, Problem, Why, Worker};
use keys::Action;
use screen::{Body, Screen};
use terminal::Terminal;

/// Everything the watch loop reacts to.
pub enum Event {
    /// A Rust file under `exercises/` was saved (the debouncer has merged the editor's burst of events).
    FileChanged(PathBuf),
    /// The file watcher failed; saves may go unnoticed.
    WatchError(String),
    Key(KeyEvent),
    /// The terminal changed size.
    Resize,
    /// A check ended, with its verdict.
    GradeFinished(Box<Done>),
    /// Reading the keyboard failed (the terminal went away).
    InputError(String),
    /// A signal asked the tutor to end (SIGTERM, SIGHUP, ...).
    Terminate(i32),
    /// The delivery of reports to the classroom changed state.
    Classroom(classroom::Status),
}

const NOT_A_TERMINAL: &str = "`tutor watch` needs a terminal: it redraws the screen and reads single key presses, so \
    its input and output cannot be a pipe or a file. Run it directly in a terminal window, beside your editor (not \
    through `| less`, `> file`, or a script or editor task without a terminal). Without a terminal, `tutor run` checks \
    the current exercise once and `tutor verify` checks them all.";

/// Whether the tutor runs in a terminal it can take over (input and output both a terminal).
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

pub fn run(poll: bool, classroom: ClassroomArgs) -> Result<ExitCode> {
    if !interactive() {
        bail!(NOT_A_TERMINAL);
    }
    // Everything that may print or fail slowly (a first build of the exercises' dependencies) happens before the
    // screen is taken over, so its messages stay readable.
    let mut session = Session::open()?;
    let grader = session.grader()?;
    let root = session.catalogue.root.clone();
    let (events, received) = mpsc::channel();
    if let ClassroomArgs { classroom: Some(url), join: Some(code), name: Some(name) } = &classroom {
        session.outbox = Some(Outbox::link(&root, url, code, name)?);
    }
    // A learner who joined a classroom from this pack keeps reporting to it (delete `.tutor/classroom` to stop).
    if let Some(outbox) = session.outbox.clone() {
        let events = events.clone();
        session.courier = Some(Courier::start(outbox, move |status| {
            let _ = events.send(Event::Classroom(status));
        })?);
    }
    let (watching, watch_note) = files::start(&root.join("exercises"), poll, events.clone())?;
    terminal::forward_signals(events.clone())?;
    let terminal = Terminal::enter()?;
    keys::start(events.clone())?;

    let color = session.color;
    let mut watch = Watch {
        session,
        worker: Worker::new(grader, root, events),
        screen: Screen::new(color),
        last: None,
        terminal,
        classroom_trouble: None,
    };
    if let Some(note) = watch_note {
        watch.screen.note(note);
    }
    let outcome = watch.start().and_then(|()| watch.event_loop(&received));
    watch.worker.stop();
    drop(watching);
    // Dropping the watch drops the terminal, which gives the screen back before `main` prints any error.
    drop(watch);
    outcome
}

struct Watch {
    session: Session,
    worker: Worker,
    screen: Screen,
    /// The exercise and verdict on screen, for hints and "explain this error".
    last: Option<(usize, Verdict)>,
    terminal: Terminal,
    /// The classroom trouble last told in a note, so that a retry failing the same way is not told again.
    classroom_trouble: Option<String>,
}

impl Watch {
    fn start(&mut self) -> Result<()> {
        if self.session.progress.done_count() == 0
            && let Some(welcome) = &self.session.catalogue.welcome_message
        {
            self.screen.note(welcome.trim().to_owned());
        }
        match self.session.progress.current() {
            Some(index) => self.arrive(index),
            None => {
                self.screen.set_body(Body::Text(commands::all_done_message(&self.session)));
                Ok(())
            }
        }
    }

    fn event_loop(&mut self, events: &Receiver<Event>) -> Result<ExitCode> {
        loop {
            self.draw()?;
            // Blocks without a timeout: an idle watch uses no processor time. The worker keeps a sender, so the
            // channel never closes while the loop runs.
            let Ok(event) = events.recv() else { bail!("the watch lost its event channel") };
            if let Some(code) = self.handle(event)? {
                return Ok(code);
            }
            // Whatever else has arrived is handled before drawing, so that a burst costs one frame.
            while let Ok(event) = events.try_recv() {
                if let Some(code) = self.handle(event)? {
                    return Ok(code);
                }
            }
        }
    }

    fn draw(&mut self) -> Result<()> {
        let checking = self.worker.busy().map(|i| self.session.catalogue.exercises[i].name.clone());
        self.screen.set_checking(checking);
        let (width, height) = self.terminal.size();
        let rows = self.screen.render(&self.session, width, height);
        self.terminal.draw(&rows)
    }

    /// Handles one event; returns the exit code when the watch should end.
    fn handle(&mut self, event: Event) -> Result<Option<ExitCode>> {
        match event {
            Event::FileChanged(path) => self.saved(&path)?,
            Event::WatchError(error) => self.screen.note(format!(
                "The file watcher reported a problem: {error}. If saving a file no longer checks it, quit and run \
                 `tutor watch --poll`."
            )),
            Event::Key(key) => {
                let Some(action) = keys::action(key, self.screen.keymap()) else { return Ok(None) };
                return self.act(action);
            }
            Event::Resize => {}
            Event::GradeFinished(done) => self.checked(done)?,
            Event::InputError(error) => bail!("failed to read the keyboard: {error}"),
            Event::Terminate(signal) => {
                return Ok(Some(ExitCode::from(128u8.saturating_add(u8::try_from(signal).unwrap_or(0)))));
            }
            Event::Classroom(status) => self.classroom(status),
        }
        Ok(None)
    }

    fn check(&mut self, index: usize, why: Why) -> Result<()> {
        self.worker.check(index, &self.session.catalogue.exercises[index], why)
    }

    fn classroom(&mut self, status: classroom::Status) {
        match status {
            classroom::Status::Delivered { pending: 0, .. } => {
                self.classroom_trouble = None;
                self.screen.set_classroom("classroom ✓".into(), Style::new().green());
            }
            classroom::Status::Delivered { pending, .. } => {
                self.screen.set_classroom(format!("classroom: sending {pending}"), Style::new().yellow());
            }
            classroom::Status::Waiting { pending, why } => {
                self.screen.set_classroom(format!("classroom: {pending} waiting"), Style::new().yellow());
                if self.classroom_trouble.as_ref() == Some(&why) {
                    return;
                }
                self.classroom_trouble = Some(why.clone());
                self.screen.note(format!(
                    "The classroom server cannot take your reports right now ({why}). They are kept and sent when it \
                     answers; keep working."
                ));
            }
            classroom::Status::Refused(why) => {
                self.screen.set_classroom("classroom: not joined".into(), Style::new().red());
                self.screen.note(format!(
                    "The classroom server refused you: {why}. Quit and start `tutor watch --classroom URL --join CODE \
                     --name NAME` again with what your instructor gave; your reports are kept until then."
                ));
            }
        }
    }

    /// The learner lands on an exercise without asking (the watch started, or the previous one passed).
    fn arrive(&mut self, index: usize) -> Result<()> {
        self.record_open(index);
        let name = &self.session.catalogue.exercises[index].name;
        self.screen.set_body(Body::Text(format!("Checking `{name}`…")));
        self.check(index, Why::Arrived)
    }

    /// The learner moves to an exercise (n, p, or the list).
    fn go_to(&mut self, index: usize) -> Result<()> {
        self.session.progress.set_current(index);
        self.record_open(index);
        self.screen.clear_notes();
        self.screen.set_hints(None);
        self.last = None;
        let name = &self.session.catalogue.exercises[index].name;
        self.screen.set_body(Body::Text(format!("Checking `{name}`…")));
        self.check(index, Why::Asked)
    }

    fn record_open(&mut self, index: usize) {
        if let Err(error) = self.session.record_open(index) {
            self.screen.note(format!("Your progress could not be saved: {error:#}"));
        }
    }

    fn save_progress(&mut self) {
        if let Err(error) = self.session.progress.save() {
            self.screen.note(format!("Your progress could not be saved: {error:#}"));
        }
    }

    fn saved(&mut self, path: &Path) -> Result<()> {
        let Some(index) = self.session.catalogue.by_path(path) else { return Ok(()) };
        // Between the steps of some saves (delete then create, truncate then write) the file is missing or empty;
        // the step that completes the save sends its own event. (A file emptied on purpose is not checked either:
        // there is nothing in it to check.)
        if std::fs::metadata(path).map_or(true, |m| m.len() == 0) {
            return Ok(());
        }
        self.check(index, Why::Saved)
    }

    fn checked(&mut self, done: Box<Done>) -> Result<()> {
        let Some(done) = self.worker.finished(done)? else { return Ok(()) };
        let Done { index, why, number, result, .. } = *done;
        let exercise = self.session.catalogue.exercises[index].clone();
        let verdict = match result {
            Ok(verdict) => verdict,
            Err(Problem::Crash(message)) => bail!(
                "the tutor crashed while checking `{}` ({message}). This is a bug in the tutor: please report it, with \
                 the exercise file.",
                exercise.name
            ),
            Err(Problem::Error(error)) => {
                self.screen.set_body(Body::Text(format!("Could not check `{}`: {error:#}", exercise.name)));
                return Ok(());
            }
        };
        if verdict.outcome == Outcome::Cancelled {
            return Ok(());
        }
        if why != Why::Arrived {
            self.screen.clear_notes();
        }
        let color = self.session.color;
        let current = self.session.progress.current();
        if let Err(error) = self.session.record(index, &verdict) {
            self.screen.note(format!("Your progress could not be saved: {error:#}"));
        }
        let passed = verdict.outcome.passed();
        if current == Some(index) && passed {
            return self.passed(index);
        }
        if current != Some(index) {
            let outcome = if passed { "it passed and is marked done" } else { "its verdict is below" };
            let still = match current {
                Some(current) => {
                    format!("; your current exercise is still `{}`", self.session.catalogue.exercises[current].name)
                }
                None => String::new(),
            };
            self.screen.note(format!("You saved `{}`, so it was checked: {outcome}{still}.", exercise.name));
        }
        let heading = paint(
            format!("Check #{number} of `{}` ({} ms)", exercise.name, verdict.elapsed.as_millis()),
            &Style::new().dim(),
            color,
        );
        let text = view::verdict(&self.session.catalogue, &exercise, &verdict, Surface::Watch, color);
        self.screen.set_body(Body::Verdict { heading, text });
        self.last = Some((index, verdict));
        Ok(())
    }

    /// The current exercise passed: say so, and move on to the next pending one.
    fn passed(&mut self, index: usize) -> Result<()> {
        let color = self.session.color;
        let catalogue = &self.session.catalogue;
        let exercise = &catalogue.exercises[index];
        let mut banner = format!(
            "{} {}",
            paint("✓", &Style::new().green().bold(), color),
            paint(format!("`{}` passed and is marked done.", exercise.name), &Style::new().green().bold(), color)
        );
        if catalogue.root.join(exercise.solution_path()).is_file() {
            banner.push_str(&format!(
                " Compare your answer with the reference solution: {}",
                view::link(&catalogue.root, &exercise.solution_path(), color)
            ));
        }
        self.screen.note(banner);
        self.screen.set_hints(None);
        self.last = None;
        match self.session.progress.current() {
            Some(next) => {
                let next_exercise = &self.session.catalogue.exercises[next];
                self.screen.note(format!(
                    "Next: `{}` ({}), checked below.",
                    next_exercise.name,
                    view::link(&self.session.catalogue.root, &next_exercise.path(), color)
                ));
                self.arrive(next)
            }
            None => {
                self.screen.set_body(Body::Text(commands::all_done_message(&self.session)));
                Ok(())
            }
        }
    }

    /// Acts on a key; returns the exit code when the learner quits.
    fn act(&mut self, action: Action) -> Result<Option<ExitCode>> {
        let total = self.session.catalogue.exercises.len();
        match action {
            Action::Quit => return Ok(Some(ExitCode::SUCCESS)),
            Action::Hint => self.hint(),
            Action::Explain => self.explain(),
            Action::List => self.screen.open_list(self.session.progress.current().unwrap_or(0)),
            Action::Next | Action::Previous => self.step(action == Action::Next)?,
            Action::Rerun => match self.session.progress.current() {
                Some(index) => {
                    self.screen.clear_notes();
                    self.check(index, Why::Asked)?;
                }
                None => self.screen.note("Every exercise is done; press l to choose one to check again."),
            },
            Action::Clear => {
                let again = match self.session.progress.current() {
                    Some(index) => {
                        format!(", or press r to check `{}` again", self.session.catalogue.exercises[index].name)
                    }
                    None => String::new(),
                };
                self.screen.clear(format!("Cleared. Save an exercise to check it{again}."));
            }
            Action::Back => self.screen.back(),
            Action::Choose => {
                if let Some(index) = self.screen.selected() {
                    self.screen.back();
                    self.go_to(index)?;
                }
            }
            Action::Reset => self.reset(),
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Top | Action::Bottom => {
                self.screen.move_by(action, total);
            }
        }
        Ok(None)
    }

    /// `h`: the hints about the current compiler errors, then one more layered hint per press.
    fn hint(&mut self) {
        let Some(index) = self.session.progress.current() else {
            self.screen.note("Every exercise is done: there is no hint to give.");
            return;
        };
        let exercise = self.session.catalogue.exercises[index].clone();
        // Hints about the learner's current errors need the current exercise's verdict on screen.
        let matched = match &self.last {
            Some((shown, verdict)) if *shown == index => commands::matching_hints(&exercise, verdict),
            _ => Vec::new(),
        };
        let seen = self.session.progress.hints_seen(&exercise.name);
        let level = (seen + 1).min(exercise.hints.len().max(1));
        let text = view::hints(&exercise, &matched, level, Surface::Watch, self.session.color);
        self.screen.set_hints(Some(text));
        if let Err(error) = self.session.record_hint(index, level.min(exercise.hints.len())) {
            self.screen.note(format!("Your progress could not be saved: {error:#}"));
        }
    }

    /// `e`: what the compiler says about the first error code on screen, in the pager.
    fn explain(&mut self) {
        let code = self.last.as_ref().and_then(|(_, verdict)| verdict.compiler.first_code());
        match code {
            Some(diagnostic) => {
                let title = format!("{}: {}", diagnostic.code.as_deref().unwrap_or_default(), diagnostic.message);
                let text = diagnostic
                    .explanation
                    .clone()
                    .unwrap_or_else(|| "The compiler has no explanation for this code.".into());
                self.screen.open_pager(title, text);
            }
            None => self.screen.note(
                "There is no compiler error with a code on screen, so there is nothing to explain. Codes such as E0382 \
                 appear when the code does not compile.",
            ),
        }
    }

    /// `n` and `p`: the next or previous exercise in the pack's order.
    fn step(&mut self, forward: bool) -> Result<()> {
        let total = self.session.catalogue.exercises.len();
        let target = match (self.session.progress.current(), forward) {
            (Some(i), true) if i + 1 < total => i + 1,
            (Some(i), false) if i > 0 => i - 1,
            // Every exercise is done: `p` goes back to the last one.
            (None, false) => total - 1,
            (_, true) => {
                self.screen.note("This is the last exercise; press l to choose another.");
                return Ok(());
            }
            (_, false) => {
                self.screen.note("This is the first exercise; press l to choose another.");
                return Ok(());
            }
        };
        self.go_to(target)
    }

    /// `r` in the list: the chosen exercise as shipped, the learner's version kept as a backup.
    fn reset(&mut self) {
        let Some(index) = self.screen.selected() else { return };
        let exercise = self.session.catalogue.exercises[index].clone();
        let message = match workspace::reset(&self.session.catalogue, &exercise) {
            Ok(backup) => {
                self.session.progress.mark_pending(index);
                self.save_progress();
                match backup {
                    Some(backup) => format!(
                        "Restored `{}` as shipped. Your version is saved in `{}`.",
                        exercise.name,
                        backup.display()
                    ),
                    None => format!("`{}` was already as shipped; nothing to back up.", exercise.name),
                }
            }
            Err(error) => format!("Could not reset `{}`: {error:#}", exercise.name),
        };
        self.screen.list_note(message);
    }
}
