//! What a crowd of clients saw, and the verdict in words.

use std::fmt::Write as _;

use crate::client::{Miss, Waited};
use crate::thousands;

/// The kinds of [`Miss`], in the order a verdict lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Connect,
    NoReply,
    Closed,
    Wrong,
    StillOpen,
    Unexpected,
    Io,
}

impl Kind {
    const ALL: [Kind; 7] =
        [Kind::Connect, Kind::NoReply, Kind::Closed, Kind::Wrong, Kind::StillOpen, Kind::Unexpected, Kind::Io];

    /// What clients with this miss had happen to them, after "412 of 1,000 clients".
    fn describe(self, example: &Miss) -> String {
        match (self, example) {
            (Kind::Connect, _) => "could not connect".into(),
            (Kind::NoReply, Miss::NoReply { waited: Waited::UntilIdle, .. }) => {
                "got no reply, though the server had nothing else left to do".into()
            }
            (Kind::NoReply, Miss::NoReply { waited: Waited::Limit(waited), .. }) => {
                format!("got no reply within {}", seconds(waited.as_secs_f64()))
            }
            (Kind::Closed, _) => "were disconnected while they waited for a reply".into(),
            (Kind::Wrong, _) => "got a wrong reply".into(),
            (Kind::StillOpen, Miss::StillOpen { waited: Waited::UntilIdle }) => {
                "were never disconnected, though the server had nothing else left to do".into()
            }
            (Kind::StillOpen, Miss::StillOpen { waited: Waited::Limit(waited) }) => {
                format!(
                    "were still connected after {}, when the server should have hung up",
                    seconds(waited.as_secs_f64())
                )
            }
            (Kind::Unexpected, _) => "got another line where the server should have hung up".into(),
            _ => "hit an I/O error".into(),
        }
    }
}

fn seconds(s: f64) -> String {
    if s.fract() == 0.0 { format!("{s:.0} s") } else { format!("{s:.1} s") }
}

/// The outcome of [`Server::clients`](crate::Server::clients): one result per client that ran.
#[derive(Debug)]
pub struct Report {
    outcomes: Vec<Result<(), Miss>>,
    /// Set when fewer clients ran than were asked for.
    pub(crate) note: Option<String>,
    /// Set when the server's `serve` had already returned when the clients finished.
    pub(crate) server_note: Option<String>,
}

impl Report {
    pub(crate) fn new(outcomes: Vec<Result<(), Miss>>) -> Report {
        Report { outcomes, note: None, server_note: None }
    }

    /// How many clients ran.
    pub fn clients(&self) -> usize {
        self.outcomes.len()
    }

    /// How many were served as their script expected.
    pub fn ok(&self) -> usize {
        self.outcomes.iter().filter(|o| o.is_ok()).count()
    }

    /// How many had a miss of this kind.
    pub fn count(&self, kind: Kind) -> usize {
        self.outcomes.iter().filter(|o| matches!(o, Err(m) if m.kind() == kind)).count()
    }

    /// Each client's outcome, by its number.
    pub fn outcomes(&self) -> &[Result<(), Miss>] {
        &self.outcomes
    }

    /// The verdict, or `None` when every client was served: one sentence per kind of miss, such as "412 of 1,000
    /// clients got no reply within 2 s: is each connection served by its own task?", with one client's story as an
    /// example. `advice` gives the question or hint to add for each kind (kinds without one get none).
    pub fn verdict(&self, advice: &[(Kind, &str)]) -> Option<String> {
        if self.ok() == self.clients() {
            return None;
        }
        let mut text = String::new();
        for kind in Kind::ALL {
            let mut misses = self.outcomes.iter().enumerate().filter_map(|(i, o)| match o {
                Err(m) if m.kind() == kind => Some((i, m)),
                _ => None,
            });
            let Some((first, example)) = misses.next() else { continue };
            let count = 1 + misses.count();
            let subject = if self.clients() == 1 {
                "the client".to_owned()
            } else {
                format!("{} of {} clients", thousands(count), thousands(self.clients()))
            };
            let _ = write!(text, "{subject} {}", kind.describe(example));
            if let Some((_, advice)) = advice.iter().find(|(k, _)| *k == kind) {
                let _ = write!(text, ": {advice}");
            }
            let _ = writeln!(text, "\n  (client {first}, for example: {example})");
        }
        if let Some(note) = &self.server_note {
            let _ = writeln!(text, "{note}");
        }
        if let Some(note) = &self.note {
            let _ = writeln!(text, "Note: {note}.");
        }
        Some(text.trim_end().to_owned())
    }

    /// Panics with the [`verdict`](Report::verdict) unless every client was served.
    #[track_caller]
    pub fn assert_ok(&self, advice: &[(Kind, &str)]) {
        if let Some(verdict) = self.verdict(advice) {
            panic!("{verdict}");
        }
        if let Some(note) = &self.note {
            eprintln!("net_harness: {note}");
        }
    }
}
