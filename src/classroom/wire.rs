//! What learners' watchers and the classroom server say to each other: JSON bodies over HTTP, and the limits the
//! server holds them to. Both sides use these types, so a change here changes both.

use serde::{Deserialize, Serialize};

/// The largest request body the server reads; a batch of [`MAX_BATCH`] events fits well within it.
pub const MAX_BODY: usize = 64 * 1024;
/// The most events one request may carry.
pub const MAX_BATCH: usize = 100;
pub const MAX_NAME_CHARS: usize = 40;
const MAX_EXERCISE_CHARS: usize = 64;
const MAX_ERROR_CHARS: usize = 64;

/// `POST /api/join`: a learner asks to join the room.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JoinRequest {
    pub code: String,
    pub name: String,
}

/// The answer to a join: the learner's own token, to send with every report.
#[derive(Debug, Serialize, Deserialize)]
pub struct Joined {
    pub token: String,
    pub name: String,
}

/// `POST /api/events`: reports from one learner, oldest first.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Batch {
    pub events: Vec<Event>,
}

/// The answer to a batch: how many events were new and how many the server already had (a batch sent again after a
/// lost answer stores nothing twice).
#[derive(Debug, Serialize, Deserialize)]
pub struct Stored {
    pub stored: usize,
    pub duplicates: usize,
}

/// One thing a learner did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// 32 hexadecimal digits, random: what makes sending twice harmless.
    pub id: String,
    /// When it happened, in milliseconds since the Unix epoch (the learner's clock).
    pub at_ms: u64,
    pub kind: Kind,
    pub exercise: String,
    /// For an attempt: the compiler's error code (E0382) or a word for another failure ("test-failed").
    #[serde(default)]
    pub error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The learner arrived at an exercise.
    Open,
    /// An exercise was checked and failed.
    Attempt,
    /// An exercise was checked and passed.
    Pass,
    /// The learner was shown a hint.
    Hint,
}

impl Event {
    pub fn new(kind: Kind, exercise: &str, error: Option<String>) -> Event {
        Event { id: random_hex(16), at_ms: now_ms(), kind, exercise: exercise.to_owned(), error }
    }

    /// Why the server refuses this event, if it does.
    pub fn problem(&self) -> Option<String> {
        if self.id.len() != 32 || !self.id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Some(format!("event id `{}` is not 32 hexadecimal digits", cut(&self.id).escape_debug()));
        }
        if !plain(&self.exercise, MAX_EXERCISE_CHARS)
            || !self.exercise.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Some(format!(
                "event {}: the exercise name must be 1 to {MAX_EXERCISE_CHARS} letters, digits, `_` or `-`",
                self.id
            ));
        }
        if let Some(error) = &self.error
            && !plain(error, MAX_ERROR_CHARS)
        {
            return Some(format!("event {}: the error must be 1 to {MAX_ERROR_CHARS} printable characters", self.id));
        }
        None
    }
}

/// How much of a value a message echoes back: enough to recognise it, never a whole 60 KB field.
const ECHO_CHARS: usize = 40;

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

fn plain(text: &str, max_chars: usize) -> bool {
    let count = text.chars().count();
    (1..=max_chars).contains(&count) && !text.chars().any(char::is_control)
}

/// Join codes leave out letters and digits that look alike (0/O, 1/I/L), since they are read off a projector.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

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

pub fn random_hex(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    fill_random(&mut buffer);
    buffer.iter().map(|b| format!("{b:02x}")).collect()
}

fn fill_random(buffer: &mut [u8]) {
    // The system's random source does not fail on Linux once booted; a failure here is no state to go on from.
    getrandom::fill(buffer).expect("the system's random number source failed");
}

pub fn now_ms() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

#[cfg(test)]
mod tests {
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
        assert_eq!(good.problem(), None);
        let bad_id = Event { id: "xyz".into(), ..good.clone() };
        assert!(bad_id.problem().unwrap().contains("32 hexadecimal"));
        let bad_name = Event { exercise: "../etc".into(), ..good.clone() };
        assert!(bad_name.problem().unwrap().contains("exercise name"));
        let bad_error = Event { error: Some("x".repeat(65)), ..good };
        assert!(bad_error.problem().unwrap().contains("error"));
        let long_id = Event { id: "f".repeat(60 * 1024), ..Event::new(Kind::Open, "ownership3", None) };
        assert_eq!(long_id.problem().unwrap(), format!("event id `{}…` is not 32 hexadecimal digits", "f".repeat(40)));
        assert_eq!(cut("Ana"), "Ana");
    }
}
