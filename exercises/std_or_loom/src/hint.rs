//! `std::hint::spin_loop`, or under loom a yield: a thread that spins waiting for another lets loom run the others
//! instead of exploring ever longer spins.

#[cfg(not(loom))]
pub use std::hint::spin_loop;

#[cfg(loom)]
pub use loom::hint::spin_loop;
