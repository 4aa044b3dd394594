// known wrong: the connections never watch the shutdown signal: a client waiting between requests keeps its connection, and serve waits for it forever
// kv_server: the capstone. A key-value server over TCP that 1,000 clients can use at once.
//
// Clients send one request per line and get one reply per line:
//     GET key          -> VALUE value | NOT FOUND
//     SET key value    -> OK            (the value is the rest of the line, spaces included)
//     DEL key          -> DELETED | NOT FOUND
//     QUIT             -> BYE, and the server closes the connection
//     anything else    -> ERR message   (the connection stays open)
//
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
