//! reconcile: artifacts + disk + `.shipspec/` → changes.
//!
//! Each artifact is compared with its file according to its ownership mode
//! (`managed`, `merged`, `sections`, `scaffold`), using the lock and base
//! copies to tell shipspec's own text from hand edits. Hand edits to a
//! managed file or a spec region are kept: left alone when shipspec has
//! nothing new for that text, merged three ways when it has (`merge3`).
//! Reconcile reads, never writes.

pub mod disk;
pub mod eol;
pub mod managed;
pub mod markers;
pub mod merge3;
pub mod merged;
pub mod removed;
pub mod scaffold;
pub mod sections;
pub mod stamp;
pub mod state;
pub mod toml_path;

use std::path::Path;

use serde::Serialize;

use crate::diagnostic::{Code, Diagnostic};
use crate::render::{Artifact, Body, Mode};
use disk::Disk;
use eol::{Eol, to_lf};
use state::Lock;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Create,
    Update,
    /// Edited by hand and merged cleanly with the new render.
    Merge,
    Unchanged,
    /// Edited by hand; shipspec has nothing new for it, so it is kept.
    Edited,
    Skip,
    Conflict,
    /// No longer generated and unchanged since shipspec wrote it.
    Remove,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Create => "create",
            Status::Update => "update",
            Status::Merge => "merge",
            Status::Unchanged => "unchanged",
            Status::Edited => "edited",
            Status::Skip => "skip",
            Status::Conflict => "conflict",
            Status::Remove => "remove",
        }
    }

    /// Whether apply writes this file.
    pub fn writes(self) -> bool {
        matches!(
            self,
            Status::Create | Status::Update | Status::Merge | Status::Conflict | Status::Remove
        )
    }

    /// Whether `check` reports this file as drift.
    pub fn drifted(self) -> bool {
        self.writes()
    }
}

/// A hand edit that `apply --force` overwrites: the text shipspec last
/// rendered there (empty when unknown) and the text on disk.
#[derive(Clone, Debug)]
pub struct Discard {
    /// The spec region, for sections.
    pub section: Option<String>,
    pub base: String,
    pub ours: String,
}

/// Lines where a hand edit and shipspec's change overlap.
#[derive(Clone, Debug)]
pub struct ClashAt {
    /// The spec region, for sections.
    pub section: Option<String>,
    pub clash: merge3::Clash,
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
    /// What shipspec last rendered, when known (shows a conflict's hand edit).
    pub base: Option<String>,
    /// The pure render, without hand edits: the next base copy.
    pub rendered: String,
    /// For a conflict: the overlapping lines of the three versions.
    pub clashes: Vec<ClashAt>,
    /// For a conflict: the hand edits `--force` discards.
    pub discards: Vec<Discard>,
    /// For a conflict: the file with git-style conflict markers
    /// (`apply --merge-markers`), when the three versions are known.
    pub markers: Option<String>,
    /// Short note after the path: "2 sections", "scaffold exists", …
    pub detail: Option<String>,
    /// For sections: the ids of changed regions.
    pub sections: Vec<String>,
    /// For merged files: the keys shipspec created (kept in the lock).
    pub keys: Vec<String>,
    /// For merged files: the user's keys whose values shipspec manages.
    pub adopted: Vec<String>,
    /// For merged files: values the user set that the answers change.
    pub user_set: Vec<merged::UserSet>,
    /// What reconcile noticed about the file (located in it).
    pub warnings: Vec<Diagnostic>,
    /// The file's line endings: `before`, `after` and `rendered` are in
    /// `\n`, and apply writes `after` with these.
    pub eol: Eol,
    /// No longer generated: apply deletes the file (and its record).
    pub remove: bool,
}

impl Change {
    /// The file as it is, `unchanged` until reconcile decides otherwise.
    pub fn new(path: &str, mode: Mode, before: Option<String>, base: Option<String>, eol: Eol) -> Change {
        Change {
            path: path.to_owned(),
            mode,
            status: Status::Unchanged,
            before,
            after: String::new(),
            base,
            rendered: String::new(),
            clashes: Vec::new(),
            discards: Vec::new(),
            markers: None,
            detail: None,
            sections: Vec::new(),
            keys: Vec::new(),
            adopted: Vec::new(),
            user_set: Vec::new(),
            warnings: Vec::new(),
            eol,
            remove: false,
        }
    }
}

use crate::plural;

fn io_error(path: &str, e: &crate::write::WriteError) -> Vec<Diagnostic> {
    vec![e.diagnostic(path)]
}

/// A merged file shipspec cannot merge into, as a located diagnostic.
fn merge_error(path: &str, e: merged::MergeError) -> Vec<Diagnostic> {
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
                .hint("write it as Fly reads it (a table such as `[http_service]` with its keys below, or `[[vm]]` entries), or remove it and let shipspec write it")
        }
        merged::MergeError::Forbidden { line, message, hint } => {
            Diagnostic::error(Code::CanaryWithVolumes, message)
                .at(line, 1)
                .hint(hint)
        }
        merged::MergeError::Placement(diagnostics) => {
            return diagnostics.into_iter().map(|d| d.file(path)).collect();
        }
    };
    vec![d.file(path)]
}

/// Every artifact against the files on disk; no removals considered.
pub fn reconcile(artifacts: &[Artifact], root: &Path, lock: &Lock) -> Result<Vec<Change>, Vec<Diagnostic>> {
    reconcile_with(artifacts, &Disk::new(root), lock, &|_| false)
}

/// Every artifact, then every file in the lock that no artifact produces
/// any more and that `removable` says is in scope (not `--only`'d away,
/// not in `outputs.skip`), sorted by path.
pub fn reconcile_with(
    artifacts: &[Artifact],
    disk: &Disk,
    lock: &Lock,
    removable: &dyn Fn(&str) -> bool,
) -> Result<Vec<Change>, Vec<Diagnostic>> {
    let mut changes = Vec::new();
    let mut errors = Vec::new();
    for artifact in artifacts {
        match reconcile_one(artifact, disk, lock) {
            Ok(c) => changes.push(c),
            Err(d) => errors.extend(d),
        }
    }
    for (path, entry) in &lock.files {
        let generated = artifacts.iter().any(|a| a.path == *path);
        if generated || entry.mode == Mode::Scaffold || !removable(path) {
            continue;
        }
        match removed::reconcile(path, entry, disk) {
            Ok(c) => changes.push(c),
            Err(d) => errors.push(*d),
        }
    }
    changes.sort_by(|a, b| a.path.cmp(&b.path));
    if errors.is_empty() {
        Ok(changes)
    } else {
        Err(errors)
    }
}

fn reconcile_one(artifact: &Artifact, disk: &Disk, lock: &Lock) -> Result<Change, Vec<Diagnostic>> {
    let path = artifact.path.as_str();
    let raw = disk.read(path).map_err(|e| io_error(path, &e))?;
    // Compared and merged in `\n`; written back with the file's own ending.
    let eol = raw.as_deref().map_or(Eol::Lf, Eol::of);
    let before = raw.as_deref().map(|t| to_lf(t).into_owned());
    let entry = lock.files.get(path);
    let base = match artifact.mode {
        Mode::Scaffold => None,
        _ => disk
            .read(&state::base_path(path))
            .map_err(|e| io_error(path, &e))?
            .map(|t| to_lf(&t).into_owned()),
    };
    let mut change = Change::new(path, artifact.mode, before.clone(), base.clone(), eol);
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
            let yaml = path.ends_with(".yml") || path.ends_with(".yaml");
            let verdict = managed::reconcile(
                content,
                before.as_deref(),
                base.as_deref(),
                entry.map(|e| e.sha256.as_str()),
                yaml,
            );
            change.status = match verdict {
                managed::Verdict::Create => Status::Create,
                managed::Verdict::Unchanged => Status::Unchanged,
                managed::Verdict::Update => Status::Update,
                managed::Verdict::Edited => {
                    change.after = before.clone().unwrap_or_default();
                    change.detail = Some("kept".into());
                    Status::Edited
                }
                managed::Verdict::Merge(merged) => {
                    change.after = merged;
                    change.detail = Some("your edits kept".into());
                    Status::Merge
                }
                managed::Verdict::Conflict {
                    why,
                    clashes,
                    markers,
                } => {
                    change.detail = Some(match why {
                        managed::Why::Foreign => "exists and was not written by shipspec".into(),
                        managed::Why::NoBase => "edited since last apply".into(),
                        managed::Why::Markers => "unresolved merge markers".into(),
                        managed::Why::NotYaml => {
                            "edited since last apply; the merge is not valid YAML".into()
                        }
                        managed::Why::Overlap => format!(
                            "edited since last apply; overlaps shipspec's change at {} {}",
                            if clashes.len() == 1 { "line" } else { "lines" },
                            clashes
                                .iter()
                                .map(|c| c.line.to_string())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    });
                    change.clashes = clashes
                        .into_iter()
                        .map(|clash| ClashAt { section: None, clash })
                        .collect();
                    change.markers = markers;
                    change.discards.push(Discard {
                        section: None,
                        base: base.clone().unwrap_or_default(),
                        ours: before.clone().unwrap_or_default(),
                    });
                    Status::Conflict
                }
            };
            change.rendered = content.clone();
        }
        (Body::Toml(doc), _) => {
            let previous = merged::Previous {
                created: entry.map(|e| e.keys.as_slice()).unwrap_or_default(),
                adopted: entry.map(|e| e.adopted.as_slice()).unwrap_or_default(),
            };
            let outcome = merged::reconcile(doc, before.as_deref(), base.as_deref(), previous)
                .map_err(|e| merge_error(path, e))?;
            change.after = outcome.after;
            change.rendered = change.after.clone();
            change.keys = outcome.keys;
            change.adopted = outcome.adopted;
            change.user_set = outcome.user_set;
            change.warnings = outcome.warnings.into_iter().map(|d| d.file(path)).collect();
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
                let mut detail = plural(outcome.changed.len(), "key", "keys");
                if !change.user_set.is_empty() {
                    detail.push_str(&format!(
                        "; {} you set",
                        plural(change.user_set.len(), "value", "values")
                    ));
                }
                change.detail = Some(detail);
                Status::Update
            };
        }
        (Body::Sections(doc), _) => {
            let outcome = sections::reconcile(doc, before.as_deref(), base.as_deref()).map_err(|e| {
                vec![
                    Diagnostic::error(Code::BrokenMarkers, e.message)
                        .file(path)
                        .at(e.line, 1)
                        .hint("fix or remove the marker lines; shipspec adds missing regions itself"),
                ]
            })?;
            change.after = outcome.after;
            change.rendered = outcome.rendered;
            change.sections = outcome.changed.clone();
            change.markers = outcome.markers;
            change.discards = outcome
                .discards
                .into_iter()
                .map(|(id, base, ours)| Discard {
                    section: Some(id),
                    base,
                    ours,
                })
                .collect();
            change.clashes = outcome
                .clashes
                .into_iter()
                .map(|(id, clash)| ClashAt {
                    section: Some(id),
                    clash,
                })
                .collect();
            let mut notes = Vec::new();
            let list = |what: &str, ids: &[String]| format!("{what}: {}", ids.join(", "));
            change.status = if before.is_none() {
                Status::Create
            } else if !outcome.conflicts.is_empty() || !outcome.unresolved.is_empty() {
                if !outcome.conflicts.is_empty() {
                    notes.push(format!(
                        "{} edited since last apply: {}",
                        plural(outcome.conflicts.len(), "section", "sections"),
                        outcome.conflicts.join(", ")
                    ));
                }
                if !outcome.unresolved.is_empty() {
                    notes.push(list("unresolved merge markers", &outcome.unresolved));
                }
                Status::Conflict
            } else if outcome.changed.is_empty() && outcome.kept.is_empty() {
                Status::Unchanged
            } else if outcome.changed.is_empty() {
                notes.push(list("kept", &outcome.kept));
                Status::Edited
            } else {
                notes.push(plural(outcome.changed.len(), "section", "sections"));
                if !outcome.merged.is_empty() {
                    notes.push(list("merged with your edits", &outcome.merged));
                }
                if !outcome.kept.is_empty() {
                    notes.push(list("kept", &outcome.kept));
                }
                if outcome.merged.is_empty() {
                    Status::Update
                } else {
                    Status::Merge
                }
            };
            if !notes.is_empty() {
                change.detail = Some(notes.join("; "));
            }
        }
    }
    if change.rendered.is_empty() {
        change.rendered = change.after.clone();
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
