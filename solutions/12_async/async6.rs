// async6: a handle that must stay home (solution)
//
// `Send` is an auto trait: the compiler implements it for a struct exactly when every field is Send. A raw pointer is
// not Send, so a `PhantomData<*const ()>` field (zero bytes, no runtime cost) is enough to make `Canvas` !Send, and
// no `unsafe` is involved: we are taking a promise AWAY, which is always safe. A raw pointer is not Sync either, so
// Canvas is also !Sync, which a thread-bound handle needs just as much: a `&Canvas` lent to another thread could call
// `draw` there. That is the second check.
//
// The effect reaches into async code: a future is a struct whose fields include every local alive at an `.await`,
// so a future that keeps a Canvas across an await is !Send, and `tokio::spawn` rejects it. That's the check.
// `spawn_local` on a `LocalSet` never moves tasks between threads, so it accepts !Send futures: that's the right
// tool for thread-bound work, and why the test still passes.
// A `PhantomData<Cell<()>>` would NOT do: `Cell` is Send (only !Sync), so Canvas would stay Send. Nor would a
// `PhantomData<MutexGuard<'static, ()>>`: a guard is !Send but Sync, so Canvas would stay Sync.

use std::marker::PhantomData;

pub struct Canvas {
    id: u32,
    _thread_bound: PhantomData<*const ()>,
}

impl Canvas {
    pub fn open(id: u32) -> Self {
        Canvas { id, _thread_bound: PhantomData }
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
