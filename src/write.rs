//! write: confined, atomic file writes.
//!
//! Every path is relative to the project root and must stay inside it: no
//! `..`, no absolute paths, and no symlink anywhere on the way. A link is
//! refused whatever it points at (outside, inside, nowhere, another link):
//! judging where a link leads means resolving `..`, chains and links that
//! do not exist yet, and a wrong judgement writes outside the project; a
//! refusal that names the link is always right, and cheap to act on.
//! Reads for `plan` and `check` are confined the same way, so a planted link
//! cannot make shipspec show or compare a file outside the root.
//! Each file is written to a temporary file in its own directory, then
//! renamed over the target, so a reader never sees half a file.

use std::fs;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use thiserror::Error;

use crate::diagnostic::{Code, Diagnostic};

#[derive(Debug, Error)]
pub enum WriteError {
    #[error("`{path}` is not a relative path inside the project")]
    NotRelative { path: String },
    #[error("`{path}` goes through the symlink `{link}`; shipspec never reads or writes through a symlink")]
    Symlink { path: String, link: String },
    #[error("cannot read `{path}`: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("cannot write `{path}`: {source}")]
    Write { path: String, source: std::io::Error },
}

impl WriteError {
    /// What to do about it, for the diagnostic's help line.
    pub fn hint(&self) -> Option<String> {
        match self {
            WriteError::Symlink { link, .. } => Some(format!(
                "replace `{link}` with a regular file or directory, or leave the output out with `outputs.skip`"
            )),
            _ => None,
        }
    }

    /// The error as an SS016 diagnostic about `file`.
    pub fn diagnostic(&self, file: &str) -> Diagnostic {
        let d = Diagnostic::error(Code::Io, self.to_string()).file(file);
        match self.hint() {
            Some(hint) => d.hint(hint),
            None => d,
        }
    }
}

/// The on-disk path for `relative` under `root`, refusing anything that
/// would leave the root and any symlink on the way (the root itself, and
/// the directories above it, are the user's choice and may be links).
pub fn confine(root: &Path, relative: &str) -> Result<PathBuf, WriteError> {
    let parts = parts(relative)?;
    let canonical_root = real_root(root)?;
    let mut current = canonical_root.clone();
    let mut walked = PathBuf::new();
    for component in parts {
        current.push(component);
        walked.push(component);
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(WriteError::Symlink {
                    path: relative.to_owned(),
                    link: walked.display().to_string(),
                });
            }
            Ok(_) => {}
            // Nothing further down can exist, so nothing can be a link.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => break,
            Err(source) => {
                return Err(WriteError::Read {
                    path: walked.display().to_string(),
                    source,
                });
            }
        }
    }
    Ok(canonical_root.join(relative))
}

/// The names `relative` is made of, when it is a relative path inside the
/// project: no `..`, `.`, root or prefix, no backslash, not empty.
pub fn parts(relative: &str) -> Result<Vec<&str>, WriteError> {
    let not_relative = || WriteError::NotRelative {
        path: relative.to_owned(),
    };
    if relative.is_empty() || relative.contains('\\') {
        return Err(not_relative());
    }
    Path::new(relative)
        .components()
        .map(|c| match c {
            Component::Normal(name) => name.to_str().ok_or_else(not_relative),
            _ => Err(not_relative()),
        })
        .collect()
}

/// The root as the system resolves it, links and all.
pub fn real_root(root: &Path) -> Result<PathBuf, WriteError> {
    root.canonicalize().map_err(|source| WriteError::Read {
        path: root.display().to_string(),
        source,
    })
}

/// Creates the missing directories of `dir` (inside `root`) one at a time,
/// refusing a symlink that appeared since `confine` looked.
fn create_dirs(root: &Path, dir: &Path, relative: &str) -> Result<(), WriteError> {
    let rel = dir.strip_prefix(root).unwrap_or(dir);
    let mut current = root.to_path_buf();
    for component in rel.components() {
        current.push(component);
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(WriteError::Symlink {
                    path: relative.to_owned(),
                    link: current
                        .strip_prefix(root)
                        .unwrap_or(&current)
                        .display()
                        .to_string(),
                });
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => match fs::create_dir(&current) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(source) => {
                    return Err(WriteError::Write {
                        path: relative.to_owned(),
                        source,
                    });
                }
            },
            Err(source) => {
                return Err(WriteError::Write {
                    path: relative.to_owned(),
                    source,
                });
            }
        }
    }
    Ok(())
}

/// The on-disk path for `relative`, confined, with its directories created.
pub fn target(root: &Path, relative: &str) -> Result<PathBuf, WriteError> {
    let target = confine(root, relative)?;
    let dir = target.parent().ok_or_else(|| WriteError::NotRelative {
        path: relative.to_owned(),
    })?;
    let canonical_root = root.canonicalize().map_err(|source| WriteError::Write {
        path: relative.to_owned(),
        source,
    })?;
    create_dirs(&canonical_root, dir, relative)?;
    Ok(target)
}

/// Reads `relative` if it exists (confined like a write; see `read`).
pub fn read(root: &Path, relative: &str) -> Result<Option<String>, WriteError> {
    crate::read::Tree::open(root)?.read(relative)
}

/// Writes `content` to `relative` atomically, keeping an existing file's
/// permissions. Skips the write when the file already holds `content`.
pub fn write(root: &Path, relative: &str, content: &str) -> Result<bool, WriteError> {
    let target = confine(root, relative)?;
    let err = |source| WriteError::Write {
        path: relative.to_owned(),
        source,
    };
    if fs::read(&target).ok().as_deref() == Some(content.as_bytes()) {
        return Ok(false);
    }
    let dir = target.parent().ok_or_else(|| WriteError::NotRelative {
        path: relative.to_owned(),
    })?;
    let canonical_root = root.canonicalize().map_err(err)?;
    create_dirs(&canonical_root, dir, relative)?;
    let mut builder = tempfile::Builder::new();
    // A run that stops here leaves this file; the next apply removes it.
    builder.prefix(crate::journal::TEMP_PREFIX);
    // New files get the usual 0644 (less the umask), not tempfile's 0600.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut temp = builder.tempfile_in(dir).map_err(err)?;
    temp.write_all(content.as_bytes()).map_err(err)?;
    temp.as_file().sync_all().map_err(err)?;
    if let Ok(meta) = fs::metadata(&target) {
        fs::set_permissions(temp.path(), meta.permissions()).map_err(err)?;
    }
    temp.persist(&target).map_err(|e| err(e.error))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_outside_the_root() {
        let dir = tempfile::tempdir().unwrap();
        for bad in ["../x", "/etc/passwd", "a/../../x", "", "./a", "a\\b"] {
            assert!(
                matches!(confine(dir.path(), bad), Err(WriteError::NotRelative { .. })),
                "{bad} was accepted"
            );
        }
        assert!(confine(dir.path(), "docs/specs/a.md").is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn refuses_every_symlink_on_the_way() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        let root = tempfile::tempdir().unwrap();
        symlink(outside.path(), root.path().join("docs")).unwrap();
        let e = write(root.path(), "docs/x.md", "x").unwrap_err();
        assert!(
            matches!(&e, WriteError::Symlink { link, .. } if link == "docs"),
            "{e}"
        );
        assert!(fs::read_dir(outside.path()).unwrap().next().is_none());
        // A dangling link whose target climbs out through `..`.
        symlink("sub/../../escaped.txt", root.path().join("f.txt")).unwrap();
        assert!(matches!(
            write(root.path(), "f.txt", "x"),
            Err(WriteError::Symlink { .. })
        ));
        assert!(matches!(
            read(root.path(), "f.txt"),
            Err(WriteError::Symlink { .. })
        ));
        assert!(!root.path().parent().unwrap().join("escaped.txt").exists());
        // A link that stays inside is refused too: never through a symlink.
        fs::create_dir(root.path().join("real")).unwrap();
        symlink(root.path().join("real"), root.path().join("alias")).unwrap();
        let e = write(root.path(), "alias/y.md", "y").unwrap_err();
        assert!(
            matches!(&e, WriteError::Symlink { link, .. } if link == "alias"),
            "{e}"
        );
        assert!(fs::read_dir(root.path().join("real")).unwrap().next().is_none());
        // Reads refuse the same links, as the last component or on the way.
        fs::write(root.path().join("real/z.md"), "z").unwrap();
        symlink(root.path().join("real/z.md"), root.path().join("real/link.md")).unwrap();
        let mut tree = crate::read::Tree::open(root.path()).unwrap();
        assert_eq!(tree.read("real/z.md").unwrap().as_deref(), Some("z"));
        for (path, link) in [("real/link.md", "real/link.md"), ("alias/z.md", "alias")] {
            let e = tree.read(path).unwrap_err();
            assert!(
                matches!(&e, WriteError::Symlink { link: l, .. } if l == link),
                "{path}: {e}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_root_reached_through_a_symlink_is_fine() {
        let real = tempfile::tempdir().unwrap();
        let holder = tempfile::tempdir().unwrap();
        let root = holder.path().join("project");
        std::os::unix::fs::symlink(real.path(), &root).unwrap();
        assert!(write(&root, "a/b.txt", "x").unwrap());
        assert_eq!(read(&root, "a/b.txt").unwrap().as_deref(), Some("x"));
    }

    #[test]
    fn atomic_write_skips_identical_content() {
        let root = tempfile::tempdir().unwrap();
        assert!(write(root.path(), "a/b.txt", "one\n").unwrap());
        assert!(!write(root.path(), "a/b.txt", "one\n").unwrap());
        assert!(write(root.path(), "a/b.txt", "two\n").unwrap());
        assert_eq!(fs::read_to_string(root.path().join("a/b.txt")).unwrap(), "two\n");
        let leftovers: Vec<_> = fs::read_dir(root.path().join("a")).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn new_files_are_world_readable_and_existing_modes_are_kept() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        write(root.path(), "new.txt", "x").unwrap();
        let mode = fs::metadata(root.path().join("new.txt"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        let status = fs::read_to_string("/proc/self/status").unwrap();
        let umask = status
            .lines()
            .find_map(|l| l.strip_prefix("Umask:"))
            .map(|m| u32::from_str_radix(m.trim(), 8).unwrap())
            .unwrap();
        assert_eq!(
            mode,
            0o644 & !umask,
            "new file mode {mode:o} with umask {umask:o}"
        );
        fs::set_permissions(root.path().join("new.txt"), fs::Permissions::from_mode(0o755)).unwrap();
        write(root.path(), "new.txt", "y").unwrap();
        let mode = fs::metadata(root.path().join("new.txt"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o755, "an existing file keeps its mode");
    }
}
