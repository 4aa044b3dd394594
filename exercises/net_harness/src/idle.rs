//! Whether the server is stuck, seen from the kernel: every thread of the test process but the one that asks (where
//! the clients run) and the main thread (where the test harness waits for the tests) asleep in a wait with no
//! deadline: a lock, a channel, or a runtime waiting for I/O with no timer set.
//!
//! Such a process does nothing until one of its sockets or the asking thread wakes it. When, besides, every client
//! the harness runs is itself waiting for the server (the harness knows that: [`Crowd`](crate::Crowd)), nothing will
//! ever wake it, and each of those waits would only run out its time limit. So the waits are ended at once, with the
//! same verdict, once that state has held without a single wake-up of any of those threads for a quarter of a
//! second (a stretch that does not depend on the machine's speed: a sleeping thread does not get slower).
//!
//! Read from `/proc` (Linux on x86-64 and AArch64, where each thread's current system call and its arguments are
//! there to read); elsewhere, or where `/proc` does not say, [`look`] sees nothing and the time limits decide, as
//! before.

use std::fs;

/// The kernel's number for the calling thread.
fn current_thread() -> Option<u32> {
    let link = fs::read_link("/proc/thread-self").ok()?;
    link.file_name()?.to_str()?.parse().ok()
}

/// One look at the process: `Some(n)`, where `n` counts the times the sleeping threads have been switched off their
/// processors so far (unchanged from one look to the next means none of them ran in between), when every thread
/// but the caller's and the main thread sleeps in an untimed wait, and there is at least one such thread. `None`
/// when anything may be about to happen, or when it cannot be seen.
pub(crate) fn look() -> Option<u64> {
    let me = current_thread()?;
    let main = std::process::id();
    let mut switched = 0;
    let mut sleepers = 0;
    for entry in fs::read_dir("/proc/self/task").ok()? {
        let tid: u32 = entry.ok()?.file_name().to_str()?.parse().ok()?;
        if tid == me || tid == main {
            continue;
        }
        untimed_wait(tid)?;
        switched += switches(tid)?;
        sleepers += 1;
    }
    (sleepers > 0).then_some(switched)
}

#[derive(Debug, PartialEq, Eq)]
enum Wait {
    /// `epoll_wait` and its kin: the runtime waiting for a socket, with no timer set.
    Io,
    /// A futex: a lock, a condition variable, a channel.
    Futex,
}

/// What the thread waits for, if it is asleep (state `S`) in a wait without a deadline.
fn untimed_wait(tid: u32) -> Option<Wait> {
    let stat = fs::read_to_string(format!("/proc/self/task/{tid}/stat")).ok()?;
    // The state follows the command name, which is in parentheses and may hold anything.
    let state = stat.rsplit_once(')')?.1.split_whitespace().next()?;
    if state != "S" {
        return None;
    }
    let syscall = fs::read_to_string(format!("/proc/self/task/{tid}/syscall")).ok()?;
    classify(&syscall)
}

/// Reads `/proc/.../syscall`: the call's number, then its six arguments in hexadecimal.
fn classify(syscall: &str) -> Option<Wait> {
    let mut fields = syscall.split_whitespace();
    let number: i64 = fields.next()?.parse().ok()?;
    let args: Vec<u64> =
        fields.take(6).map(|a| u64::from_str_radix(a.trim_start_matches("0x"), 16)).collect::<Result<_, _>>().ok()?;
    let timeout = *args.get(3)?;
    // epoll_wait and epoll_pwait take an int of milliseconds, -1 for none; epoll_pwait2 and futex a pointer, null for
    // none. A futex call is a wait (FUTEX_WAIT, FUTEX_WAIT_BITSET) when its operation, less its flags, is 0 or 9.
    let untimed_ms = timeout as u32 == u32::MAX;
    match number {
        n if Some(n) == calls::EPOLL_WAIT && untimed_ms => Some(Wait::Io),
        n if n == calls::EPOLL_PWAIT && untimed_ms => Some(Wait::Io),
        n if n == calls::EPOLL_PWAIT2 && timeout == 0 => Some(Wait::Io),
        n if n == calls::FUTEX && timeout == 0 && matches!(args[1] & 0x7f, 0 | 9) => Some(Wait::Futex),
        _ => None,
    }
}

/// How many times the thread has been switched off its processor, willingly or not: unchanged means it never ran.
fn switches(tid: u32) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/self/task/{tid}/status")).ok()?;
    let mut total = 0;
    let mut found = 0;
    for line in status.lines() {
        if let Some(n) =
            line.strip_prefix("voluntary_ctxt_switches:").or(line.strip_prefix("nonvoluntary_ctxt_switches:"))
        {
            total += n.trim().parse::<u64>().ok()?;
            found += 1;
        }
    }
    (found == 2).then_some(total)
}

/// System call numbers, which differ between architectures.
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
mod calls {
    pub const EPOLL_WAIT: Option<i64> = Some(232);
    pub const EPOLL_PWAIT: i64 = 281;
    pub const EPOLL_PWAIT2: i64 = 441;
    pub const FUTEX: i64 = 202;
}

#[cfg(all(target_os = "linux", target_arch = "aarch64"))]
mod calls {
    /// AArch64 has no epoll_wait; the C library calls epoll_pwait.
    pub const EPOLL_WAIT: Option<i64> = None;
    pub const EPOLL_PWAIT: i64 = 22;
    pub const EPOLL_PWAIT2: i64 = 441;
    pub const FUTEX: i64 = 98;
}

/// Anywhere else, no number matches: nothing is ever seen as stuck.
#[cfg(not(all(target_os = "linux", any(target_arch = "x86_64", target_arch = "aarch64"))))]
mod calls {
    pub const EPOLL_WAIT: Option<i64> = None;
    pub const EPOLL_PWAIT: i64 = -2;
    pub const EPOLL_PWAIT2: i64 = -2;
    pub const FUTEX: i64 = -2;
}

#[cfg(all(test, target_os = "linux", target_arch = "x86_64"))]
mod tests {
    use super::{Wait, classify};

    #[test]
    fn untimed_waits_are_told_from_timed_ones() {
        // A runtime with no timer set, and one whose next timer is 12 ms away.
        assert_eq!(classify("232 0x3 0x7fd960001200 0x400 0xffffffff 0x0 0x3b9aca00 0x7fd9 0x7fd9"), Some(Wait::Io));
        assert_eq!(classify("232 0x3 0x7fd960001200 0x400 0xc 0x0 0x0 0x7fd9 0x7fd9"), None);
        // A lock or channel (FUTEX_WAIT_BITSET_PRIVATE, no deadline), and a condition variable's wait_timeout.
        assert_eq!(classify("202 0x7f00 0x89 0x0 0x0 0x0 0xffffffff 0x7f 0x7f"), Some(Wait::Futex));
        assert_eq!(classify("202 0x7f00 0x89 0x0 0x7ffc00 0x0 0xffffffff 0x7f 0x7f"), None);
        // Sleeping (clock_nanosleep), running, or blocked outside a system call.
        assert_eq!(classify("230 0x1 0x0 0x7ffc00 0x0 0x0 0x0 0x7f 0x7f"), None);
        assert_eq!(classify("running"), None);
        assert_eq!(classify("-1 0x7ffc 0x7f"), None);
    }
}
