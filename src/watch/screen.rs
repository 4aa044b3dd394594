//! How the watch screen lays out the [`Frame`] it is given, on a terminal of any size.
//!
//! Top to bottom: the progress bar with the chapter, the exercise on screen (a clickable link) and whether a check
//! runs (for how long, against its limit), a rule, the view (the verdict's summary pinned in sight with the output
//! scrolling beneath it; or an explanation; or the list), and one status line with the keys. Drawing is a pure
//! function of the frame and the scroll positions kept here: it returns exactly one fitted row per terminal row.

use std::fmt::Write as _;

use super::keys::{self, Action, Keymap};
use super::model::{Frame, Header, ListModel, ViewModel};
use super::wrap::{fit, wrap};
use crate::view::{Tone, paint};

/// Rows above the view (progress, exercise, rule) and below it (status).
const HEADER_ROWS: usize = 3;
const FOOTER_ROWS: usize = 1;
/// The progress bar's width at most, in columns.
const BAR_WIDTH: usize = 30;
/// The verdict's summary keeps at most this share of the view for itself, so that some output always shows.
const PINNED_SHARE: f64 = 0.5;

/// Scroll positions, the one state of the screen.
#[derive(Default)]
pub struct Screen {
    color: bool,
    /// The first visible row of the scrolled part of the main view, and of the pager.
    main_scroll: usize,
    pager_scroll: usize,
    /// Rows of the scrolled part at the last draw, for paging.
    page: usize,
}

impl Screen {
    pub fn new(color: bool) -> Screen {
        Screen { color, ..Screen::default() }
    }

    /// A new verdict or text starts at its top.
    pub fn scroll_to_top(&mut self) {
        self.main_scroll = 0;
        self.pager_scroll = 0;
    }

    /// Scrolls the main view or the pager.
    pub fn scroll(&mut self, keymap: Keymap, action: Action) {
        let position = match keymap {
            Keymap::Pager => &mut self.pager_scroll,
            _ => &mut self.main_scroll,
        };
        *position = step(*position, action, self.page.max(1), usize::MAX / 2);
    }

    /// One fitted row per terminal row.
    pub fn render(&mut self, frame: &Frame, width: usize, height: usize) -> Vec<String> {
        let width = width.max(1);
        let pane = height.saturating_sub(HEADER_ROWS + FOOTER_ROWS);
        let mut rows = header(&frame.header, width, self.color);
        let (body, position) = match &frame.view {
            ViewModel::Main { pinned, scrolled } => {
                let mut pinned = wrap(pinned.trim_end(), width);
                let cap = ((pane as f64 * PINNED_SHARE) as usize).max(1);
                if pinned.len() > cap {
                    pinned.truncate(cap);
                }
                let room = pane.saturating_sub(pinned.len());
                self.page = room.max(1);
                let (shown, position) = window(wrap(scrolled, width), &mut self.main_scroll, room);
                pinned.extend(shown);
                (pinned, position)
            }
            ViewModel::Pager { title, text } => {
                self.page = pane.saturating_sub(2).max(1);
                let text = format!("{}\n\n{}", paint(title, Tone::Strong, self.color), text.trim_end());
                window(wrap(&text, width), &mut self.pager_scroll, pane)
            }
            ViewModel::List(list) => (list_rows(list, width, pane, self.color), None),
        };
        rows.extend(body);
        rows.resize(HEADER_ROWS + pane, String::new());
        rows.push(status(frame.keymap, width, position, self.color));
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
}

/// Moves a position by a scrolling action, within `0..=last`.
pub fn step(at: usize, action: Action, page: usize, last: usize) -> usize {
    match action {
        Action::Up => at.saturating_sub(1),
        Action::Down => (at + 1).min(last),
        Action::PageUp => at.saturating_sub(page),
        Action::PageDown => (at + page).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        _ => at,
    }
}

fn header(header: &Header, width: usize, color: bool) -> Vec<String> {
    let Header { done, total, .. } = *header;
    let bar_width = BAR_WIDTH.min(width.saturating_sub(30)).max(5);
    let filled = (bar_width * done).checked_div(total).unwrap_or(0);
    let bar = format!(
        "[{}{}{}]",
        paint("#".repeat(filled), Tone::Pass, color),
        if filled < bar_width { ">" } else { "" },
        "-".repeat(bar_width.saturating_sub(filled + 1))
    );
    let mut progress = format!("Progress {bar} {done}/{total} done");
    if let Some(chapter) = header.chapter.as_ref().filter(|c| !c.is_empty()) {
        let _ = write!(progress, " · Chapter: {chapter}");
    }
    if let Some((text, tone)) = &header.classroom {
        let _ = write!(progress, " · {}", paint(text, *tone, color));
    }

    let mut exercise_line = match &header.exercise {
        Some(shown) => {
            let mut line = format!("Exercise {} · {}", paint(&shown.name, Tone::Strong, color), shown.link);
            if shown.done {
                let _ = write!(line, " {}", paint("(done: you came back to it)", Tone::Pass, color));
            }
            line
        }
        None => paint("Every exercise is done · press l to go back to one", Tone::PassBold, color),
    };
    if let Some(checking) = &header.checking {
        let _ = write!(
            exercise_line,
            "  {}",
            paint(
                format!(
                    "checking `{}`… {} s (time limit {} s)",
                    checking.name,
                    checking.elapsed.as_secs(),
                    checking.limit.as_secs_f64().ceil()
                ),
                Tone::Warn,
                color
            )
        );
    }
    let rule = paint("─".repeat(width), Tone::Dim, color);
    vec![fit(&progress, width), fit(&exercise_line, width), fit(&rule, width)]
}

fn status(keymap: Keymap, width: usize, position: Option<String>, color: bool) -> String {
    // Where the learner is in a long text comes first: on a narrow terminal it must not be the part that is cut off.
    // Whole entries only: a key cut in half helps nobody.
    let mut line = String::new();
    let entries = position
        .into_iter()
        .chain(keys::listed(keymap).into_iter().map(|(key, what)| format!("{} {what}", paint(key, Tone::Key, color))));
    for entry in entries {
        let candidate = if line.is_empty() { entry } else { format!("{line} · {entry}") };
        if console::measure_text_width(&candidate) > width && !line.is_empty() {
            break;
        }
        line = candidate;
    }
    fit(&line, width)
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

/// The list view: a note or question, the search, then the exercises as a table, the chosen one highlighted and kept
/// in sight.
fn list_rows(list: &ListModel, width: usize, rows: usize, color: bool) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(note) = &list.note {
        out.extend(wrap(note, width));
        out.push(String::new());
    }
    let mut filter = format!("Showing: {}", list.filter);
    match &list.search {
        Some((text, typing)) => {
            let cursor = if *typing { "▏" } else { "" };
            let _ = write!(filter, " · search: {text}{cursor}");
        }
        None => filter.push_str(" · / to search"),
    }
    out.push(fit(&paint(filter, Tone::Dim, color), width));
    let table = crate::view::Table {
        headers: &["  #", "NAME", "CHAPTER", "STATUS", "PATH"],
        right: &[true, false, false, false, false],
        caps: &[None, None, Some(28), None, None],
    };
    let cells: Vec<Vec<String>> = list
        .rows
        .iter()
        .map(|row| {
            vec![
                row.number.to_string(),
                row.name.clone(),
                row.chapter.clone(),
                row.status.0.to_owned(),
                row.path.clone(),
            ]
        })
        .collect();
    let mut lines = table.render(&cells, color).into_iter();
    out.push(fit(&format!("  {}", lines.next().unwrap_or_default()), width));
    if list.rows.is_empty() {
        out.push("  No exercise matches.".to_owned());
        out.truncate(rows);
        return out;
    }
    let room = rows.saturating_sub(out.len()).max(1);
    let selected = list.selected.unwrap_or(0);
    let first = selected.saturating_sub(room - 1).min(list.rows.len().saturating_sub(room));
    for (i, (row, line)) in list.rows.iter().zip(lines).enumerate().skip(first).take(room) {
        let text = if list.selected == Some(i) {
            paint(format!("> {}", console::strip_ansi_codes(&line)), Tone::Selected, color)
        } else {
            format!("  {}", paint(line, row.status.1, color))
        };
        out.push(fit(&text, width));
    }
    out.truncate(rows);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::watch::model::{Checking, ListRow, Shown};
    use crate::watch::wrap::plain;
    use std::time::Duration;

    fn frame(view: ViewModel, keymap: Keymap) -> Frame {
        Frame {
            header: Header {
                done: 3,
                total: 10,
                chapter: Some("Shared state".into()),
                exercise: Some(Shown { name: "shared2".into(), link: "exercises/06/shared2.rs".into(), done: false }),
                checking: None,
                classroom: None,
            },
            view,
            keymap,
        }
    }

    fn snapshot(frame: &Frame, width: usize, height: usize) -> Vec<String> {
        Screen::new(false).render(frame, width, height).iter().map(|row| plain(row).trim_end().to_owned()).collect()
    }

    #[test]
    fn the_summary_stays_in_sight_above_long_output_on_80_by_24() {
        let output: String = (1..=60).map(|i| format!("error line {i}\n")).collect();
        let summary = "✗ Exercise `shared2` does not pass yet.\nloom found an interleaving that breaks it.";
        let rows = snapshot(&frame(ViewModel::Main { pinned: summary.into(), scrolled: output }, Keymap::Main), 80, 24);
        assert_eq!(rows.len(), 24);
        assert!(rows[0].starts_with("Progress [#########>") && rows[0].ends_with("3/10 done · Chapter: Shared state"));
        assert_eq!(rows[1], "Exercise shared2 · exercises/06/shared2.rs");
        assert_eq!(rows[3], "✗ Exercise `shared2` does not pass yet.");
        assert_eq!(rows[4], "loom found an interleaving that breaks it.");
        assert_eq!(rows[5], "error line 1");
        assert_eq!(rows[22], "error line 18");
        assert_eq!(rows[23], "↑↓ more: rows 1-18 of 60 · h hint · e explain · l list · n/p next/prev");
    }

    #[test]
    fn a_check_in_progress_says_how_long_it_has_run() {
        let mut f = frame(ViewModel::Main { pinned: "Checking…".into(), scrolled: String::new() }, Keymap::Main);
        f.header.checking =
            Some(Checking { name: "shared2".into(), elapsed: Duration::from_secs(3), limit: Duration::from_secs(10) });
        let rows = snapshot(&f, 120, 10);
        assert_eq!(rows[1], "Exercise shared2 · exercises/06/shared2.rs  checking `shared2`… 3 s (time limit 10 s)");
    }

    #[test]
    fn the_list_shows_paths_a_search_and_keeps_the_choice_in_sight() {
        let rows: Vec<ListRow> = (1..=30)
            .map(|n| ListRow {
                number: n,
                name: format!("ex{n}"),
                chapter: "Shared state".into(),
                status: (if n < 3 { "done" } else { "pending" }, Tone::Plain),
                path: format!("exercises/06/ex{n}.rs"),
            })
            .collect();
        let list = ListModel { rows, selected: Some(25), search: Some(("ex".into(), true)), filter: "all", note: None };
        let lines = snapshot(&frame(ViewModel::List(list), Keymap::Search), 80, 14);
        assert_eq!(lines[3], "Showing: all · search: ex▏");
        assert_eq!(lines[4], "    #  NAME  CHAPTER       STATUS   PATH");
        assert_eq!(lines[12], ">  26  ex26  Shared state  pending  exercises/06/ex26.rs");
        assert_eq!(lines[13], "Enter done · Esc clear the search");
    }

    #[test]
    fn the_final_screen_says_it_once() {
        let mut f = frame(ViewModel::Main { pinned: "You made it.".into(), scrolled: String::new() }, Keymap::Main);
        f.header.exercise = None;
        let text = snapshot(&f, 80, 12).join("\n");
        assert_eq!(text.matches("Every exercise is done").count(), 1, "{text}");
    }
}
