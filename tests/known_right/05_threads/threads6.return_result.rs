// known right: returns what `Builder::spawn` gives, which already is an `io::Result<JoinHandle<_>>`
// threads6: naming threads with `thread::Builder`
//
// A print spooler runs several worker threads. When one of them misbehaves, the log
// line, the panic message and the debugger should say WHICH one: "spooler-2", not
// "<unnamed>". `thread::spawn` cannot name a thread; `std::thread::Builder` can (it
// can also set the stack size). Its `spawn` returns an `io::Result`, because asking the
// OS for a new thread can fail, and this function passes that error on to its caller.
//
// SOLVED. `Builder::new()` collects the settings for ONE thread; `.name(...)` takes a
// `String`; `.spawn(closure)` starts the thread with those settings. Unlike
// `thread::spawn`, which panics if the OS refuses to create a thread, `Builder::spawn`
// reports that as an `io::Error`, so `?` can pass it up to whoever asked for the
// spooler. The name is attached to the thread itself: both the handle
// (`handle.thread().name()`) and the running code (`thread::current().name()`) see it,
// and so do panic messages ("thread 'spooler-3' panicked at ...").

use std::io;
use std_or_loom::thread::{self, JoinHandle};

fn start_spooler(id: u32, jobs: Vec<String>) -> io::Result<JoinHandle<Vec<String>>> {
    thread::Builder::new().name(format!("spooler-{id}")).spawn(move || {
        let me = thread::current().name().unwrap_or("<unnamed>").to_string();
        jobs.into_iter().map(|job| format!("{me} printed {job}")).collect()
    })
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
