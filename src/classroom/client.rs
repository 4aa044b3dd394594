//! The learner's side of a classroom: events wait on disk in an [`Outbox`] until the server has acknowledged them,
//! and a [`Courier`] thread delivers them. The watch only appends and nudges, so a slow or absent server never slows
//! it down; events outlive a closed watch, a crash or a server restart, and are sent when the server is back.
//!
//! Files, in `.tutor/classroom/`: `link.json` (the server, the join code, the learner's name and token, and how much
//! of the outbox was acknowledged), `outbox.jsonl` (one event per line, appended) and `lock` (held while either is
//! changed, since `tutor run` in another terminal appends too).

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use super::wire::{Batch, Event, JoinRequest, Joined, MAX_BATCH};
use crate::files::write_atomically;

const LINK_FILE: &str = "link.json";
const OUTBOX_FILE: &str = "outbox.jsonl";
const LOCK_FILE: &str = "lock";
/// A courier with nothing to send still looks at the outbox this often, for events other tutors appended.
const IDLE_CHECK: Duration = Duration::from_secs(2);
const FIRST_RETRY: Duration = Duration::from_millis(250);
const LAST_RETRY: Duration = Duration::from_secs(10);

/// Where a learner's events wait for the server.
#[derive(Debug, Clone)]
pub struct Outbox {
    dir: PathBuf,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
struct Link {
    url: String,
    code: String,
    name: String,
    token: Option<String>,
    /// Bytes of the outbox that the server has acknowledged.
    sent: u64,
}

impl Outbox {
    pub fn in_dir(dir: PathBuf) -> Outbox {
        Outbox { dir }
    }

    /// The outbox of the pack at `root`, if the learner has joined a classroom from it.
    pub fn of_pack(root: &Path) -> Option<Outbox> {
        let outbox = Outbox::in_dir(crate::workspace::dir(root).join("classroom"));
        outbox.dir.join(LINK_FILE).is_file().then_some(outbox)
    }

    /// The outbox of the pack at `root`, linked to this classroom. A learner who joined the same server with the same
    /// name and code before keeps their token; events still waiting are kept and go to this server.
    pub fn link(root: &Path, url: &str, code: &str, name: &str) -> Result<Outbox> {
        let url = url.trim_end_matches('/');
        if !url.starts_with("http://") {
            bail!(
                "the classroom address `{url}` must start with http:// (such as http://10.0.0.5:7878): the tutor \
                 speaks plain HTTP to the classroom server on the workshop's network"
            );
        }
        let outbox = Outbox::in_dir(crate::workspace::dir(root).join("classroom"));
        outbox.locked(|| {
            let old = outbox.read_link().unwrap_or_default();
            let same = old.url == url && old.code == code && old.name == name;
            let link = Link {
                url: url.to_owned(),
                code: code.to_owned(),
                name: name.to_owned(),
                token: if same { old.token } else { None },
                sent: old.sent,
            };
            outbox.write_link(&link)
        })?;
        Ok(outbox)
    }

    /// Appends an event; it is sent by the courier of whichever watch runs on this pack.
    pub fn push(&self, event: &Event) -> Result<()> {
        let mut line = serde_json::to_vec(event)?;
        line.push(b'\n');
        self.locked(|| {
            let path = self.dir.join(OUTBOX_FILE);
            let mut file = OpenOptions::new().create(true).append(true).open(&path)?;
            // One write of a whole line: a crash leaves at most a torn last line, which is skipped.
            file.write_all(&line).with_context(|| format!("failed to write `{}`", path.display()))
        })
    }

    /// How many events wait for the server.
    pub fn backlog(&self) -> Result<usize> {
        self.locked(|| Ok(self.pending(usize::MAX)?.1.len()))
    }

    /// Up to `limit` waiting events, and the outbox offset just after them.
    fn pending(&self, limit: usize) -> Result<(Link, Vec<Event>, u64)> {
        let link = self.read_link()?;
        let mut events = Vec::new();
        let mut offset = link.sent;
        let file = match File::open(self.dir.join(OUTBOX_FILE)) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((link, events, offset)),
            Err(e) => return Err(e.into()),
        };
        // An acknowledged offset beyond the end means the outbox was emptied after the last acknowledgement.
        if file.metadata()?.len() < offset {
            offset = 0;
        }
        let mut reader = BufReader::new(file);
        reader.seek(SeekFrom::Start(offset))?;
        let mut line = String::new();
        while events.len() < limit {
            line.clear();
            let read = reader.read_line(&mut line)?;
            if read == 0 || !line.ends_with('\n') {
                break; // The end, or a line still being written.
            }
            offset += read as u64;
            if let Ok(event) = serde_json::from_str::<Event>(&line) {
                events.push(event);
            }
        }
        Ok((link, events, offset))
    }

    /// The server has everything up to `offset`; once it has everything, the outbox starts again empty.
    fn acknowledge(&self, offset: u64) -> Result<()> {
        self.locked(|| {
            let mut link = self.read_link()?;
            link.sent = offset;
            let path = self.dir.join(OUTBOX_FILE);
            if std::fs::metadata(&path).is_ok_and(|m| m.len() == offset) {
                File::create(&path)?;
                link.sent = 0;
            }
            self.write_link(&link)
        })
    }

    fn set_token(&self, token: Option<String>) -> Result<()> {
        self.locked(|| {
            let mut link = self.read_link()?;
            link.token = token;
            self.write_link(&link)
        })
    }

    fn locked<T>(&self, work: impl FnOnce() -> Result<T>) -> Result<T> {
        std::fs::create_dir_all(&self.dir).with_context(|| format!("failed to create `{}`", self.dir.display()))?;
        let _lock = crate::files::lock(&self.dir.join(LOCK_FILE))?;
        work()
    }

    fn read_link(&self) -> Result<Link> {
        let path = self.dir.join(LINK_FILE);
        let bytes = std::fs::read(&path).with_context(|| format!("failed to read `{}`", path.display()))?;
        serde_json::from_slice(&bytes).with_context(|| {
            format!("`{}` is damaged; delete it and start `tutor watch --classroom ...` again", path.display())
        })
    }

    fn write_link(&self, link: &Link) -> Result<()> {
        write_atomically(&self.dir.join(LINK_FILE), &serde_json::to_vec_pretty(link)?)
    }
}

/// How the delivery goes, for the learner's screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// A batch was delivered, in `took`; `pending` events are still waiting (sent next, without a pause).
    Delivered { took: Duration, pending: usize },
    /// Events wait: the server cannot be reached or failed. They are kept and sent when it answers.
    Waiting { pending: usize, why: String },
    /// The server will not take this learner's reports (wrong join code, name taken): retrying cannot help.
    Refused(String),
}

/// The thread that delivers an outbox. Dropping it lets the thread finish its current request and end.
pub struct Courier {
    nudge: mpsc::Sender<()>,
}

impl Courier {
    /// Starts delivering; `report` hears every change of [`Status`].
    pub fn start(outbox: Outbox, mut report: impl FnMut(Status) + Send + 'static) -> Result<Courier> {
        let (nudge, nudged) = mpsc::channel();
        std::thread::Builder::new().name("classroom".into()).spawn(move || {
            let mut retry = FIRST_RETRY;
            let mut last: Option<Status> = None;
            loop {
                let wait = match deliver(&outbox) {
                    Ok(Some(took)) => {
                        retry = FIRST_RETRY;
                        let pending = outbox.backlog().unwrap_or(0);
                        tell(&mut report, &mut last, Status::Delivered { took, pending });
                        // More may be waiting: send it without a pause.
                        if pending > 0 {
                            continue;
                        }
                        IDLE_CHECK
                    }
                    Ok(None) => IDLE_CHECK,
                    Err(Trouble::Again(why)) => {
                        let pending = outbox.backlog().unwrap_or(0);
                        tell(&mut report, &mut last, Status::Waiting { pending, why });
                        let wait = retry;
                        retry = (retry * 2).min(LAST_RETRY);
                        wait
                    }
                    Err(Trouble::Refused(why)) => {
                        tell(&mut report, &mut last, Status::Refused(why));
                        return;
                    }
                };
                match nudged.recv_timeout(wait) {
                    Ok(()) => while nudged.try_recv().is_ok() {},
                    Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
        })?;
        Ok(Courier { nudge })
    }

    /// Something was appended: deliver it now rather than at the next idle check.
    pub fn nudge(&self) {
        let _ = self.nudge.send(());
    }

    /// A way to nudge this courier from another thread.
    pub fn nudger(&self) -> impl Fn() + Send + 'static {
        let nudge = self.nudge.clone();
        move || {
            let _ = nudge.send(());
        }
    }
}

/// Reports a status; a trouble is reported once, not at every retry. Each delivery is reported (with its time).
fn tell(report: &mut impl FnMut(Status), last: &mut Option<Status>, status: Status) {
    if matches!(status, Status::Delivered { .. }) || last.as_ref() != Some(&status) {
        report(status.clone());
    }
    *last = Some(status);
}

enum Trouble {
    /// Worth trying again later.
    Again(String),
    Refused(String),
}

/// One delivery: joins if needed, then sends one batch. `Ok(None)` when there was nothing to send.
fn deliver(outbox: &Outbox) -> Result<Option<Duration>, Trouble> {
    let again = |e: anyhow::Error| Trouble::Again(format!("{e:#}"));
    let (link, events, end) = outbox.locked(|| outbox.pending(MAX_BATCH)).map_err(again)?;
    let token = match &link.token {
        Some(token) => token.clone(),
        None => {
            let body = serde_json::to_vec(&JoinRequest { code: link.code.clone(), name: link.name.clone() })
                .map_err(|e| again(e.into()))?;
            let (status, text) = post(&format!("{}/api/join", link.url), None, &body)?;
            match status {
                200 => {
                    let joined: Joined = serde_json::from_str(&text).map_err(|e| {
                        Trouble::Again(format!("the server's answer to joining is not understood: {e}"))
                    })?;
                    outbox.set_token(Some(joined.token.clone())).map_err(again)?;
                    joined.token
                }
                400 | 403 | 409 => return Err(Trouble::Refused(server_message(&text))),
                _ => return Err(Trouble::Again(format!("joining failed: {} ({status})", server_message(&text)))),
            }
        }
    };
    if events.is_empty() {
        return Ok(None);
    }
    let body = serde_json::to_vec(&Batch { events }).map_err(|e| again(e.into()))?;
    let started = Instant::now();
    let (status, text) = post(&format!("{}/api/events", link.url), Some(&token), &body)?;
    match status {
        200 => {
            outbox.acknowledge(end).map_err(again)?;
            Ok(Some(started.elapsed()))
        }
        // The server no longer knows this learner (a new room on the same address): join again.
        401 => {
            outbox.set_token(None).map_err(again)?;
            Err(Trouble::Again(format!("the server did not accept this learner's token ({})", server_message(&text))))
        }
        // The server will never take these events; keeping them would block the ones behind.
        400 | 413 | 422 => {
            outbox.acknowledge(end).map_err(again)?;
            Err(Trouble::Again(format!(
                "the server refused some reports, which were dropped: {}",
                server_message(&text)
            )))
        }
        _ => Err(Trouble::Again(format!("the server failed: {} ({status})", server_message(&text)))),
    }
}

/// The longest one request may take, connecting included.
const REQUEST_TIMEOUT_SECS: u64 = 5;

/// POSTs JSON; a transport error (refused, timed out) is worth retrying.
fn post(url: &str, token: Option<&str>, body: &[u8]) -> Result<(u16, String), Trouble> {
    let mut request = minreq::post(url)
        .with_header("Content-Type", "application/json")
        .with_body(body)
        .with_timeout(REQUEST_TIMEOUT_SECS);
    if let Some(token) = token {
        request = request.with_header("Authorization", format!("Bearer {token}"));
    }
    let response = request.send().map_err(|e| Trouble::Again(format!("cannot reach {url}: {e}")))?;
    Ok((response.status_code, response.as_str().unwrap_or_default().to_owned()))
}

/// The `error` of a server's JSON answer, or its text.
fn server_message(text: &str) -> String {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_owned))
        .unwrap_or_else(|| text.chars().take(200).collect())
}

#[cfg(test)]
mod tests {
    use super::super::wire::Kind;
    use super::*;

    #[test]
    fn the_outbox_keeps_what_was_not_acknowledged() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let outbox = Outbox::link(root, "http://127.0.0.1:9/", "ABCD-EFGH", "Ana").unwrap();
        assert!(Outbox::of_pack(root).is_some());
        let events: Vec<Event> = (0..5).map(|_| Event::new(Kind::Attempt, "ex1", Some("E0382".into()))).collect();
        for event in &events {
            outbox.push(event).unwrap();
        }
        let (link, first, end) = outbox.pending(3).unwrap();
        assert_eq!(link.url, "http://127.0.0.1:9", "the trailing slash is dropped");
        assert_eq!(first, events[..3]);
        outbox.acknowledge(end).unwrap();
        // A torn last line (a crash in the middle of a write) is not sent until it is whole.
        std::fs::OpenOptions::new()
            .append(true)
            .open(dir.path().join(".tutor/classroom/outbox.jsonl"))
            .unwrap()
            .write_all(b"{\"id\":")
            .unwrap();
        let (_, rest, end) = outbox.pending(MAX_BATCH).unwrap();
        assert_eq!(rest, events[3..]);
        outbox.acknowledge(end).unwrap();
        assert_eq!(outbox.backlog().unwrap(), 0);

        // Linking again with the same name keeps the token; another name starts afresh.
        outbox.set_token(Some("secret".into())).unwrap();
        Outbox::link(root, "http://127.0.0.1:9", "ABCD-EFGH", "Ana").unwrap();
        assert_eq!(outbox.read_link().unwrap().token.as_deref(), Some("secret"));
        Outbox::link(root, "http://127.0.0.1:9", "ABCD-EFGH", "Bo").unwrap();
        assert_eq!(outbox.read_link().unwrap().token, None);
    }

    #[test]
    fn an_emptied_outbox_starts_again_from_the_top() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::link(dir.path(), "http://127.0.0.1:9", "C", "Ana").unwrap();
        let event = Event::new(Kind::Open, "ex1", None);
        outbox.push(&event).unwrap();
        let (_, _, end) = outbox.pending(MAX_BATCH).unwrap();
        outbox.acknowledge(end).unwrap();
        assert_eq!(std::fs::metadata(dir.path().join(".tutor/classroom/outbox.jsonl")).unwrap().len(), 0);
        outbox.push(&event).unwrap();
        assert_eq!(outbox.pending(MAX_BATCH).unwrap().1, [event]);
    }

    #[test]
    fn a_plain_http_address_is_required() {
        let dir = tempfile::tempdir().unwrap();
        let error = Outbox::link(dir.path(), "https://room.example", "C", "Ana").unwrap_err();
        assert!(format!("{error}").contains("http://"));
    }
}
