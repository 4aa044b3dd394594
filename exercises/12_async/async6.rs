// async6: a handle that must stay home
//
// A kiosk draws on its screen through a `Canvas`. The (pretend) graphics library behind it only works on the thread
// that opened the canvas, like many real GUI and graphics APIs. Rust can enforce that: if `Canvas` is not `Send`, it
// can't be moved to another thread, and a future holding a Canvas across an `.await` isn't Send either, so
// `tokio::spawn` (whose tasks may hop between worker threads) rejects it. Such work can still run concurrently on ONE
// thread with a `LocalSet` and `spawn_local`, which is what the test does.
//
// Right now `Canvas` is an ordinary struct, so it is Send, and the compile check below (`--cfg check_not_send`,
// which spawns a task holding a Canvas across an await) compiles. The tutor requires that check to FAIL with
// "future cannot be sent between threads safely".
//
// What to do: make `Canvas` not Send, without changing its methods and without any `unsafe`. Rust has no stable
// `impl !Send`, but a type is Send only if all of its fields are: add a zero-sized field (`std::marker::PhantomData`
// of something that is not Send). Do not change the check or the tests.

pub struct Canvas {
    id: u32,
}

impl Canvas {
    pub fn open(id: u32) -> Self {
        Canvas { id }
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
