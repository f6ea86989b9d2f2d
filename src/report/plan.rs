//! The plan as text (one line per output, the diffs, a summary) and JSON.

use std::fmt::Write as _;

use serde::Serialize;

use super::color::Palette;
use super::diff;
use crate::reconcile::{Change, Status};
use crate::render::Mode;

#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub create: usize,
    pub update: usize,
    pub merge: usize,
    pub unchanged: usize,
    pub edited: usize,
    pub skip: usize,
    pub conflict: usize,
    pub remove: usize,
    /// Values the user set that the answers change (merged files).
    #[serde(skip_serializing_if = "is_zero")]
    pub user_set: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Summary {
    pub fn of(changes: &[Change]) -> Summary {
        let mut s = Summary::default();
        for c in changes {
            *match c.status {
                Status::Create => &mut s.create,
                Status::Update => &mut s.update,
                Status::Merge => &mut s.merge,
                Status::Unchanged => &mut s.unchanged,
                Status::Edited => &mut s.edited,
                Status::Skip => &mut s.skip,
                Status::Conflict => &mut s.conflict,
                Status::Remove => &mut s.remove,
            } += 1;
            if c.status.writes() {
                s.user_set += c.user_set.len();
            }
        }
        s
    }

    pub fn line(&self) -> String {
        let conflicts = if self.conflict == 1 {
            "conflict"
        } else {
            "conflicts"
        };
        // Merges and kept edits are named only when there are some, so the
        // everyday line stays as it was.
        let merge = if self.merge > 0 {
            format!(" {} to merge,", self.merge)
        } else {
            String::new()
        };
        let remove = if self.remove > 0 {
            format!(" {} to remove,", self.remove)
        } else {
            String::new()
        };
        let edited = if self.edited > 0 {
            format!(" {} edited (kept),", self.edited)
        } else {
            String::new()
        };
        // Values the user set are counted apart: an update that overwrites
        // a deliberate setting must not pass as an everyday one.
        let user_set = match self.user_set {
            0 => String::new(),
            1 => ", 1 user-set value to change".to_owned(),
            n => format!(", {n} user-set values to change"),
        };
        format!(
            "Plan: {} to create, {} to update,{merge}{remove} {} unchanged,{edited} {} skipped, {} {conflicts}{user_set}.",
            self.create, self.update, self.unchanged, self.skip, self.conflict
        )
    }
}

fn status_word(status: Status, palette: &Palette) -> String {
    let word = format!("{:<9}", status.as_str());
    match status {
        Status::Create => palette.added(&word),
        Status::Remove => palette.removed(&word),
        Status::Update | Status::Merge => palette.warning(&word),
        Status::Conflict => palette.error(&word),
        Status::Unchanged | Status::Edited | Status::Skip => palette.dim(&word),
    }
}

/// The per-file status lines, diffs and summary.
pub fn text(changes: &[Change], palette: &Palette) -> String {
    let mut out = String::new();
    for c in changes {
        let detail = c
            .detail
            .as_deref()
            .map(|d| format!("  ({d})"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {} {}{}",
            status_word(c.status, palette),
            c.path,
            palette.dim(&detail)
        );
    }
    for c in changes.iter().filter(|c| c.status.writes()) {
        let d = diff::unified(&c.path, c.before.as_deref(), &c.after);
        if !d.is_empty() {
            out.push('\n');
            out.push_str(&diff::paint(&d, palette));
        }
        out.push_str(&clashes(c, palette));
        out.push_str(&user_set(c, palette));
    }
    let _ = writeln!(out, "\n{}", palette.header(&Summary::of(changes).line()));
    out
}

/// One line per value the user set that the answers change: on first
/// adoption "the file says X, the answers say Y".
pub fn user_set(c: &Change, palette: &Palette) -> String {
    if c.user_set.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "\n{}\n",
        palette.warning(&format!("{}: values you set that the answers change:", c.path))
    );
    for u in &c.user_set {
        let _ = if u.first {
            writeln!(
                out,
                "  {}: the file says {}, the answers say {}",
                u.key, u.file, u.answers
            )
        } else {
            writeln!(out, "  {}: your value {} changes to {}", u.key, u.file, u.answers)
        };
    }
    out
}

fn indented(text: &str) -> String {
    if text.is_empty() {
        return "    (nothing)\n".to_owned();
    }
    text.lines().map(|l| format!("    {l}\n")).collect()
}

/// A conflict's overlapping lines in the three versions.
pub fn clashes(c: &Change, palette: &Palette) -> String {
    let mut out = String::new();
    for at in &c.clashes {
        let section = at
            .section
            .as_deref()
            .map(|s| format!(", section {s}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "\n{}",
            palette.error(&format!(
                "conflict in {}{section}, line {}:",
                c.path, at.clash.line
            ))
        );
        for (label, text) in [
            ("yours", &at.clash.ours),
            ("last written by shipspec", &at.clash.base),
            ("new from the answers", &at.clash.theirs),
        ] {
            let _ = writeln!(out, "  {label}:");
            out.push_str(&indented(text));
        }
    }
    out
}

#[derive(Serialize)]
struct ClashJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    section: Option<&'a str>,
    line: usize,
    ours: &'a str,
    base: &'a str,
    theirs: &'a str,
}

#[derive(Serialize)]
struct UserSetJson<'a> {
    key: &'a str,
    file: &'a str,
    answers: &'a str,
    first: bool,
}

#[derive(Serialize)]
struct FileJson<'a> {
    path: &'a str,
    mode: Mode,
    status: Status,
    diff: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sections: &'a Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    clashes: Vec<ClashJson<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    user_set: Vec<UserSetJson<'a>>,
}

#[derive(Serialize)]
struct PlanJson<'a> {
    files: Vec<FileJson<'a>>,
    summary: Summary,
}

pub fn json(changes: &[Change]) -> String {
    let files = changes
        .iter()
        .map(|c| FileJson {
            path: &c.path,
            mode: c.mode,
            status: c.status,
            diff: if c.status.writes() {
                diff::unified(&c.path, c.before.as_deref(), &c.after)
            } else {
                String::new()
            },
            detail: c.detail.as_deref(),
            sections: &c.sections,
            clashes: c
                .clashes
                .iter()
                .map(|at| ClashJson {
                    section: at.section.as_deref(),
                    line: at.clash.line,
                    ours: &at.clash.ours,
                    base: &at.clash.base,
                    theirs: &at.clash.theirs,
                })
                .collect(),
            user_set: if c.status.writes() {
                c.user_set
                    .iter()
                    .map(|u| UserSetJson {
                        key: &u.key,
                        file: &u.file,
                        answers: &u.answers,
                        first: u.first,
                    })
                    .collect()
            } else {
                Vec::new()
            },
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&PlanJson {
        files,
        summary: Summary::of(changes),
    })
    .expect("plan JSON always serializes");
    text.push('\n');
    text
}
