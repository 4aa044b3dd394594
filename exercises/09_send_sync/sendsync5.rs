// sendsync5: a scanner session that must stay home
//
// A (pretend) document-scanner driver says: "a session must only be used on
// the thread that opened it". `ScanSession` is our handle to such a session.
// Right now it holds nothing but a `u32`, so the compiler happily makes it
// `Send` and `Sync`, and nothing stops another thread from using a session:
// by taking it (a move, which needs `Send`) or by borrowing it (a `&ScanSession`
// sent to another thread, which needs `Sync`).
//
// Your job: make `ScanSession` neither `Send` nor `Sync`, without changing its
// size (the test `handle_is_still_just_an_id` checks that) and without any
// `unsafe`. A zero-sized marker field does it: `std::marker::PhantomData<X>`
// with an `X` that is itself neither Send nor Sync. `open` will need to fill
// in the new field.
//
// Two blocks prove it: `#[cfg(check_session_not_send)]` moves a session to
// another thread, `#[cfg(check_session_not_shared)]` lends one to another
// thread. The tutor compiles each separately and expects it to FAIL with
// E0277; as shipped both compile, which is what you have to change. Do not
// edit them or the tests.

#![forbid(unsafe_code)]

use std::thread;

pub struct ScanSession {
    id: u32,
}

impl ScanSession {
    pub fn open(id: u32) -> ScanSession {
        ScanSession { id }
    }
    pub fn scan(&self, page: &str) -> String {
        format!("session {}: scanned {page}", self.id)
    }
}

// Must NOT compile once ScanSession is !Send.
#[cfg(check_session_not_send)]
fn session_cannot_leave_home() {
    let session = ScanSession::open(7);
    let worker = thread::spawn(move || session.scan("cover"));
    worker.join().unwrap();
}

// Must NOT compile once ScanSession is !Sync.
#[cfg(check_session_not_shared)]
fn session_cannot_be_lent() {
    let session = ScanSession::open(8);
    thread::scope(|s| {
        s.spawn(|| session.scan("back"));
    });
}

/// Work may still be spread over threads, as long as each one opens its own session.
pub fn scan_in_parallel(pages: &[&str]) -> Vec<String> {
    thread::scope(|s| {
        let workers: Vec<_> =
            (0..pages.len()).map(|i| s.spawn(move || ScanSession::open(i as u32).scan(pages[i]))).collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    })
}

fn main() {
    println!("{:?}", scan_in_parallel(&["a", "b"]));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_work_on_their_own_thread() {
        let session = ScanSession::open(3);
        assert_eq!(session.scan("receipt"), "session 3: scanned receipt");
    }

    #[test]
    fn each_thread_opens_its_own_session() {
        let got = scan_in_parallel(&["p1", "p2"]);
        assert_eq!(got, ["session 0: scanned p1", "session 1: scanned p2"]);
    }

    #[test]
    fn handle_is_still_just_an_id() {
        let (session, id) = (std::mem::size_of::<ScanSession>(), std::mem::size_of::<u32>());
        assert_eq!(session, id, "a ScanSession must stay the size of its id: {session} bytes, not {id}");
    }
}
