//! Mode `merged`: shipspec sets its own keys in the user's TOML file with
//! `toml_edit` and touches nothing else: other keys, tables, comments, blank
//! lines and order stay byte for byte.
//!
//! Every key shipspec sets is either its own or the user's:
//! - created: the key was not in the file when shipspec set it. When its
//!   answer goes away, it is removed (and a table left empty with it).
//! - adopted: the key was in the file before shipspec first set it. Its
//!   value follows the answers, and the plan says so, but it stays when
//!   its answer goes away: it was the user's before and is again.
//!
//! The lock records both lists. A key shipspec set whose value was changed
//! by hand since is a conflict, whoever created it.

use toml_edit::{DocumentMut, Value};

use super::toml_path::{self, covers, get, same};
use crate::diagnostic::Diagnostic;
use crate::render::toml_doc::{Address, Placed, TomlDoc};

/// What shipspec set in the file last time (from the lock).
#[derive(Clone, Copy, Debug, Default)]
pub struct Previous<'a> {
    pub created: &'a [String],
    pub adopted: &'a [String],
}

/// A value the user set that the answers change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserSet {
    pub key: String,
    /// The value in the file now, as TOML.
    pub file: String,
    pub answers: String,
    /// First adoption: shipspec has never set this key before.
    pub first: bool,
}

#[derive(Debug, Default)]
pub struct Outcome {
    pub after: String,
    /// Keys whose value changes, is added or removed.
    pub changed: Vec<String>,
    /// Keys shipspec set that were edited by hand since.
    pub conflicts: Vec<String>,
    /// Keys shipspec created and manages (for the lock).
    pub keys: Vec<String>,
    /// Keys that were the user's first, whose values shipspec manages.
    pub adopted: Vec<String>,
    pub user_set: Vec<UserSet>,
    /// What the file's shape says about the answers.
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug)]
pub enum MergeError {
    /// The file is not valid TOML.
    Parse {
        line: usize,
        column: usize,
        message: String,
    },
    /// A key holds a different kind of item than shipspec manages there.
    Shape { line: usize, message: String },
    /// The file has a table that the answers rule out.
    Forbidden {
        line: usize,
        message: String,
        hint: String,
    },
    /// The file leaves a choice the answers must make (which service).
    Placement(Vec<Diagnostic>),
}

fn shown(value: &Value) -> String {
    let mut v = value.clone();
    v.decor_mut().clear();
    v.to_string()
}

pub fn reconcile(
    doc: &TomlDoc,
    disk: Option<&str>,
    base: Option<&str>,
    previous: Previous<'_>,
) -> Result<Outcome, MergeError> {
    let text = disk.unwrap_or("");
    let mut current: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        let offset = e.span().map_or(0, |s| s.start);
        let (line, column) = line_column(text, offset);
        MergeError::Parse {
            line,
            column,
            message: e.message().trim().to_owned(),
        }
    })?;
    for f in &doc.forbidden {
        if current.contains_key(&f.table) {
            return Err(MergeError::Forbidden {
                line: line_of_table(text, &f.table),
                message: f.message.clone(),
                hint: f.hint.clone(),
            });
        }
    }
    let last: Vec<String> = previous.created.iter().chain(previous.adopted).cloned().collect();
    let Placed { keys, warnings } = match &doc.shape {
        Some(shape) => shape
            .place(&current, text, doc.keys.clone(), &last)
            .map_err(MergeError::Placement)?,
        None => Placed {
            keys: doc.keys.clone(),
            warnings: Vec::new(),
        },
    };
    // A base that no longer parses only costs conflict detection.
    let base: Option<DocumentMut> = base.and_then(|b| b.parse().ok());
    let unit = toml_path::indent_unit(current.as_table());
    let mut outcome = Outcome {
        warnings,
        ..Outcome::default()
    };
    let wanted: Vec<String> = keys.iter().map(|k| k.address.to_string()).collect();

    for (key, name) in keys.iter().zip(&wanted) {
        let now = get(current.as_table(), &key.address);
        let ours_before = last.contains(name);
        // Only a key that is in the file can have been the user's.
        let adopted = now.is_some() && (previous.adopted.contains(name) || (disk.is_some() && !ours_before));
        if adopted {
            outcome.adopted.push(name.clone());
        } else {
            outcome.keys.push(name.clone());
        }
        let Some(now) = now else {
            set(&mut current, text, &key.address, &key.value, &unit)?;
            outcome.changed.push(name.clone());
            continue;
        };
        if covers(&now, &key.value) {
            continue;
        }
        if ours_before {
            let before = base.as_ref().and_then(|b| get(b.as_table(), &key.address));
            if before.is_some_and(|b| !same(&b, &now)) {
                outcome.conflicts.push(name.clone());
            }
        }
        if adopted {
            outcome.user_set.push(UserSet {
                key: name.clone(),
                file: shown(&now),
                answers: shown(&key.value),
                first: !ours_before,
            });
        }
        set(&mut current, text, &key.address, &key.value, &unit)?;
        outcome.changed.push(name.clone());
    }
    // Keys shipspec created and no longer wants go; adopted ones stay.
    let mut unwanted: Vec<(&String, Address)> = previous
        .created
        .iter()
        .filter(|k| !wanted.contains(k))
        .filter_map(|k| Address::parse(k).map(|a| (k, a)))
        .collect();
    // An entry's selecting key (a check's `path`) goes last: the other keys
    // are found through it.
    unwanted.sort_by_key(|(_, a)| toml_path::selects_its_entry(a));
    for (name, address) in unwanted {
        let Some(now) = get(current.as_table(), &address) else {
            continue;
        };
        let before = base.as_ref().and_then(|b| get(b.as_table(), &address));
        if before.is_some_and(|b| !same(&b, &now)) {
            outcome.conflicts.push(name.clone());
        }
        toml_path::remove(current.as_table_mut(), &address);
        outcome.changed.push(name.clone());
    }
    outcome.after = if disk.is_some() {
        current.to_string()
    } else {
        format!("{}\n{}", doc.header, current)
    };
    Ok(outcome)
}

fn set(
    current: &mut DocumentMut,
    text: &str,
    address: &Address,
    value: &Value,
    unit: &str,
) -> Result<(), MergeError> {
    toml_path::set(current.as_table_mut(), address, value, unit).map_err(|message| {
        let table = message.split('`').nth(1).unwrap_or_default().to_owned();
        MergeError::Shape {
            line: line_of_table(text, &table),
            message,
        }
    })
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rfind('\n').map_or(before.len(), |p| before.len() - p - 1) + 1;
    (line, column)
}

/// The line where `table` is declared (`[t]`, `[[t]]`, `t =`, `t.x =`,
/// `[t.x]`), or 1.
pub fn line_of_table(text: &str, table: &str) -> usize {
    let top = table.split('.').next().unwrap_or(table);
    text.lines()
        .position(|l| {
            let t = l.trim_start().trim_start_matches('[').trim_start();
            t.strip_prefix(top)
                .is_some_and(|rest| rest.trim_start().starts_with([']', '=', '.']))
        })
        .map_or(1, |i| i + 1)
}
