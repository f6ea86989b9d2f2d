//! reconcile: artifacts + disk + `.shipspec/` → changes.
//!
//! Each artifact is compared with its file according to its ownership mode
//! (`managed`, `sections`, `scaffold`), using the lock and base copies to
//! tell shipspec's own text from hand edits. Reconcile reads, never writes.

pub mod managed;
pub mod markers;
pub mod merge3;
pub mod merged;
pub mod scaffold;
pub mod sections;
pub mod state;

use std::path::Path;

use serde::Serialize;

use crate::diagnostic::{Code, Diagnostic};
use crate::render::{Artifact, Body, Mode};
use state::Lock;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Create,
    Update,
    Unchanged,
    Skip,
    Conflict,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Create => "create",
            Status::Update => "update",
            Status::Unchanged => "unchanged",
            Status::Skip => "skip",
            Status::Conflict => "conflict",
        }
    }

    /// Whether apply writes this file.
    pub fn writes(self) -> bool {
        matches!(self, Status::Create | Status::Update | Status::Conflict)
    }
}

#[derive(Clone, Debug)]
pub struct Change {
    pub path: String,
    pub mode: Mode,
    pub status: Status,
    /// The file on disk now.
    pub before: Option<String>,
    /// What apply writes (for a conflict: what `--force` writes).
    pub after: String,
    /// What shipspec last wrote, when known (shows a conflict's hand edit).
    pub base: Option<String>,
    /// Short note after the path: "2 sections", "scaffold exists", …
    pub detail: Option<String>,
    /// For sections: the ids of changed regions.
    pub sections: Vec<String>,
    /// For merged files: every key shipspec now manages (kept in the lock).
    pub keys: Vec<String>,
}

use crate::plural;

fn io_error(path: &str, e: &crate::write::WriteError) -> Box<Diagnostic> {
    Box::new(e.diagnostic(path))
}

pub fn reconcile(artifacts: &[Artifact], root: &Path, lock: &Lock) -> Result<Vec<Change>, Vec<Diagnostic>> {
    let mut changes = Vec::new();
    let mut errors = Vec::new();
    for artifact in artifacts {
        match reconcile_one(artifact, root, lock) {
            Ok(c) => changes.push(c),
            Err(d) => errors.push(*d),
        }
    }
    if errors.is_empty() {
        Ok(changes)
    } else {
        Err(errors)
    }
}

fn reconcile_one(artifact: &Artifact, root: &Path, lock: &Lock) -> Result<Change, Box<Diagnostic>> {
    let path = artifact.path.as_str();
    let before = crate::write::read(root, path).map_err(|e| io_error(path, &e))?;
    let entry = lock.files.get(path);
    let base = match artifact.mode {
        Mode::Scaffold => None,
        _ => crate::write::read(root, &state::base_path(path)).map_err(|e| io_error(path, &e))?,
    };
    let mut change = Change {
        path: path.to_owned(),
        mode: artifact.mode,
        status: Status::Unchanged,
        before: before.clone(),
        after: String::new(),
        base: base.clone(),
        detail: None,
        sections: Vec::new(),
        keys: Vec::new(),
    };
    match (&artifact.body, artifact.mode) {
        (Body::Whole(content), Mode::Scaffold) => {
            change.after = before.clone().unwrap_or_else(|| content.clone());
            change.status = match scaffold::reconcile(before.as_deref()) {
                scaffold::Verdict::Create => Status::Create,
                scaffold::Verdict::Skip => {
                    change.detail = Some("scaffold exists".into());
                    Status::Skip
                }
            };
        }
        (Body::Whole(content), _) => {
            change.after = content.clone();
            change.status =
                match managed::reconcile(content, before.as_deref(), entry.map(|e| e.sha256.as_str())) {
                    managed::Verdict::Create => Status::Create,
                    managed::Verdict::Unchanged => Status::Unchanged,
                    managed::Verdict::Update => Status::Update,
                    managed::Verdict::Conflict { known } => {
                        change.detail = Some(
                            if known {
                                "edited since last apply"
                            } else {
                                "exists and was not written by shipspec"
                            }
                            .into(),
                        );
                        Status::Conflict
                    }
                };
        }
        (Body::Toml(doc), _) => {
            let last_keys = entry.map(|e| e.keys.as_slice()).unwrap_or_default();
            let outcome =
                merged::reconcile(doc, before.as_deref(), base.as_deref(), last_keys).map_err(|e| {
                    let d = match e {
                        merged::MergeError::Parse {
                            line,
                            column,
                            message,
                        } => Diagnostic::error(Code::UnmergeableConfig, format!("not valid TOML: {message}"))
                            .at(line, column)
                            .hint("fix the file so shipspec can merge its keys into it"),
                        merged::MergeError::Shape { line, message } => {
                            Diagnostic::error(Code::UnmergeableConfig, message)
                                .at(line, 1)
                                .hint("write that section as a standard table so shipspec can set its keys")
                        }
                        merged::MergeError::Forbidden { line, message, hint } => {
                            Diagnostic::error(Code::CanaryWithVolumes, message)
                                .at(line, 1)
                                .hint(hint)
                        }
                    };
                    Box::new(d.file(path))
                })?;
            change.after = outcome.after;
            change.keys = outcome.keys;
            change.status = if before.is_none() {
                Status::Create
            } else if !outcome.conflicts.is_empty() {
                change.detail = Some(format!(
                    "{} edited since last apply: {}",
                    plural(outcome.conflicts.len(), "key", "keys"),
                    outcome.conflicts.join(", ")
                ));
                Status::Conflict
            } else if change.before.as_deref() == Some(change.after.as_str()) {
                Status::Unchanged
            } else {
                change.detail = Some(plural(outcome.changed.len(), "key", "keys"));
                Status::Update
            };
        }
        (Body::Sections(doc), _) => {
            let outcome = sections::reconcile(doc, before.as_deref(), base.as_deref()).map_err(|e| {
                Box::new(
                    Diagnostic::error(Code::BrokenMarkers, e.message)
                        .file(path)
                        .at(e.line, 1)
                        .hint("fix or remove the marker lines; shipspec adds missing regions itself"),
                )
            })?;
            change.after = outcome.after;
            change.sections = outcome.changed.clone();
            change.status = if before.is_none() {
                Status::Create
            } else if !outcome.conflicts.is_empty() {
                change.detail = Some(format!(
                    "{} edited since last apply: {}",
                    plural(outcome.conflicts.len(), "section", "sections"),
                    outcome.conflicts.join(", ")
                ));
                Status::Conflict
            } else if outcome.changed.is_empty() {
                Status::Unchanged
            } else {
                change.detail = Some(plural(outcome.changed.len(), "section", "sections"));
                Status::Update
            };
        }
    }
    Ok(change)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scaffold(path: &str) -> Artifact {
        Artifact {
            path: path.into(),
            mode: Mode::Scaffold,
            body: Body::Whole("stub\n".into()),
            questions: Vec::new(),
        }
    }

    #[test]
    fn scaffolds_are_written_once_then_skipped() {
        let root = tempfile::tempdir().unwrap();
        let lock = Lock::default();
        let changes = reconcile(&[scaffold("app/health.py")], root.path(), &lock).unwrap();
        assert_eq!(changes[0].status, Status::Create);
        assert_eq!(changes[0].after, "stub\n");
        crate::write::write(root.path(), "app/health.py", "mine\n").unwrap();
        let changes = reconcile(&[scaffold("app/health.py")], root.path(), &lock).unwrap();
        assert_eq!(changes[0].status, Status::Skip);
        assert_eq!(changes[0].detail.as_deref(), Some("scaffold exists"));
        assert_eq!(
            changes[0].after, "mine\n",
            "a skipped scaffold is never rewritten"
        );
        assert!(!changes[0].status.writes());
    }
}
