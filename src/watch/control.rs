//! The watch's decisions: what each event does to what is on screen, and the [`Frame`] that shows it.
//!
//! Two exercises matter here. The *current* one is the learner's place in the pack (the progress file keeps it);
//! passing it moves the learner on. The one *on screen* is usually the current one, but a learner who goes back to an
//! exercise they already solved stays on it until they leave it: passing it again moves nobody.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};

use super::Event;
use super::keys::{self, Action, Keymap};
use super::model::{Checking, Frame, Header, ListModel, ListRow, Shown, ViewModel};
use super::screen::{Screen, step};
use super::terminal::Terminal;
use super::worker::{Done, Problem, Why, Worker};
use crate::classroom::client as classroom;
use crate::grade::{Outcome, Verdict};
use crate::hints;
use crate::session::{Recorded, Session};
use crate::view::{self, Surface, Tone, paint};

/// Change events of one save arrive within milliseconds (vim: rename, create, write, close). An event whose file
/// holds exactly what the previous event for it held, this soon after, is part of the same save.
const SAME_SAVE: Duration = Duration::from_millis(200);

/// Which exercise is on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OnScreen {
    /// The current one, whatever it becomes.
    Current,
    /// One the learner went back to (it is done); it stays until they leave it.
    Chosen(usize),
}

/// A verdict on screen, with the exercise it belongs to and its check number.
struct VerdictOnScreen {
    index: usize,
    number: u32,
    verdict: Verdict,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Filter {
    All,
    Pending,
    Done,
}

impl Filter {
    fn next(self) -> Filter {
        match self {
            Filter::All => Filter::Pending,
            Filter::Pending => Filter::Done,
            Filter::Done => Filter::All,
        }
    }

    fn word(self) -> &'static str {
        match self {
            Filter::All => "all",
            Filter::Pending => "pending",
            Filter::Done => "done",
        }
    }
}

struct List {
    /// The chosen exercise (an index into the pack).
    chosen: usize,
    search: String,
    typing: bool,
    filter: Filter,
    note: Option<String>,
    /// The exercise a reset waits a yes for.
    confirm: Option<usize>,
}

enum View {
    Main,
    Pager { title: String, text: String },
    List(List),
}

/// What the last events of each exercise file held, to tell a new save from the rest of the same one.
#[derive(Default)]
struct Saves(HashMap<PathBuf, (String, Instant)>);

impl Saves {
    fn is_new(&mut self, path: &Path, content: &[u8]) -> bool {
        let digest = crate::files::digest(&[content]);
        let now = Instant::now();
        let same = self.0.get(path).is_some_and(|(last, at)| *last == digest && now - *at < SAME_SAVE);
        self.0.insert(path.to_path_buf(), (digest, now));
        !same
    }
}

pub struct Watch {
    session: Session,
    worker: Worker,
    screen: Screen,
    terminal: Terminal,
    color: bool,
    on_screen: OnScreen,
    /// Paragraphs above the output: the success banner, which exercise a save checked, answers to keys.
    notes: Vec<String>,
    verdict: Option<VerdictOnScreen>,
    /// The hints asked for the verdict on screen; a new verdict takes them away.
    hints: Option<String>,
    /// Rungs of the hint ladder seen per exercise.
    rungs: HashMap<usize, usize>,
    /// The main view's text when no verdict is on screen ("Checking `x`…").
    message: String,
    view: View,
    saves: Saves,
    classroom: Option<(String, Tone)>,
    /// The classroom trouble last told in a note, so that a retry failing the same way is not told again.
    classroom_trouble: Option<String>,
    /// The learner's command to open an exercise in their editor.
    edit: Option<String>,
}

impl Watch {
    pub fn new(session: Session, worker: Worker, terminal: Terminal, edit: Option<String>) -> Watch {
        let color = session.color;
        Watch {
            session,
            worker,
            screen: Screen::new(color),
            terminal,
            color,
            on_screen: OnScreen::Current,
            notes: Vec::new(),
            verdict: None,
            hints: None,
            rungs: HashMap::new(),
            message: String::new(),
            view: View::Main,
            saves: Saves::default(),
            classroom: None,
            classroom_trouble: None,
            edit,
        }
    }

    pub fn note(&mut self, text: impl Into<String>) {
        self.notes.push(text.into());
    }

    pub fn checking(&self) -> bool {
        self.worker.busy().is_some()
    }

    pub fn stop(&mut self) {
        self.worker.stop();
    }

    pub fn start(&mut self) -> Result<()> {
        if self.session.progress().done_count() == 0
            && let Some(welcome) = &self.session.catalogue.welcome_message
        {
            let welcome = welcome.trim().to_owned();
            self.note(welcome);
        }
        match self.session.current() {
            Some(index) => self.arrive(index),
            None => {
                self.all_done();
                Ok(())
            }
        }
    }

    /// The exercise on screen, if any.
    fn shown(&self) -> Option<usize> {
        match self.on_screen {
            OnScreen::Current => self.session.current(),
            OnScreen::Chosen(index) => Some(index),
        }
    }

    pub fn draw(&mut self) -> Result<()> {
        let frame = self.frame();
        let (width, height) = self.terminal.size();
        let rows = self.screen.render(&frame, width, height);
        self.terminal.draw(&rows)
    }

    fn frame(&self) -> Frame {
        let catalogue = &self.session.catalogue;
        let progress = self.session.progress();
        let shown = self.shown().map(|i| &catalogue.exercises[i]);
        let checking = self.worker.busy().map(|(index, elapsed)| {
            let exercise = &catalogue.exercises[index];
            Checking { name: exercise.name.clone(), elapsed, limit: exercise.time_limit }
        });
        let header = Header {
            done: progress.done_count(),
            total: progress.total(),
            chapter: shown.map(|e| e.chapter.clone()),
            exercise: shown.map(|e| Shown {
                name: e.name.clone(),
                link: view::link(&catalogue.root, &e.path(), self.color),
                done: matches!(self.on_screen, OnScreen::Chosen(_)) && progress.is_done(&e.name),
            }),
            checking,
            classroom: self.classroom.clone(),
        };
        let (view, keymap) = match &self.view {
            View::Main => (self.main_view(), Keymap::Main),
            View::Pager { title, text } => {
                (ViewModel::Pager { title: title.clone(), text: text.clone() }, Keymap::Pager)
            }
            View::List(list) => {
                let keymap = if list.confirm.is_some() {
                    Keymap::Confirm
                } else if list.typing {
                    Keymap::Search
                } else {
                    Keymap::List
                };
                (ViewModel::List(self.list_model(list)), keymap)
            }
        };
        Frame { header, view, keymap }
    }

    fn main_view(&self) -> ViewModel {
        let mut scrolled = String::new();
        for note in &self.notes {
            scrolled.push_str(note.trim_end());
            scrolled.push_str("\n\n");
        }
        if let Some(hints) = &self.hints {
            scrolled.push_str(hints.trim_end());
            scrolled.push_str("\n\n");
        }
        let pinned = match &self.verdict {
            Some(shown) => {
                let catalogue = &self.session.catalogue;
                let exercise = &catalogue.exercises[shown.index];
                scrolled.push_str(&view::output(exercise, &shown.verdict, self.color));
                let heading = paint(
                    format!(
                        "Check #{} of `{}` ({} ms)",
                        shown.number,
                        exercise.name,
                        shown.verdict.elapsed.as_millis()
                    ),
                    Tone::Dim,
                    self.color,
                );
                format!("{heading}\n{}", view::summary(catalogue, exercise, &shown.verdict, Surface::Watch, self.color))
            }
            None => self.message.clone(),
        };
        ViewModel::Main { pinned, scrolled }
    }

    /// The exercises the list shows, as filtered and searched.
    fn visible(&self, list: &List) -> Vec<usize> {
        let progress = self.session.progress();
        let search = list.search.to_lowercase();
        self.session
            .catalogue
            .exercises
            .iter()
            .enumerate()
            .filter(|(_, e)| match list.filter {
                Filter::All => true,
                Filter::Pending => !progress.is_done(&e.name),
                Filter::Done => progress.is_done(&e.name),
            })
            .filter(|(_, e)| {
                search.is_empty()
                    || e.name.to_lowercase().contains(&search)
                    || e.chapter.to_lowercase().contains(&search)
            })
            .map(|(i, _)| i)
            .collect()
    }

    fn list_model(&self, list: &List) -> ListModel {
        let catalogue = &self.session.catalogue;
        let visible = self.visible(list);
        let rows = visible
            .iter()
            .map(|&i| {
                let exercise = &catalogue.exercises[i];
                ListRow {
                    number: i + 1,
                    name: exercise.name.clone(),
                    chapter: exercise.chapter.clone(),
                    status: view::status(catalogue, self.session.progress(), i),
                    path: view::link(&catalogue.root, &exercise.path(), self.color),
                }
            })
            .collect();
        let selected = visible.iter().position(|&i| i == list.chosen).or((!visible.is_empty()).then_some(0));
        let search = (!list.search.is_empty() || list.typing).then(|| (list.search.clone(), list.typing));
        let note = match list.confirm {
            Some(i) => Some(format!(
                "Reset `{}` to the version it was shipped with? Your version is kept as a backup in .tutor/backups. y/n",
                catalogue.exercises[i].name
            )),
            None => list.note.clone(),
        };
        ListModel { rows, selected, search, filter: list.filter.word(), note }
    }

    /// Handles one event; returns the exit code when the watch should end.
    pub fn handle(&mut self, event: Event) -> Result<Option<ExitCode>> {
        match event {
            Event::FileChanged(path) => self.saved(&path)?,
            Event::WatchError(error) => self.note(format!(
                "The file watcher reported a problem: {error}. If saving a file no longer checks it, quit and run \
                 `tutor watch --poll`."
            )),
            Event::Key(key) => {
                let keymap = self.frame_keymap();
                let Some(action) = keys::action(key, keymap) else { return Ok(None) };
                // Another tutor on the pack (`tutor verify` in a terminal, `tutor run` from the editor) may have
                // moved the learner on since: what a key does depends on the progress as it is now.
                self.reload();
                return self.act(action, keymap);
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

    fn frame_keymap(&self) -> Keymap {
        match &self.view {
            View::Main => Keymap::Main,
            View::Pager { .. } => Keymap::Pager,
            View::List(list) if list.confirm.is_some() => Keymap::Confirm,
            View::List(list) if list.typing => Keymap::Search,
            View::List(_) => Keymap::List,
        }
    }

    fn reload(&mut self) {
        if let Err(error) = self.session.reload() {
            self.note(view::not_saved(&error));
        }
    }

    fn check(&mut self, index: usize, why: Why) -> Result<()> {
        let target = crate::grade::Target::exercise(&self.session.catalogue, &self.session.catalogue.exercises[index]);
        self.worker.check(index, target, why)
    }

    fn classroom(&mut self, status: classroom::Status) {
        match status {
            classroom::Status::Delivered { pending: 0, .. } => {
                self.classroom_trouble = None;
                self.classroom = Some(("classroom ✓".into(), Tone::Pass));
            }
            classroom::Status::Delivered { pending, .. } => {
                self.classroom = Some((format!("classroom: sending {pending}"), Tone::Warn));
            }
            classroom::Status::Waiting { pending, why } => {
                self.classroom = Some((format!("classroom: {pending} waiting"), Tone::Warn));
                if self.classroom_trouble.as_ref() == Some(&why) {
                    return;
                }
                self.classroom_trouble = Some(why.clone());
                self.note(format!(
                    "The classroom server cannot take your reports right now ({why}). They are kept and sent when it \
                     answers; keep working."
                ));
            }
            classroom::Status::Refused(why) => {
                self.classroom = Some(("classroom: not joined".into(), Tone::FailBold));
                self.note(format!(
                    "The classroom server refused you: {why}. Quit and start `tutor watch --classroom URL --join CODE \
                     --name NAME` again with what your instructor gave; your reports are kept until then."
                ));
            }
        }
    }

    /// The learner lands on an exercise without asking (the watch started, or the previous one passed).
    fn arrive(&mut self, index: usize) -> Result<()> {
        self.on_screen = OnScreen::Current;
        self.welcome_to(index);
        if let Err(error) = self.session.record_open(index) {
            self.note(view::not_saved(&error));
        }
        self.message = format!("Checking `{}`…", self.session.catalogue.exercises[index].name);
        self.check(index, Why::Arrived)
    }

    /// The first time the learner reaches the first exercise of a chapter, the chapter's README is pointed out; and
    /// the learner's editor opens the exercise, when they asked for that.
    fn welcome_to(&mut self, index: usize) {
        let catalogue = &self.session.catalogue;
        let exercise = &catalogue.exercises[index];
        let first_of_chapter = index == 0 || catalogue.exercises[index - 1].chapter != exercise.chapter;
        let new = self.session.progress().stats().nth(index).is_some_and(|(_, s)| s.first_seen_ms.is_none());
        if first_of_chapter
            && new
            && let Some(note) = view::new_chapter(catalogue, exercise, self.color)
        {
            self.notes.push(note);
        }
        if let Some(edit) = &self.edit {
            // A project opens at its crate root.
            let path = crate::files::within(
                &catalogue.root.join(exercise.path()),
                &exercise.crate_root(&catalogue.root, &exercise.path()),
            );
            if let Err(error) = crate::process::open_in_editor(edit, &path) {
                self.notes.push(format!("Your editor could not be started ({error:#}); check `--edit-cmd`."));
            }
        }
    }

    /// The learner moves to an exercise (n, p, or the list). A pending one becomes the current one; a done one is
    /// revisited: it stays on screen, even when it passes again.
    fn go_to(&mut self, index: usize) -> Result<()> {
        self.notes.clear();
        self.hints = None;
        self.verdict = None;
        let done = self.session.progress().is_done(&self.session.catalogue.exercises[index].name);
        let saved = if done {
            self.on_screen = OnScreen::Chosen(index);
            self.session.record_open(index)
        } else {
            self.on_screen = OnScreen::Current;
            self.session.go_to(index)
        };
        if let Err(error) = saved {
            self.note(view::not_saved(&error));
        }
        self.welcome_to(index);
        self.message = format!("Checking `{}`…", self.session.catalogue.exercises[index].name);
        self.check(index, Why::Asked)
    }

    fn saved(&mut self, path: &Path) -> Result<()> {
        let Some(index) = self.session.catalogue.by_path(path) else { return Ok(()) };
        // Between the steps of some saves (delete then create, truncate then write) the file is missing or empty;
        // the step that completes the save sends its own event. (A file emptied on purpose is not checked either:
        // there is nothing in it to check.)
        let content = std::fs::read(path).unwrap_or_default();
        if content.is_empty() || !self.saves.is_new(path, &content) {
            return Ok(());
        }
        self.reload();
        self.check(index, Why::Saved)
    }

    fn checked(&mut self, done: Box<Done>) -> Result<()> {
        let Some(done) = self.worker.finished(done)? else { return Ok(()) };
        let Done { index, why, result, .. } = *done;
        let exercise = self.session.catalogue.exercises[index].clone();
        let verdict = match result {
            Ok(verdict) => verdict,
            Err(Problem::Crash(message)) => bail!(
                "the tutor crashed while checking `{}` ({message}). This is a bug in the tutor: please report it, with \
                 the exercise file.",
                exercise.name
            ),
            Err(Problem::Error(error)) => {
                self.verdict = None;
                self.message = format!("Could not check `{}`: {error:#}", exercise.name);
                return Ok(());
            }
        };
        if verdict.outcome == Outcome::Cancelled {
            return Ok(());
        }
        if why != Why::Arrived {
            self.notes.clear();
        }
        let following = self.on_screen == OnScreen::Current;
        let shown_before = self.shown();
        let recorded = match self.session.record(index, &verdict) {
            Ok(recorded) => recorded,
            Err(error) => {
                self.note(view::not_saved(&error));
                if verdict.outcome.passed() { Recorded::PassedOther } else { Recorded::Failed }
            }
        };
        let number = self.session.progress().stats().nth(index).map_or(0, |(_, s)| s.attempts);
        match recorded {
            Recorded::Passed { next } if following => return self.passed(index, &verdict, next),
            Recorded::Passed { next } => {
                let next = next.map_or("every exercise is done".to_owned(), |n| {
                    format!("your current exercise is now `{}`", self.session.catalogue.exercises[n].name)
                });
                self.note(format!(
                    "You saved `{}`, so it was checked: it passed and is marked done; {next}.",
                    exercise.name
                ));
            }
            Recorded::PassedOther | Recorded::Failed if shown_before != Some(index) => {
                let outcome =
                    if verdict.outcome.passed() { "it passed and is marked done" } else { "its verdict is below" };
                let still = shown_before.map_or(String::new(), |s| {
                    format!("; you are still on `{}`", self.session.catalogue.exercises[s].name)
                });
                self.note(format!("You saved `{}`, so it was checked: {outcome}{still}.", exercise.name));
            }
            Recorded::PassedOther | Recorded::Failed => {}
        }
        self.show(index, number, verdict);
        Ok(())
    }

    /// A new verdict on screen: the hints asked for the previous one go with it.
    fn show(&mut self, index: usize, number: u32, verdict: Verdict) {
        self.hints = None;
        self.verdict = Some(VerdictOnScreen { index, number, verdict });
        self.screen.scroll_to_top();
    }

    /// The current exercise passed: say so, and move on to the next pending one.
    fn passed(&mut self, index: usize, verdict: &Verdict, next: Option<usize>) -> Result<()> {
        let catalogue = &self.session.catalogue;
        let exercise = &catalogue.exercises[index];
        let mut banner = view::passed_banner(catalogue, exercise, self.color);
        // A program's output is what a run exercise is about: show what the passing one printed.
        if exercise.mode == crate::catalogue::Mode::Run && !verdict.report.trim().is_empty() {
            banner.push_str("\nIts output:\n");
            banner.push_str(&view::colored(verdict.report.trim_end(), self.color));
        }
        self.notes.push(banner);
        self.hints = None;
        self.verdict = None;
        self.screen.scroll_to_top();
        match next {
            Some(next) => {
                let next_exercise = &self.session.catalogue.exercises[next];
                let line = format!(
                    "Next: `{}` ({}), checked below.",
                    next_exercise.name,
                    view::link(&self.session.catalogue.root, &next_exercise.path(), self.color)
                );
                self.notes.push(line);
                self.arrive(next)
            }
            None => {
                self.all_done();
                Ok(())
            }
        }
    }

    fn all_done(&mut self) {
        self.on_screen = OnScreen::Current;
        self.verdict = None;
        self.message = match &self.session.catalogue.final_message {
            Some(message) => message.trim().to_owned(),
            None => "You solved them all.".to_owned(),
        };
    }

    /// Acts on a key; returns the exit code when the learner quits.
    fn act(&mut self, action: Action, keymap: Keymap) -> Result<Option<ExitCode>> {
        match keymap {
            Keymap::Main => self.act_main(action),
            Keymap::Pager => {
                match action {
                    Action::Quit => return Ok(Some(ExitCode::SUCCESS)),
                    Action::Back => self.view = View::Main,
                    _ => self.screen.scroll(Keymap::Pager, action),
                }
                Ok(None)
            }
            Keymap::List | Keymap::Search | Keymap::Confirm => self.act_list(action, keymap),
        }
    }

    fn act_main(&mut self, action: Action) -> Result<Option<ExitCode>> {
        match action {
            Action::Quit => return Ok(Some(ExitCode::SUCCESS)),
            Action::Hint => self.hint(),
            Action::Explain => self.explain(),
            Action::List => {
                let chosen = self.shown().unwrap_or(0);
                let list = List {
                    chosen,
                    search: String::new(),
                    typing: false,
                    filter: Filter::All,
                    note: None,
                    confirm: None,
                };
                self.view = View::List(list);
            }
            Action::Next | Action::Previous => self.step(action == Action::Next)?,
            Action::Rerun => match self.shown() {
                Some(index) => {
                    self.notes.clear();
                    self.check(index, Why::Asked)?;
                }
                None => self.note("Every exercise is done; press l to choose one to check again."),
            },
            Action::Clear => {
                let again = self.shown().map_or(String::new(), |index| {
                    format!(", or press r to check `{}` again", self.session.catalogue.exercises[index].name)
                });
                self.notes.clear();
                self.hints = None;
                self.verdict = None;
                self.message = format!("Cleared. Save an exercise to check it{again}.");
            }
            _ => self.screen.scroll(Keymap::Main, action),
        }
        Ok(None)
    }

    fn act_list(&mut self, action: Action, keymap: Keymap) -> Result<Option<ExitCode>> {
        if action == Action::Quit {
            return Ok(Some(ExitCode::SUCCESS));
        }
        let View::List(mut list) = std::mem::replace(&mut self.view, View::Main) else { return Ok(None) };
        let visible = self.visible(&list);
        let position = visible.iter().position(|&i| i == list.chosen).unwrap_or(0);
        let mut back = false;
        match (keymap, action) {
            (Keymap::Confirm, Action::Yes) => {
                if let Some(index) = list.confirm.take() {
                    list.note = Some(self.reset(index));
                }
            }
            (Keymap::Confirm, _) => list.confirm = None,
            (Keymap::Search, Action::Type(c)) => list.search.push(c),
            (Keymap::Search, Action::Erase) => {
                list.search.pop();
            }
            (Keymap::Search, Action::Back) => {
                // Enter keeps the search; Esc clears it. Both end the typing.
                list.typing = false;
            }
            (_, Action::Search) => list.typing = true,
            (_, Action::Filter) => list.filter = list.filter.next(),
            (_, Action::Back) if !list.search.is_empty() => list.search.clear(),
            (_, Action::Back) => back = true,
            (_, Action::Choose) => {
                if let Some(&index) = visible.get(position) {
                    self.go_to(index)?;
                    return Ok(None);
                }
            }
            (_, Action::Reset) => list.confirm = visible.get(position).copied(),
            (_, moving) => {
                let last = visible.len().saturating_sub(1);
                if let Some(&index) = visible.get(step(position, moving, 10, last)) {
                    list.chosen = index;
                }
            }
        }
        // After a change of search or filter, the choice falls on the first exercise left when it is gone.
        let visible = self.visible(&list);
        if !visible.contains(&list.chosen)
            && let Some(&first) = visible.first()
        {
            list.chosen = first;
        }
        if !back {
            self.view = View::List(list);
        }
        Ok(None)
    }

    /// `h`: one more rung of the hint ladder for the exercise on screen.
    fn hint(&mut self) {
        let Some(index) = self.shown() else {
            self.note("Every exercise is done: there is no hint to give.");
            return;
        };
        let exercise = self.session.catalogue.exercises[index].clone();
        // Hints about the learner's current error need that exercise's verdict on screen.
        let matched = match &self.verdict {
            Some(shown) if shown.index == index => hints::matching(&exercise, &shown.verdict),
            _ => Vec::new(),
        };
        let seen = *self.rungs.entry(index).or_insert_with(|| self.session.progress().hints_seen(&exercise.name));
        let (rungs, reached, more) = hints::next(&exercise, seen, &matched);
        if reached == seen && seen > 0 {
            self.note("No more hints: that was the last one.");
        }
        self.rungs.insert(index, reached);
        self.hints = Some(view::hints(&exercise, &rungs, more, Surface::Watch, self.color));
        self.screen.scroll_to_top();
        if let Err(error) = self.session.record_hint(index, reached) {
            self.note(view::not_saved(&error));
        }
    }

    /// `e`: what the compiler says about the first error code on screen, in the pager.
    fn explain(&mut self) {
        let code = self.verdict.as_ref().and_then(|shown| shown.verdict.compiler.first_code());
        match code {
            Some(diagnostic) => {
                let title = format!("{}: {}", diagnostic.code.as_deref().unwrap_or_default(), diagnostic.message);
                let text = diagnostic.explanation.clone().unwrap_or_else(|| view::NO_EXPLANATION.into());
                self.screen.scroll_to_top();
                self.view = View::Pager { title, text };
            }
            None => self.note(
                "There is no compiler error with a code on screen, so there is nothing to explain. Codes such as E0382 \
                 appear when the code does not compile.",
            ),
        }
    }

    /// `n` and `p`: the next or previous exercise in the pack's order, from the one on screen.
    fn step(&mut self, forward: bool) -> Result<()> {
        let total = self.session.catalogue.exercises.len();
        let target = match (self.shown(), forward) {
            (Some(i), true) if i + 1 < total => i + 1,
            (Some(i), false) if i > 0 => i - 1,
            // Every exercise is done and none on screen: `p` goes back to the last one, `n` to the first.
            (None, false) => total - 1,
            (None, true) => 0,
            (_, true) => {
                self.note("This is the last exercise; press l to choose another.");
                return Ok(());
            }
            (_, false) => {
                self.note("This is the first exercise; press l to choose another.");
                return Ok(());
            }
        };
        self.go_to(target)
    }

    /// A confirmed reset: the exercise as shipped, the learner's version kept as a backup.
    fn reset(&mut self, index: usize) -> String {
        let exercise = self.session.catalogue.exercises[index].clone();
        match self.session.reset(index) {
            Ok(backup) => view::reset_done(&exercise, backup.as_deref()),
            Err(error) => format!("Could not reset `{}`: {error:#}", exercise.name),
        }
    }
}
