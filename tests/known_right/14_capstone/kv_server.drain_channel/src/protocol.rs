//! The protocol: one request per line, one reply per line.
//!
//! Requests: `GET key`, `SET key value` (the value is the rest of the line, spaces included), `DEL key`, `QUIT`.
//! Replies: `OK`, `VALUE value`, `NOT FOUND`, `DELETED`, `BYE`, `ERR message`.

use std::io;

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt};

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
            "SET" => match rest.split_once(' ') {
                Some((key, value)) if !key.is_empty() && !value.is_empty() => {
                    Ok(Request::Set(key.to_string(), value.to_string()))
                }
                _ => Err("usage: SET key value".to_string()),
            },
            "DEL" => one_key(rest).map(Request::Del).ok_or_else(|| "usage: DEL key".to_string()),
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
    buf.clear();
    let limit = MAX_LINE as u64 + 1;
    (&mut *reader).take(limit).read_until(b'\n', buf).await?;
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
        return Ok(Line::Request(String::from_utf8_lossy(buf).into_owned()));
    }
    if buf.len() > MAX_LINE {
        return Ok(Line::TooLong);
    }
    Ok(Line::Closed)
}
