//! The keys: the one table of bindings that the key handler, the status line and every help text read, and the
//! key-event source.
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
    /// The verdict of the exercise on screen.
    Main,
    /// A long text to read, such as an error code's explanation.
    Pager,
    /// The list of exercises.
    List,
    /// The list, while the learner types what to search for.
    Search,
    /// A question that needs a yes before something is undone (resetting an exercise).
    Confirm,
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
    /// Leave the pager, the list, the search or the question.
    Back,
    /// Go to the exercise chosen in the list.
    Choose,
    /// Ask to restore the exercise chosen in the list as shipped.
    Reset,
    /// Start typing a search in the list.
    Search,
    /// Show all exercises, then only pending ones, then only done ones.
    Filter,
    Yes,
    No,
    /// A character typed into the search.
    Type(char),
    Erase,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
}

/// A key as the tables write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Char(char),
    Ctrl(char),
    Enter,
    Esc,
    Backspace,
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
}

/// One binding: on a view, these keys do this; `label` and `help` are what the status line and the help say (a
/// binding without a label works but is not listed, such as `j` beside `↓`).
struct Binding {
    keymap: Keymap,
    keys: &'static [Key],
    action: Action,
    label: &'static str,
    help: &'static str,
}

const fn bind(
    keymap: Keymap,
    keys: &'static [Key],
    action: Action,
    label: &'static str,
    help: &'static str,
) -> Binding {
    Binding { keymap, keys, action, label, help }
}

use Keymap::{Confirm, List, Main, Pager, Search};

/// Every binding, in the order the status line and the help list them.
const BINDINGS: &[Binding] = &[
    bind(Main, &[Key::Char('h')], Action::Hint, "h", "hint"),
    bind(Main, &[Key::Char('e')], Action::Explain, "e", "explain"),
    bind(Main, &[Key::Char('l')], Action::List, "l", "list"),
    bind(Main, &[Key::Char('n')], Action::Next, "n/p", "next/prev"),
    bind(Main, &[Key::Char('p')], Action::Previous, "", ""),
    bind(Main, &[Key::Char('r')], Action::Rerun, "r", "re-run"),
    bind(Main, &[Key::Char('c')], Action::Clear, "c", "clear"),
    bind(Main, &[Key::Char('q')], Action::Quit, "q", "quit"),
    bind(Pager, &[Key::Up, Key::Down, Key::PageUp, Key::PageDown], Action::Down, "↑↓ PgUp PgDn", "scroll"),
    bind(Pager, &[Key::Char('q'), Key::Char('e'), Key::Esc], Action::Back, "q/Esc", "back"),
    bind(List, &[Key::Up, Key::Down], Action::Down, "↑↓", "choose"),
    bind(List, &[Key::Enter], Action::Choose, "Enter", "go to it"),
    bind(List, &[Key::Char('/')], Action::Search, "/", "search"),
    bind(List, &[Key::Char('f')], Action::Filter, "f", "all/pending/done"),
    bind(List, &[Key::Char('x')], Action::Reset, "x", "reset it"),
    bind(List, &[Key::Char('q'), Key::Char('l'), Key::Esc], Action::Back, "q/Esc", "back"),
    bind(Search, &[Key::Enter], Action::Back, "Enter", "done"),
    bind(Search, &[Key::Esc], Action::Back, "Esc", "clear the search"),
    bind(Search, &[Key::Backspace], Action::Erase, "", ""),
    bind(Confirm, &[Key::Char('y')], Action::Yes, "y", "yes"),
    bind(Confirm, &[Key::Char('n'), Key::Esc, Key::Char('q')], Action::No, "n/Esc", "no"),
];

/// Keys that move on every view but the search and the question (scrolling, or the choice in the list).
const MOVES: &[(Key, Action)] = &[
    (Key::Up, Action::Up),
    (Key::Char('k'), Action::Up),
    (Key::Down, Action::Down),
    (Key::Char('j'), Action::Down),
    (Key::PageUp, Action::PageUp),
    (Key::Ctrl('u'), Action::PageUp),
    (Key::Ctrl('b'), Action::PageUp),
    (Key::PageDown, Action::PageDown),
    (Key::Char(' '), Action::PageDown),
    (Key::Ctrl('d'), Action::PageDown),
    (Key::Ctrl('f'), Action::PageDown),
    (Key::Home, Action::Top),
    (Key::Char('g'), Action::Top),
    (Key::End, Action::Bottom),
    (Key::Char('G'), Action::Bottom),
];

fn key_of(event: KeyEvent) -> Option<Key> {
    if event.modifiers.contains(KeyModifiers::CONTROL) {
        return match event.code {
            KeyCode::Char(c) => Some(Key::Ctrl(c)),
            _ => None,
        };
    }
    Some(match event.code {
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        _ => return None,
    })
}

/// The action of a key press on a view, if it has one.
pub fn action(event: KeyEvent, keymap: Keymap) -> Option<Action> {
    let key = key_of(event)?;
    // Ctrl-C quits from every view.
    if key == Key::Ctrl('c') {
        return Some(Action::Quit);
    }
    if keymap != Search
        && keymap != Confirm
        && let Some((_, action)) = MOVES.iter().find(|(k, _)| *k == key)
    {
        return Some(*action);
    }
    if let Some(binding) = BINDINGS.iter().find(|b| b.keymap == keymap && b.keys.contains(&key)) {
        // A scrolling key listed on the status line as one entry ("↑↓ PgUp PgDn") moves as MOVES says.
        return Some(binding.action);
    }
    match (keymap, key) {
        (Search, Key::Char(c)) => Some(Action::Type(c)),
        _ => None,
    }
}

/// What the status line lists for a view: (keys, what they do).
pub fn listed(keymap: Keymap) -> Vec<(&'static str, &'static str)> {
    BINDINGS.iter().filter(|b| b.keymap == keymap && !b.label.is_empty()).map(|b| (b.label, b.help)).collect()
}

/// The keys of the main screen and the list as a Markdown table, for the help of `tutor watch` and the README of a
/// workspace.
pub fn help_table() -> String {
    let mut table = String::from("| key | what it does |\n| --- | --- |\n");
    for binding in BINDINGS.iter().filter(|b| matches!(b.keymap, Main | List) && !b.label.is_empty()) {
        let place = if binding.keymap == List { "in the list: " } else { "" };
        table.push_str(&format!("| `{}` | {place}{} |\n", binding.label, binding.help));
    }
    table
}

/// The keys of the main screen in one line, for `tutor watch --help`.
pub fn help_line() -> String {
    let main: Vec<String> = listed(Main).iter().map(|(key, what)| format!("{key} {what}")).collect();
    let list: Vec<String> = listed(List).iter().map(|(key, what)| format!("{key} {what}")).collect();
    format!("Keys: {}. In the list: {}.", main.join(", "), list.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn keys_mean_what_the_status_line_says() {
        assert_eq!(action(key(KeyCode::Char('h')), Main), Some(Action::Hint));
        assert_eq!(action(key(KeyCode::Char('q')), Main), Some(Action::Quit));
        assert_eq!(action(key(KeyCode::Char('q')), Pager), Some(Action::Back));
        assert_eq!(action(key(KeyCode::Char('r')), Main), Some(Action::Rerun));
        assert_eq!(action(key(KeyCode::Char('r')), List), None, "r never resets: a search typed on the list would");
        assert_eq!(action(key(KeyCode::Char('x')), List), Some(Action::Reset));
        assert_eq!(action(key(KeyCode::Enter), List), Some(Action::Choose));
        assert_eq!(action(key(KeyCode::Char('/')), List), Some(Action::Search));
        assert_eq!(action(key(KeyCode::Char('x')), Search), Some(Action::Type('x')));
        assert_eq!(action(key(KeyCode::Char('j')), Search), Some(Action::Type('j')), "typing is not scrolling");
        assert_eq!(action(key(KeyCode::Char('y')), Confirm), Some(Action::Yes));
        assert_eq!(action(key(KeyCode::Char('x')), Main), None);
        // Every key the status line lists does something on its view.
        for keymap in [Main, Pager, List, Search, Confirm] {
            for binding in BINDINGS.iter().filter(|b| b.keymap == keymap) {
                for k in binding.keys {
                    let event = match k {
                        Key::Char(c) => key(KeyCode::Char(*c)),
                        Key::Enter => key(KeyCode::Enter),
                        Key::Esc => key(KeyCode::Esc),
                        Key::Backspace => key(KeyCode::Backspace),
                        Key::Up => key(KeyCode::Up),
                        Key::Down => key(KeyCode::Down),
                        Key::PageUp => key(KeyCode::PageUp),
                        Key::PageDown => key(KeyCode::PageDown),
                        Key::Home => key(KeyCode::Home),
                        Key::End => key(KeyCode::End),
                        Key::Ctrl(c) => KeyEvent::new(KeyCode::Char(*c), KeyModifiers::CONTROL),
                    };
                    assert!(action(event, keymap).is_some(), "{k:?} on {keymap:?}");
                }
            }
        }
    }

    #[test]
    fn ctrl_c_quits_from_every_view() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for keymap in [Main, Pager, List, Search, Confirm] {
            assert_eq!(action(ctrl_c, keymap), Some(Action::Quit));
        }
    }

    #[test]
    fn the_readme_lists_the_keys_the_watch_has() {
        let readme = include_str!("../../README.md");
        for binding in BINDINGS.iter().filter(|b| matches!(b.keymap, Main | List) && !b.label.is_empty()) {
            let row = format!("| `{}` |", binding.label);
            assert!(readme.contains(&row), "README.md's key table lacks {row} ({})", binding.help);
        }
        assert!(help_table().contains("| `x` | in the list: reset it |"));
    }
}
