// known wrong: turns a failed spawn into a panic with a `match` instead of passing the error on
// threads6: naming threads with `thread::Builder`
//
// A print spooler runs several worker threads. When one of them misbehaves, the log
// line, the panic message and the debugger should say WHICH one: "spooler-2", not
// "<unnamed>". `thread::spawn` cannot name a thread; `std::thread::Builder` can (it
// can also set the stack size). Its `spawn` returns an `io::Result`, because asking the
// OS for a new thread can fail, and this function passes that error on to its caller.
//
// Your task: start the worker with a `thread::Builder` so that it is named
// `spooler-<id>`, and pass a failed spawn on to the caller with `?` (the tutor
// refuses `unwrap`, `expect` and `panic!` in this file: the caller decides what a
// missing spooler means). Keep the closure as it is and do not change the tests.

use std::io;
use std_or_loom::thread::{self, JoinHandle};

fn start_spooler(id: u32, jobs: Vec<String>) -> io::Result<JoinHandle<Vec<String>>> {
    let spawned = thread::Builder::new().name(format!("spooler-{id}")).spawn(move || {
        let me = thread::current().name().unwrap_or("<unnamed>").to_string();
        jobs.into_iter().map(|job| format!("{me} printed {job}")).collect()
    });
    let handle = match spawned {
        Ok(handle) => handle,
        Err(e) => panic!("could not start spooler-{id}: {e}"),
    };
    Ok(handle)
}

fn main() -> io::Result<()> {
    let worker = start_spooler(1, vec!["menu.pdf".to_string()])?;
    match worker.join() {
        Ok(lines) => lines.iter().for_each(|line| println!("{line}")),
        Err(_) => eprintln!("the spooler crashed"),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_handle_knows_the_name() {
        let worker = start_spooler(7, Vec::new()).expect("could not start a thread");
        assert_eq!(worker.thread().name(), Some("spooler-7"));
        assert!(worker.join().unwrap().is_empty());
    }

    #[test]
    fn the_worker_knows_its_name() {
        let jobs = vec!["invoice.pdf".to_string(), "badge.png".to_string()];
        let worker = start_spooler(3, jobs).expect("could not start a thread");
        assert_eq!(worker.join().unwrap(), ["spooler-3 printed invoice.pdf", "spooler-3 printed badge.png"]);
    }
}
