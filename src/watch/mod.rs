//! `tutor watch`: the screen that learners keep open beside their editor.
//!
//! Three sources only *send* [`Event`]s, on one channel: the file watcher ([`files`]), the keyboard ([`keys`]) and
//! the signal handler ([`terminal`]). Checks run on a worker thread ([`worker`]) that sends its verdict on the same
//! channel. One loop receives the events in order and hands them to the controller ([`control`]), which decides;
//! after each batch the controller builds a [`model::Frame`] that the screen ([`screen`]) lays out. Data flows one
//! way: event -> check -> verdict -> model -> screen.

mod control;
mod files;
mod keys;
mod model;
mod screen;
mod terminal;
mod worker;
mod wrap;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use anyhow::{Result, bail};
use crossterm::event::KeyEvent;

use crate::classroom::client::{self as classroom, Courier};
use crate::cli::ClassroomArgs;

pub(crate) use files::remote_file_system;
pub use keys::{help_line, help_table};
use terminal::Terminal;
use worker::Done;

/// Everything the watch loop reacts to.
pub enum Event {
    /// A Rust file under `exercises/` changed (or may have: the loop compares its content).
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

/// How often the screen is drawn again while a check runs, so that its elapsed time counts up.
const TICK: Duration = Duration::from_secs(1);

const NOT_A_TERMINAL: &str = "`tutor watch` needs a terminal: it redraws the screen and reads single key presses, so \
    its input and output cannot be a pipe or a file. Run it directly in a terminal window, beside your editor (not \
    through `| less`, `> file`, or a script or editor task without a terminal). Without a terminal, `tutor run` checks \
    the current exercise once and `tutor verify` checks them all.";

/// Whether the tutor runs in a terminal it can take over (input and output both a terminal).
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// How the watch was asked to run.
#[derive(Default)]
pub struct Options {
    pub poll: bool,
    pub classroom: ClassroomArgs,
    /// A command that opens a file in the learner's editor, run with the exercise's path when they arrive at one.
    pub edit: Option<String>,
}

pub fn run(options: Options) -> Result<ExitCode> {
    if !interactive() {
        bail!(NOT_A_TERMINAL);
    }
    // Everything that may print or fail slowly (a first build of the exercises' dependencies) happens before the
    // screen is taken over, so its messages stay readable.
    let mut session = crate::view::open_session()?;
    let grader = session.grader()?;
    let root = session.catalogue.root.clone();
    let (events, received) = mpsc::channel();
    if let ClassroomArgs { classroom: Some(url), join: Some(code), name: Some(name) } = &options.classroom {
        session.join_classroom(url, code, name)?;
    }
    // A learner who joined a classroom from this pack keeps reporting to it (delete `.tutor/classroom` to stop).
    if let Some(outbox) = session.outbox().cloned() {
        let events = events.clone();
        session.set_courier(Courier::start(outbox, move |status| {
            let _ = events.send(Event::Classroom(status));
        })?);
    }
    let (watching, watch_note) = files::start(&root.join("exercises"), options.poll, events.clone())?;
    terminal::forward_signals(events.clone())?;
    let terminal = Terminal::enter()?;
    keys::start(events.clone())?;

    let mut watch = control::Watch::new(session, worker::Worker::new(grader, events), terminal, options.edit);
    if let Some(note) = watch_note {
        watch.note(note);
    }
    let outcome = watch.start().and_then(|()| event_loop(&mut watch, &received));
    watch.stop();
    drop(watching);
    // Dropping the watch drops the terminal, which gives the screen back before `main` prints any error.
    drop(watch);
    outcome
}

fn event_loop(watch: &mut control::Watch, events: &Receiver<Event>) -> Result<ExitCode> {
    loop {
        watch.draw()?;
        // Idle, it blocks without a timeout: an idle watch uses no processor time. While a check runs it wakes every
        // tick to count its time up. The worker keeps a sender, so the channel never closes while the loop runs.
        let event = if watch.checking() {
            match events.recv_timeout(TICK) {
                Ok(event) => event,
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => bail!("the watch lost its event channel"),
            }
        } else {
            let Ok(event) = events.recv() else { bail!("the watch lost its event channel") };
            event
        };
        if let Some(code) = watch.handle(event)? {
            return Ok(code);
        }
        // Whatever else has arrived is handled before drawing, so that a burst costs one frame.
        while let Ok(event) = events.try_recv() {
            if let Some(code) = watch.handle(event)? {
                return Ok(code);
            }
        }
    }
}
