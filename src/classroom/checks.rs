//! What the server accepts from learners: each field of an event, join codes as typed (and the making of new ones),
//! and how much of a refused value a message quotes back.

use super::wire::{Event, fill_random};

const MAX_EXERCISE_CHARS: usize = 64;
const MAX_ERROR_CHARS: usize = 64;
/// How much of a value a message echoes back: enough to recognise it, never a whole 60 KB field.
const ECHO_CHARS: usize = 40;
/// Join codes leave out letters and digits that look alike (0/O, 1/I/L), since they are read off a projector.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// How many lines of a failing interleaving an event may name, and the largest line number.
const MAX_LINES: usize = 50;
const MAX_LINE_NUMBER: u32 = 100_000;

/// Why the server refuses this event, if it does.
pub fn event_problem(event: &Event) -> Option<String> {
    if event.id.len() != 32 || !event.id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Some(format!("event id `{}` is not 32 hexadecimal digits", cut(&event.id).escape_debug()));
    }
    if !plain(&event.exercise, MAX_EXERCISE_CHARS)
        || !event.exercise.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Some(format!(
            "event {}: the exercise name must be 1 to {MAX_EXERCISE_CHARS} letters, digits, `_` or `-`",
            event.id
        ));
    }
    if let Some(error) = &event.error
        && !plain(error, MAX_ERROR_CHARS)
    {
        return Some(format!("event {}: the error must be 1 to {MAX_ERROR_CHARS} printable characters", event.id));
    }
    if event.lines.len() > MAX_LINES || event.lines.iter().any(|line| !(1..=MAX_LINE_NUMBER).contains(line)) {
        return Some(format!(
            "event {}: at most {MAX_LINES} lines, each a line number from 1 to {MAX_LINE_NUMBER}",
            event.id
        ));
    }
    None
}

fn plain(text: &str, max_chars: usize) -> bool {
    let count = text.chars().count();
    (1..=max_chars).contains(&count) && !text.chars().any(char::is_control)
}

/// `text` as a message quotes it: its first 40 characters, and `…` when there was more.
pub fn cut(text: &str) -> String {
    cut_to(text, ECHO_CHARS)
}

/// The first `max_chars` characters of `text`, and `…` when there was more.
pub fn cut_to(text: &str, max_chars: usize) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(max_chars).collect();
    if chars.next().is_some() { format!("{head}…") } else { head }
}

/// A new join code such as `HQ7M-3XKD`.
pub fn new_join_code() -> String {
    let mut bytes = [0u8; 8];
    fill_random(&mut bytes);
    let chars: String = bytes.iter().map(|b| CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()] as char).collect();
    format!("{}-{}", &chars[..4], &chars[4..])
}

/// A join code as typed, compared without case, spaces or dashes.
pub fn normalize_code(code: &str) -> String {
    code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect()
}

#[cfg(test)]
mod tests {
    use super::super::wire::Kind;
    use super::*;

    #[test]
    fn join_codes_read_back_whatever_the_case_and_dashes() {
        let code = new_join_code();
        assert_eq!(code.len(), 9);
        assert_eq!(normalize_code(&code.to_lowercase().replace('-', " ")), code.replace('-', ""));
        assert!(!code.contains(['0', 'O', '1', 'I', 'L']));
    }

    #[test]
    fn events_are_validated() {
        let good = Event::new(Kind::Attempt, "ownership3", Some("E0382".into()));
        assert_eq!(event_problem(&good), None);
        let bad_id = Event { id: "xyz".into(), ..good.clone() };
        assert!(event_problem(&bad_id).unwrap().contains("32 hexadecimal"));
        let bad_name = Event { exercise: "../etc".into(), ..good.clone() };
        assert!(event_problem(&bad_name).unwrap().contains("exercise name"));
        let bad_error = Event { error: Some("x".repeat(65)), ..good.clone() };
        assert!(event_problem(&bad_error).unwrap().contains("error"));
        let lines = Event { lines: vec![36, 37, 45], ..good.clone() };
        assert_eq!(event_problem(&lines), None);
        for bad in [vec![0], vec![100_001], vec![1; 51]] {
            assert!(event_problem(&Event { lines: bad, ..good.clone() }).unwrap().contains("lines"));
        }
        let long_id = Event { id: "f".repeat(60 * 1024), ..good };
        assert_eq!(
            event_problem(&long_id).unwrap(),
            format!("event id `{}…` is not 32 hexadecimal digits", "f".repeat(40))
        );
        assert_eq!(cut("Ana"), "Ana");
    }
}
