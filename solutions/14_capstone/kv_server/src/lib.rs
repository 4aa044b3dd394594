// kv_server: the capstone. A key-value server over TCP that 1,000 clients can use at once.
//
// Clients send one request per line and get one reply per line:
//     GET key          -> VALUE value | NOT FOUND
//     SET key value    -> OK            (the value is the rest of the line, spaces included)
//     DEL key          -> DELETED | NOT FOUND
//     QUIT             -> BYE, and the server closes the connection
//     anything else    -> ERR message   (the connection stays open)
//
// (solution) How the parts fit:
// - `protocol::read_line` reads through a `take(MAX_LINE + 1)` with `read_until(b'\n')`: the buffered reader keeps
//   what follows a line for the next call, and no line can grow past the limit.
// - `connection::handle` waits for a line OR the shutdown signal (`tokio::select!`), but runs a request that has
//   arrived to the end, outside the select: the shutdown interrupts waiting, never work.
// - `server::serve` spawns each connection into a `JoinSet`, watches the signal beside `accept`, drops the listener
//   as soon as it fires, and drains the set before returning.
// - `store::Store` locks its std `Mutex` only around the map operation, after the journal's `.await`: a guard is
//   never kept across an await, so the futures are `Send` and a slow journal stalls only the client that waits for it.

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
