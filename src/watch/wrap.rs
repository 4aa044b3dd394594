//! Fitting coloured text to the terminal's width: the compiler's and the program's output carry colour codes and
//! links, which take no room on screen, and may carry anything else a program prints.
//!
//! Only colours (SGR) and OSC 8 links pass through; every other escape sequence (cursor moves, screen clears, titles)
//! is dropped, so that a learner's program cannot scribble over the watch screen. Each row that comes out starts
//! with the colours and the link in force at that point and ends by resetting them, so any row can be drawn alone.

use unicode_width::UnicodeWidthChar;

const ESC: char = '\x1b';
const RESET: &str = "\x1b[0m";
/// Ends a link, then resets the colours.
const LINK_END_RESET: &str = "\x1b]8;;\x1b\\\x1b[0m";
/// Tab stops every 8 columns, as terminals have them.
const TAB_STOP: usize = 8;

/// One piece of a line: text to show, or an escape sequence that takes no room.
#[derive(Debug, PartialEq)]
enum Piece<'a> {
    Char(char),
    /// A colour change (`ESC [ ... m`).
    Sgr(&'a str),
    /// The start (`ESC ] 8 ; params ; URI ST`) or, with an empty URI, the end of a link.
    Link(&'a str),
    /// Any other escape sequence or control character: dropped.
    Ignored,
}

/// Splits one line (no `\n`) into pieces.
fn pieces(line: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c != ESC {
            out.push(if c == '\t' || !c.is_control() { Piece::Char(c) } else { Piece::Ignored });
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let len = escape_len(rest);
        let sequence = &rest[..len];
        out.push(if sequence.starts_with("\x1b[") && sequence.ends_with('m') {
            Piece::Sgr(sequence)
        } else if sequence.starts_with("\x1b]8;") {
            Piece::Link(sequence)
        } else {
            Piece::Ignored
        });
        rest = &rest[len..];
    }
    out
}

/// The length in bytes of the escape sequence at the start of `text` (which starts with ESC).
fn escape_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    match bytes.get(1) {
        // CSI: parameters and intermediates, then one final byte in 0x40..=0x7E.
        Some(b'[') => bytes[2..].iter().position(|b| (0x40..=0x7e).contains(b)).map_or(bytes.len(), |i| i + 3),
        // OSC: ends with BEL or ST (ESC \).
        Some(b']') => {
            let body = &bytes[2..];
            let bel = body.iter().position(|&b| b == 0x07).map(|i| i + 3);
            let st = body.windows(2).position(|w| w == b"\x1b\\").map(|i| i + 4);
            match (bel, st) {
                (Some(a), Some(b)) => a.min(b),
                (a, b) => a.or(b).unwrap_or(bytes.len()),
            }
        }
        // A two-character sequence; the second character may be multi-byte.
        Some(_) => 1 + text[1..].chars().next().map_or(0, char::len_utf8),
        None => 1,
    }
}

/// How many columns `text` takes on screen.
#[cfg(test)]
fn width(text: &str) -> usize {
    text.lines()
        .map(|line| {
            let mut column = 0;
            for piece in pieces(line) {
                if let Piece::Char(c) = piece {
                    column += char_width(c, column);
                }
            }
            column
        })
        .max()
        .unwrap_or(0)
}

fn char_width(c: char, column: usize) -> usize {
    if c == '\t' { TAB_STOP - column % TAB_STOP } else { c.width().unwrap_or(0) }
}

/// The colours and link in force at some point of a line, to carry over to the next row.
#[derive(Default, Clone)]
struct Pen<'a> {
    sgr: Vec<&'a str>,
    link: Option<&'a str>,
}

impl<'a> Pen<'a> {
    fn apply(&mut self, piece: &Piece<'a>) {
        match *piece {
            Piece::Sgr(s) if s == "\x1b[m" || s == RESET => self.sgr.clear(),
            Piece::Sgr(s) => self.sgr.push(s),
            Piece::Link(s) => self.link = (!link_uri(s).is_empty()).then_some(s),
            Piece::Char(_) | Piece::Ignored => {}
        }
    }

    /// What a row must start with to continue in this pen.
    fn resume(&self) -> String {
        let mut out: String = self.sgr.concat();
        if let Some(link) = self.link {
            out.push_str(link);
        }
        out
    }

    /// What a row must end with so that nothing leaks into the next.
    fn close(&self) -> &'static str {
        match (self.link.is_some(), self.sgr.is_empty()) {
            (true, _) => LINK_END_RESET,
            (false, false) => RESET,
            (false, true) => "",
        }
    }
}

/// The URI of an OSC 8 sequence (`ESC ] 8 ; params ; URI ST`); empty for the sequence that ends a link.
fn link_uri(sequence: &str) -> &str {
    let body = sequence.strip_prefix("\x1b]8;").unwrap_or_default();
    let body = body.strip_suffix("\x1b\\").or_else(|| body.strip_suffix('\x07')).unwrap_or(body);
    body.split_once(';').map_or("", |(_, uri)| uri)
}

/// Breaks `text` into rows of at most `width` columns. A line too long for one row breaks after its last space that
/// fits, or anywhere when a word alone is too long; wide characters never straddle the edge.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut rows = Vec::new();
    // The pen in force where the row being built starts.
    let mut pen = Pen::default();
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut row: Vec<Piece> = Vec::new();
        let mut column = 0;
        for piece in pieces(line) {
            if let Piece::Char(c) = piece {
                let w = char_width(c, column);
                if column + w > width && column > 0 {
                    let space = row.iter().rposition(|p| *p == Piece::Char(' ')).filter(|&i| i > 0);
                    let carried = row.split_off(space.map_or(row.len(), |i| i + 1));
                    let (text, next) = draw(&pen, &row);
                    rows.push(text);
                    pen = next;
                    row = carried;
                    column = columns(&row);
                }
            }
            match piece {
                Piece::Char(c) => column += char_width(c, column),
                Piece::Ignored => continue,
                Piece::Sgr(_) | Piece::Link(_) => {}
            }
            row.push(piece);
        }
        let (text, next) = draw(&pen, &row);
        rows.push(text);
        pen = next;
    }
    // A trailing newline ends the last line; it does not start an empty one.
    if text.ends_with('\n') {
        rows.pop();
    }
    rows
}

/// The columns that a row's pieces take.
fn columns(row: &[Piece]) -> usize {
    row.iter().fold(0, |column, piece| match piece {
        Piece::Char(c) => column + char_width(*c, column),
        _ => column,
    })
}

/// One row as text: it resumes `pen`, and closes whatever is open at its end. Returns the pen at its end.
fn draw<'a>(pen: &Pen<'a>, row: &[Piece<'a>]) -> (String, Pen<'a>) {
    let mut pen = pen.clone();
    let mut text = pen.resume();
    let mut column = 0;
    for piece in row {
        match *piece {
            Piece::Char('\t') => {
                let w = char_width('\t', column);
                text.extend(std::iter::repeat_n(' ', w));
                column += w;
            }
            Piece::Char(c) => {
                text.push(c);
                column += char_width(c, column);
            }
            Piece::Sgr(s) | Piece::Link(s) => {
                text.push_str(s);
                pen.apply(piece);
            }
            Piece::Ignored => {}
        }
    }
    text.push_str(pen.close());
    (text, pen)
}

/// The first row of `text` cut to `width` columns: for header and status lines, which must stay one row.
pub fn fit(text: &str, width: usize) -> String {
    let first = text.split('\n').next().unwrap_or_default();
    wrap(first, width).into_iter().next().unwrap_or_default()
}

/// Removes every escape sequence: the text as a terminal without colours would show it.
#[cfg(test)]
pub fn plain(text: &str) -> String {
    text.split('\n')
        .map(|line| {
            pieces(line)
                .into_iter()
                .filter_map(|p| match p {
                    Piece::Char(c) => Some(c),
                    _ => None,
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    // Captured from rustc 1.95 (`--json=diagnostic-rendered-ansi`): the first line of an E0382 rendering.
    const RUSTC_LINE: &str =
        "\u{1b}[0m\u{1b}[1m\u{1b}[38;5;9merror[E0382]\u{1b}[0m\u{1b}[0m\u{1b}[1m: borrow of moved value: `s`\u{1b}[0m";

    #[test]
    fn colour_codes_take_no_room() {
        assert_eq!(width(RUSTC_LINE), "error[E0382]: borrow of moved value: `s`".len());
        assert_eq!(width("\x1b]8;;file:///a/b.rs\x1b\\b.rs\x1b]8;;\x1b\\"), 4);
        assert_eq!(width("日本"), 4);
        assert_eq!(width("a\tb"), TAB_STOP + 1);
    }

    #[test]
    fn wraps_and_carries_colour_over() {
        let rows = wrap("\x1b[31mabcdef\x1b[0m gh", 4);
        assert_eq!(rows.iter().map(|r| plain(r)).collect::<Vec<_>>(), ["abcd", "ef ", "gh"]);
        assert_eq!(rows[0], "\x1b[31mabcd\x1b[0m");
        assert_eq!(rows[1], "\x1b[31mef\x1b[0m ");
        for row in &rows {
            assert!(width(row) <= 4);
        }
    }

    #[test]
    fn wraps_a_real_compiler_line() {
        for row in wrap(RUSTC_LINE, 10) {
            assert!(width(&row) <= 10, "{row:?}");
        }
        assert_eq!(plain(&wrap(RUSTC_LINE, 200).concat()), "error[E0382]: borrow of moved value: `s`");
    }

    #[test]
    fn links_are_closed_and_reopened_across_rows() {
        let link = "\x1b]8;;file:///p/exercises/a.rs\x1b\\exercises/a.rs\x1b]8;;\x1b\\ done";
        let rows = wrap(link, 10);
        assert!(rows[0].ends_with(LINK_END_RESET), "{rows:?}");
        assert!(rows[1].starts_with("\x1b]8;;file:///p/exercises/a.rs\x1b\\"), "{rows:?}");
        assert_eq!(plain(&rows.join("\n")), "exercises/\na.rs done");
    }

    #[test]
    fn drops_escapes_that_would_move_the_cursor() {
        let rows = wrap("a\x1b[2J\x1b[10;10Hb\x1b]0;title\x07c\x07\r", 80);
        assert_eq!(rows, ["abc"]);
    }

    #[test]
    fn prose_breaks_between_words() {
        let rows = wrap("Use it before you hand it over", 12);
        assert_eq!(rows, ["Use it ", "before you ", "hand it over"]);
        assert_eq!(wrap("\x1b[1mbold words\x1b[0m here", 7), ["\x1b[1mbold \x1b[0m", "\x1b[1mwords\x1b[0m ", "here"]);
    }

    #[test]
    fn wide_characters_never_straddle_the_edge() {
        assert_eq!(wrap("a日本", 2), ["a", "日", "本"]);
    }

    #[test]
    fn blank_lines_are_kept_and_a_final_newline_is_not_a_row() {
        assert_eq!(wrap("a\n\nb\n", 5), ["a", "", "b"]);
        assert_eq!(fit("abcdef\nxyz", 3), "abc");
    }
}
