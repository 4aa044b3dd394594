//! Classroom workshops: learners' watchers report progress events to the instructor's server, which shows the room.
//!
//! [`wire`] is what both sides say; [`client`] queues a learner's events on disk and sends them; [`simulate`]
//! rehearses a workshop with simulated learners. The instructor's side: [`server`] starts it, [`lock`] keeps one
//! server per database, [`store`] keeps every report, [`room`] is the picture the dashboard shows, [`api`] answers
//! requests (checking [`names`], [`limits`] on joining, and showing [`shipped`] exercises) over [`connections`].

/// Prints a line for the instructor. The server must outlive its terminal (a closed window, a pipe nobody reads), so
/// a line that cannot be written is dropped rather than ending the server as `println!` would.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

mod api;
pub mod client;
mod connections;
mod limits;
mod lock;
mod names;
mod room;
pub mod server;
mod shipped;
pub mod simulate;
mod store;
pub mod wire;
