// known wrong: `PhantomData<Cell<()>>` only removes Sync; `Cell` is Send, so `Canvas` stays Send and a spawned task may carry it to another thread; the check_not_send compile check must reject it
//
// async6: a handle that must stay home (careless fix: a marker that removes the wrong trait)

use std::cell::Cell;
use std::marker::PhantomData;

pub struct Canvas {
    id: u32,
    _thread_bound: PhantomData<Cell<()>>,
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
