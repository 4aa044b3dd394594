//! What the watch screen shows, and how it is laid out on a terminal of any size.
//!
//! The layout, top to bottom: the progress bar, the current exercise (a clickable link) and whether a check runs,
//! a rule, the scrollable part (notes such as the success banner, the hints revealed so far, then the verdict; or
//! an explanation; or the list of exercises), and one status line with the keys. Drawing is a pure function of
//! this state and the session: it returns exactly one fitted row per terminal row.

use std::fmt::Write as _;

use console::Style;

use crate::commands::Session;
use crate::view::{self, paint};

use super::keys::{Action, Keymap};
use super::wrap::{fit, wrap};

/// Rows above the scrollable part (progress, exercise, rule) and below it (status).
const HEADER_ROWS: usize = 3;
const FOOTER_ROWS: usize = 1;
/// The progress bar's width at most, in columns.
const BAR_WIDTH: usize = 30;

/// The main part of the main view.
pub enum Body {
    /// A message, such as "Checking `move1`…".
    Text(String),
    /// A verdict as `view::verdict` renders it, under a heading that names the exercise and the check.
    Verdict { heading: String, text: String },
}

/// The view on screen.
enum View {
    Main,
    /// A long text to read at leisure: an error code's explanation.
    Pager {
        title: String,
        text: String,
        scroll: usize,
    },
    /// Every exercise, one of them chosen.
    List {
        selected: usize,
        note: Option<String>,
    },
}

pub struct Screen {
    color: bool,
    /// Paragraphs above the verdict: the success banner, which exercise a save checked, answers to keys.
    notes: Vec<String>,
    /// The hints revealed so far for the current exercise.
    hints: Option<String>,
    body: Body,
    /// The exercise being checked, named in the header.
    checking: Option<String>,
    classroom: Option<(String, Style)>,
    view: View,
    /// The main view's first visible row of the scrollable part.
    scroll: usize,
    /// Rows of the scrollable part at the last draw, for paging.
    page: usize,
}

impl Screen {
    pub fn new(color: bool) -> Screen {
        Screen {
            color,
            notes: Vec::new(),
            hints: None,
            body: Body::Text(String::new()),
            checking: None,
            classroom: None,
            view: View::Main,
            scroll: 0,
            page: 1,
        }
    }

    pub fn keymap(&self) -> Keymap {
        match self.view {
            View::Main => Keymap::Main,
            View::Pager { .. } => Keymap::Pager,
            View::List { .. } => Keymap::List,
        }
    }

    /// The classroom's delivery state, shown briefly in the header (the full story goes in a note).
    pub fn set_classroom(&mut self, text: String, style: Style) {
        self.classroom = Some((text, style));
    }

    pub fn set_checking(&mut self, name: Option<String>) {
        self.checking = name;
    }

    pub fn note(&mut self, text: impl Into<String>) {
        self.notes.push(text.into());
        self.scroll = 0;
    }

    pub fn clear_notes(&mut self) {
        self.notes.clear();
    }

    pub fn set_hints(&mut self, hints: Option<String>) {
        self.hints = hints;
        self.scroll = 0;
    }

    pub fn set_body(&mut self, body: Body) {
        self.body = body;
        self.scroll = 0;
    }

    /// `c`: everything under the header goes; the next check fills it again.
    pub fn clear(&mut self, text: String) {
        self.notes.clear();
        self.hints = None;
        self.set_body(Body::Text(text));
    }

    pub fn open_pager(&mut self, title: String, text: String) {
        self.view = View::Pager { title, text, scroll: 0 };
    }

    pub fn open_list(&mut self, selected: usize) {
        self.view = View::List { selected, note: None };
    }

    pub fn back(&mut self) {
        self.view = View::Main;
    }

    /// The exercise chosen in the list.
    pub fn selected(&self) -> Option<usize> {
        match self.view {
            View::List { selected, .. } => Some(selected),
            _ => None,
        }
    }

    pub fn list_note(&mut self, text: String) {
        if let View::List { note, .. } = &mut self.view {
            *note = Some(text);
        }
    }

    /// Scrolls the main view or the pager, or moves the choice in the list of `total` exercises.
    pub fn move_by(&mut self, action: Action, total: usize) {
        let page = self.page.max(1);
        let step = |at: usize, last: usize| -> usize {
            match action {
                Action::Up => at.saturating_sub(1),
                Action::Down => (at + 1).min(last),
                Action::PageUp => at.saturating_sub(page),
                Action::PageDown => (at + page).min(last),
                Action::Top => 0,
                Action::Bottom => last,
                _ => at,
            }
        };
        match &mut self.view {
            // The end of the scrollable range is settled when drawing, which knows the height.
            View::Main => self.scroll = step(self.scroll, usize::MAX / 2),
            View::Pager { scroll, .. } => *scroll = step(*scroll, usize::MAX / 2),
            View::List { selected, .. } => *selected = step(*selected, total.saturating_sub(1)),
        }
    }

    /// One fitted row per terminal row.
    pub fn render(&mut self, session: &Session, width: usize, height: usize) -> Vec<String> {
        let width = width.max(1);
        let pane = height.saturating_sub(HEADER_ROWS + FOOTER_ROWS);
        self.page = pane.max(1);
        let mut rows = self.header(session, width);
        let (body, position) = match &mut self.view {
            View::Main => {
                let lines = wrap(&main_text(&self.notes, self.hints.as_deref(), &self.body), width);
                window(lines, &mut self.scroll, pane)
            }
            View::Pager { title, text, scroll } => {
                let text = format!("{}\n\n{}", paint(&*title, &Style::new().bold(), self.color), text.trim_end());
                window(wrap(&text, width), scroll, pane)
            }
            View::List { selected, note } => (list(session, *selected, note.as_deref(), width, pane, self.color), None),
        };
        rows.extend(body);
        rows.resize(HEADER_ROWS + pane, String::new());
        rows.push(self.status(width, position));
        // A terminal shorter than the frame keeps the top rows and the status line.
        if rows.len() > height {
            let status = rows.pop().unwrap_or_default();
            rows.truncate(height.saturating_sub(1));
            if height > 0 {
                rows.push(status);
            }
        }
        rows
    }

    fn header(&self, session: &Session, width: usize) -> Vec<String> {
        let color = self.color;
        let done = session.progress.done_count();
        let total = session.progress.total();
        let current = session.progress.current().map(|i| &session.catalogue.exercises[i]);

        let bar_width = BAR_WIDTH.min(width.saturating_sub(30)).max(5);
        let filled = (bar_width * done).checked_div(total).unwrap_or(0);
        let bar = format!(
            "[{}{}{}]",
            paint("#".repeat(filled), &Style::new().green(), color),
            if filled < bar_width { ">" } else { "" },
            "-".repeat(bar_width.saturating_sub(filled + 1))
        );
        let mut progress = format!("Progress {bar} {done}/{total} done");
        if let Some(exercise) = current.filter(|e| !e.chapter.is_empty()) {
            let _ = write!(progress, " · Chapter: {}", exercise.chapter);
        }
        if let Some((text, style)) = &self.classroom {
            let _ = write!(progress, " · {}", paint(text, style, color));
        }

        let mut exercise_line = match current {
            Some(exercise) => format!(
                "Exercise {} · {}",
                paint(&exercise.name, &Style::new().bold(), color),
                view::link(&session.catalogue.root, &exercise.path(), color)
            ),
            None => paint("Every exercise is done.", &Style::new().green().bold(), color),
        };
        if let Some(name) = &self.checking {
            let _ = write!(exercise_line, "  {}", paint(format!("checking `{name}`…"), &Style::new().yellow(), color));
        }
        let rule = paint("─".repeat(width), &Style::new().dim(), color);
        vec![fit(&progress, width), fit(&exercise_line, width), fit(&rule, width)]
    }

    fn status(&self, width: usize, position: Option<String>) -> String {
        let keys: &[(&str, &str)] = match self.view {
            View::Main => &[
                ("h", "hint"),
                ("e", "explain"),
                ("l", "list"),
                ("n/p", "next/prev"),
                ("r", "re-run"),
                ("c", "clear"),
                ("q", "quit"),
            ],
            View::Pager { .. } => &[("↑↓ PgUp PgDn", "scroll"), ("q/Esc", "back")],
            View::List { .. } => &[("↑↓", "choose"), ("Enter", "go to it"), ("r", "reset it"), ("q/Esc", "back")],
        };
        let mut line: Vec<String> = keys
            .iter()
            .map(|(key, what)| format!("{} {what}", paint(key, &Style::new().cyan().bold(), self.color)))
            .collect();
        if let Some(position) = position {
            line.push(position);
        }
        fit(&line.join(" · "), width)
    }
}

/// The main view's scrollable text: notes, hints, then the verdict.
fn main_text(notes: &[String], hints: Option<&str>, body: &Body) -> String {
    let mut text = String::new();
    for note in notes {
        let _ = write!(text, "{}\n\n", note.trim_end());
    }
    if let Some(hints) = hints {
        let _ = write!(text, "{}\n\n", hints.trim_end());
    }
    match body {
        Body::Text(message) => text.push_str(message),
        Body::Verdict { heading, text: verdict } => {
            let _ = write!(text, "{heading}\n{verdict}");
        }
    }
    text
}

/// The rows of `lines` that fit in `rows`, from `scroll` (clamped so that the last page is full), and where they are
/// when not everything fits.
fn window(lines: Vec<String>, scroll: &mut usize, rows: usize) -> (Vec<String>, Option<String>) {
    let total = lines.len();
    *scroll = (*scroll).min(total.saturating_sub(rows));
    let shown: Vec<String> = lines.into_iter().skip(*scroll).take(rows).collect();
    let position = (total > rows && rows > 0)
        .then(|| format!("↑↓ more: rows {}-{} of {total}", *scroll + 1, *scroll + shown.len()));
    (shown, position)
}

/// The list view: every exercise with its chapter and status, the chosen one highlighted and kept in sight.
fn list(session: &Session, selected: usize, note: Option<&str>, width: usize, rows: usize, color: bool) -> Vec<String> {
    let exercises = &session.catalogue.exercises;
    let mut out = Vec::new();
    if let Some(note) = note {
        out.extend(wrap(note, width));
        out.push(String::new());
    }
    let name_width = exercises.iter().map(|e| e.name.len()).max().unwrap_or(4).max(4);
    let chapter_width = exercises.iter().map(|e| e.chapter.len()).max().unwrap_or(7).max(7);
    out.push(fit(
        &paint(
            format!("  {:>3}  {:<name_width$}  {:<chapter_width$}  STATUS", "#", "NAME", "CHAPTER"),
            &Style::new().bold(),
            color,
        ),
        width,
    ));
    let room = rows.saturating_sub(out.len()).max(1);
    let first = selected.saturating_sub(room - 1).min(exercises.len().saturating_sub(room));
    for (i, exercise) in exercises.iter().enumerate().skip(first).take(room) {
        let (status, style) = view::status(&session.progress, i, &exercise.name);
        let marker = if i == selected { ">" } else { " " };
        let text = format!(
            "{marker} {:>3}  {:<name_width$}  {:<chapter_width$}  {status}",
            i + 1,
            exercise.name,
            exercise.chapter
        );
        let text = if i == selected { paint(text, &Style::new().reverse(), color) } else { paint(text, &style, color) };
        out.push(fit(&text, width));
    }
    out.truncate(rows);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::watch::wrap::plain;

    #[test]
    fn a_long_text_scrolls_and_says_where_it_is() {
        let lines: Vec<String> = (1..=10).map(|i| i.to_string()).collect();
        let mut scroll = 100;
        let (shown, position) = window(lines.clone(), &mut scroll, 4);
        assert_eq!(scroll, 6, "scrolling stops at the last full page");
        assert_eq!(shown, ["7", "8", "9", "10"]);
        assert_eq!(position.as_deref(), Some("↑↓ more: rows 7-10 of 10"));
        let mut scroll = 0;
        assert_eq!(window(lines[..3].to_vec(), &mut scroll, 4).1, None);
    }

    #[test]
    fn notes_and_hints_come_before_the_verdict() {
        let body = Body::Verdict { heading: "Check #2".into(), text: "error[E0382]".into() };
        let text = main_text(&["passed".into()], Some("Hint: move"), &body);
        assert_eq!(plain(&text), "passed\n\nHint: move\n\nCheck #2\nerror[E0382]");
    }
}
