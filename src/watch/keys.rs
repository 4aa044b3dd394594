//! The key-event source, and what each key means on each view.
//!
//! A thread blocks on the terminal (no polling: an idle tutor sleeps) and sends key presses and resizes to the watch
//! loop. In raw mode Ctrl-C is not a signal but a key like any other, so it arrives here too.

use std::sync::mpsc::Sender;

use anyhow::{Context, Result};
use crossterm::event::{self, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::Event;

/// Starts the thread that reads the terminal. It ends when the watch loop is gone.
pub fn start(events: Sender<Event>) -> Result<()> {
    std::thread::Builder::new()
        .name("keys".into())
        .spawn(move || {
            loop {
                let sent = match event::read() {
                    // Terminals that report releases too (kitty's protocol) would otherwise act twice per key.
                    Ok(event::Event::Key(key)) if key.kind != KeyEventKind::Release => events.send(Event::Key(key)),
                    Ok(event::Event::Resize(..)) => events.send(Event::Resize),
                    Ok(_) => Ok(()),
                    Err(error) => {
                        let _ = events.send(Event::InputError(error.to_string()));
                        return;
                    }
                };
                if sent.is_err() {
                    return;
                }
            }
        })
        .context("failed to start a thread to read the keyboard")?;
    Ok(())
}

/// The view a key press is meant for: the same key means different things on each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keymap {
    /// The verdict of the current exercise.
    Main,
    /// A long text to read, such as an error code's explanation.
    Pager,
    /// The list of exercises.
    List,
}

/// What the learner asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Hint,
    Explain,
    List,
    Next,
    Previous,
    Rerun,
    Clear,
    /// Leave the pager or the list.
    Back,
    /// Go to the exercise chosen in the list.
    Choose,
    /// Restore the exercise chosen in the list as shipped.
    Reset,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
}

/// The action of a key press on a view, if it has one.
pub fn action(key: KeyEvent, keymap: Keymap) -> Option<Action> {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return match key.code {
            KeyCode::Char('c') => Some(Action::Quit),
            KeyCode::Char('d' | 'f') => Some(Action::PageDown),
            KeyCode::Char('u' | 'b') => Some(Action::PageUp),
            _ => None,
        };
    }
    let moves = match key.code {
        KeyCode::Up | KeyCode::Char('k') => Some(Action::Up),
        KeyCode::Down | KeyCode::Char('j') => Some(Action::Down),
        KeyCode::PageUp => Some(Action::PageUp),
        KeyCode::PageDown | KeyCode::Char(' ') => Some(Action::PageDown),
        KeyCode::Home | KeyCode::Char('g') => Some(Action::Top),
        KeyCode::End | KeyCode::Char('G') => Some(Action::Bottom),
        _ => None,
    };
    if moves.is_some() {
        return moves;
    }
    match (keymap, key.code) {
        (Keymap::Main, KeyCode::Char('q')) => Some(Action::Quit),
        (Keymap::Main, KeyCode::Char('h')) => Some(Action::Hint),
        (Keymap::Main, KeyCode::Char('e')) => Some(Action::Explain),
        (Keymap::Main, KeyCode::Char('l')) => Some(Action::List),
        (Keymap::Main, KeyCode::Char('n')) => Some(Action::Next),
        (Keymap::Main, KeyCode::Char('p')) => Some(Action::Previous),
        (Keymap::Main, KeyCode::Char('r')) => Some(Action::Rerun),
        (Keymap::Main, KeyCode::Char('c')) => Some(Action::Clear),
        (Keymap::Pager, KeyCode::Char('q' | 'e') | KeyCode::Esc) => Some(Action::Back),
        (Keymap::List, KeyCode::Char('q' | 'l') | KeyCode::Esc) => Some(Action::Back),
        (Keymap::List, KeyCode::Enter | KeyCode::Char('c')) => Some(Action::Choose),
        (Keymap::List, KeyCode::Char('r')) => Some(Action::Reset),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn keys_mean_what_the_status_line_says() {
        assert_eq!(action(key(KeyCode::Char('h')), Keymap::Main), Some(Action::Hint));
        assert_eq!(action(key(KeyCode::Char('q')), Keymap::Main), Some(Action::Quit));
        assert_eq!(action(key(KeyCode::Char('q')), Keymap::Pager), Some(Action::Back));
        assert_eq!(action(key(KeyCode::Char('r')), Keymap::Main), Some(Action::Rerun));
        assert_eq!(action(key(KeyCode::Char('r')), Keymap::List), Some(Action::Reset));
        assert_eq!(action(key(KeyCode::Enter), Keymap::List), Some(Action::Choose));
        assert_eq!(action(key(KeyCode::Char('x')), Keymap::Main), None);
    }

    #[test]
    fn ctrl_c_quits_from_every_view() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for keymap in [Keymap::Main, Keymap::Pager, Keymap::List] {
            assert_eq!(action(ctrl_c, keymap), Some(Action::Quit));
        }
    }
}
