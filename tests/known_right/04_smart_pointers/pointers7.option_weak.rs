// known right: stores Option<Weak<Folder>> (None for the root) instead of an empty Weak
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
use std::rc::{Rc, Weak};

thread_local! {
    static FOLDERS_DROPPED: Cell<usize> = const { Cell::new(0) };
}

pub fn folders_dropped() -> usize {
    FOLDERS_DROPPED.with(Cell::get)
}

pub struct Folder {
    pub name: String,
    parent: Option<Weak<Folder>>,
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
        let link = Some(Rc::downgrade(parent));
        let child = Rc::new(Folder { name: name.into(), parent: link, children: RefCell::default() });
        parent.children.borrow_mut().push(Rc::clone(&child));
        child
    }

    /// The parent folder, if there is one and it still exists.
    pub fn parent(&self) -> Option<Rc<Folder>> {
        self.parent.as_ref().and_then(Weak::upgrade)
    }

    pub fn path(&self) -> String {
        self.parent().map_or(self.name.clone(), |p| format!("{}/{}", p.path(), self.name))
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropping_the_root_frees_the_whole_tree() {
        let before = folders_dropped();
        {
            let home = Folder::root("home");
            let ana = Folder::add_child(&home, "ana");
            Folder::add_child(&ana, "photos");
            Folder::add_child(&home, "bo");
            assert_eq!(Rc::strong_count(&home), 1, "only the `home` handle should own the root");
        }
        assert_eq!(folders_dropped() - before, 4, "all four folders should have been freed");
    }

    #[test]
    fn paths_and_orphans() {
        let photos = {
            let home = Folder::root("home");
            let ana = Folder::add_child(&home, "ana");
            let photos = Folder::add_child(&ana, "photos");
            assert_eq!(photos.path(), "home/ana/photos");
            photos
        };
        // `home` and `ana` are gone now, and `photos` has to notice.
        assert!(photos.parent().is_none());
        assert_eq!(photos.path(), "photos");
    }
}
