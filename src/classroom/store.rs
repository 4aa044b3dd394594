//! The classroom's storage: one SQLite file with the room's secrets, its learners and every event they reported.
//!
//! Every write is one transaction, committed (and, with `synchronous = FULL`, on disk) before the learner is told it
//! was stored: a server killed at any moment loses nothing it acknowledged.
//!
//! Only a file that does not exist yet starts a new room, and it is created whole (schema written in a temporary
//! file, then renamed into place) and marked as the tutor's with SQLite's `application_id`. Any other file that is not
//! such a database (an empty file, someone's notes, another program's database) is refused, never rewritten.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::names;
use super::wire::{self, Event, Kind};

/// `PRAGMA application_id` of a classroom database: "tutr" in ASCII.
const APPLICATION_ID: i32 = 0x7475_7472;
/// `PRAGMA user_version`: the layout below (2: events keep the lines of a failing interleaving).
const SCHEMA_VERSION: i32 = 2;

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The [`names::key`] of every learner: names are unique by key, which SQLite's `NOCASE` (ASCII only) cannot tell.
    keys: HashSet<String>,
}

/// A learner as the store knows them.
#[derive(Debug, Clone)]
pub struct Learner {
    pub id: i64,
    pub name: String,
    pub joined_ms: u64,
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
        lines TEXT,
        PRIMARY KEY (learner, id)
    );
";

impl Store {
    /// Opens the room kept in `path`, creating it if the file does not exist yet.
    pub fn open(path: &Path) -> Result<Store> {
        let exists = match std::fs::symlink_metadata(path) {
            Ok(_) => true,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
            Err(e) => {
                return Err(e).with_context(|| format!("cannot look at the classroom database `{}`", path.display()));
            }
        };
        if !exists {
            create(path)?;
        }
        // Without SQLITE_OPEN_CREATE: a file that vanished in between is an error, not a new empty room.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).with_context(|| {
            format!(
                "cannot open the classroom database `{}`; check that its folder exists and is writable",
                path.display()
            )
        })?;
        let mut store = Store { conn, path: path.to_owned(), keys: HashSet::new() };
        store.check()?;
        store.upgrade()?;
        store.conn.pragma_update(None, "journal_mode", "WAL").with_context(|| store.failed("switching to WAL"))?;
        store.conn.pragma_update(None, "synchronous", "FULL").with_context(|| store.failed("setting up"))?;
        store.conn.busy_timeout(std::time::Duration::from_secs(5))?;
        store.keys = store.learners().with_context(|| damaged(path))?.iter().map(|l| names::key(&l.name)).collect();
        Ok(store)
    }

    /// Refuses anything but a classroom database, before anything is written to it.
    fn check(&mut self) -> Result<()> {
        let path = self.path.display();
        let id: i32 = self.conn.query_row("PRAGMA application_id", [], |row| row.get(0)).map_err(|e| {
            anyhow::anyhow!(
                "`{path}` is not a classroom database, or it is damaged (SQLite says: {e}). Give --db a new file name \
                 to start a new room, or restore this file from a backup"
            )
        })?;
        if id == APPLICATION_ID {
            return Ok(());
        }
        // Rooms created before the tutor marked its files have its tables and a join code, and no mark.
        let tables: i64 = self
            .conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('meta', 'learners', 'events')",
                [],
                |row| row.get(0),
            )
            .with_context(|| self.failed("reading"))?;
        let has_code = tables == 3
            && self
                .conn
                .query_row("SELECT 1 FROM meta WHERE key = 'join_code'", [], |_| Ok(()))
                .optional()
                .with_context(|| self.failed("reading"))?
                .is_some();
        if id == 0 && has_code {
            self.conn
                .pragma_update(None, "application_id", APPLICATION_ID)
                .with_context(|| self.failed("marking it as the tutor's"))?;
            return Ok(());
        }
        let what = match std::fs::metadata(&self.path).map(|m| m.len()) {
            Ok(0) => "an empty file (0 bytes)".to_owned(),
            _ if id == 0 => "an SQLite database without a classroom in it".to_owned(),
            _ => format!("another program's SQLite database (application id {id:#x})"),
        };
        bail!(
            "`{path}` is {what}, not a classroom database; the tutor starts a new room only in a file that does not \
             exist yet. Give --db a new file name to start a new room, or restore the room's file from a backup"
        )
    }

    /// Brings a room kept by an earlier tutor to the layout of this one: its events gain the `lines` column.
    fn upgrade(&mut self) -> Result<()> {
        let has_lines = self
            .conn
            .query_row("SELECT count(*) FROM pragma_table_info('events') WHERE name = 'lines'", [], |row| {
                row.get::<_, i64>(0)
            })
            .with_context(|| self.failed("reading its layout"))?
            > 0;
        if !has_lines {
            self.conn
                .execute_batch("ALTER TABLE events ADD COLUMN lines TEXT")
                .with_context(|| self.failed("adding the lines of failing interleavings"))?;
        }
        self.conn.pragma_update(None, "user_version", SCHEMA_VERSION).with_context(|| self.failed("upgrading"))
    }

    /// The start of a message about this database: it names the file, which the instructor gave as --db.
    fn failed(&self, doing: &str) -> String {
        format!("the classroom database `{}` failed while {doing}", self.path.display())
    }

    /// The value kept under `key`, created by `make` the first time.
    pub fn secret(&mut self, key: &str, make: impl FnOnce() -> String) -> Result<String> {
        let found: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| row.get(0))
            .optional()
            .with_context(|| self.failed("reading the room's secrets"))?;
        match found {
            Some(value) => Ok(value),
            None => {
                let value = make();
                self.conn
                    .execute("INSERT INTO meta (key, value) VALUES (?1, ?2)", params![key, value])
                    .with_context(|| self.failed("keeping the room's secrets"))?;
                Ok(value)
            }
        }
    }

    /// Adds a learner with a fresh token; `None` when the name is taken. `name` must be normalised
    /// ([`names::normalize`]); names are compared by [`names::key`].
    pub fn join(&mut self, name: &str) -> Result<Option<(Learner, String)>> {
        let key = names::key(name);
        if self.keys.contains(&key) {
            return Ok(None);
        }
        let token = wire::random_hex(16);
        let joined_ms = wire::now_ms();
        let inserted = self
            .conn
            .execute(
                "INSERT OR IGNORE INTO learners (name, token_sha256, joined_ms) VALUES (?1, ?2, ?3)",
                params![name, sha256(&token), joined_ms as i64],
            )
            .with_context(|| self.failed("adding a learner"))?;
        if inserted == 0 {
            return Ok(None);
        }
        self.keys.insert(key);
        Ok(Some((Learner { id: self.conn.last_insert_rowid(), name: name.to_owned(), joined_ms }, token)))
    }

    /// The learner whose token this is. Only the token's hash is stored, so a copy of the database does not let
    /// anyone post as a learner.
    pub fn learner(&self, token: &str) -> Result<Option<Learner>> {
        self.conn
            .query_row("SELECT id, name, joined_ms FROM learners WHERE token_sha256 = ?1", [sha256(token)], learner_row)
            .optional()
            .with_context(|| self.failed("looking up a learner"))
    }

    pub fn learners(&self) -> Result<Vec<Learner>> {
        let read = || -> rusqlite::Result<Vec<Learner>> {
            let mut statement = self.conn.prepare("SELECT id, name, joined_ms FROM learners ORDER BY id")?;
            statement.query_map([], learner_row)?.collect()
        };
        read().with_context(|| self.failed("reading the learners"))
    }

    /// Stores a learner's events in one transaction; returns those that were new (an event already stored is
    /// skipped, so a batch sent twice is stored once).
    pub fn insert(&mut self, learner: i64, events: &[Event], received_ms: u64) -> Result<Vec<Event>> {
        let mut write = || -> rusqlite::Result<Vec<Event>> {
            let transaction = self.conn.transaction()?;
            let mut new = Vec::new();
            {
                let mut statement = transaction.prepare_cached(
                    "INSERT OR IGNORE INTO events (learner, id, at_ms, received_ms, kind, exercise, error, lines)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?;
                for event in events {
                    let inserted = statement.execute(params![
                        learner,
                        event.id,
                        event.at_ms as i64,
                        received_ms as i64,
                        kind_name(event.kind),
                        event.exercise,
                        event.error,
                        lines_text(&event.lines)
                    ])?;
                    if inserted == 1 {
                        new.push(event.clone());
                    }
                }
            }
            transaction.commit()?;
            Ok(new)
        };
        let result = write();
        result.with_context(|| self.failed("storing events"))
    }

    /// Every stored event, in the order they arrived.
    pub fn events(&self) -> Result<Vec<Stored>> {
        let read = || -> rusqlite::Result<Vec<Stored>> {
            let mut statement = self.conn.prepare(
                "SELECT learner, id, at_ms, received_ms, kind, exercise, error, lines FROM events ORDER BY rowid",
            )?;
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
                        lines: lines_from(row.get::<_, Option<String>>(7)?.as_deref()),
                    },
                })
            })?;
            rows.collect()
        };
        read().with_context(|| self.failed("reading the events"))
    }
}

/// What to do about a database that fails to read: for the instructor, who gave it as --db.
pub fn damaged(path: &Path) -> String {
    format!(
        "cannot rebuild the room from `{}`: restore that file from a backup, or start a new room with another --db file",
        path.display()
    )
}

fn learner_row(row: &rusqlite::Row) -> rusqlite::Result<Learner> {
    Ok(Learner { id: row.get(0)?, name: row.get(1)?, joined_ms: row.get::<_, i64>(2)?.max(0) as u64 })
}

/// Writes a new, empty room to `path`: built beside it and renamed into place, so that a crash never leaves a
/// half-made file that would later be refused as "not a classroom database".
fn create(path: &Path) -> Result<()> {
    let mut staging = path.as_os_str().to_owned();
    staging.push(".new");
    let staging = PathBuf::from(staging);
    let make = || -> rusqlite::Result<()> {
        let _ = std::fs::remove_file(&staging);
        let conn = Connection::open(&staging)?;
        conn.execute_batch(SCHEMA)?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        conn.close().map_err(|(_, e)| e)
    };
    make().with_context(|| {
        format!(
            "cannot create the classroom database `{}`; check that its folder exists and is writable",
            path.display()
        )
    })?;
    // A journal left by an earlier file of this name belongs to no database now; SQLite must not replay it.
    for suffix in ["-wal", "-shm"] {
        let mut stale = path.as_os_str().to_owned();
        stale.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(stale));
    }
    std::fs::rename(&staging, path)
        .with_context(|| format!("cannot create the classroom database `{}`", path.display()))?;
    Ok(())
}

/// Line numbers as stored: `36,37,45`, or nothing.
fn lines_text(lines: &[u32]) -> Option<String> {
    (!lines.is_empty()).then(|| lines.iter().map(u32::to_string).collect::<Vec<_>>().join(","))
}

fn lines_from(text: Option<&str>) -> Vec<u32> {
    text.unwrap_or_default().split(',').filter_map(|n| n.parse().ok()).collect()
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
        assert!(store.join("Äna").unwrap().is_some());
        assert!(store.join("äNA").unwrap().is_none(), "beyond ASCII too");
        let events = vec![
            Event::new(Kind::Open, "ownership1", None),
            Event::new(Kind::Attempt, "ownership1", Some("E0382".into())),
            Event { lines: vec![36, 37, 45], ..Event::new(Kind::Attempt, "atomics3", Some("loom-assertion".into())) },
        ];
        assert_eq!(store.insert(ana.id, &events, 1).unwrap().len(), 3);
        assert_eq!(store.insert(ana.id, &events, 2).unwrap().len(), 0, "a batch sent again stores nothing");
        drop(store);

        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.secret("join_code", || "SECOND".into()).unwrap(), code);
        assert_eq!(store.learner(&token).unwrap().unwrap().name, "Ana");
        assert!(store.learner("0123").unwrap().is_none());
        assert!(store.join("ÄNA").unwrap().is_none(), "the names' keys are rebuilt on opening");
        let stored: Vec<Event> = store.events().unwrap().into_iter().map(|s| s.event).collect();
        assert_eq!(stored, events);
    }

    #[test]
    fn a_room_kept_by_an_earlier_tutor_gains_the_lines_of_failing_interleavings() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("room.sqlite");
        let mut store = Store::open(&path).unwrap();
        let (ana, _) = store.join("Ana").unwrap().unwrap();
        let before = Event::new(Kind::Attempt, "ownership1", Some("E0382".into()));
        store.insert(ana.id, std::slice::from_ref(&before), 1).unwrap();
        // The layout of version 1: no `lines` column.
        store.conn.execute_batch("ALTER TABLE events DROP COLUMN lines; PRAGMA user_version = 1;").unwrap();
        drop(store);
        let mut store = Store::open(&path).unwrap();
        let after = Event { lines: vec![19], ..Event::new(Kind::Attempt, "races1", Some("loom-deadlock".into())) };
        store.insert(ana.id, std::slice::from_ref(&after), 2).unwrap();
        let stored: Vec<Event> = store.events().unwrap().into_iter().map(|s| s.event).collect();
        assert_eq!(stored, [before, after]);
        let version: i32 = store.conn.query_row("PRAGMA user_version", [], |row| row.get(0)).unwrap();
        assert_eq!(version, SCHEMA_VERSION);
    }

    #[test]
    fn only_the_tutors_own_databases_are_opened() {
        let dir = tempfile::tempdir().unwrap();
        // Another program's database is refused and left as it was.
        let other = dir.path().join("other.sqlite");
        Connection::open(&other).unwrap().execute_batch("CREATE TABLE notes (text TEXT);").unwrap();
        let before = std::fs::read(&other).unwrap();
        let error = format!("{:#}", Store::open(&other).err().unwrap());
        assert!(error.contains("without a classroom in it") && error.contains("other.sqlite"), "{error}");
        assert_eq!(std::fs::read(&other).unwrap(), before);

        // A room made before the tutor marked its files is still opened, and marked.
        let old = dir.path().join("old.sqlite");
        let conn = Connection::open(&old).unwrap();
        conn.execute_batch(SCHEMA).unwrap();
        conn.execute("INSERT INTO meta (key, value) VALUES ('join_code', 'ABCD-EFGH')", []).unwrap();
        drop(conn);
        let mut store = Store::open(&old).unwrap();
        assert_eq!(store.secret("join_code", String::new).unwrap(), "ABCD-EFGH");
        let id: i32 = store.conn.query_row("PRAGMA application_id", [], |row| row.get(0)).unwrap();
        assert_eq!(id, APPLICATION_ID);
    }
}
