//! Everything the learner reads: verdicts, hints, tables, file links and the sentences shared by the commands and
//! the watch, styled with the named tones of `style.rs`.

mod verdict;

use std::fmt::Write as _;
use std::path::Path;

use unicode_width::UnicodeWidthStr;

use crate::catalogue::{Catalogue, Exercise};
use crate::hints::Rung;
use crate::session::Progress;

pub use crate::style::{Tone, color_enabled, colored, link, paint};
pub use verdict::{output, summary, verdict};

/// Where the learner reads: the advice about hints names a command or a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// A one-off command such as `tutor run`.
    Command,
    /// The `tutor watch` screen.
    Watch,
}

impl Surface {
    /// How to ask for a hint here, or for the next one.
    fn hint_advice(self, exercise: &str, next: bool) -> String {
        match (self, next) {
            (Surface::Command, false) => format!("Stuck? `tutor hint {exercise}` gives a hint."),
            (Surface::Command, true) => format!("Run `tutor hint {exercise}` again for the next hint."),
            (Surface::Watch, false) => "Stuck? Press h for a hint.".to_owned(),
            (Surface::Watch, true) => "Press h again for the next hint.".to_owned(),
        }
    }
}

/// "Compare your answer with the reference solution: PATH", when the pack has the solution.
pub fn solution_line(catalogue: &Catalogue, exercise: &Exercise, color: bool) -> Option<String> {
    exercise.has_solution(&catalogue.root).then(|| {
        format!(
            "Compare your answer with the reference solution: {}",
            link(&catalogue.root, &exercise.solution_path(), color)
        )
    })
}

/// The banner of a pass that moves the learner on.
pub fn passed_banner(catalogue: &Catalogue, exercise: &Exercise, color: bool) -> String {
    let mut banner = format!(
        "{} {}",
        paint("✓", Tone::PassBold, color),
        paint(format!("`{}` passed and is marked done.", exercise.name), Tone::PassBold, color)
    );
    if let Some(solution) = solution_line(catalogue, exercise, color) {
        let _ = write!(banner, " {solution}");
    }
    banner
}

/// The hints revealed so far, rung by rung (see `hints.rs`), and how to get the next one.
pub fn hints(exercise: &Exercise, rungs: &[Rung], more: bool, surface: Surface, color: bool) -> String {
    let mut out = String::new();
    if exercise.hints.is_empty() && rungs.is_empty() {
        let _ = writeln!(out, "This exercise has no hint.");
        return out;
    }
    let total = exercise.hints.len();
    for rung in rungs {
        let (title, text) = match rung {
            Rung::Layered(i) if total > 1 => (format!("Hint {} of {total}:", i + 1), exercise.hints[*i].as_str()),
            Rung::Layered(i) => ("Hint:".to_owned(), exercise.hints[*i].as_str()),
            Rung::AboutYourError(text) => ("About your current error:".to_owned(), text.as_str()),
        };
        let _ = writeln!(out, "{}\n{}\n", paint(title, Tone::Heading, color), text.trim());
    }
    let advice = if more {
        surface.hint_advice(&exercise.name, true)
    } else {
        "That was the last hint. The chapter's README and the compiler's explanation (e, or `tutor explain`) tell more."
            .to_owned()
    };
    let _ = writeln!(out, "{}", paint(advice, Tone::Dim, color));
    out
}

/// An exercise's status word (missing, done, current, pending) and its tone, as every list shows it.
pub fn status(catalogue: &Catalogue, progress: &Progress, index: usize) -> (&'static str, Tone) {
    let exercise = &catalogue.exercises[index];
    let name = exercise.name.as_str();
    if !exercise.present(&catalogue.root) {
        ("missing", Tone::FailBold)
    } else if progress.is_done(name) {
        ("done", Tone::Pass)
    } else if progress.current() == Some(index) {
        ("current", Tone::Current)
    } else {
        ("pending", Tone::Plain)
    }
}

/// A table with a header row: every column as wide as its widest cell, except that a column given a cap is cut to
/// it (with `…`), so that a long error kind cannot push the rest of a row off the screen. `right` columns are
/// aligned right (numbers). Cells may hold colour codes and links; widths count what shows.
pub struct Table<'a> {
    pub headers: &'a [&'a str],
    pub right: &'a [bool],
    pub caps: &'a [Option<usize>],
}

impl Table<'_> {
    /// The header line and one line per row, without a trailing newline; the header in the heading tone.
    pub fn render(&self, rows: &[Vec<String>], color: bool) -> Vec<String> {
        let shown = |cell: &str| console::strip_ansi_codes(cell).width();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.width()).collect();
        for row in rows {
            for (i, cell) in row.iter().enumerate() {
                if let Some(width) = widths.get_mut(i) {
                    *width = (*width).max(shown(cell));
                }
            }
        }
        for (width, cap) in widths.iter_mut().zip(self.caps) {
            if let Some(cap) = cap {
                *width = (*width).min(*cap);
            }
        }
        let line = |cells: Vec<String>| -> String {
            let last = cells.len().saturating_sub(1);
            let mut out = String::new();
            for (i, cell) in cells.into_iter().enumerate() {
                let width = widths.get(i).copied().unwrap_or(0);
                let cell = if shown(&cell) > width { cut(&cell, width) } else { cell };
                let pad = " ".repeat(width.saturating_sub(shown(&cell)));
                let right = self.right.get(i).copied().unwrap_or(false);
                if i > 0 {
                    out.push_str("  ");
                }
                match (right, i == last) {
                    (true, _) => out.push_str(&format!("{pad}{cell}")),
                    (false, true) => out.push_str(&cell),
                    (false, false) => out.push_str(&format!("{cell}{pad}")),
                }
            }
            out
        };
        let mut lines = vec![paint(line(self.headers.iter().map(|h| h.to_string()).collect()), Tone::Strong, color)];
        lines.extend(rows.iter().map(|row| line(row.clone())));
        lines
    }
}

/// A cell cut to `width` columns, ending in `…` (colour codes are dropped: a cut cell is plain).
fn cut(cell: &str, width: usize) -> String {
    let plain = console::strip_ansi_codes(cell);
    let mut out = String::new();
    for c in plain.chars() {
        if out.width() + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) + 1 > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Writes a command's output to stdout. A reader that went away (`tutor list | head -1`) ends it quietly: that is
/// not an error, and never a panic.
pub fn say(text: &str) -> anyhow::Result<std::process::ExitCode> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(std::process::ExitCode::SUCCESS),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(std::process::ExitCode::SUCCESS),
        Err(e) => Err(anyhow::Error::new(e).context("failed to write to the terminal")),
    }
}

/// Opens the learner's session for a command in this terminal: the compiler's messages in colour where the terminal
/// shows colours, and the session's warnings (a damaged progress file) printed to stderr first.
pub fn open_session() -> anyhow::Result<crate::session::Session> {
    let mut warnings = Vec::new();
    let session = crate::session::Session::open(color_enabled(), &mut warnings);
    for text in &warnings {
        eprintln!("{}", warning(text));
    }
    session
}

/// A warning line for stderr.
pub fn warning(text: &str) -> String {
    format!("{} {text}", paint("warning:", Tone::WarnBold, console::colors_enabled_stderr()))
}

/// The note shown when the progress file could not be written: the work goes on, the learner should know.
pub fn not_saved(error: &anyhow::Error) -> String {
    format!("Your progress could not be saved: {error:#}")
}

/// What `reset` did, for the commands and the watch alike.
pub fn reset_done(exercise: &Exercise, backup: Option<&Path>) -> String {
    match backup {
        Some(backup) => format!(
            "Restored `{}` as shipped. Your version is saved in `{}`.",
            exercise.path().display(),
            backup.display()
        ),
        None => format!("`{}` was already as shipped; nothing to back up.", exercise.path().display()),
    }
}

/// What the pager shows for an error code the compiler has no explanation for.
pub const NO_EXPLANATION: &str = "The compiler has no explanation for this code.";

/// "New chapter: …", with a link to its README when the chapter has one.
pub fn new_chapter(catalogue: &Catalogue, exercise: &Exercise, color: bool) -> Option<String> {
    let dir = exercise.dir.as_ref()?;
    let readme = Path::new("exercises").join(dir).join("README.md");
    let link = catalogue.root.join(&readme).is_file().then(|| link(&catalogue.root, &readme, color));
    Some(match link {
        Some(link) => format!(
            "New chapter: {}. Its README introduces the topic and points to further reading: {link}",
            exercise.chapter
        ),
        None => format!("New chapter: {}.", exercise.chapter),
    })
}

/// A duration for people: `45s`, `12m 05s`, `2h 03m`.
pub fn duration(seconds: u64) -> String {
    match seconds {
        0..60 => format!("{seconds}s"),
        60..3600 => format!("{}m {:02}s", seconds / 60, seconds % 60),
        _ => format!("{}h {:02}m", seconds / 3600, seconds % 3600 / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_and_cap_their_columns() {
        let table =
            Table { headers: &["#", "NAME", "ERROR"], right: &[true, false, false], caps: &[None, None, Some(8)] };
        let rows = vec![
            vec!["1".into(), "first".into(), "E0382".into()],
            vec!["12".into(), "x".into(), "loom-too-many-branches".into()],
        ];
        let lines = table.render(&rows, false);
        assert_eq!(lines, [" #  NAME   ERROR", " 1  first  E0382", "12  x      loom-to…"]);
    }
}
