// known right: clone on write by hand: copy the text only while a snapshot shares it, then edit through Rc::get_mut
// pointers8.rs
//
// A note-taking app with undo. Before each edit the app calls `snapshot()`,
// and `undo()` goes back to the last snapshot. Drafts can be long, so a
// snapshot must be cheap: it should SHARE the current text, not copy it.
//
// The author used `Rc<RefCell<String>>`, the "shared and mutable" recipe from
// pointers5. Snapshots are cheap, but typing after a snapshot changes the
// snapshot too, so undo restores nothing: shared mutation is the wrong tool
// when each holder should keep its OWN value.
//
// Your task: keep snapshots cheap, but make an edit copy the text when (and
// only when) a snapshot still shares it: an edit that shares with nobody
// changes the text in place. Change the types of `current` and `history`
// (keep their names) and update the methods (you won't need RefCell). Keep
// `is_shared` and the tests.

use std::rc::Rc;

pub struct Editor {
    current: Rc<String>,
    history: Vec<Rc<String>>,
}

impl Editor {
    pub fn new(text: &str) -> Self {
        Editor { current: Rc::new(text.to_string()), history: Vec::new() }
    }

    pub fn snapshot(&mut self) {
        self.history.push(Rc::clone(&self.current));
    }

    pub fn type_text(&mut self, text: &str) {
        if Rc::get_mut(&mut self.current).is_none() {
            self.current = Rc::new(String::clone(&self.current));
        }
        Rc::get_mut(&mut self.current).expect("the only handle now").push_str(text);
    }

    pub fn text(&self) -> String {
        self.current.as_ref().clone()
    }

    /// Goes back to the last snapshot; returns false if there is none.
    pub fn undo(&mut self) -> bool {
        let Some(saved) = self.history.pop() else {
            return false;
        };
        self.current = saved;
        true
    }

    /// True while the current text is shared with a snapshot (not yet copied).
    pub fn is_shared(&self) -> bool {
        Rc::strong_count(&self.current) > 1
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undo_restores_the_snapshot() {
        let mut ed = Editor::new("Dear team,");
        ed.snapshot();
        ed.type_text(" the party is off.");
        ed.snapshot();
        ed.type_text(" Sorry!");
        assert_eq!(ed.text(), "Dear team, the party is off. Sorry!");
        assert!(ed.undo());
        assert_eq!(ed.text(), "Dear team, the party is off.");
        assert!(ed.undo());
        assert_eq!(ed.text(), "Dear team,");
        assert!(!ed.undo());
    }

    #[test]
    fn snapshots_share_until_the_next_edit() {
        let mut ed = Editor::new("draft");
        ed.snapshot();
        assert!(ed.is_shared(), "a snapshot should not copy the text");
        ed.type_text(" 2");
        assert!(!ed.is_shared(), "the first edit after a snapshot gets its own copy");
        ed.type_text(" 3");
        assert_eq!(ed.text(), "draft 2 3");
    }

    #[test]
    fn an_unshared_text_is_edited_in_place() {
        let mut ed = Editor::new("notes");
        let text = Rc::as_ptr(&ed.current);
        ed.type_text(": milk");
        assert_eq!(Rc::as_ptr(&ed.current), text, "nobody shares the text, so an edit should not copy it");
        ed.snapshot();
        ed.type_text(", eggs");
        let copy = Rc::as_ptr(&ed.current);
        assert_ne!(copy, text, "the snapshot must keep the old text");
        ed.type_text(", tea");
        assert_eq!(Rc::as_ptr(&ed.current), copy, "the copy is not shared any more: edit it in place");
        assert_eq!(ed.text(), "notes: milk, eggs, tea");
        assert!(ed.undo());
        assert_eq!(ed.text(), "notes: milk");
    }
}
