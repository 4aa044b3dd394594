// pointers7.rs (solution)
//
// A file manager keeps folders in a tree. A folder owns its children through
// `Rc` (the UI holds handles to folders too); each child links back to its
// parent to print its full path.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

thread_local! {
    static FOLDERS_DROPPED: Cell<usize> = const { Cell::new(0) };
}

pub fn folders_dropped() -> usize {
    FOLDERS_DROPPED.with(Cell::get)
}

// An `Rc` keeps its value alive while its STRONG count is above zero. With
// `Rc` in both directions, parent and child each held a strong count of the
// other: after every outside handle was dropped the counts were still 1, so
// `drop` never ran. Rust's safety rules do not forbid leaks, and a reference
// cycle is the classic way to create one.
//
// `Weak<Folder>` is a non-owning handle: it raises only the WEAK count, which
// does not keep the folder alive. To use it you call `upgrade()`, which gives
// `Some(Rc)` while the folder exists and `None` once it has been dropped. So
// ownership now flows one way (parent -> children, `Rc`) and the back link
// only observes (child -> parent, `Weak`).
//
// A root has no parent: `Weak::new()` never upgrades, so no Option is needed.
pub struct Folder {
    pub name: String,
    parent: Weak<Folder>,
    children: RefCell<Vec<Rc<Folder>>>,
}

impl Drop for Folder {
    fn drop(&mut self) {
        FOLDERS_DROPPED.with(|n| n.set(n.get() + 1));
    }
}

impl Folder {
    pub fn root(name: &str) -> Rc<Folder> {
        Rc::new(Folder { name: name.into(), parent: Weak::new(), children: RefCell::default() })
    }

    pub fn add_child(parent: &Rc<Folder>, name: &str) -> Rc<Folder> {
        // `Rc::downgrade` makes a Weak to the same folder without touching
        // its strong count.
        let link = Rc::downgrade(parent);
        let child = Rc::new(Folder { name: name.into(), parent: link, children: RefCell::default() });
        parent.children.borrow_mut().push(Rc::clone(&child));
        child
    }

    /// The parent folder, if there is one and it still exists.
    //
    // `upgrade` hands out a temporary strong handle, so the parent cannot
    // vanish while the caller uses it; when that Rc is dropped the child is
    // back to a non-owning link.
    pub fn parent(&self) -> Option<Rc<Folder>> {
        self.parent.upgrade()
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
