//! The classroom's storage: one SQLite file with the room's secrets, its learners and every event they reported.
//!
//! Every write is one transaction, committed (and, with `synchronous = FULL`, on disk) before the learner is told it
//! was stored: a server killed at any moment loses nothing it acknowledged.

use std::path::Path;

use anyhow::{Context, Result};
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::wire::{self, Event, Kind};

pub struct Store {
    conn: Connection,
}

/// A learner as the store knows them.
#[derive(Debug, Clone)]
pub struct Learner {
    pub id: i64,
    pub name: String,
}

/// An event as stored: who sent it and when it arrived.
pub struct Stored {
    pub learner: i64,
    pub received_ms: u64,
    pub event: Event,
}

const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS learners (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        token_sha256 TEXT NOT NULL UNIQUE,
        joined_ms INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS events (
        learner INTEGER NOT NULL REFERENCES learners(id),
        id TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        received_ms INTEGER NOT NULL,
        kind TEXT NOT NULL,
        exercise TEXT NOT NULL,
        error TEXT,
        PRIMARY KEY (learner, id)
    );
";

impl Store {
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path).with_context(|| {
            format!(
                "cannot open the classroom database `{}`; check that its folder exists and is writable",
                path.display()
            )
        })?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA).with_context(|| {
            format!("`{}` is not a classroom database (or is damaged); use another --db file", path.display())
        })?;
        Ok(Store { conn })
    }

    /// The value kept under `key`, created by `make` the first time.
    pub fn secret(&mut self, key: &str, make: impl FnOnce() -> String) -> Result<String> {
        let found: Option<String> =
            self.conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| row.get(0)).optional()?;
        match found {
            Some(value) => Ok(value),
            None => {
                let value = make();
                self.conn.execute("INSERT INTO meta (key, value) VALUES (?1, ?2)", params![key, value])?;
                Ok(value)
            }
        }
    }

    /// Adds a learner with a fresh token; `None` when the name is taken (names are compared without case).
    pub fn join(&mut self, name: &str) -> Result<Option<(Learner, String)>> {
        let token = wire::random_hex(16);
        let inserted = self.conn.execute(
            "INSERT OR IGNORE INTO learners (name, token_sha256, joined_ms) VALUES (?1, ?2, ?3)",
            params![name, sha256(&token), wire::now_ms() as i64],
        )?;
        if inserted == 0 {
            return Ok(None);
        }
        Ok(Some((Learner { id: self.conn.last_insert_rowid(), name: name.to_owned() }, token)))
    }

    /// The learner whose token this is. Only the token's hash is stored, so a copy of the database does not let
    /// anyone post as a learner.
    pub fn learner(&self, token: &str) -> Result<Option<Learner>> {
        Ok(self
            .conn
            .query_row("SELECT id, name FROM learners WHERE token_sha256 = ?1", [sha256(token)], |row| {
                Ok(Learner { id: row.get(0)?, name: row.get(1)? })
            })
            .optional()?)
    }

    pub fn learners(&self) -> Result<Vec<Learner>> {
        let mut statement = self.conn.prepare("SELECT id, name FROM learners ORDER BY id")?;
        let rows = statement.query_map([], |row| Ok(Learner { id: row.get(0)?, name: row.get(1)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Stores a learner's events in one transaction; returns those that were new (an event already stored is
    /// skipped, so a batch sent twice is stored once).
    pub fn insert(&mut self, learner: i64, events: &[Event], received_ms: u64) -> Result<Vec<Event>> {
        let transaction = self.conn.transaction()?;
        let mut new = Vec::new();
        {
            let mut statement = transaction.prepare_cached(
                "INSERT OR IGNORE INTO events (learner, id, at_ms, received_ms, kind, exercise, error)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for event in events {
                let inserted = statement.execute(params![
                    learner,
                    event.id,
                    event.at_ms as i64,
                    received_ms as i64,
                    kind_name(event.kind),
                    event.exercise,
                    event.error
                ])?;
                if inserted == 1 {
                    new.push(event.clone());
                }
            }
        }
        transaction.commit()?;
        Ok(new)
    }

    /// Every stored event, in the order they arrived.
    pub fn events(&self) -> Result<Vec<Stored>> {
        let mut statement = self
            .conn
            .prepare("SELECT learner, id, at_ms, received_ms, kind, exercise, error FROM events ORDER BY rowid")?;
        let rows = statement.query_map([], |row| {
            let kind: String = row.get(4)?;
            Ok(Stored {
                learner: row.get(0)?,
                received_ms: row.get::<_, i64>(3)? as u64,
                event: Event {
                    id: row.get(1)?,
                    at_ms: row.get::<_, i64>(2)? as u64,
                    kind: kind_from_name(&kind),
                    exercise: row.get(5)?,
                    error: row.get(6)?,
                },
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Open => "open",
        Kind::Attempt => "attempt",
        Kind::Pass => "pass",
        Kind::Hint => "hint",
    }
}

fn kind_from_name(name: &str) -> Kind {
    match name {
        "open" => Kind::Open,
        "pass" => Kind::Pass,
        "hint" => Kind::Hint,
        _ => Kind::Attempt,
    }
}

fn sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_survive_reopening_and_are_stored_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("room.sqlite");
        let mut store = Store::open(&path).unwrap();
        let code = store.secret("join_code", || "FIRST".into()).unwrap();
        let (ana, token) = store.join("Ana").unwrap().unwrap();
        assert!(store.join("ana").unwrap().is_none(), "names are unique without case");
        let events = vec![
            Event::new(Kind::Open, "ownership1", None),
            Event::new(Kind::Attempt, "ownership1", Some("E0382".into())),
        ];
        assert_eq!(store.insert(ana.id, &events, 1).unwrap().len(), 2);
        assert_eq!(store.insert(ana.id, &events, 2).unwrap().len(), 0, "a batch sent again stores nothing");
        drop(store);

        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.secret("join_code", || "SECOND".into()).unwrap(), code);
        assert_eq!(store.learner(&token).unwrap().unwrap().name, "Ana");
        assert!(store.learner("0123").unwrap().is_none());
        let stored: Vec<Event> = store.events().unwrap().into_iter().map(|s| s.event).collect();
        assert_eq!(stored, events);
    }
}
