//! The project as reconcile reads it: the files on disk, or, while an
//! interrupted apply's journal is committed, the files as that apply left
//! them to be (`journal::pending`), so `plan` and `check` see every file old
//! or every file new without writing anything.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::write::{self, WriteError};

pub struct Disk {
    root: PathBuf,
    pending: BTreeMap<String, Option<PathBuf>>,
}

impl Disk {
    pub fn new(root: &Path) -> Disk {
        Disk {
            root: root.to_path_buf(),
            pending: BTreeMap::new(),
        }
    }

    /// With a committed journal's files read as if it were finished.
    pub fn with_pending(root: &Path, pending: BTreeMap<String, Option<PathBuf>>) -> Disk {
        Disk {
            root: root.to_path_buf(),
            pending,
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Reads `relative` if it exists (confined like a write).
    pub fn read(&self, relative: &str) -> Result<Option<String>, WriteError> {
        match self.pending.get(relative) {
            None => write::read(&self.root, relative),
            Some(None) => write::confine(&self.root, relative).map(|_| None),
            Some(Some(temp)) => match std::fs::read(temp) {
                Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|_| WriteError::Read {
                    path: relative.to_owned(),
                    source: std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8"),
                }),
                // Already renamed into place.
                Err(_) => write::read(&self.root, relative),
            },
        }
    }
}
