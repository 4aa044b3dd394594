//! The file-event source: tells the watch loop which files under `exercises/` may have been saved, as soon as the
//! system says so.
//!
//! There is no waiting for a path to go quiet: every change event on an exercise file goes to the loop at once, and
//! the loop tells one save from the next by the file's content (see `Saves` in `mod.rs`), so that every way an editor
//! saves is graded exactly once (a write in place, a truncate then write, a temporary file renamed over the original
//! as vim and JetBrains do, a delete then create, several writes in a row). This module only *sends*; the loop
//! decides.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use anyhow::{Context, Result};
use notify::event::{AccessKind, AccessMode, MetadataKind, ModifyKind};
use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

use super::Event;

/// How often `--poll` looks at the exercise files: a save shows within a third of a second, and reading a pack's few
/// dozen small files three times a second costs little (the watch benchmark measures it).
pub const POLL_INTERVAL: Duration = Duration::from_millis(300);

/// File systems on which change events often do not arrive: network drives, and the drives WSL and virtual machines
/// share with the host, when the file is saved from the other side.
const REMOTE_FILE_SYSTEMS: &[&str] =
    &["nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "drvfs", "fuse.sshfs", "sshfs", "vboxsf", "prl_fs", "vmhgfs"];

/// The watcher (event-driven or polling), alive for as long as this value is.
pub struct Watching {
    _watcher: Box<dyn Watcher>,
}

/// Starts watching `dir` (recursively) and sends [`Event::FileChanged`] for every change to a Rust file and
/// [`Event::WatchError`] when the watcher fails. Returns the watcher and, when events may not arrive, a note for the
/// learner that suggests `--poll`.
pub fn start(dir: &Path, poll: bool, events: Sender<Event>) -> Result<(Watching, Option<String>)> {
    if poll {
        return Ok((watcher::<PollWatcher>(dir, events)?, None));
    }
    match watcher::<RecommendedWatcher>(dir, events.clone()) {
        Ok(watching) => {
            let note = remote_file_system(dir).map(|fs| {
                format!(
                    "Your exercises are on a `{fs}` file system (a network drive, or a folder shared with WSL or a \
                     virtual machine host), where saves made from the other side often send no change event. If \
                     saving a file does not check it again, quit and run `tutor watch --poll`."
                )
            });
            Ok((watching, note))
        }
        // Out of inotify instances or watches, for example: polling works everywhere.
        Err(error) => {
            let watching = watcher::<PollWatcher>(dir, events)?;
            let note = format!(
                "File change events are not available here ({error:#}), so the tutor looks for saved files every {} ms \
                 instead, as `tutor watch --poll` does.",
                POLL_INTERVAL.as_millis()
            );
            Ok((watching, Some(note)))
        }
    }
}

fn watcher<W: Watcher + 'static>(dir: &Path, events: Sender<Event>) -> Result<Watching> {
    // Polling compares modification times in whole seconds, so two saves within a second would look like one;
    // comparing the contents too costs reading a pack's few small files at each poll.
    let config = notify::Config::default().with_poll_interval(POLL_INTERVAL).with_compare_contents(true);
    let handler = move |result: notify::Result<notify::Event>| match result {
        Ok(event) if is_change(&event.kind) => {
            for path in event.paths.into_iter().filter(|p| is_source_file(p)) {
                let _ = events.send(Event::FileChanged(path));
            }
        }
        Ok(_) => {}
        Err(error) => {
            let _ = events.send(Event::WatchError(error.to_string()));
        }
    };
    let mut watcher = W::new(handler, config)
        .with_context(|| format!("failed to start watching `{}` for saved files", dir.display()))?;
    watcher
        .watch(dir, RecursiveMode::Recursive)
        .with_context(|| format!("failed to watch `{}` for saved files", dir.display()))?;
    Ok(Watching { _watcher: Box::new(watcher) })
}

/// Whether an event can mean that a file's content changed. inotify also reports every time a file is opened or read
/// (the tutor reading the exercise, the editor opening it) and changes of its permissions or owner: none of those is
/// a save. A new modification time is one (the polling watcher reports a save that way).
fn is_change(kind: &EventKind) -> bool {
    match kind {
        // Closing a file that was open for writing ends a save; opening, reading and closing after reading do not.
        EventKind::Access(access) => *access == AccessKind::Close(AccessMode::Write),
        EventKind::Modify(ModifyKind::Metadata(what)) => *what == MetadataKind::WriteTime,
        _ => true,
    }
}

/// A Rust file that an editor may have saved, as opposed to the files editors keep beside it while they work.
fn is_source_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else { return false };
    name.ends_with(".rs") && !is_editor_noise(name)
}

/// Swap, backup, lock and probe files. The watch loop only ever checks the exact file of an exercise, so these could
/// not start a check anyway; naming them keeps the rule visible and the channel quiet.
fn is_editor_noise(name: &str) -> bool {
    // vim: `.NAME.swp` (then .swo, .swn, ...) while editing, `NAME~` as the backup while saving, and a file named
    // `4913` (then 5036, ...) created and deleted to test whether the folder is writable.
    name.ends_with(".swp")
        || name.ends_with(".swo")
        || name.ends_with(".swx")
        || name.ends_with('~')
        || (!name.is_empty() && name.chars().all(|c| c.is_ascii_digit()))
        // Emacs: `.#NAME` is the lock file and `#NAME#` the auto-save file.
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        // JetBrains "safe write": `NAME___jb_tmp___` is written, then renamed over `NAME` via `NAME___jb_old___`.
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

/// The type of the file system that holds `dir`, when it is one where change events may not arrive.
pub(crate) fn remote_file_system(dir: &Path) -> Option<String> {
    let mountinfo = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    let dir = dir.canonicalize().ok()?;
    let fs = file_system_of(&mountinfo, &dir)?;
    let wsl_drive = dir.starts_with("/mnt/") && is_wsl();
    (REMOTE_FILE_SYSTEMS.contains(&fs.as_str()) || wsl_drive).then_some(fs)
}

fn is_wsl() -> bool {
    std::env::var_os("WSL_DISTRO_NAME").is_some()
        || std::fs::read_to_string("/proc/sys/kernel/osrelease").is_ok_and(|r| r.to_lowercase().contains("microsoft"))
}

/// The file system type of the mount that holds `path`, from the text of `/proc/self/mountinfo`: the mount point
/// that is the longest prefix of `path` wins.
fn file_system_of(mountinfo: &str, path: &Path) -> Option<String> {
    mountinfo
        .lines()
        .filter_map(|line| {
            // Fields: id, parent, major:minor, root, mount point, options, optional fields..., "-", type, source, ...
            let mount_point = unescape(line.split(' ').nth(4)?);
            let fs_type = line.split(" - ").nth(1)?.split(' ').next()?;
            path.starts_with(&mount_point).then(|| (mount_point.components().count(), fs_type.to_owned()))
        })
        .max_by_key(|(depth, _)| *depth)
        .map(|(_, fs_type)| fs_type)
}

/// mountinfo writes spaces, tabs, newlines and backslashes in paths as octal escapes (`\040` for a space).
fn unescape(field: &str) -> PathBuf {
    let mut out = String::new();
    let mut rest = field;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let code = rest.get(i + 1..i + 4).and_then(|digits| u8::from_str_radix(digits, 8).ok());
        match code {
            Some(byte) => {
                out.push(char::from(byte));
                rest = &rest[i + 4..];
            }
            None => {
                out.push('\\');
                rest = &rest[i + 1..];
            }
        }
    }
    out.push_str(rest);
    PathBuf::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_side_files_are_not_saves() {
        for noise in [".move1.rs.swp", "move1.rs~", "4913", ".#move1.rs", "#move1.rs#", "move1.rs___jb_tmp___"] {
            assert!(!is_source_file(Path::new(noise)), "{noise}");
        }
        assert!(is_source_file(Path::new("/pack/exercises/01_ownership/move1.rs")));
        assert!(!is_source_file(Path::new("/pack/exercises/01_ownership/README.md")));
    }

    #[test]
    fn only_changes_count() {
        assert!(!is_change(&EventKind::Modify(ModifyKind::Metadata(MetadataKind::Permissions))));
        assert!(is_change(&EventKind::Modify(ModifyKind::Metadata(MetadataKind::WriteTime))));
        assert!(!is_change(&EventKind::Access(AccessKind::Open(AccessMode::Any))));
        assert!(!is_change(&EventKind::Access(AccessKind::Close(AccessMode::Read))));
        assert!(is_change(&EventKind::Access(AccessKind::Close(AccessMode::Write))));
        assert!(is_change(&EventKind::Modify(notify::event::ModifyKind::Any)));
        assert!(is_change(&EventKind::Create(notify::event::CreateKind::File)));
    }

    // Lines from a real /proc/self/mountinfo (a WSL2 set-up and this machine), the last with an escaped space.
    const MOUNTINFO: &str = "\
22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
95 27 0:56 / /mnt/c rw,noatime - 9p C:\\134 rw,dirsync,aname=drvfs;path=C:\\;uid=1000
96 27 0:57 / /home/me/my\\040pack rw,relatime - nfs4 server:/pack rw";

    #[test]
    fn finds_the_file_system_of_a_folder() {
        assert_eq!(file_system_of(MOUNTINFO, Path::new("/home/me/pack")).as_deref(), Some("ext4"));
        assert_eq!(file_system_of(MOUNTINFO, Path::new("/mnt/c/Users/me/tutor")).as_deref(), Some("9p"));
        assert_eq!(file_system_of(MOUNTINFO, Path::new("/home/me/my pack/exercises")).as_deref(), Some("nfs4"));
    }
}
