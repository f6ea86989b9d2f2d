//! Finding the services of a workspace: every `shipspec.yaml` under the
//! root, skipping what `.gitignore` (and `.ignore`) leave out and hidden
//! folders such as `.git/`, never following a symbolic link out of the root.

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

/// The answers file a service is recognised by.
pub(super) const ANSWERS: &str = "shipspec.yaml";

/// Every service's answers file under `root`, sorted by path so the
/// reports come in the same order on every machine.
pub(super) fn services(root: &Path) -> Result<Vec<PathBuf>, String> {
    if !root.is_dir() {
        return Err(format!("{} is not a directory", root.display()));
    }
    let mut found = Vec::new();
    // `require_git(false)`: a .gitignore counts in a tree that is not (or
    // not yet) a git repository too.
    let walk = WalkBuilder::new(root)
        .follow_links(false)
        .require_git(false)
        .build();
    for entry in walk {
        let entry = entry.map_err(|e| e.to_string())?;
        let is_file = entry.file_type().is_some_and(|t| t.is_file());
        if is_file && entry.file_name() == ANSWERS {
            found.push(tidy(entry.path()));
        }
    }
    found.sort();
    Ok(found)
}

/// `./a/shipspec.yaml` as `a/shipspec.yaml`: how the reports name it.
fn tidy(path: &Path) -> PathBuf {
    path.strip_prefix(".")
        .map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}
