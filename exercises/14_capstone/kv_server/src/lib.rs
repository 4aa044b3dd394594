// kv_server: the capstone. A key-value server over TCP that 1,000 clients can use at once.
//
// Clients send one request per line and get one reply per line:
//     GET key          -> VALUE value | NOT FOUND
//     SET key value    -> OK            (the value is the rest of the line, spaces included)
//     DEL key          -> DELETED | NOT FOUND
//     QUIT             -> BYE, and the server closes the connection
//     anything else    -> ERR message   (the connection stays open)
//
// The package compiles, but it does not work yet. Each file marks what to fix with "Fix me":
// - `protocol.rs`: parse SET and DEL; read a line however its bytes arrive, at most `MAX_LINE` bytes of it.
// - `connection.rs`: refuse a line that is too long (`ERR line too long`, then close); on the shutdown signal,
//   finish the request being run, then close instead of waiting for the next line.
// - `server.rs`: serve every connection in a task of its own; on the shutdown signal, close the listener at once
//   and return only when every connection task has ended.
// - `store.rs`: once connections are tasks, the compiler has something to say about the store's lock.
//
// `journal.rs` and `stats.rs` are given and stay as they are; so does `tests.rs`, the pack's checks, which drive the
// server with real TCP clients (`tutor run kv_server` runs them). The module list below may grow (a module of
// your own is fine); `mod tests` stays.

pub mod connection;
pub mod journal;
pub mod protocol;
pub mod server;
pub mod stats;
pub mod store;

pub use journal::{Entry, Journal};
pub use server::serve;
pub use stats::Stats;
pub use store::Store;

#[cfg(test)]
mod tests;
