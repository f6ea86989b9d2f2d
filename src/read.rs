//! read: confined reads of project files, for `plan` and `check`.
//!
//! The rules are `write`'s: a path relative to the root, no symlink
//! anywhere on the way, and only regular files. On Unix they hold without a
//! race: each directory is opened relative to the one above it with
//! `O_NOFOLLOW | O_DIRECTORY`, and the file relative to its directory with
//! `O_NOFOLLOW | O_NONBLOCK`, so nothing is looked up by path after it was
//! checked, and a link, FIFO or device swapped in meanwhile is refused, not
//! followed or waited on. The directory handles are kept for the run: a plan
//! reads dozens of files from a handful of directories.

use std::fs;
use std::io::Read as _;
use std::path::Path;

use crate::write::{self, WriteError};

/// A project root opened for reading.
pub struct Tree {
    /// Each directory read from, by its path from the root ("" the root).
    #[cfg(unix)]
    dirs: std::collections::BTreeMap<String, std::os::fd::OwnedFd>,
    #[cfg(not(unix))]
    real_root: std::path::PathBuf,
}

impl Tree {
    /// Opens `root` (which may itself be reached through links).
    pub fn open(root: &Path) -> Result<Tree, WriteError> {
        #[cfg(unix)]
        {
            // Following links: the root is the user's choice. The handle is
            // the resolved directory, so no `realpath` is needed.
            use rustix::fs::OFlags;
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NONBLOCK | OFlags::CLOEXEC;
            let fd =
                rustix::fs::open(root, flags, rustix::fs::Mode::empty()).map_err(|e| WriteError::Read {
                    path: root.display().to_string(),
                    source: e.into(),
                })?;
            Ok(Tree {
                dirs: std::collections::BTreeMap::from([(String::new(), fd)]),
            })
        }
        #[cfg(not(unix))]
        Ok(Tree {
            real_root: write::real_root(root)?,
        })
    }

    /// `relative`'s text, or `None` when it does not exist.
    #[cfg(unix)]
    pub fn read(&mut self, relative: &str) -> Result<Option<String>, WriteError> {
        use rustix::io::Errno;
        let parts = write::parts(relative)?;
        let (name, dirs) = parts.split_last().expect("a checked path has a part");
        let mut key = String::new();
        for dir in dirs {
            let at = if key.is_empty() {
                dir.to_string()
            } else {
                format!("{key}/{dir}")
            };
            if !self.dirs.contains_key(&at) {
                let parent = &self.dirs[&key];
                let fd = match open_dir(parent, *dir) {
                    Ok(fd) => fd,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                    Err(e) => return Err(refusal(parent, dir, relative, &at, e)),
                };
                self.dirs.insert(at.clone(), fd);
            }
            key = at;
        }
        let parent = &self.dirs[&key];
        let flags = rustix::fs::OFlags::RDONLY
            | rustix::fs::OFlags::NOFOLLOW
            | rustix::fs::OFlags::NONBLOCK
            | rustix::fs::OFlags::NOCTTY
            | rustix::fs::OFlags::CLOEXEC;
        let file = match rustix::fs::openat(parent, *name, flags, rustix::fs::Mode::empty()) {
            Ok(fd) => fs::File::from(fd),
            Err(Errno::NOENT) => return Ok(None),
            Err(e) => return Err(refusal(parent, name, relative, &parts.join("/"), e.into())),
        };
        read_file(file, relative)
    }

    /// `relative`'s text, or `None` when it does not exist.
    #[cfg(not(unix))]
    pub fn read(&mut self, relative: &str) -> Result<Option<String>, WriteError> {
        let path = write::confine(&self.real_root, relative)?;
        if let Ok(meta) = fs::symlink_metadata(&path) {
            if !meta.is_file() && !meta.is_dir() {
                return Err(not_regular(relative));
            }
        }
        match fs::File::open(&path) {
            Ok(file) => read_file(file, relative),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(WriteError::Read {
                path: relative.to_owned(),
                source,
            }),
        }
    }
}

/// A directory, opened without following a link and without waiting on a
/// FIFO (`O_DIRECTORY` refuses it before opening).
#[cfg(unix)]
fn open_dir<Fd: std::os::fd::AsFd, P: rustix::path::Arg>(
    parent: Fd,
    name: P,
) -> std::io::Result<std::os::fd::OwnedFd> {
    use rustix::fs::OFlags;
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
    rustix::fs::openat(parent, name, flags, rustix::fs::Mode::empty()).map_err(Into::into)
}

/// Why `name` (at `at` from the root) could not be opened: a link, a thing
/// that is not a regular file (a socket gives ENXIO), or the error itself.
#[cfg(unix)]
fn refusal(
    parent: &std::os::fd::OwnedFd,
    name: &str,
    relative: &str,
    at: &str,
    e: std::io::Error,
) -> WriteError {
    use rustix::fs::{AtFlags, FileType};
    match rustix::fs::statat(parent, name, AtFlags::SYMLINK_NOFOLLOW)
        .map(|s| FileType::from_raw_mode(s.st_mode))
    {
        Ok(FileType::Symlink) => WriteError::Symlink {
            path: relative.to_owned(),
            link: at.to_owned(),
        },
        Ok(FileType::RegularFile | FileType::Directory) | Err(_) => WriteError::Read {
            path: at.to_owned(),
            source: e,
        },
        Ok(_) => not_regular(at),
    }
}

fn not_regular(path: &str) -> WriteError {
    WriteError::Read {
        path: path.to_owned(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a regular file"),
    }
}

/// The largest file read: every output, base copy and lock is text of a
/// few kilobytes, and a bigger one (a planted sparse file of a terabyte)
/// must be an error, not an allocation that aborts the run.
pub const MAX_BYTES: u64 = 64 << 20;

/// Reads an opened file: only a regular file (a directory gives the error
/// reading one gives), no larger than `MAX_BYTES`, to the size it had when
/// opened.
fn read_file(file: fs::File, relative: &str) -> Result<Option<String>, WriteError> {
    let error = |source| WriteError::Read {
        path: relative.to_owned(),
        source,
    };
    let meta = file.metadata().map_err(error)?;
    if !meta.is_file() && !meta.is_dir() {
        return Err(not_regular(relative));
    }
    let too_large = || {
        error(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            "larger than 64 MiB, far beyond any file shipspec writes",
        ))
    };
    if meta.len() > MAX_BYTES {
        return Err(too_large());
    }
    // A file that grows after `fstat` is read no further than the limit.
    let mut file = file.take(MAX_BYTES + 1);
    let mut bytes = Vec::new();
    match usize::try_from(meta.len()) {
        Ok(len) if len > 0 && meta.is_file() => {
            bytes.resize(len, 0);
            let mut filled = 0;
            while filled < len {
                match file.read(&mut bytes[filled..]) {
                    Ok(0) => break,
                    Ok(n) => filled += n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(error(e)),
                }
            }
            bytes.truncate(filled);
        }
        _ => {
            file.read_to_end(&mut bytes).map_err(error)?;
            if bytes.len() as u64 > MAX_BYTES {
                return Err(too_large());
            }
        }
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| error(std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8")))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn tree_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = root.path().join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        root
    }

    #[test]
    fn a_directory_swapped_for_a_link_after_a_read_is_not_read_through() {
        let outside = tree_with(&[("b.txt", "outside")]);
        let root = tree_with(&[("d/a.txt", "a"), ("d/b.txt", "inside")]);
        let mut tree = Tree::open(root.path()).unwrap();
        assert_eq!(tree.read("d/a.txt").unwrap().as_deref(), Some("a"));
        // Between two reads of one run, `d` becomes a link out of the root.
        fs::rename(root.path().join("d"), root.path().join("moved")).unwrap();
        symlink(outside.path(), root.path().join("d")).unwrap();
        // The run goes on reading the directory it checked, never the link.
        assert_eq!(tree.read("d/b.txt").unwrap().as_deref(), Some("inside"));
        // A new run sees the link and names it.
        let e = Tree::open(root.path()).unwrap().read("d/b.txt").unwrap_err();
        assert!(
            matches!(&e, WriteError::Symlink { link, .. } if link == "d"),
            "{e}"
        );
    }

    #[test]
    fn what_is_not_a_regular_file_is_refused_and_named() {
        let root = tree_with(&[("docs/a.md", "a"), ("base/docs", "a file where a folder goes")]);
        let status = std::process::Command::new("mkfifo")
            .arg(root.path().join("docs/fifo.md"))
            .status()
            .unwrap();
        assert!(status.success());
        let _socket = std::os::unix::net::UnixListener::bind(root.path().join("docs/sock.md")).unwrap();
        let mut tree = Tree::open(root.path()).unwrap();
        for path in ["docs/fifo.md", "docs/sock.md"] {
            let e = tree.read(path).unwrap_err().to_string();
            assert!(e.contains(path) && e.contains("not a regular file"), "{e}");
        }
        // The folder that is a file is named, not the path below it.
        let e = tree.read("base/docs/runbooks/x.md").unwrap_err().to_string();
        assert!(e.contains("`base/docs`") && e.contains("Not a directory"), "{e}");
        assert!(
            tree.read("docs")
                .unwrap_err()
                .to_string()
                .contains("Is a directory")
        );
        assert_eq!(tree.read("docs/none.md").unwrap(), None);
        assert_eq!(tree.read("none/none.md").unwrap(), None);
        assert_eq!(tree.read("docs/a.md").unwrap().as_deref(), Some("a"));
    }

    #[test]
    fn a_file_larger_than_any_output_is_an_error_not_an_abort() {
        let root = tree_with(&[("big.md", ""), ("edge.md", "")]);
        // Sparse: a terabyte that takes no space.
        fs::File::options()
            .write(true)
            .open(root.path().join("big.md"))
            .unwrap()
            .set_len(1 << 40)
            .unwrap();
        let edge = fs::File::options()
            .write(true)
            .open(root.path().join("edge.md"))
            .unwrap();
        edge.set_len(MAX_BYTES).unwrap();
        let mut tree = Tree::open(root.path()).unwrap();
        let e = tree.read("big.md").unwrap_err().to_string();
        assert!(e.contains("larger than 64 MiB"), "{e}");
        assert_eq!(
            tree.read("edge.md").unwrap().map(|t| t.len() as u64),
            Some(MAX_BYTES)
        );
    }
}
