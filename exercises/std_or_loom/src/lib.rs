//! `std` or `loom`: the concurrency types of the exercises, under one set of names.
//!
//! Exercise code imports `std_or_loom::sync::{Arc, Mutex}`, `std_or_loom::thread`, `std_or_loom::sync::atomic::...`
//! and writes its loom models with [`model`]. What those names mean depends on how this crate was built:
//!
//! - **Normal build**: they *are* std's items (re-exports; no wrapper, no cost), plus a `cell::UnsafeCell` that has
//!   loom's `with`/`with_mut` API so that the same exercise code compiles in both builds, and a [`model`] that runs
//!   its closure once.
//! - **`--cfg loom`** (the tutor compiles this crate so for its loom checks): thin wrappers over loom's modelled types
//!   with std's method names, so loom explores every interleaving of the learner's code. When the environment
//!   variable `TUTOR_TIMELINE` names a file, every operation is also recorded (thread, operation, values, the caller's
//!   source location), and the operations of the execution that panicked are written to that file, which the tutor
//!   turns into a timeline of the failing schedule. Without the variable, recording costs one cached check.
//!
//! One crate decides for the whole exercise, which is the point: an exercise can no longer import std's `Mutex` by
//! accident (or on purpose) in its loom build and run unmodelled.

#![cfg_attr(loom, allow(clippy::new_without_default))]

pub mod cell;
pub mod hint;
pub mod sync;
pub mod thread;

#[cfg(loom)]
mod dump;
#[cfg(loom)]
mod peek;
#[cfg(loom)]
mod record;

/// Runs a concurrency model: under loom, every interleaving of `f` that loom's bounds allow (`LOOM_MAX_PREEMPTIONS`,
/// ...); in a normal build, `f` once.
#[cfg(not(loom))]
pub fn model<F>(f: F)
where
    F: Fn() + Sync + Send + 'static,
{
    f();
}

/// Runs a concurrency model: under loom, every interleaving of `f` that loom's bounds allow (`LOOM_MAX_PREEMPTIONS`,
/// ...); in a normal build, `f` once.
///
/// Each execution starts with an empty record, and a panic in any execution (a failed assertion, loom's deadlock or
/// data-race report) writes that execution's record to `TUTOR_TIMELINE`, once per process.
#[cfg(loom)]
#[track_caller]
pub fn model<F>(f: F)
where
    F: Fn() + Sync + Send + 'static,
{
    let location = std::panic::Location::caller();
    dump::install_hook();
    let _in_model = record::enter_model(location);
    loom::model(move || {
        dump::begin_execution();
        record::begin_execution();
        f();
    });
}
