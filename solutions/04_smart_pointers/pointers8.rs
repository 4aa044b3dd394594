// pointers8.rs (solution)
//
// A note-taking app with undo. Before each edit the app calls `snapshot()`,
// and `undo()` goes back to the last snapshot. Drafts can be long, so a
// snapshot must be cheap: it should SHARE the current text, not copy it.

use std::rc::Rc;

// Choosing the pointer is choosing what "sharing" means:
//   Box<T>          one owner, no sharing.
//   Rc<T>           many owners, all see the same value, nobody mutates it.
//   Rc<RefCell<T>>  many owners, all see the same value, and a mutation by
//                   one is seen by all. That is what a chat room wants
//                   (pointers5), and exactly what an undo history does NOT:
//                   a snapshot must keep its old value.
//   Rc<T> + Rc::make_mut
//                   many owners share the value until someone wants to change
//                   it; that one gets a private copy first ("clone on write").
//
// `Rc::make_mut(&mut self.current)` returns `&mut String`:
//   - if this Rc is the only strong handle, it is the original String, and no
//     copy happens (typing twice in a row copies at most once);
//   - if a snapshot still shares it, it clones the String into a fresh Rc,
//     points `self.current` at that, and returns the copy. The snapshot keeps
//     the old text untouched.
// Taking `&mut self.current` is what makes this sound: the Rc we hold is the
// one being replaced, and no other handle can observe the write.
pub struct Editor {
    current: Rc<String>,
    history: Vec<Rc<String>>,
}

impl Editor {
    pub fn new(text: &str) -> Self {
        Editor { current: Rc::new(text.to_string()), history: Vec::new() }
    }

    // Still cheap: one more handle, one more count.
    pub fn snapshot(&mut self) {
        self.history.push(Rc::clone(&self.current));
    }

    pub fn type_text(&mut self, text: &str) {
        Rc::make_mut(&mut self.current).push_str(text);
    }

    pub fn text(&self) -> String {
        String::clone(&self.current)
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
