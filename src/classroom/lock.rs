//! One server per room: a lock file beside the database (`classroom.sqlite.lock`), held for the server's lifetime.
//!
//! Two servers on one `--db` would each keep their own picture of the room and show learners different rooms. The
//! lock is the system's file lock (`flock`), so it is released however the server ends, even by SIGKILL; the file
//! holds the address of the server that holds it, so that a second one can say where the first is.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

pub struct DatabaseLock {
    file: File,
    path: PathBuf,
}

impl DatabaseLock {
    /// Takes the lock of the database `db`, or explains who holds it.
    pub fn take(db: &Path) -> Result<DatabaseLock> {
        let mut name = db.as_os_str().to_owned();
        name.push(".lock");
        let path = PathBuf::from(name);
        let mut file =
            OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path).with_context(|| {
                format!(
                    "cannot create `{}` beside the classroom database; check that the folder of `{}` exists and is \
                     writable",
                    path.display(),
                    db.display()
                )
            })?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                let at = if holder.is_empty() { String::new() } else { format!(" ({holder})") };
                bail!(
                    "the classroom database `{}` is in use by another classroom server{at}: two servers on one room \
                     would show learners different rooms. Stop that server first (Ctrl-C in its terminal), or give \
                     this one another --db file",
                    db.display()
                );
            }
            Err(TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock `{}`", path.display()));
            }
        }
        // Whatever an earlier server wrote is stale now.
        file.set_len(0).with_context(|| format!("cannot write `{}`", path.display()))?;
        Ok(DatabaseLock { file, path })
    }

    /// Writes where this server listens, for a second server to name.
    pub fn record(&mut self, url: &str) -> Result<()> {
        let text = format!("listening on {url}, process {}\n", std::process::id());
        let file = &mut self.file;
        let written = file.set_len(0).and_then(|()| file.seek(SeekFrom::Start(0))).and_then(|_| {
            file.write_all(text.as_bytes())?;
            file.sync_data()
        });
        written.with_context(|| format!("cannot write `{}`", self.path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_second_taker_is_told_where_the_first_listens() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("room.sqlite");
        let mut first = DatabaseLock::take(&db).unwrap();
        first.record("http://127.0.0.1:7878").unwrap();
        let error = format!("{:#}", DatabaseLock::take(&db).err().unwrap());
        assert!(error.contains("in use by another classroom server (listening on http://127.0.0.1:7878"), "{error}");
        drop(first);
        DatabaseLock::take(&db).unwrap();
    }
}
