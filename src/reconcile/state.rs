//! `.shipspec/`: what shipspec last wrote. `lock.toml` holds, per file, its
//! mode and the sha256 of the content written; `base/<path>` holds the pure
//! render (shipspec's text without the user's edits), so a later run can
//! tell shipspec's text from the user's edits and merge the two. Where a
//! merge kept hand edits, the two differ and the lock records both:
//! `sha256` of what was written, `base_sha256` of the base copy.
//!
//! The lock says what shipspec may delete (files no longer generated, keys
//! of a merged file it set), so it is checked when read: every path must be
//! an output (`output_paths`), and a merged file's `keys` carry a digest
//! (`keys_sha256`), so a hand edit or a bad merge of the list is refused
//! rather than obeyed. The digest guards against accidents: whoever can
//! write the lock can edit the file itself.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use crate::render::Mode;
use crate::write::WriteError;

pub const LOCK: &str = ".shipspec/lock.toml";
pub const BASE: &str = ".shipspec/base";

pub fn base_path(path: &str) -> String {
    format!("{BASE}/{path}")
}

/// Binds a merged file's key list to its entry.
/// Guards the key lists against hand edits: a key added to `keys` would let
/// apply delete the user's table.
fn keys_digest(path: &str, sha: &str, keys: &[String], adopted: &[String]) -> String {
    sha256(&format!(
        "{path}\n{sha}\n{}\nadopted\n{}",
        keys.join("\n"),
        adopted.join("\n")
    ))
}

pub fn sha256(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub mode: Mode,
    pub sha256: String,
    /// sha256 of the base copy, when it differs from what was written.
    pub base_sha256: Option<String>,
    pub version: String,
    /// For merged files: the keys shipspec created.
    pub keys: Vec<String>,
    /// For merged files: the keys that were in the file before shipspec
    /// first set them; their values follow the answers, and they stay when
    /// the answer goes away.
    pub adopted: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lock {
    pub files: BTreeMap<String, Entry>,
    /// The last apply's record that every output is up to date.
    pub stamp: Option<super::stamp::Stamp>,
}

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("{0}")]
    Io(#[from] WriteError),
    #[error("`{LOCK}` is not valid: {0}")]
    Invalid(String),
}

impl Lock {
    pub fn read(disk: &super::disk::Disk) -> Result<Lock, StateError> {
        match disk.read(LOCK)? {
            None => Ok(Lock::default()),
            Some(text) => Lock::parse(&text).map_err(StateError::Invalid),
        }
    }

    /// Why the lock may not be obeyed with the answers file at `answers`:
    /// a path it would let shipspec delete that is no output, or is the
    /// answers file itself.
    pub fn refused(&self, answers: Option<&str>) -> Option<String> {
        self.files
            .keys()
            .find_map(|p| crate::output_paths::refuse(p, answers))
    }

    pub fn parse(text: &str) -> Result<Lock, String> {
        // Read only: `DocumentMut` would first strip every span, work a
        // lock that is only read does not need.
        let doc = toml_edit::Document::parse(text).map_err(|e| e.to_string())?;
        let mut lock = Lock::default();
        let Some(files) = doc.get("file") else {
            return Ok(lock);
        };
        let files = files
            .as_array_of_tables()
            .ok_or("`file` must be an array of tables")?;
        for (i, table) in files.iter().enumerate() {
            let field = |key: &str| {
                table
                    .get(key)
                    .and_then(|v| v.as_str())
                    .map(str::to_owned)
                    .ok_or_else(|| format!("file entry {} has no string `{key}`", i + 1))
            };
            let mode = field("mode")?;
            let mode = Mode::parse(&mode).ok_or_else(|| format!("unknown mode `{mode}`"))?;
            let list = |key: &str| match table.get(key) {
                None => Ok(Vec::new()),
                Some(item) => item
                    .as_array()
                    .and_then(|a| {
                        a.iter()
                            .map(|v| v.as_str().map(str::to_owned))
                            .collect::<Option<Vec<_>>>()
                    })
                    .ok_or_else(|| format!("file entry {}: `{key}` must be a list of strings", i + 1)),
            };
            let keys = list("keys")?;
            let adopted = list("adopted")?;
            let path = field("path")?;
            if let Some(why) = crate::output_paths::refuse(&path, None) {
                return Err(format!("file entry {}: {why}", i + 1));
            }
            let sha = field("sha256")?;
            if !keys.is_empty() || !adopted.is_empty() {
                let digest = table.get("keys_sha256").and_then(|v| v.as_str());
                if digest != Some(keys_digest(&path, &sha, &keys, &adopted).as_str()) {
                    return Err(format!(
                        "file entry {}: the `keys` of `{path}` do not match their `keys_sha256` (edited by hand?)",
                        i + 1
                    ));
                }
            }
            lock.files.insert(
                path,
                Entry {
                    mode,
                    sha256: sha,
                    base_sha256: match table.get("base_sha256") {
                        None => None,
                        Some(v) => Some(v.as_str().map(str::to_owned).ok_or_else(|| {
                            format!("file entry {}: `base_sha256` must be a string", i + 1)
                        })?),
                    },
                    version: field("shipspec")?,
                    keys,
                    adopted,
                },
            );
        }
        lock.stamp = super::stamp::Stamp::parse(doc.as_table());
        Ok(lock)
    }

    /// Deterministic text: sorted by path, no timestamps.
    pub fn render(&self) -> String {
        let mut out = String::from(
            "# Written by shipspec. Commit this file and .shipspec/base/: they record what\n# shipspec last generated, so it can tell its own text from your edits.\nversion = 1\n",
        );
        for (path, e) in &self.files {
            let _ = write!(
                out,
                "\n[[file]]\npath = {}\nmode = \"{}\"\nsha256 = \"{}\"\nshipspec = \"{}\"\n",
                toml_edit::Value::from(path.as_str()),
                e.mode.as_str(),
                e.sha256,
                e.version
            );
            if let Some(base) = &e.base_sha256 {
                let _ = writeln!(out, "base_sha256 = \"{base}\"");
            }
            for (name, list) in [("keys", &e.keys), ("adopted", &e.adopted)] {
                if !list.is_empty() {
                    let _ = writeln!(out, "{name} = [");
                    for key in list {
                        let _ = writeln!(out, "  {},", toml_edit::Value::from(key.as_str()));
                    }
                    out.push_str("]\n");
                }
            }
            if !e.keys.is_empty() || !e.adopted.is_empty() {
                let _ = writeln!(
                    out,
                    "keys_sha256 = \"{}\"",
                    keys_digest(path, &e.sha256, &e.keys, &e.adopted)
                );
            }
        }
        if let Some(stamp) = &self.stamp {
            out.push_str(&stamp.render());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_round_trips() {
        let mut lock = Lock::default();
        lock.files.insert(
            "docs/specs/a \"b\".md".into(),
            Entry {
                mode: Mode::Sections,
                sha256: sha256("x"),
                base_sha256: Some(sha256("y")),
                version: "0.1.0".into(),
                keys: vec![],
                adopted: vec![],
            },
        );
        lock.files.insert(
            "fly.toml".into(),
            Entry {
                mode: Mode::Merged,
                sha256: sha256("y"),
                base_sha256: None,
                version: "0.1.0".into(),
                keys: vec!["app".into(), "http_service.checks[path=\"/health\"].path".into()],
                adopted: vec!["deploy.strategy".into()],
            },
        );
        assert_eq!(Lock::parse(&lock.render()).unwrap(), lock);
        assert!(Lock::parse("file = 3").is_err());
        // A key added by hand, or a path that is no output, is refused.
        let tampered = lock
            .render()
            .replace("keys = [\n", "keys = [\n  \"processes\",\n");
        assert!(Lock::parse(&tampered).unwrap_err().contains("edited by hand"));
        let outside = lock
            .render()
            .replace("path = \"fly.toml\"", "path = \".git/hooks/pre-commit\"");
        assert!(Lock::parse(&outside).unwrap_err().contains("inside `.git/`"));
        assert_eq!(
            sha256(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
