//! The project as reconcile reads it: the files on disk, or, while an
//! interrupted apply's journal is committed, the files as that apply left
//! them to be (`journal::pending`), so `plan` and `check` see every file old
//! or every file new without writing anything.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::read::Tree;
use crate::write::{self, WriteError};

pub struct Disk {
    root: PathBuf,
    pending: BTreeMap<String, Option<String>>,
    /// The root opened once for the run (`None` until the first read).
    tree: RefCell<Option<Tree>>,
}

impl Disk {
    pub fn new(root: &Path) -> Disk {
        Disk::with_pending(root, BTreeMap::new())
    }

    /// With a committed journal's files read as if it were finished.
    pub fn with_pending(root: &Path, pending: BTreeMap<String, Option<String>>) -> Disk {
        Disk {
            root: root.to_path_buf(),
            pending,
            tree: RefCell::new(None),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Reads `relative` if it exists (confined like a write).
    pub fn read(&self, relative: &str) -> Result<Option<String>, WriteError> {
        match self.pending.get(relative) {
            None => self.read_file(relative),
            Some(None) => write::confine(&self.root, relative).map(|_| None),
            // The journal's temporary file, read with the same care; gone
            // means already renamed into place.
            Some(Some(temp)) => match self.read_file(temp)? {
                Some(text) => Ok(Some(text)),
                None => self.read_file(relative),
            },
        }
    }

    fn read_file(&self, relative: &str) -> Result<Option<String>, WriteError> {
        let mut tree = self.tree.borrow_mut();
        if tree.is_none() {
            *tree = Some(Tree::open(&self.root)?);
        }
        tree.as_mut().expect("just opened").read(relative)
    }
}
