// known right: `PhantomData<*mut u8>` imported by name: any raw pointer type works
// async6: a handle that must stay home
//
// A kiosk draws on its screen through a `Canvas`. The (pretend) graphics library behind it only works on the thread
// that opened the canvas, like many real GUI and graphics APIs. Rust can enforce that: if `Canvas` is not `Send`, it
// can't be moved to another thread, and a future holding a Canvas across an `.await` isn't Send either, so
// `tokio::spawn` (whose tasks may hop between worker threads) rejects it. Such work can still run concurrently on ONE
// thread with a `LocalSet` and `spawn_local`, which is what the test does.
//
// Right now `Canvas` is an ordinary struct, so it is Send and Sync, and both compile checks below compile:
// `--cfg check_not_send` spawns a task holding a Canvas across an await, and `--cfg check_not_sync` lends a `&Canvas`
// to another thread, which could then draw from there. The tutor requires both checks to FAIL (with "future cannot be
// sent between threads safely", and with E0277).
//
// What to do: make `Canvas` neither Send nor Sync, without changing its methods and without any `unsafe`. Rust has no
// stable `impl !Send`, but a type is Send (or Sync) only if all of its fields are: add a zero-sized field
// (`std::marker::PhantomData` of something that is neither). Careful: some types are only one of the two. Do not
// change the checks or the tests.

use std::marker::PhantomData;

pub struct Canvas {
    id: u32,
    not_send: PhantomData<*mut u8>,
}

impl Canvas {
    pub fn open(id: u32) -> Self {
        Canvas { id, not_send: PhantomData }
    }

    pub fn draw(&self, text: &str) -> String {
        format!("canvas {}: {text}", self.id)
    }
}

#[cfg(check_not_send)]
fn draw_on_any_thread() {
    tokio::spawn(async {
        let canvas = Canvas::open(1);
        tokio::task::yield_now().await;
        canvas.draw("from who knows which thread");
    });
}

#[cfg(check_not_sync)]
fn draw_from_a_helper_thread(canvas: &Canvas) {
    std::thread::scope(|s| {
        s.spawn(|| canvas.draw("from a helper thread"));
    });
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_tasks_can_share_the_screen() {
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let local = tokio::task::LocalSet::new();
        let lines = local.block_on(&runtime, async {
            let banner = tokio::task::spawn_local(async {
                let canvas = Canvas::open(1);
                tokio::task::yield_now().await;
                canvas.draw("welcome")
            });
            let clock = tokio::task::spawn_local(async { Canvas::open(2).draw("12:00") });
            [banner.await.unwrap(), clock.await.unwrap()]
        });
        assert_eq!(lines, ["canvas 1: welcome", "canvas 2: 12:00"]);
    }
}
