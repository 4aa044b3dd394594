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
//!
//! # What the loom build cannot do
//!
//! Only names that both builds have are exported, so an exercise that uses something loom lacks fails to compile in
//! the loom build (and the tutor reports that compile error). Exercise authors should know:
//!
//! - No `Once`, `OnceLock`, `LazyLock`, `Weak`, `Arc::make_mut`, `Arc::into_inner`, `Arc<dyn Trait>` coercions,
//!   `thread_local!`, `available_parallelism`, `JoinHandle::is_finished`, `Builder::spawn_scoped`.
//! - Atomics have no `get_mut`, `as_ptr`, `from_ptr`, and cannot be made in a `const` or `static` (loom's atomics
//!   belong to the running model). `compiler_fence` is not offered.
//! - `mpsc` has no `recv_timeout`; `Condvar::wait_timeout` waits for a notification and never times out (loom has
//!   no clock), and `thread::sleep` only lets other threads run.
//! - A panic in any thread fails the whole model at once: `join()` never returns `Err`, and locks are never poisoned.
//! - A model has at most 5 threads, its main thread included; loom models `SeqCst` more weakly than hardware does.
//! - `Barrier` and `mpsc` are built here from loom's mutex and condition variable (loom's `Barrier` is a stub, and its
//!   channel cannot be disconnected); `thread::scope` is built on loom's `spawn`.

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
