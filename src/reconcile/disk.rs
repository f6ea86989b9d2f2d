//! The project as reconcile reads it: the files on disk, or, while an
//! interrupted apply's journal is committed, the files as that apply left
//! them to be (`journal::pending`), so `plan` and `check` see every file old
//! or every file new without writing anything.

use std::cell::{OnceCell, RefCell};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::write::{self, WriteError};

pub struct Disk {
    root: PathBuf,
    pending: BTreeMap<String, Option<PathBuf>>,
    /// The root resolved once, and the directories under it already seen
    /// to be directories, not links: a plan reads dozens of files.
    real_root: OnceCell<Option<PathBuf>>,
    seen: RefCell<BTreeSet<String>>,
}

impl Disk {
    pub fn new(root: &Path) -> Disk {
        Disk::with_pending(root, BTreeMap::new())
    }

    /// With a committed journal's files read as if it were finished.
    pub fn with_pending(root: &Path, pending: BTreeMap<String, Option<PathBuf>>) -> Disk {
        Disk {
            root: root.to_path_buf(),
            pending,
            real_root: OnceCell::new(),
            seen: RefCell::new(BTreeSet::new()),
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
            Some(Some(temp)) => match std::fs::read(temp) {
                Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|_| WriteError::Read {
                    path: relative.to_owned(),
                    source: std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8"),
                }),
                // Already renamed into place.
                Err(_) => self.read_file(relative),
            },
        }
    }

    fn read_file(&self, relative: &str) -> Result<Option<String>, WriteError> {
        match self.real_root.get_or_init(|| self.root.canonicalize().ok()) {
            Some(real) => write::read_under(real, relative, &mut self.seen.borrow_mut()),
            // Let `read` say why the root cannot be resolved.
            None => write::read(&self.root, relative),
        }
    }
}
