//! Finding the services of a workspace: every `shipspec.yaml` under the
//! root, skipping what `.gitignore` (and `.ignore`) leave out and hidden
//! folders such as `.git/`, never following a symbolic link out of the root.

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

/// The answers file a service is recognised by.
pub(super) const ANSWERS: &str = "shipspec.yaml";

/// What the search found, sorted by path so the reports come in the same
/// order on every machine.
#[derive(Default)]
pub(super) struct Found {
    pub services: Vec<PathBuf>,
    /// Folders that could not be searched (unreadable, a path too long),
    /// each with why: reported as failures, never a reason to stop.
    pub unsearched: Vec<(PathBuf, String)>,
}

pub(super) fn services(root: &Path) -> Result<Found, String> {
    if !root.is_dir() {
        return Err(format!("{} is not a directory", shown(root)));
    }
    let mut found = Found::default();
    // `require_git(false)`: a .gitignore counts in a tree that is not (or
    // not yet) a git repository too.
    let walk = WalkBuilder::new(root)
        .follow_links(false)
        .require_git(false)
        .build();
    for entry in walk {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && entry.file_name() == ANSWERS {
                    found.services.push(tidy(entry.path()));
                }
            }
            Err(e) => {
                let path = error_path(&e).map_or_else(|| root.to_path_buf(), tidy);
                found.unsearched.push((path, e.to_string()));
            }
        }
    }
    found.services.sort();
    found.unsearched.sort();
    Ok(found)
}

/// The path an error of the walk is about, when it says.
fn error_path(e: &ignore::Error) -> Option<&Path> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => error_path(err),
        _ => None,
    }
}

/// `./a/shipspec.yaml` as `a/shipspec.yaml`: how the reports name it.
fn tidy(path: &Path) -> PathBuf {
    path.strip_prefix(".")
        .map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}

/// A path as reports print it.
pub(super) fn shown(path: &Path) -> String {
    crate::report::printable(&path.display().to_string())
}

/// Whether `dir` (a service's folder, relative to where shipspec runs)
/// still leads, through no symbolic link, to a folder inside `root`: the
/// search saw it so, but a folder may be swapped for a link afterwards.
pub(super) fn still_inside(root: &Path, dir: &Path) -> bool {
    let Ok(real_root) = root.canonicalize() else {
        return false;
    };
    let relative = dir.strip_prefix(root).unwrap_or(dir);
    let mut at = root.to_path_buf();
    for part in relative.components() {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.is_dir() && !meta.file_type().is_symlink() => {}
            _ => return false,
        }
    }
    at.canonicalize().is_ok_and(|real| real.starts_with(&real_root))
}

#[cfg(test)]
mod tests {
    use super::still_inside;

    #[test]
    fn a_folder_swapped_for_a_link_no_longer_counts_as_inside() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let service = root.path().join("svc/a");
        std::fs::create_dir_all(&service).unwrap();
        assert!(still_inside(root.path(), &service));
        std::fs::remove_dir(&service).unwrap();
        std::os::unix::fs::symlink(outside.path(), &service).unwrap();
        assert!(!still_inside(root.path(), &service));
        // A link higher up counts too.
        let root2 = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(root.path().join("svc"), root2.path().join("svc")).unwrap();
        assert!(!still_inside(root2.path(), &root2.path().join("svc/a")));
    }
}
