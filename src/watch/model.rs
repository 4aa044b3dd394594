//! What the watch screen shows, as data. The controller (`mod.rs`) builds a [`Frame`] from its state and the session
//! for every draw; the screen (`screen.rs`) only lays it out. The texts in it are already rendered by `view.rs`
//! (styled when colour is on); positions, widths and what fits are the screen's business.

use std::time::Duration;

use super::keys::Keymap;
use crate::view::Tone;

pub struct Frame {
    pub header: Header,
    pub view: ViewModel,
    /// Which keys apply, for the status line.
    pub keymap: Keymap,
}

pub struct Header {
    pub done: usize,
    pub total: usize,
    /// The chapter of the exercise on screen.
    pub chapter: Option<String>,
    /// The exercise on screen; None once every exercise is done and none was chosen.
    pub exercise: Option<Shown>,
    pub checking: Option<Checking>,
    /// The classroom's state, when the learner joined one.
    pub classroom: Option<(String, Tone)>,
}

/// The exercise on screen.
pub struct Shown {
    pub name: String,
    /// Its path, a link when colour is on.
    pub link: String,
    /// Done already: the learner came back to it.
    pub done: bool,
}

/// A check in progress: which exercise, for how long so far, and its time limit.
pub struct Checking {
    pub name: String,
    pub elapsed: Duration,
    pub limit: Duration,
}

pub enum ViewModel {
    /// The verdict: `pinned` (the one-paragraph summary, always in sight) above `scrolled` (notes, hints, the
    /// compiler's and the program's output).
    Main {
        pinned: String,
        scrolled: String,
    },
    /// A long text to read at leisure: an error code's explanation.
    Pager {
        title: String,
        text: String,
    },
    List(ListModel),
}

/// The list of exercises, as filtered and searched.
pub struct ListModel {
    pub rows: Vec<ListRow>,
    /// The chosen row (an index into `rows`), if any row is left.
    pub selected: Option<usize>,
    /// What the learner searches for, and whether they are still typing it.
    pub search: Option<(String, bool)>,
    /// Which exercises are shown: "all", "pending" or "done".
    pub filter: &'static str,
    /// A line about what just happened (a reset), or a question waiting for y/n.
    pub note: Option<String>,
}

pub struct ListRow {
    /// The exercise's number in the pack (one-based).
    pub number: usize,
    pub name: String,
    pub chapter: String,
    /// "done", "current" or "pending", and how it is painted.
    pub status: (&'static str, Tone),
    pub path: String,
}
