//! Classroom workshops: learners' watchers report progress events to the instructor's server, which shows the room.
//!
//! [`wire`] is what both sides say; [`client`] queues a learner's events on disk and sends them; [`server`] stores
//! them ([`store`]) and keeps the room's picture ([`room`]) for the dashboard.

pub mod client;
mod room;
pub mod server;
pub mod simulate;
mod store;
pub mod wire;
