//! The open-file budget: each client the harness runs costs two file descriptors (its own socket and the one the
//! server accepts), and a default soft limit of 1,024 is below what a test of 1,000 clients needs.
//!
//! `getrlimit`/`setrlimit` are declared here rather than taken from the `libc` crate: the tutor builds the pack's
//! crates with the exercises' own dependencies only, and `libc` is not one of them. Both are in the C library that
//! std links anyway.

use std::sync::OnceLock;

/// File descriptors kept free for everything else a test process holds (the runtimes' epoll and eventfd, stdio, the
/// test harness's log file, a few silent clients).
const RESERVE: u64 = 64;

#[cfg(any(target_os = "linux", target_os = "macos"))]
mod sys {
    #[repr(C)]
    pub struct RLimit {
        pub current: u64,
        pub max: u64,
    }

    #[cfg(target_os = "linux")]
    pub const RLIMIT_NOFILE: i32 = 7;
    #[cfg(target_os = "macos")]
    pub const RLIMIT_NOFILE: i32 = 8;

    unsafe extern "C" {
        pub fn getrlimit(resource: i32, limit: *mut RLimit) -> i32;
        pub fn setrlimit(resource: i32, limit: *const RLimit) -> i32;
    }

    /// The soft limit after raising it as far as the hard limit allows.
    pub fn raise() -> Option<u64> {
        let mut limit = RLimit { current: 0, max: 0 };
        // SAFETY: `limit` is a valid, writable `struct rlimit` (two `rlim_t`, which is 64 bits on these targets).
        if unsafe { getrlimit(RLIMIT_NOFILE, &mut limit) } != 0 {
            return None;
        }
        // macOS refuses more than OPEN_MAX (10,240) per process, whatever the hard limit says.
        let wanted = if cfg!(target_os = "macos") { limit.max.min(10_240) } else { limit.max };
        if wanted > limit.current {
            let raised = RLimit { current: wanted, max: limit.max };
            // SAFETY: `raised` is a valid `struct rlimit`; setrlimit only reads it.
            if unsafe { setrlimit(RLIMIT_NOFILE, &raised) } == 0 {
                return Some(wanted);
            }
        }
        Some(limit.current)
    }
}

#[cfg(not(any(target_os = "linux", target_os = "macos")))]
mod sys {
    /// Elsewhere the limit is not known; assume the common default.
    pub fn raise() -> Option<u64> {
        None
    }
}

/// The soft open-file limit, raised to the hard limit the first time this is called.
pub fn open_file_limit() -> u64 {
    static LIMIT: OnceLock<u64> = OnceLock::new();
    *LIMIT.get_or_init(|| sys::raise().unwrap_or(1024))
}

/// File descriptors this process has open now (0 where that cannot be counted).
fn open_now() -> u64 {
    std::fs::read_dir("/proc/self/fd").map_or(0, |dir| dir.count() as u64)
}

/// How many of `wanted` clients fit in the open-file budget now, and, when fewer, a sentence that says so.
pub fn clients_that_fit(wanted: usize) -> (usize, Option<String>) {
    let limit = open_file_limit();
    let free = limit.saturating_sub(open_now()).saturating_sub(RESERVE);
    let fit = usize::try_from(free / 2).unwrap_or(usize::MAX);
    if fit >= wanted {
        (wanted, None)
    } else {
        let fit = fit.max(1);
        let note = format!(
            "only {} of the {} clients were run: this process may open {} files (`ulimit -n`; the hard limit is \
             reached), and each client takes two",
            crate::thousands(fit),
            crate::thousands(wanted),
            crate::thousands(usize::try_from(limit).unwrap_or(usize::MAX)),
        );
        (fit, Some(note))
    }
}
