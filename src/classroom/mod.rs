//! Classroom workshops: learners' watchers report progress events to the instructor's server, which shows the room.
//!
//! [`wire`] is what both sides say; [`client`] queues a learner's events on disk and sends them; [`simulate`]
//! rehearses a workshop with simulated learners. Those are in every build. The instructor's side is built only with
//! the `classroom-server` feature (learners do not need its web server and SQLite): [`server`] starts it, `lock`
//! keeps one server per database, `store` keeps every report, `room` is the picture the dashboard shows, `api`
//! answers requests (with `checks` of what arrives, `names`, `limits` on joining, and `shipped` exercises) over
//! `connections`.
//! Without the feature, [`server`] only explains how to install it.

/// Prints a line for the instructor. The server must outlive its terminal (a closed window, a pipe nobody reads), so
/// a line that cannot be written is dropped rather than ending the server as `println!` would.
#[cfg(feature = "classroom-server")]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

pub mod client;
pub mod simulate;
pub mod wire;

#[cfg(feature = "classroom-server")]
mod api;
#[cfg(feature = "classroom-server")]
mod checks;
#[cfg(feature = "classroom-server")]
mod connections;
#[cfg(feature = "classroom-server")]
mod limits;
#[cfg(feature = "classroom-server")]
mod lock;
#[cfg(feature = "classroom-server")]
mod names;
#[cfg(feature = "classroom-server")]
mod room;
#[cfg(feature = "classroom-server")]
pub mod server;
#[cfg(feature = "classroom-server")]
mod shipped;
#[cfg(feature = "classroom-server")]
mod store;

#[cfg(not(feature = "classroom-server"))]
#[path = "no_server.rs"]
pub mod server;
