//! The terminal while the watch screen owns it: raw mode (single key presses, no echo), the alternate screen, a
//! hidden cursor, and the promise to give it all back however the tutor ends.
//!
//! Restoring happens in three places, whichever comes first: [`Terminal`]'s `Drop` (quitting with `q` or Ctrl-C,
//! an error), the panic hook (a panic: restored *before* the message is printed, so the message lands on the normal
//! screen and stays readable), and SIGTERM, SIGHUP, SIGINT and SIGQUIT, which become an [`Event::Terminate`] so that
//! the loop ends and the `Drop` runs.

use std::io::{Write, stdout};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;

use anyhow::{Context, Result};
use crossterm::cursor::{Hide, MoveTo, Show};
use crossterm::terminal::{
    self, BeginSynchronizedUpdate, Clear, ClearType, DisableLineWrap, EnableLineWrap, EndSynchronizedUpdate,
    EnterAlternateScreen, LeaveAlternateScreen,
};
use crossterm::{execute, queue, style::Print};
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::Signals;

use super::Event;

/// Whether the terminal is in the watch screen's state and must be restored.
static ACTIVE: AtomicBool = AtomicBool::new(false);
static PANIC_HOOK: Once = Once::new();

/// The terminal, set up for the watch screen until dropped.
pub struct Terminal(());

impl Terminal {
    pub fn enter() -> Result<Terminal> {
        PANIC_HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                restore();
                previous(info);
            }));
        });
        terminal::enable_raw_mode().context("failed to switch the terminal to single-key input (raw mode)")?;
        ACTIVE.store(true, Ordering::SeqCst);
        let terminal = Terminal(());
        // Lines are wrapped by the screen itself; the terminal's own wrapping would push the status line off.
        execute!(stdout(), EnterAlternateScreen, Hide, DisableLineWrap).context("failed to set up the terminal")?;
        Ok(terminal)
    }

    /// Columns and rows.
    pub fn size(&self) -> (usize, usize) {
        terminal::size().map_or((80, 24), |(w, h)| (usize::from(w), usize::from(h)))
    }

    /// Draws a whole frame: one string per row, each already fitted to the width.
    pub fn draw(&mut self, rows: &[String]) -> Result<()> {
        let mut out = std::io::BufWriter::with_capacity(64 * 1024, stdout().lock());
        // Terminals that support synchronized output show the frame at once, without tearing.
        queue!(out, BeginSynchronizedUpdate)?;
        for (row, text) in rows.iter().enumerate() {
            let row = u16::try_from(row).unwrap_or(u16::MAX);
            // Cleared before it is written: with line wrapping off, the cursor stays on the last column after a full
            // row, and clearing after the text would erase that column.
            queue!(out, MoveTo(0, row), Clear(ClearType::UntilNewLine), Print(text))?;
        }
        queue!(out, EndSynchronizedUpdate)?;
        out.flush().context("failed to draw the screen")
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        restore();
    }
}

/// Gives the terminal back as it was: main screen, cursor shown, line wrapping and cooked mode on. Safe to call
/// from any thread and more than once; only the first call does anything.
fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let _ = execute!(stdout(), EnableLineWrap, Show, LeaveAlternateScreen);
        let _ = terminal::disable_raw_mode();
    }
}

/// Turns the signals that end a program into [`Event::Terminate`], so that the loop ends and the terminal is
/// restored. In raw mode Ctrl-C is a key, not SIGINT; SIGINT still arrives from `kill -INT`.
pub fn forward_signals(events: Sender<Event>) -> Result<()> {
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT]).context("failed to set up signal handling")?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                if events.send(Event::Terminate(signal)).is_err() {
                    return;
                }
            }
        })
        .context("failed to start a thread to handle signals")?;
    Ok(())
}
