//! apply's writes as one transaction: every file new or every file old,
//! whatever stops the run (an error, `kill -9`, a power cut).
//!
//! 1. `journal.toml` is written with `state = "staging"`, naming each file
//!    and the temporary file its new text goes to, in the file's own
//!    directory (`.shipspec-tmp-…`, so a rename puts it in place).
//! 2. The temporary files are written and flushed to disk. Any failure so
//!    far removes them and the journal: nothing was written.
//! 3. The journal says `state = "commit"`: from here the apply is done, in
//!    the sense that the next run finishes it rather than undoing it.
//! 4. Each temporary file is renamed over its target (atomic per file),
//!    files no longer generated are deleted, and the journal is removed.
//!
//! The next run under the lock (`recover`) finishes a committed journal and
//! clears a staging one, so a later plan sees every file old or every file
//! new and reports no false conflicts. `plan` and `check` must not write:
//! they read a committed journal's files as if it were finished (`pending`).

use std::collections::BTreeMap;
use std::fs;
use std::io::Write as _;
use std::path::Path;

use toml_edit::DocumentMut;

use crate::write::{self, WriteError};

pub const JOURNAL: &str = ".shipspec/journal.toml";
/// Every temporary file shipspec creates starts with this.
pub const TEMP_PREFIX: &str = ".shipspec-tmp-";

/// One file of the transaction: its new text, or `None` to delete it.
#[derive(Debug, Clone)]
pub struct Op {
    pub path: String,
    pub content: Option<String>,
}

/// A transaction that did not complete: what was written before the error.
#[derive(Debug)]
pub struct Failed {
    pub written: Vec<String>,
    pub error: WriteError,
}

struct Entry {
    path: String,
    /// The temporary file, relative to the root (none for a deletion).
    temp: Option<String>,
}

fn render(state: &str, entries: &[Entry]) -> String {
    let mut out = format!(
        "# An apply in progress: shipspec finishes it on the next run. Never commit this file.\nstate = \"{state}\"\n"
    );
    for e in entries {
        out.push_str(&format!(
            "\n[[op]]\npath = {}\n",
            toml_edit::Value::from(e.path.as_str())
        ));
        if let Some(temp) = &e.temp {
            out.push_str(&format!("temp = {}\n", toml_edit::Value::from(temp.as_str())));
        }
    }
    out
}

fn parse(text: &str) -> Option<(String, Vec<Entry>)> {
    let doc: DocumentMut = text.parse().ok()?;
    let state = doc.get("state")?.as_str()?.to_owned();
    let mut entries = Vec::new();
    if let Some(ops) = doc.get("op") {
        for t in ops.as_array_of_tables()?.iter() {
            entries.push(Entry {
                path: t.get("path")?.as_str()?.to_owned(),
                temp: match t.get("temp") {
                    None => None,
                    Some(v) => Some(v.as_str()?.to_owned()),
                },
            });
        }
    }
    Some((state, entries))
}

fn is_temp(rel: &str) -> bool {
    rel.rsplit('/')
        .next()
        .is_some_and(|name| name.starts_with(TEMP_PREFIX))
}

/// Every path an output or shipspec's own record, every temporary file one
/// of ours beside its target: a journal never makes shipspec rename or
/// delete anything else.
fn sound(e: &Entry) -> bool {
    let record = e.path == crate::reconcile::state::LOCK
        || (e.path.starts_with(".shipspec/base/")
            && crate::output_paths::refuse(&e.path[".shipspec/base/".len()..], None).is_none());
    let path_ok = record || crate::output_paths::refuse(&e.path, None).is_none();
    let dir = |p: &str| p.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
    let temp_ok = e
        .temp
        .as_deref()
        .is_none_or(|t| is_temp(t) && dir(t) == dir(&e.path));
    path_ok && temp_ok
}

fn read_journal(root: &Path) -> Result<Option<(String, Vec<Entry>)>, WriteError> {
    let Some(text) = write::read(root, JOURNAL)? else {
        return Ok(None);
    };
    let invalid = || WriteError::Read {
        path: JOURNAL.to_owned(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, "not a journal shipspec wrote"),
    };
    let (state, entries) = parse(&text).ok_or_else(invalid)?;
    if !matches!(state.as_str(), "staging" | "commit") || !entries.iter().all(sound) {
        return Err(invalid());
    }
    Ok(Some((state, entries)))
}

fn sync_dir(dir: &Path) {
    // Makes a rename durable; not every platform can open a directory.
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

fn token() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{:x}{:x}", std::process::id(), nanos & 0xffff_ffff_ffff)
}

/// Writes `ops` as one transaction (see the module). Returns how many
/// files changed.
pub fn commit(root: &Path, ops: &[Op]) -> Result<usize, Failed> {
    let nothing = |error| Failed {
        written: Vec::new(),
        error,
    };
    let token = token();
    let entries: Vec<Entry> = ops
        .iter()
        .enumerate()
        .map(|(i, op)| Entry {
            path: op.path.clone(),
            temp: op.content.as_ref().map(|_| {
                let name = format!("{TEMP_PREFIX}{token}-{i}");
                match op.path.rsplit_once('/') {
                    Some((dir, _)) => format!("{dir}/{name}"),
                    None => name,
                }
            }),
        })
        .collect();
    write::write(root, JOURNAL, &render("staging", &entries)).map_err(nothing)?;
    let staged = stage(root, ops, &entries);
    if let Err(error) = staged {
        abandon(root, &entries);
        return Err(nothing(error));
    }
    if let Err(error) = write::write(root, JOURNAL, &render("commit", &entries)) {
        abandon(root, &entries);
        return Err(nothing(error));
    }
    if let Ok(dir) = write::confine(root, ".shipspec") {
        sync_dir(&dir);
    }
    finish(root, &entries)
}

/// Writes each new text to its temporary file, flushed to disk.
fn stage(root: &Path, ops: &[Op], entries: &[Entry]) -> Result<(), WriteError> {
    for (op, entry) in ops.iter().zip(entries) {
        let (Some(content), Some(temp)) = (&op.content, &entry.temp) else {
            // A deletion: only check it stays inside the root.
            write::confine(root, &op.path)?;
            continue;
        };
        let target = write::target(root, &op.path)?;
        let err = |source| WriteError::Write {
            path: op.path.clone(),
            source,
        };
        let temp_path = write::confine(root, temp)?;
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        // New files get the usual 0644 (less the umask).
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o644);
        let mut file = options.open(&temp_path).map_err(err)?;
        file.write_all(content.as_bytes()).map_err(err)?;
        // An existing file keeps its permissions.
        if let Ok(meta) = fs::metadata(&target) {
            fs::set_permissions(&temp_path, meta.permissions()).map_err(err)?;
        }
        file.sync_all().map_err(err)?;
    }
    Ok(())
}

/// Removes a staging journal's temporary files, then the journal.
fn abandon(root: &Path, entries: &[Entry]) {
    for temp in entries.iter().filter_map(|e| e.temp.as_deref()) {
        if let Ok(path) = write::confine(root, temp) {
            let _ = fs::remove_file(path);
        }
    }
    if let Ok(path) = write::confine(root, JOURNAL) {
        let _ = fs::remove_file(path);
    }
}

/// Puts every file of a committed journal in place, then removes it.
fn finish(root: &Path, entries: &[Entry]) -> Result<usize, Failed> {
    let mut written = Vec::new();
    // The temporary files are read as `plan` reads outputs: a FIFO, a
    // device, a link or a file too large to be an output (a planted
    // journal) stops the recovery instead of hanging it or replacing an
    // output with it.
    let mut tree = crate::read::Tree::open(root).map_err(|error| Failed {
        written: Vec::new(),
        error,
    })?;
    for e in entries {
        let done = (|| -> Result<bool, WriteError> {
            let target = write::confine(root, &e.path)?;
            let err = |source| WriteError::Write {
                path: e.path.clone(),
                source,
            };
            match &e.temp {
                Some(temp_name) => {
                    let temp = write::confine(root, temp_name)?;
                    let Some(new) = tree.read(temp_name)? else {
                        return Ok(false); // renamed before the run stopped
                    };
                    let same = tree.read(&e.path).ok().flatten().as_deref() == Some(new.as_str());
                    write::target(root, &e.path)?;
                    fs::rename(&temp, &target).map_err(err)?;
                    if let Some(dir) = target.parent() {
                        sync_dir(dir);
                    }
                    Ok(!same)
                }
                None => match fs::remove_file(&target) {
                    Ok(()) => Ok(true),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
                    Err(source) => Err(err(source)),
                },
            }
        })();
        match done {
            Ok(true) => written.push(e.path.clone()),
            Ok(false) => {}
            Err(error) => return Err(Failed { written, error }),
        }
    }
    let journal = write::confine(root, JOURNAL).map_err(|error| Failed {
        written: written.clone(),
        error,
    })?;
    if let Err(source) = fs::remove_file(&journal) {
        return Err(Failed {
            written,
            error: WriteError::Write {
                path: JOURNAL.to_owned(),
                source,
            },
        });
    }
    Ok(written.iter().filter(|p| !p.starts_with(".shipspec/")).count())
}

/// What the previous run left, put right (under the write lock).
#[derive(Debug, PartialEq, Eq)]
pub enum Recovered {
    Nothing,
    /// It stopped before its commit point: its temporary files are gone.
    Abandoned,
    /// It stopped after: its files are now in place.
    Finished,
}

pub fn recover(root: &Path) -> Result<Recovered, Failed> {
    let fail = |error| Failed {
        written: Vec::new(),
        error,
    };
    let Some((state, entries)) = read_journal(root).map_err(fail)? else {
        return Ok(Recovered::Nothing);
    };
    if state == "commit" {
        finish(root, &entries)?;
        Ok(Recovered::Finished)
    } else {
        abandon(root, &entries);
        Ok(Recovered::Abandoned)
    }
}

/// A committed journal's files as they will be (`plan` and `check` read
/// them so, without writing): path → its temporary file, or `None` when
/// the file goes.
pub fn pending(root: &Path) -> Result<BTreeMap<String, Option<String>>, WriteError> {
    let mut map = BTreeMap::new();
    if let Some((state, entries)) = read_journal(root)? {
        if state == "commit" {
            for e in entries {
                if let Some(t) = &e.temp {
                    write::parts(t)?;
                }
                map.insert(e.path, e.temp);
            }
        }
    }
    Ok(map)
}

/// Removes shipspec's own leftover temporary files (from a run that
/// stopped while writing one) in each of `dirs`, relative to the root.
/// Only under the write lock: then no other run is writing one.
pub fn sweep<'a>(root: &Path, dirs: impl IntoIterator<Item = &'a str>) -> usize {
    let mut removed = 0;
    let mut seen = std::collections::BTreeSet::new();
    for dir in dirs {
        if !seen.insert(dir) {
            continue;
        }
        let path = if dir.is_empty() {
            root.canonicalize().ok()
        } else {
            write::confine(root, dir).ok()
        };
        let Some(entries) = path.and_then(|p| fs::read_dir(p).ok()) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let ours = name.starts_with(TEMP_PREFIX) || is_legacy_temp(&name);
            if ours && entry.file_type().is_ok_and(|t| t.is_file()) && fs::remove_file(entry.path()).is_ok() {
                removed += 1;
            }
        }
    }
    removed
}

/// Before this version, temporary files were `.shipspec-` and six random
/// letters or digits.
fn is_legacy_temp(name: &str) -> bool {
    name.strip_prefix(".shipspec-")
        .is_some_and(|rest| rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(path: &str, content: &str) -> Op {
        Op {
            path: path.into(),
            content: Some(content.into()),
        }
    }

    #[test]
    fn commits_all_files_or_none() {
        let root = tempfile::tempdir().unwrap();
        let ops = [op("a/b.txt", "b\n"), op("c.txt", "c\n")];
        assert_eq!(commit(root.path(), &ops).unwrap(), 2);
        assert_eq!(fs::read_to_string(root.path().join("a/b.txt")).unwrap(), "b\n");
        assert!(!root.path().join(JOURNAL).exists());
        // The second file cannot be staged (`c.txt` is a file, not a
        // directory): the first is not written either, and nothing is left.
        let failed = commit(root.path(), &[op("a/b.txt", "B\n"), op("c.txt/d", "d\n")]).unwrap_err();
        assert!(failed.written.is_empty());
        assert_eq!(fs::read_to_string(root.path().join("a/b.txt")).unwrap(), "b\n");
        let names: Vec<_> = fs::read_dir(root.path().join("a"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["b.txt"]);
        assert!(!root.path().join(JOURNAL).exists());
    }

    #[test]
    fn a_committed_journal_is_finished_by_the_next_run() {
        let root = tempfile::tempdir().unwrap();
        fs::create_dir_all(root.path().join(".shipspec")).unwrap();
        fs::write(root.path().join("x.txt"), "old\n").unwrap();
        fs::write(root.path().join(".shipspec-tmp-1-0"), "new\n").unwrap();
        fs::write(root.path().join("gone.txt"), "bye\n").unwrap();
        let entries = [
            Entry {
                path: "x.txt".into(),
                temp: Some(".shipspec-tmp-1-0".into()),
            },
            Entry {
                path: "gone.txt".into(),
                temp: None,
            },
        ];
        fs::write(root.path().join(JOURNAL), render("commit", &entries)).unwrap();
        let pending = pending(root.path()).unwrap();
        assert_eq!(pending.len(), 2);
        assert_eq!(recover(root.path()).unwrap(), Recovered::Finished);
        assert_eq!(fs::read_to_string(root.path().join("x.txt")).unwrap(), "new\n");
        assert!(!root.path().join("gone.txt").exists());
        assert!(!root.path().join(JOURNAL).exists());
        // A journal naming a file outside the outputs is refused.
        let bad = [Entry {
            path: ".git/hooks/pre-commit".into(),
            temp: None,
        }];
        fs::write(root.path().join(JOURNAL), render("commit", &bad)).unwrap();
        assert!(recover(root.path()).is_err());
    }

    #[test]
    fn sweeps_only_its_own_temporary_files() {
        let root = tempfile::tempdir().unwrap();
        for name in [
            ".shipspec-tmp-1-0",
            ".shipspec-a1B2c3",
            ".shipspec-notes",
            "keep.txt",
        ] {
            fs::write(root.path().join(name), "x").unwrap();
        }
        assert_eq!(sweep(root.path(), [""]), 2);
        let mut left: Vec<_> = fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, [".shipspec-notes", "keep.txt"]);
    }
}
