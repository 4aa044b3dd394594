//! The one place that writes the tutor's own files (progress, shipped copies, backups, caches, the classroom outbox)
//! and takes their locks; with the two reads that go with them (a file that may not exist yet, the files of a
//! folder).
//!
//! None of it follows a symbolic link: a link planted where the tutor keeps a file (`.tutor/state.lock` pointing at
//! the learner's notes, say) is replaced or refused, never written through, and a write that would land outside the
//! pack is refused with a message that names the link.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// Opening flag that makes `open` fail on a symbolic link instead of following it.
const NO_FOLLOW: i32 = nix::fcntl::OFlag::O_NOFOLLOW.bits();

/// Reads a file that may not exist yet: `None` when it does not.
pub fn read_optional(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Every file below `dir`, as paths relative to it, in a stable order (a project exercise's package).
pub fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "target") {
                    pending.push(path);
                }
            } else if let Ok(relative) = path.strip_prefix(dir) {
                found.push(relative.to_path_buf());
            }
        }
    }
    found.sort();
    found
}

/// The `.rs` files below `dir`, as [`files_below`] lists them.
pub fn rust_files_below(dir: &Path) -> Vec<PathBuf> {
    files_below(dir).into_iter().filter(|f| f.extension().is_some_and(|e| e == "rs")).collect()
}

/// Replaces `path` with `bytes` so that readers see the old content or the new, never a mix: the bytes go to a new
/// temporary file in the same folder (a rename is only atomic within one file system), are flushed to disk, and the
/// temporary file is renamed over `path`. A rename replaces a link at `path` itself, never the file it points to.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        // A temporary file left by a crash of this very process id (or a link put in its place) goes first.
        let _ = std::fs::remove_file(&temp);
        let mut file = OpenOptions::new().write(true).create_new(true).custom_flags(NO_FOLLOW).open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.with_context(|| format!("failed to write `{}`", path.display()))
}

/// Takes an exclusive lock on the lock file at `path` (created if need be, never truncated, never through a link),
/// held until the returned file is dropped. Other tutors on the same pack wait for it.
pub fn lock(path: &Path) -> Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .custom_flags(NO_FOLLOW)
        .open(path)
        .with_context(|| {
            if path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
                format!("`{}` is a symbolic link; the tutor does not follow links there. Delete it.", path.display())
            } else {
                format!("failed to open the lock file `{}`", path.display())
            }
        })?;
    file.lock().with_context(|| format!("failed to lock `{}`", path.display()))?;
    Ok(file)
}

/// Creates the folder `dir` (and its parents) and checks that it lies inside `root` once links are resolved: the
/// tutor never writes outside the pack, even when a folder on the way is a link to somewhere else.
pub fn create_dir_inside(root: &Path, dir: &Path) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
    ensure_inside(root, dir)
}

/// Checks that `path` (which must exist) resolves to a place inside `root`; returns where it resolves to.
pub fn ensure_inside(root: &Path, path: &Path) -> Result<PathBuf> {
    let real_root = root.canonicalize().with_context(|| format!("failed to find `{}`", root.display()))?;
    let real = path.canonicalize().with_context(|| format!("failed to find `{}`", path.display()))?;
    if !real.starts_with(&real_root) {
        bail!(
            "`{}` leads out of the exercise folder (to `{}`), through a symbolic link; the tutor writes only inside \
             `{}`. Replace the link with a real folder or file.",
            path.display(),
            real.display(),
            root.display()
        );
    }
    Ok(real)
}

/// A digest of some byte strings that stays the same across Rust releases (std's `DefaultHasher` does not promise
/// that), for names and cache keys kept on disk.
pub fn digest(parts: &[&[u8]]) -> String {
    use siphasher::sip128::{Hasher128, SipHasher24};
    use std::hash::Hasher;
    let mut hasher = SipHasher24::new();
    for part in parts {
        // Each part's length first, so that ("ab", "c") and ("a", "bc") differ.
        hasher.write(&(part.len() as u64).to_le_bytes());
        hasher.write(part);
    }
    format!("{:032x}", hasher.finish128().as_u128())
}

/// `base` itself when `relative` is empty (a file exercise's one file), else `base/relative` (a file of a project's
/// folder). `Path::join` with an empty path would add a trailing `/`, which no file matches.
pub fn within(base: &Path, relative: &Path) -> PathBuf {
    if relative.as_os_str().is_empty() { base.to_path_buf() } else { base.join(relative) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replace_a_link_instead_of_following_it() {
        let dir = tempfile::tempdir().unwrap();
        let precious = dir.path().join("notes.txt");
        std::fs::write(&precious, "mine").unwrap();
        let state = dir.path().join("state.json");
        std::os::unix::fs::symlink(&precious, &state).unwrap();
        write_atomically(&state, b"{}").unwrap();
        assert_eq!(std::fs::read_to_string(&precious).unwrap(), "mine");
        assert_eq!(std::fs::read_to_string(&state).unwrap(), "{}");
        assert!(!state.symlink_metadata().unwrap().file_type().is_symlink());
    }

    #[test]
    fn a_lock_file_that_is_a_link_is_refused_and_its_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let precious = dir.path().join("notes.txt");
        std::fs::write(&precious, "mine").unwrap();
        let lock_path = dir.path().join("state.lock");
        std::os::unix::fs::symlink(&precious, &lock_path).unwrap();
        let error = lock(&lock_path).unwrap_err();
        assert!(format!("{error:#}").contains("is a symbolic link"), "{error:#}");
        assert_eq!(std::fs::read_to_string(&precious).unwrap(), "mine");
        let fine = dir.path().join("other.lock");
        drop(lock(&fine).unwrap());
        drop(lock(&fine).unwrap());
    }

    #[test]
    fn a_folder_that_leads_out_of_the_pack_is_refused() {
        let pack = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), pack.path().join(".tutor")).unwrap();
        let error = create_dir_inside(pack.path(), &pack.path().join(".tutor/backups")).unwrap_err();
        assert!(format!("{error:#}").contains("leads out of the exercise folder"), "{error:#}");
        assert!(create_dir_inside(pack.path(), &pack.path().join("real/sub")).is_ok());
    }

    #[test]
    fn digests_are_stable_and_keep_parts_apart() {
        assert_eq!(digest(&[b"ab", b"c"]), digest(&[b"ab", b"c"]));
        assert_ne!(digest(&[b"ab", b"c"]), digest(&[b"a", b"bc"]));
        // Fixed across Rust and crate releases: the name of every cache folder depends on it (SipHash-2-4, 128 bits,
        // key zero, of the length as 8 bytes little-endian, then "tutor").
        assert_eq!(digest(&[b"tutor"]), "1d271bcd912054b88bc06b1810c7b77c");
    }
}
