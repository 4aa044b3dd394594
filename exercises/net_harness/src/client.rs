//! One client: a line-oriented conversation with the server, each step bounded in time.

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::time::timeout;

use crate::REPLY_WITHIN;
use crate::crowd::Crowd;
use crate::report::Kind;

/// What went wrong for one client: the server let it down in one of these ways. Each names what the client had
/// sent last, so that a verdict can show one example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Miss {
    /// It could not connect (or its connection was refused or reset before it could send).
    Connect(String),
    /// Nothing came back, although the server was not closed.
    NoReply { sent: String, waited: Waited },
    /// The server closed the connection while a reply was expected.
    Closed { sent: String },
    /// A reply came, but not the right one.
    Wrong { sent: String, expected: String, got: String },
    /// The server should have hung up (or the client was meant to be dropped), and did not.
    StillOpen { waited: Waited },
    /// The server sent a line where it should have hung up.
    Unexpected { got: String },
    /// Reading or writing failed (a reset connection, say).
    Io { sent: String, error: String },
}

/// How long a client waited for the server before it gave up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waited {
    /// Its whole time limit.
    Limit(Duration),
    /// Until the server had nothing left it could do: with a paused clock, every task was waiting; over TCP, the
    /// server's thread slept with no timer set while every client waited for it, so nothing could ever wake it.
    UntilIdle,
}

impl Miss {
    /// Which kind of miss it is, for counting.
    pub fn kind(&self) -> Kind {
        match self {
            Miss::Connect(_) => Kind::Connect,
            Miss::NoReply { .. } => Kind::NoReply,
            Miss::Closed { .. } => Kind::Closed,
            Miss::Wrong { .. } => Kind::Wrong,
            Miss::StillOpen { .. } => Kind::StillOpen,
            Miss::Unexpected { .. } => Kind::Unexpected,
            Miss::Io { .. } => Kind::Io,
        }
    }
}

/// Text as a verdict quotes it: escaped, and cut after 60 characters.
pub(crate) fn quote(text: &str) -> String {
    let mut shown: String = text.chars().take(60).collect();
    if shown.len() < text.len() {
        shown.push_str("...");
    }
    format!("{shown:?}")
}

impl fmt::Display for Miss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Miss::Connect(error) => write!(f, "could not connect: {error}"),
            Miss::NoReply { sent, .. } if sent.is_empty() => write!(f, "waited without having sent anything"),
            Miss::NoReply { sent, .. } => write!(f, "sent {} and waited", quote(sent)),
            Miss::Closed { sent } => write!(f, "sent {} and the server hung up", quote(sent)),
            Miss::Wrong { sent, expected, got } => {
                write!(f, "sent {}, expected {}, got {}", quote(sent), quote(expected), quote(got))
            }
            Miss::StillOpen { .. } => write!(f, "the connection stayed open"),
            Miss::Unexpected { got } => write!(f, "got {} where the server should have hung up", quote(got)),
            Miss::Io { sent, error } => write!(f, "sent {}, then: {error}", quote(sent)),
        }
    }
}

/// A client of the server under test: over TCP ([`Client::connect`]) or over an in-memory stream given to a
/// connection handler ([`Client::in_memory`]). Every read waits at most its bound; every step returns a [`Miss`]
/// that says what the server failed to do.
pub struct Client<S = TcpStream> {
    stream: BufReader<S>,
    /// Everything sent since the last reply, for the verdict.
    sent: String,
    within: Duration,
    /// The crowd it belongs to, when [`Server::clients`](crate::Server::clients) runs it: its waits are counted, and
    /// end at once when the server is found stuck.
    crowd: Option<Arc<Crowd>>,
}

impl Client<TcpStream> {
    /// Connects to `addr` (waiting at most [`REPLY_WITHIN`]), with Nagle's algorithm off so that each write leaves at
    /// once.
    pub async fn connect(addr: SocketAddr) -> Result<Client<TcpStream>, Miss> {
        let stream = match timeout(REPLY_WITHIN, TcpStream::connect(addr)).await {
            Ok(Ok(stream)) => stream,
            Ok(Err(error)) => return Err(Miss::Connect(error.to_string())),
            Err(_) => return Err(Miss::Connect(format!("not accepted within {} s", REPLY_WITHIN.as_secs()))),
        };
        stream.set_nodelay(true).map_err(|e| Miss::Connect(e.to_string()))?;
        Ok(Client { stream: BufReader::new(stream), sent: String::new(), within: REPLY_WITHIN, crowd: None })
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> Client<S> {
    /// A client at the other end of an in-memory stream (`tokio::io::duplex`), for a test whose clock is paused
    /// (`#[tokio::test(start_paused = true)]`): it waits for a reply for an hour of that clock, which ends only once
    /// every task is waiting, so [`Miss::NoReply`] then means "the server had nothing left to do and did not answer".
    pub fn in_memory(stream: S) -> Client<S> {
        Client { stream: BufReader::new(stream), sent: String::new(), within: Duration::from_secs(3600), crowd: None }
    }

    /// Sends `text` in one write.
    pub async fn send(&mut self, text: &str) -> Result<(), Miss> {
        self.sent.push_str(text);
        let written = self.stream.get_mut().write_all(text.as_bytes()).await;
        written.map_err(|e| Miss::Io { sent: self.sent.clone(), error: e.to_string() })
    }

    /// Sends `text` one byte per write, pausing `gap` after each byte, so that the server's reads see a line in
    /// pieces. (Over an in-memory stream with a paused clock, any gap lets the handler read each byte on its own.)
    pub async fn send_slowly(&mut self, text: &str, gap: Duration) -> Result<(), Miss> {
        for byte in text.as_bytes() {
            self.sent.push(char::from(*byte));
            let written = self.stream.get_mut().write_all(&[*byte]).await;
            written.map_err(|e| Miss::Io { sent: self.sent.clone(), error: e.to_string() })?;
            tokio::time::sleep(gap).await;
        }
        Ok(())
    }

    pub(crate) fn join(&mut self, crowd: Arc<Crowd>) {
        self.crowd = Some(crowd);
    }

    /// Reads one line, waiting at most its bound (or until the server is found stuck): `Err` with how long it waited
    /// when no line came.
    async fn read_line(&mut self, line: &mut String) -> Result<std::io::Result<usize>, Waited> {
        let limit = if self.within.as_secs() >= 3600 { Waited::UntilIdle } else { Waited::Limit(self.within) };
        let read = timeout(self.within, self.stream.read_line(line));
        let outcome = match self.crowd.clone() {
            Some(crowd) => crowd.wait(read).await.ok_or(Waited::UntilIdle)?,
            None => read.await,
        };
        outcome.map_err(|_| limit)
    }

    /// The next line from the server, without its line ending.
    pub async fn line(&mut self) -> Result<String, Miss> {
        let mut line = String::new();
        let sent = std::mem::take(&mut self.sent);
        match self.read_line(&mut line).await {
            Err(waited) => Err(Miss::NoReply { sent, waited }),
            Ok(Err(error)) => Err(Miss::Io { sent, error: error.to_string() }),
            Ok(Ok(0)) => Err(Miss::Closed { sent }),
            Ok(Ok(_)) => Ok(line.trim_end_matches(['\n', '\r']).to_owned()),
        }
    }

    /// The next line must be `expected`.
    pub async fn expect(&mut self, expected: &str) -> Result<(), Miss> {
        let sent = self.sent.clone();
        let got = self.line().await?;
        if got == expected { Ok(()) } else { Err(Miss::Wrong { sent, expected: expected.to_owned(), got }) }
    }

    /// The server must hang up (end of stream, or a reset) without sending anything more.
    pub async fn expect_closed(&mut self) -> Result<(), Miss> {
        let mut line = String::new();
        match self.read_line(&mut line).await {
            Err(waited) => Err(Miss::StillOpen { waited }),
            Ok(Err(_)) | Ok(Ok(0)) => Ok(()),
            Ok(Ok(_)) => Err(Miss::Unexpected { got: line.trim_end_matches(['\n', '\r']).to_owned() }),
        }
    }

    /// Closes the sending side (the server reads end of stream) and keeps reading.
    pub async fn finish_sending(&mut self) -> Result<(), Miss> {
        let done = self.stream.get_mut().shutdown().await;
        done.map_err(|e| Miss::Io { sent: self.sent.clone(), error: e.to_string() })
    }

    /// The stream, for what the methods here do not cover.
    pub fn stream(&mut self) -> &mut BufReader<S> {
        &mut self.stream
    }
}
