// known right: `?` after `map_err`, inside a function that returns a `Result`
// threads4: when a thread panics
//
// A print shop renders every job on its own thread. The renderer comes from a
// supplier and panics on malformed jobs. A panic only unwinds the thread it happens
// in: the rest of the program keeps going, and the thread's `JoinHandle` reports what
// happened. `join()` returns `Ok(value)` if the thread finished normally and
// `Err(payload)` if it panicked, where the payload is whatever was passed to `panic!`.
//
// SOLVED. A panic is not an exception that travels to the caller: it unwinds only the
// thread it happens in, and that thread's `join()` then returns `Err(payload)`. Calling
// `.unwrap()` on that re-raised the panic in the caller, which is exactly what we wanted
// to avoid. Matching on the result keeps the two outcomes apart: `Ok` carries the page
// count, `Err` carries the payload, which we turn into a readable message. One bad job
// now becomes an ordinary `Err` for the caller to handle, and the shop keeps printing.

use std::any::Any;
use std_or_loom::thread;

/// The supplier's renderer: "3x booklet" -> number of pages. Panics on bad input.
fn render(job: &str) -> u32 {
    if job.trim().is_empty() {
        panic!("nothing to print");
    }
    let (copies, kind) = job.split_once('x').expect("a job looks like `<copies>x <kind>`");
    let copies: u32 = copies.trim().parse().expect("copies must be a whole number");
    let pages_each = match kind.trim() {
        "poster" => 1,
        "flyer" => 2,
        "booklet" => 12,
        other => panic!("cannot print a {other}"),
    };
    copies * pages_each
}

/// A panic payload is a `Box<dyn Any + Send>`. `panic!("literal")` carries a `&str`,
/// a panic with a formatted message carries a `String`; anything else is possible too.
fn panic_message(payload: Box<dyn Any + Send>) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        text.to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "the renderer panicked".to_string()
    }
}

fn print_job(job: String) -> Result<u32, String> {
    let renderer = thread::spawn(move || render(&job));
    let pages = renderer.join().map_err(panic_message)?;
    Ok(pages)
    // The same thing in one line: `renderer.join().map_err(panic_message)`
}

fn main() {
    for job in ["3x booklet", "2x banner", "10x poster"] {
        println!("{job}: {:?}", print_job(job.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The renderer's panics are expected: only panics on the test threads themselves (a failed assertion) are
    /// printed.
    fn quiet_renderers() {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            let report = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                if std::thread::current().name().is_some_and(|name| name.starts_with("tests::")) {
                    report(info);
                }
            }));
        });
    }

    #[test]
    fn good_jobs_are_counted() {
        quiet_renderers();
        assert_eq!(print_job("3x booklet".to_string()), Ok(36));
        assert_eq!(print_job(" 5 x flyer ".to_string()), Ok(10));
    }

    #[test]
    fn unknown_kind_is_an_error() {
        quiet_renderers();
        assert_eq!(print_job("2x banner".to_string()), Err("cannot print a banner".to_string()));
    }

    #[test]
    fn garbage_is_an_error_too() {
        quiet_renderers();
        let err = print_job("lots of posters".to_string()).unwrap_err();
        assert!(err.contains("a job looks like"), "unexpected message: {err}");
        let err = print_job("twox poster".to_string()).unwrap_err();
        assert!(err.contains("copies must be a whole number"), "unexpected message: {err}");
        assert_eq!(print_job("  ".to_string()), Err("nothing to print".to_string()));
    }
}
