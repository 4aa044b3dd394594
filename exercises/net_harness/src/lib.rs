//! The networking chapter's test harness.
//!
//! An exercise of `13_networking` defines a server (`async fn serve(listener: TcpListener, ...)`, and often a
//! connection handler generic over the stream). Its tests, the pack's own, use this crate to:
//!
//! - start the server on a free loopback port, in a runtime of its own on a thread of its own ([`Server::start`]; a
//!   current-thread runtime, so one blocking call stalls the whole server, as it would stall a worker of a larger
//!   one), optionally with tokio's clock paused ([`Server::start_paused`]);
//! - run hundreds of clients against it at once ([`Server::clients`]), each a small script of [`Client`] calls
//!   (send a line, expect a reply, expect the server to hang up) that returns a [`Miss`] when the server let it down;
//! - turn the misses into a verdict in words ([`Report::assert_ok`]): "412 of 1,000 clients got no reply within 2 s:
//!   is each connection served by its own task?";
//! - measure, instead of timing, what the server did: [`Jobs`] stands for the server's real work and counts the jobs
//!   in flight (and the peak), finishing them only when the test says so; [`Returned`] tells how many of the server's
//!   tasks were still alive when `serve` returned;
//! - talk to a connection handler over an in-memory stream ([`Client::in_memory`]) in a test whose clock is paused, so
//!   that "the server sat idle and did not answer" is a fact, not a timeout that depends on the machine's speed.
//!
//! Everything is bounded: every wait has a limit (a few seconds of real time), clients connect only to 127.0.0.1,
//! and dropping the [`Server`] shuts its runtime down, which closes every socket it still holds. The soft open-file
//! limit is raised to the hard one the first time a server starts; where even that is too low for the clients asked
//! for, fewer are run and the verdict says so. One server runs at a time in a process (a second [`Server::start`],
//! from another test thread, waits for the first to be dropped), so that tests running side by side do not share
//! the open-file budget.
//!
//! The verdicts never depend on the machine's speed: wrong servers are caught by what they do (a reply that never
//! comes while the harness holds a job, a peak gauge, a task still alive), and a time limit only ever bounds how long
//! a right server may take, generously. A wrong server does not even make the clients wait out that limit when it
//! is stuck: when every client waits for it and the kernel shows it asleep with no timer set and nothing about to
//! wake it, the waits end at once ([`Crowd`]): "got no reply, though the server had nothing else left to do".

mod client;
mod crowd;
mod idle;
mod jobs;
mod limits;
mod report;
mod server;

pub use client::{Client, Miss, Waited};
pub use crowd::{Crowd, Member};
pub use jobs::Jobs;
pub use report::{Kind, Report};
pub use server::{Returned, Server};

use std::time::Duration;

/// How long a client waits for a reply, for its connection to be accepted, or for the server to hang up: generous
/// for any right server on a loaded machine, and still short enough that a wrong one fails quickly.
pub const REPLY_WITHIN: Duration = Duration::from_secs(2);

/// Waits until every other task of this runtime is waiting, when the runtime's clock is paused
/// (`#[tokio::test(start_paused = true)]` or [`Server::start_paused`]): a paused clock only moves forward when no task
/// can run, so this sleep of one hour (of the paused clock) ends only then, after every shorter timer has fired. In a
/// runtime whose clock is not paused it really sleeps for an hour: use it only with a paused clock.
pub async fn until_idle() {
    tokio::time::sleep(Duration::from_secs(3600)).await;
}

/// Lets every other task of this runtime run until it waits, moving a paused clock by one millisecond only: with a
/// paused clock, "everything the server could do with what it was sent, it has done". With a running clock it is a
/// plain 1 ms sleep.
pub async fn settle() {
    tokio::time::sleep(Duration::from_millis(1)).await;
}

/// `1000` as "1,000", for verdicts.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
