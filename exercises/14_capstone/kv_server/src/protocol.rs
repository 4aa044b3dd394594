//! The protocol: one request per line, one reply per line.
//!
//! Requests: `GET key`, `SET key value` (the value is the rest of the line, spaces included), `DEL key`, `QUIT`.
//! Replies: `OK`, `VALUE value`, `NOT FOUND`, `DELETED`, `BYE`, `ERR message`.

use std::io;

use tokio::io::{AsyncBufRead, AsyncReadExt};

/// The longest line a client may send, in bytes, not counting the `\n` that ends it.
pub const MAX_LINE: usize = 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    Get(String),
    Set(String, String),
    Del(String),
    Quit,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    Ok,
    Value(String),
    NotFound,
    Deleted,
    Bye,
    Error(String),
}

impl Request {
    /// Reads one request from a line (without its `\n`). A key is one word; a SET's value is everything after the
    /// space that follows the key, and may not be empty.
    pub fn parse(line: &str) -> Result<Request, String> {
        let (command, rest) = line.split_once(' ').unwrap_or((line, ""));
        match command {
            "GET" => one_key(rest).map(Request::Get).ok_or_else(|| "usage: GET key".to_string()),
            // Fix me: `SET key value` (a one-word key, then a value that is the rest of the line and not empty) and
            // `DEL key`. Anything malformed is an `Err` with a short message, as for GET.
            "SET" => todo!("parse `SET key value`"),
            "DEL" => todo!("parse `DEL key`"),
            "QUIT" if rest.is_empty() => Ok(Request::Quit),
            "QUIT" => Err("usage: QUIT".to_string()),
            _ => Err("unknown command".to_string()),
        }
    }
}

fn one_key(rest: &str) -> Option<String> {
    (!rest.is_empty() && !rest.contains(' ')).then(|| rest.to_string())
}

impl Reply {
    /// The reply as it goes on the wire, `\n` included.
    pub fn to_line(&self) -> String {
        match self {
            Reply::Ok => "OK\n".to_string(),
            Reply::Value(value) => format!("VALUE {value}\n"),
            Reply::NotFound => "NOT FOUND\n".to_string(),
            Reply::Deleted => "DELETED\n".to_string(),
            Reply::Bye => "BYE\n".to_string(),
            Reply::Error(message) => format!("ERR {message}\n"),
        }
    }
}

/// What `read_line` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// A whole line, without its `\n` (or `\r\n`).
    Request(String),
    /// More than `MAX_LINE` bytes came without a `\n`.
    TooLong,
    /// The client closed the connection (anything it sent after its last `\n` is dropped).
    Closed,
}

/// Reads the next line from `reader`, however the bytes arrive (a line may come in many reads, or several lines in
/// one), reading at most `MAX_LINE + 1` bytes of it. `buf` is scratch space the caller keeps between calls.
pub async fn read_line<R: AsyncBufRead + Unpin>(reader: &mut R, buf: &mut Vec<u8>) -> io::Result<Line> {
    // Fix me: this takes whatever one read returns as one whole line. A read returns what has arrived so far: part of
    // a line (a client typing, a slow network), or several lines at once. Keep reading until the `\n`, keep what
    // comes after it for the next call, and never read more than MAX_LINE + 1 bytes of one line: return
    // `Line::TooLong` instead of waiting for a `\n` that may never come. (`AsyncBufReadExt` has the tools.)
    buf.resize(4096, 0);
    let read = reader.read(buf).await?;
    if read == 0 {
        return Ok(Line::Closed);
    }
    let text = String::from_utf8_lossy(&buf[..read]);
    Ok(Line::Request(text.trim_end_matches(['\r', '\n']).to_string()))
}
