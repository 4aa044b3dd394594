//! `std::sync`, or under loom the modelled equivalents with std's names and methods.
//!
//! Only what both builds have is exported, so an exercise that compiles in one build compiles in the other.

pub mod atomic;
pub mod mpsc;

#[cfg(not(loom))]
pub use std::sync::{
    Arc, Barrier, BarrierWaitResult, Condvar, LockResult, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard,
    RwLockWriteGuard, TryLockError, TryLockResult, WaitTimeoutResult,
};

#[cfg(loom)]
mod barrier;
#[cfg(loom)]
mod condvar;
#[cfg(loom)]
mod mutex;
#[cfg(loom)]
mod rwlock;

#[cfg(loom)]
pub use self::barrier::{Barrier, BarrierWaitResult};
#[cfg(loom)]
pub use self::condvar::{Condvar, WaitTimeoutResult};
#[cfg(loom)]
pub use self::mutex::{Mutex, MutexGuard};
#[cfg(loom)]
pub use self::rwlock::{RwLock, RwLockReadGuard, RwLockWriteGuard};
/// loom's reference counter: modelled (loom checks it for leaks), and nothing about it needs recording.
#[cfg(loom)]
pub use loom::sync::Arc;
#[cfg(loom)]
pub use std::sync::{LockResult, PoisonError, TryLockError, TryLockResult};
