//! The story as text: a labelled thread column, each step's `file:line` (a link when colour is on), the ending, and
//! the learner's lines that the interleaving runs through. Without colour there is not one escape code.

use std::fmt::Write as _;
use std::path::Path;

use super::labels::Source;
use super::story::{Row, Span, Story, thread_name};
use crate::style::{Tone, link, link_as, paint};

/// Threads are told apart by colour too; loom allows 5 threads, the main one included.
fn thread_style(thread: usize) -> Tone {
    Tone::Lane(thread)
}

pub fn render(story: &Story, source: &Source, root: &Path, color: bool) -> String {
    let base = story.file.file_name().map_or_else(|| story.file.display().to_string(), |n| n.to_string_lossy().into());
    let at_line = |line: u32| {
        let text = format!("{base}:{line}");
        paint(link_as(root, &story.file, &text, color), Tone::Dim, color)
    };
    let spans = |spans: &[Span]| -> String {
        let mut out = String::new();
        for span in spans {
            match span {
                Span::Text(t) => out.push_str(t),
                Span::Code(c) => out.push_str(&paint(format!("`{c}`"), Tone::Strong, color)),
                Span::Value(v) => out.push_str(&paint(v, Tone::Strong, color)),
                Span::Order(o) => out.push_str(&paint(o, Tone::Dim, color)),
                Span::Note(n) => out.push_str(&paint(n, Tone::Warn, color)),
                Span::Line(line) => out.push_str(&at_line(*line)),
            }
        }
        out
    };

    let mut out = String::new();
    let title = match story.execution {
        0 | 1 => "The first interleaving loom tried fails".to_owned(),
        2 => "loom tried 1 interleaving that passes, then this one fails".to_owned(),
        n => format!("loom tried {} interleavings that pass, then this one fails", n - 1),
    };
    let _ = writeln!(out, "{} ({}):", paint(title, Tone::Strong, color), link(root, &story.file, color));
    let thread_width = story.rows.iter().map(|r| thread_name(r.thread).len()).max().unwrap_or(4);
    let place_width = story.rows.iter().filter_map(|r| r.line).map(|l| format!("{base}:{l}").len()).max().unwrap_or(0);
    if story.hidden_rows > 0 {
        let _ = writeln!(out, "  {}", paint(format!("… {} earlier steps", story.hidden_rows), Tone::Dim, color));
    }
    let mut previous: Option<usize> = None;
    for row in &story.rows {
        out.push_str(&render_row(row, previous, thread_width, place_width, &base, &at_line, &spans, color));
        previous = Some(row.thread);
    }

    let _ = writeln!(out, "{} {}", paint("✗", Tone::FailBold, color), spans(&story.failure));
    for detail in &story.details {
        let _ = writeln!(out, "    {detail}");
    }
    for why in &story.why {
        let _ = writeln!(out, "{} {}", paint("Why:", Tone::WarnBold, color), spans(why));
    }
    for note in &story.notes {
        let _ = writeln!(out, "{}", paint(format!("({})", strip(&spans(note), color)), Tone::Dim, color));
    }
    if !story.lines.is_empty() {
        let _ = writeln!(out, "{}", paint("Your lines in this interleaving:", Tone::Strong, color));
        let number_width = story.lines.iter().map(|l| l.to_string().len()).max().unwrap_or(1);
        for line in &story.lines {
            let code = source.line(*line).unwrap_or_default().trim_end();
            let number = link_as(root, &story.file, &format!("{line:>number_width$}"), color);
            let _ = writeln!(
                out,
                "  {} {} {}",
                paint(number, Tone::WarnBold, color),
                paint("│", Tone::Dim, color),
                paint(code, Tone::Warn, color)
            );
        }
    }
    out
}

/// A note's text is dimmed as a whole; its inner styles would end the dimming early.
fn strip(text: &str, color: bool) -> String {
    if color { console::strip_ansi_codes(text).into_owned() } else { text.to_owned() }
}

#[allow(clippy::too_many_arguments)]
fn render_row(
    row: &Row,
    previous: Option<usize>,
    thread_width: usize,
    place_width: usize,
    base: &str,
    at_line: &dyn Fn(u32) -> String,
    spans: &dyn Fn(&[Span]) -> String,
    color: bool,
) -> String {
    // The thread's name starts each run of its steps; the column stays blank below it, so runs read as lanes.
    let thread = if previous == Some(row.thread) { String::new() } else { thread_name(row.thread) };
    let thread = paint(format!("{thread:<thread_width$}"), thread_style(row.thread), color);
    let place = match row.line {
        Some(line) => {
            let width = format!("{base}:{line}").len();
            format!("{}{}", at_line(line), " ".repeat(place_width.saturating_sub(width)))
        }
        None => " ".repeat(place_width),
    };
    let repeat = if row.repeat > 1 { paint(format!(" ×{}", row.repeat), Tone::Dim, color) } else { String::new() };
    format!("  {thread}  {place}  {}{repeat}\n", spans(&row.spans))
}
