//! What learners' watchers and the classroom server say to each other: JSON bodies over HTTP, and the limits the
//! server holds them to. Both sides use these types, so a change here changes both. (The answer to a batch and the
//! body limit are read only by the server, so they are built only with it; its checks of each field are in
//! `checks.rs`.)

use serde::{Deserialize, Serialize};

/// The largest request body the server reads; a batch of [`MAX_BATCH`] events fits well within it.
#[cfg(feature = "classroom-server")]
pub const MAX_BODY: usize = 64 * 1024;
/// The most events one request may carry.
pub const MAX_BATCH: usize = 100;

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
#[cfg(feature = "classroom-server")]
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
    /// For an attempt that failed in a loom model: the learner's lines its failing interleaving runs through.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<u32>,
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
        Event { id: random_hex(16), at_ms: now_ms(), kind, exercise: exercise.to_owned(), error, lines: Vec::new() }
    }
}

pub fn random_hex(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    fill_random(&mut buffer);
    buffer.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn fill_random(buffer: &mut [u8]) {
    // The system's random source does not fail on Linux once booted; a failure here is no state to go on from.
    getrandom::fill(buffer).expect("the system's random number source failed");
}

pub fn now_ms() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}
