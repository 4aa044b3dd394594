//! The normal build: std's own items under the shim's names, a loom-shaped `UnsafeCell`, and a `model` that runs once.
#![cfg(not(loom))]

use std::sync::atomic::AtomicU32;

use std_or_loom::cell::UnsafeCell;
use std_or_loom::sync::atomic::{AtomicUsize, Ordering};
use std_or_loom::sync::mpsc::channel;
use std_or_loom::sync::{Arc, Mutex};
use std_or_loom::thread;

#[test]
fn the_names_are_std_items() {
    // Type equality: these compile only if the shim re-exports std's types themselves.
    let _: std::sync::Mutex<u8> = Mutex::new(1);
    let _: std::sync::Arc<u8> = Arc::new(1);
    let _: std::sync::atomic::AtomicUsize = AtomicUsize::new(1);
    let (tx, rx): (std::sync::mpsc::Sender<u8>, std::sync::mpsc::Receiver<u8>) = channel();
    tx.send(3).unwrap();
    assert_eq!(rx.recv(), Ok(3));
    let t: std::thread::JoinHandle<u8> = thread::Builder::new().spawn(|| 4).unwrap();
    assert_eq!(t.join().unwrap(), 4);
}

#[test]
fn model_runs_its_closure_once() {
    static RUNS: AtomicU32 = AtomicU32::new(0);
    std_or_loom::model(|| {
        RUNS.fetch_add(1, Ordering::SeqCst);
    });
    assert_eq!(RUNS.load(Ordering::SeqCst), 1);
}

#[test]
fn unsafe_cell_has_loom_s_api() {
    let mut cell = UnsafeCell::new(5u64);
    cell.with_mut(|p| unsafe { *p += 1 });
    assert_eq!(cell.with(|p| unsafe { *p }), 6);
    *cell.get_mut() += 1;
    assert_eq!(cell.into_inner(), 7);
}

#[test]
fn scoped_threads_borrow() {
    let hits = AtomicUsize::new(0);
    thread::scope(|s| {
        s.spawn(|| hits.fetch_add(1, Ordering::SeqCst));
        s.spawn(|| hits.fetch_add(1, Ordering::SeqCst));
    });
    assert_eq!(hits.load(Ordering::SeqCst), 2);
}
