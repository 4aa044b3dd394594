//! The one place that styles text: every colour is a named [`Tone`], and file paths become terminal links. The view
//! and the loom timeline (rendered while grading) both write with it.
//!
//! Colour follows the terminal: none when stdout is not a terminal or `NO_COLOR` is set (<https://no-color.org>),
//! and then the compiler's own colour codes are stripped as well.

use std::path::Path;

use console::Style;

/// Whether the tutor writes colours (and links) to stdout.
pub fn color_enabled() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && console::colors_enabled()
}

/// The styles of the tutor, by what they mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Passed, done, working.
    Pass,
    PassBold,
    /// Failed, refused.
    FailBold,
    /// Waiting, cut, take care.
    Warn,
    WarnBold,
    /// A title: hints, the pager's heading, table headers.
    Heading,
    /// A name to notice: the exercise in the header.
    Strong,
    /// A key on the status line.
    Key,
    /// Asides: timings, advice, the rule under the header.
    Dim,
    /// The current exercise in a list.
    Current,
    /// The chosen row of a list.
    Selected,
    /// One thread's lane in a loom timeline: each thread its own colour.
    Lane(usize),
    Plain,
}

impl Tone {
    fn style(self) -> Style {
        match self {
            Tone::Pass => Style::new().green(),
            Tone::PassBold => Style::new().green().bold(),
            Tone::FailBold => Style::new().red().bold(),
            Tone::Warn => Style::new().yellow(),
            Tone::WarnBold => Style::new().yellow().bold(),
            Tone::Heading => Style::new().cyan().bold(),
            Tone::Strong => Style::new().bold(),
            Tone::Key => Style::new().cyan().bold(),
            Tone::Dim => Style::new().dim(),
            Tone::Current => Style::new().yellow().bold(),
            Tone::Selected => Style::new().reverse(),
            Tone::Lane(thread) => match thread % 5 {
                0 => Style::new().cyan().bold(),
                1 => Style::new().magenta().bold(),
                2 => Style::new().yellow().bold(),
                3 => Style::new().blue().bold(),
                _ => Style::new().green().bold(),
            },
            Tone::Plain => Style::new(),
        }
    }
}

/// `text` in `tone` when colour is on.
pub fn paint(text: impl std::fmt::Display, tone: Tone, color: bool) -> String {
    if color && tone != Tone::Plain {
        tone.style().apply_to(text).force_styling(true).to_string()
    } else {
        text.to_string()
    }
}

/// Text as the learner should see it: with its colours if colour is on, without them otherwise.
pub fn colored(text: &str, color: bool) -> String {
    if color { text.to_owned() } else { console::strip_ansi_codes(text).into_owned() }
}

/// A path the terminal can open: an OSC 8 hyperlink to the file when colour is on (terminals without support
/// simply print the text), the plain relative path otherwise. Editors' terminals also turn `path:line:col` into
/// links by themselves.
pub fn link(root: &Path, relative: &Path, color: bool) -> String {
    link_as(root, relative, &relative.display().to_string(), color)
}

/// Like [`link`], with other text than the path: `atomics5.rs:33` for a line of the file. (OSC 8 has no standard
/// way to address a line, so the link opens the file.)
pub fn link_as(root: &Path, relative: &Path, text: &str, color: bool) -> String {
    if !color {
        return text.to_owned();
    }
    let absolute = root.join(relative);
    let absolute = absolute.canonicalize().unwrap_or(absolute);
    format!("\x1b]8;;file://{}\x1b\\{text}\x1b]8;;\x1b\\", absolute.display())
}
