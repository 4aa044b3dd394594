//! The loom build: models written against the shim are explored by loom, scoped threads included, and the failing
//! execution's record is written where `TUTOR_TIMELINE` says, once.
//!
//! Run with `RUSTFLAGS="--cfg loom" cargo test -p std_or_loom --target-dir target/loom` (a target directory of its
//! own, so that the normal build's artifacts are not rebuilt). The dump tests run this test binary again as a child
//! process, with the environment the tutor would give it.
#![cfg(loom)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::process::Command;

use std_or_loom::cell::UnsafeCell;
use std_or_loom::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std_or_loom::sync::mpsc::{channel, sync_channel};
use std_or_loom::sync::{Arc, Barrier, Condvar, Mutex, RwLock};
use std_or_loom::thread;

/// Whether a model fails in some interleaving.
fn fails(model: impl Fn() + Sync + Send + 'static) -> bool {
    catch_unwind(AssertUnwindSafe(|| std_or_loom::model(model))).is_err()
}

#[test]
fn a_racy_scoped_counter_is_found() {
    assert!(fails(|| {
        let hits = AtomicUsize::new(0);
        thread::scope(|s| {
            let bump = || {
                let seen = hits.load(Ordering::SeqCst);
                hits.store(seen + 1, Ordering::SeqCst);
            };
            s.spawn(bump);
            s.spawn(bump);
        });
        assert_eq!(hits.load(Ordering::SeqCst), 2, "an update was lost");
    }));
}

#[test]
fn a_correct_scoped_counter_passes_and_join_returns_the_result() {
    std_or_loom::model(|| {
        let hits = AtomicUsize::new(0);
        let total = Mutex::new(0);
        let sum = thread::scope(|s| {
            let counted = s.spawn(|| {
                *total.lock().unwrap() += 2;
                hits.fetch_add(1, Ordering::SeqCst)
            });
            // Not joined here: the scope must join it before it returns.
            s.spawn(|| {
                *total.lock().unwrap() += 3;
                hits.fetch_add(1, Ordering::SeqCst);
            });
            counted.join().unwrap() + 10
        });
        assert!(sum == 10 || sum == 11);
        assert_eq!(hits.load(Ordering::SeqCst), 2, "a scoped thread was not joined before `scope` returned");
        assert_eq!(*total.lock().unwrap(), 5);
    });
}

/// A counter that claims to be `Sync` without synchronising anything (the bug of the `unsafe3` exercise).
struct Unsound(UnsafeCell<u64>);

// SAFETY: none; the test shows that loom catches the broken promise.
unsafe impl Sync for Unsound {}

#[test]
fn an_unsafe_cell_race_is_found() {
    assert!(fails(|| {
        let cell = Arc::new(Unsound(UnsafeCell::new(0)));
        let other = Arc::clone(&cell);
        let t = thread::spawn(move || other.0.with_mut(|p| unsafe { *p += 1 }));
        cell.0.with_mut(|p| unsafe { *p += 1 });
        t.join().unwrap();
    }));
}

#[test]
fn a_relaxed_publish_is_found() {
    assert!(fails(|| {
        let data = Arc::new(AtomicUsize::new(0));
        let ready = Arc::new(AtomicBool::new(false));
        let (d, r) = (Arc::clone(&data), Arc::clone(&ready));
        let t = thread::spawn(move || {
            d.store(42, Ordering::Relaxed);
            r.store(true, Ordering::Relaxed);
        });
        if ready.load(Ordering::Relaxed) {
            assert_eq!(data.load(Ordering::Relaxed), 42);
        }
        t.join().unwrap();
    }));
}

#[test]
fn a_lock_order_deadlock_is_found() {
    assert!(fails(|| {
        // Leaked rather than in loom's `Arc`: loom's `Arc` cannot be dropped while loom's deadlock report unwinds
        // (the process would abort), and this test process must survive the report.
        let locks: &'static (Mutex<()>, Mutex<()>) = Box::leak(Box::new((Mutex::new(()), Mutex::new(()))));
        let t = thread::spawn(move || {
            let _b = locks.1.lock().unwrap();
            let _a = locks.0.lock().unwrap();
        });
        {
            let _a = locks.0.lock().unwrap();
            let _b = locks.1.lock().unwrap();
        }
        t.join().unwrap();
    }));
}

#[test]
fn channels_close_when_every_sender_is_gone() {
    std_or_loom::model(|| {
        let (tx, rx) = channel();
        let tx2 = tx.clone();
        let t = thread::spawn(move || tx2.send(1).unwrap());
        tx.send(2).unwrap();
        drop(tx);
        let mut all: Vec<i32> = rx.iter().collect();
        all.sort();
        assert_eq!(all, [1, 2]);
        t.join().unwrap();
    });
}

#[test]
fn a_send_to_a_dropped_receiver_fails_and_a_rendezvous_waits() {
    std_or_loom::model(|| {
        let (tx, rx) = channel::<u8>();
        drop(rx);
        assert!(tx.send(1).is_err());

        let (tx, rx) = sync_channel(0);
        let sent = Arc::new(AtomicBool::new(false));
        let done = Arc::clone(&sent);
        let t = thread::spawn(move || {
            tx.send(7).unwrap();
            done.store(true, Ordering::SeqCst);
        });
        // A rendezvous send returns only once the message was received, so before the receive it cannot be done.
        assert!(!sent.load(Ordering::SeqCst), "the send returned before anyone received");
        assert_eq!(rx.recv(), Ok(7));
        t.join().unwrap();
        assert!(sent.load(Ordering::SeqCst));
    });
}

#[test]
fn condvar_rwlock_and_barrier_behave_like_std() {
    std_or_loom::model(|| {
        let state = Arc::new((Mutex::new(false), Condvar::new(), RwLock::new(0), Barrier::new(2)));
        let other = Arc::clone(&state);
        let t = thread::spawn(move || {
            let (ready, changed, value, barrier) = &*other;
            *value.write().unwrap() += 1;
            *ready.lock().unwrap() = true;
            changed.notify_all();
            barrier.wait().is_leader()
        });
        let (ready, changed, value, barrier) = &*state;
        drop(changed.wait_while(ready.lock().unwrap(), |ready| !*ready).unwrap());
        assert_eq!(*value.read().unwrap(), 1);
        let leaders = [barrier.wait().is_leader(), t.join().unwrap()];
        assert_eq!(leaders.iter().filter(|l| **l).count(), 1, "a barrier round has exactly one leader");
    });
}

/// A model that fails in its first execution, after operations of every kind the dump has to show.
#[test]
#[ignore = "run as a child process by `the_failing_execution_is_dumped_once`"]
fn child_failing_model() {
    let first = catch_unwind(|| {
        std_or_loom::model(|| {
            let counter = Arc::new(AtomicUsize::new(5));
            let lock = Arc::new(Mutex::new(7u32));
            let other = (Arc::clone(&counter), Arc::clone(&lock));
            let t = thread::spawn(move || {
                other.0.fetch_add(2, Ordering::Relaxed);
                *other.1.lock().unwrap() += 1;
            });
            t.join().unwrap();
            let _ = counter.compare_exchange(0, 1, Ordering::AcqRel, Ordering::Acquire);
            let message = "first \"failure\"\nwith\ttabs";
            assert_eq!(counter.load(Ordering::SeqCst), 0, "{message}");
        });
    });
    assert!(first.is_err());
    // A second failing model in the same process must not replace the first one's dump.
    std_or_loom::model(|| panic!("second failure"));
}

#[test]
fn the_failing_execution_is_dumped_once() {
    let dump = temporary("dump.jsonl");
    let _ = std::fs::remove_file(&dump);
    let output = child("child_failing_model").env("TUTOR_TIMELINE", &dump).output().unwrap();
    assert!(!output.status.success(), "the child's second model fails");
    let text = std::fs::read_to_string(&dump).expect("the dump was written");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with(r#"{"kind":"model","version":1,"loc":"#), "{}", lines[0]);
    assert!(lines[0].contains("tests/modelled.rs:"), "{}", lines[0]);
    assert!(text.contains(r#""op":"spawn""#) && text.contains(r#""child":1"#), "{text}");
    assert!(
        text.contains(r#""thread":1,"op":"rmw""#)
            && text.contains(r#""name":"fetch_add","arg":"2","from":"5","to":"7","order":"Relaxed""#),
        "{text}"
    );
    assert!(text.contains(r#""op":"lock","#) && text.contains(r#""ok":true,"val":"7""#), "{text}");
    assert!(text.contains(r#""op":"unlock","#) && text.contains(r#""val":"8""#), "{text}");
    assert!(text.contains(r#""op":"join""#), "{text}");
    assert!(
        text.contains(r#""op":"cas","#) && text.contains(r#""expect":"0","to":"1","ok":false,"val":"7""#),
        "{text}"
    );
    let last = lines.last().unwrap();
    assert!(last.starts_with(r#"{"kind":"panic","thread":0,"loc":""#), "{last}");
    assert!(last.contains(r#"first \"failure\"\nwith\ttabs"#), "the first panic, escaped: {last}");
    assert!(!text.contains("second failure"), "a later panic replaced the dump:\n{text}");
}

#[test]
#[ignore = "run as a child process by `nothing_is_written_without_the_variable`"]
fn child_model_with_a_deadlock() {
    std_or_loom::model(|| {
        let lock = Mutex::new(());
        let _held = lock.lock().unwrap();
        let _again = lock.lock().unwrap();
    });
}

#[test]
fn a_deadlock_is_dumped_with_the_waiting_lock() {
    let dump = temporary("deadlock.jsonl");
    let _ = std::fs::remove_file(&dump);
    let output = child("child_model_with_a_deadlock").env("TUTOR_TIMELINE", &dump).output().unwrap();
    assert!(!output.status.success());
    let text = std::fs::read_to_string(&dump).expect("the dump was written");
    let ops: Vec<&str> = text.lines().filter(|l| l.contains(r#""kind":"op""#)).collect();
    assert_eq!(ops.len(), 4, "new, lock_wait, lock, lock_wait:\n{text}");
    assert!(ops[3].contains(r#""op":"lock_wait""#), "{}", ops[3]);
    assert!(text.lines().last().unwrap().contains(r#""thread":null"#), "loom's own report has no thread:\n{text}");
    assert!(text.contains("deadlock"), "{text}");
}

#[test]
fn nothing_is_written_without_the_variable() {
    let dir = temporary("quiet");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for value in [None, Some("")] {
        let mut cmd = child("child_model_with_a_deadlock");
        cmd.current_dir(&dir).env_remove("TUTOR_TIMELINE");
        if let Some(value) = value {
            cmd.env("TUTOR_TIMELINE", value);
        }
        assert!(!cmd.output().unwrap().status.success());
    }
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "recording is off, so nothing is written");
}

fn child(test: &str) -> Command {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args(["--ignored", "--exact", test, "--test-threads=1"]).env("LOOM_MAX_PREEMPTIONS", "2");
    cmd
}

fn temporary(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("std_or_loom-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}
