//! The stamp: a record, kept in the lock, that the last apply left every
//! output exactly as the answers produce it. It names the build that
//! rendered them, the answers file (its path from the root and the sha256
//! of its bytes), every output with its status (`unchanged`, or a scaffold
//! that exists), and the warnings the answers gave.
//!
//! While the build, the answers and every file the lock records are the
//! same, nothing can render differently, so `plan` and `check` answer from
//! the stamp without reading the words again (see `crate::up_to_date`).
//! A `digest` binds the stamp to the lock's entries and warnings: a lock
//! merged from two branches, or edited by hand, no longer matches it and is
//! simply not trusted.

use std::fmt::Write as _;

use toml_edit::Value;

use super::state::{Lock, sha256};
use crate::diagnostic::{Code, Diagnostic, Severity};

/// The build's identity: a digest of the sources, templates and locked
/// dependencies (build.rs).
pub const BUILD: &str = env!("SHIPSPEC_BUILD");

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub build: String,
    /// The answers file's path from the root, `/`-separated.
    pub answers_path: String,
    pub answers_sha256: String,
    /// Outputs a plan shows as `unchanged`, sorted.
    pub unchanged: Vec<String>,
    /// Scaffolds that exist (a plan shows them as skipped), sorted.
    pub scaffolds: Vec<String>,
    /// Files in the lock a plan does not mention (left to the user by
    /// `outputs.skip`), sorted.
    pub left: Vec<String>,
    pub warnings: Vec<Warning>,
    pub digest: String,
}

/// A warning as shown (redacted), its file being the answers file or none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub code: Code,
    pub message: String,
    pub in_answers: bool,
    pub path: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub hint: Option<String>,
    pub redact: bool,
}

impl Warning {
    /// The warning as a stamp keeps it; `None` when it cannot be replayed
    /// the same (an error, another file, a command-line flag).
    pub fn of(d: &Diagnostic, answers_label: &str) -> Option<Warning> {
        if d.severity != Severity::Warning || d.argument.is_some() {
            return None;
        }
        let in_answers = match d.file.as_deref() {
            None => false,
            Some(f) if f == answers_label => true,
            Some(_) => return None,
        };
        let d = d.redacted();
        Some(Warning {
            code: d.code,
            message: d.message,
            in_answers,
            path: d.path,
            line: d.line,
            column: d.column,
            hint: d.hint,
            redact: d.redact,
        })
    }

    pub fn diagnostic(&self, answers_label: &str) -> Diagnostic {
        let mut d = Diagnostic::warning(self.code, self.message.clone());
        d.file = self.in_answers.then(|| answers_label.to_owned());
        d.path = self.path.clone();
        d.line = self.line;
        d.column = self.column;
        d.hint = self.hint.clone();
        d.redact = self.redact;
        d
    }

    fn describe(&self, out: &mut String) {
        let opt = |v: &Option<String>| v.as_deref().map_or("-".to_owned(), |s| format!("+{s}"));
        let num = |v: Option<usize>| v.map_or("-".to_owned(), |n| n.to_string());
        let _ = write!(
            out,
            "warning\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n",
            self.code.as_str(),
            self.message.replace('\n', "\\n"),
            self.in_answers,
            opt(&self.path).replace('\n', "\\n"),
            num(self.line),
            num(self.column),
            opt(&self.hint).replace('\n', "\\n"),
            self.redact
        );
    }
}

impl Stamp {
    /// A stamp over `lock`'s entries, its digest computed.
    pub fn new(
        answers_path: String,
        answers_sha256: String,
        mut unchanged: Vec<String>,
        mut scaffolds: Vec<String>,
        mut left: Vec<String>,
        warnings: Vec<Warning>,
        lock: &Lock,
    ) -> Stamp {
        unchanged.sort();
        scaffolds.sort();
        left.sort();
        let mut stamp = Stamp {
            build: BUILD.to_owned(),
            answers_path,
            answers_sha256,
            unchanged,
            scaffolds,
            left,
            warnings,
            digest: String::new(),
        };
        stamp.digest = stamp.compute_digest(lock);
        stamp
    }

    /// Everything the stamp says, and every lock entry it stands on.
    fn compute_digest(&self, lock: &Lock) -> String {
        let mut text = format!("{}\n{}\n{}\n", self.build, self.answers_path, self.answers_sha256);
        for path in &self.unchanged {
            let _ = writeln!(text, "unchanged\n{path}");
        }
        for path in &self.scaffolds {
            let _ = writeln!(text, "scaffold\n{path}");
        }
        for path in &self.left {
            let _ = writeln!(text, "left\n{path}");
        }
        for (path, e) in &lock.files {
            let _ = writeln!(
                text,
                "entry\n{path}\n{}\n{}\n{}",
                e.mode.as_str(),
                e.sha256,
                e.base_sha256.as_deref().unwrap_or("-")
            );
        }
        for w in &self.warnings {
            w.describe(&mut text);
        }
        sha256(&text)
    }

    /// Whether the stamp was made by this build over exactly `lock`.
    pub fn holds_for(&self, lock: &Lock) -> bool {
        self.build == BUILD && self.digest == self.compute_digest(lock)
    }

    /// The `[stamp]` table, appended to the lock's text.
    pub fn render(&self) -> String {
        let s = |v: &str| Value::from(v).to_string();
        let mut out = String::from(
            "\n# The last apply left every output as the answers produce them: while this\n# build, the answers and the files above are unchanged, plan and check say\n# so from here without reading the answers again.\n[stamp]\n",
        );
        let _ = writeln!(out, "build = \"{}\"", self.build);
        let _ = writeln!(out, "answers_path = {}", s(&self.answers_path));
        let _ = writeln!(out, "answers_sha256 = \"{}\"", self.answers_sha256);
        for (name, list) in [
            ("unchanged", &self.unchanged),
            ("scaffolds", &self.scaffolds),
            ("left", &self.left),
        ] {
            let _ = writeln!(out, "{name} = [");
            for path in list {
                let _ = writeln!(out, "  {},", s(path));
            }
            out.push_str("]\n");
        }
        let _ = writeln!(out, "digest = \"{}\"", self.digest);
        for w in &self.warnings {
            let _ = write!(
                out,
                "\n[[stamp.warning]]\ncode = \"{}\"\nmessage = {}\n",
                w.code.as_str(),
                s(&w.message)
            );
            if w.in_answers {
                out.push_str("in_answers = true\n");
            }
            if let Some(path) = &w.path {
                let _ = writeln!(out, "path = {}", s(path));
            }
            if let (Some(line), Some(column)) = (w.line, w.column) {
                let _ = writeln!(out, "line = {line}\ncolumn = {column}");
            } else if let Some(line) = w.line {
                let _ = writeln!(out, "line = {line}");
            }
            if let Some(hint) = &w.hint {
                let _ = writeln!(out, "hint = {}", s(hint));
            }
            if w.redact {
                out.push_str("redact = true\n");
            }
        }
        out
    }

    /// The `[stamp]` table of a lock, when it has a well-formed one. A
    /// malformed stamp is no stamp: it only ever saves work.
    pub fn parse(doc: &toml_edit::Table) -> Option<Stamp> {
        let table = doc.get("stamp")?.as_table()?;
        let text = |key: &str| table.get(key)?.as_str().map(str::to_owned);
        let list = |key: &str| {
            table
                .get(key)?
                .as_array()?
                .iter()
                .map(|v| v.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
        };
        let mut warnings = Vec::new();
        if let Some(item) = table.get("warning") {
            for w in item.as_array_of_tables()?.iter() {
                let text = |key: &str| match w.get(key) {
                    None => Some(None),
                    Some(v) => v.as_str().map(|s| Some(s.to_owned())),
                };
                let number = |key: &str| match w.get(key) {
                    None => Some(None),
                    Some(v) => v.as_integer().and_then(|n| usize::try_from(n).ok()).map(Some),
                };
                let flag = |key: &str| match w.get(key) {
                    None => Some(false),
                    Some(v) => v.as_bool(),
                };
                let code = text("code")??;
                warnings.push(Warning {
                    code: Code::ALL.iter().copied().find(|c| c.as_str() == code)?,
                    message: text("message")??,
                    in_answers: flag("in_answers")?,
                    path: text("path")?,
                    line: number("line")?,
                    column: number("column")?,
                    hint: text("hint")?,
                    redact: flag("redact")?,
                });
            }
        }
        Some(Stamp {
            build: text("build")?,
            answers_path: text("answers_path")?,
            answers_sha256: text("answers_sha256")?,
            unchanged: list("unchanged")?,
            scaffolds: list("scaffolds")?,
            left: list("left")?,
            warnings,
            digest: text("digest")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::state::Entry;
    use crate::render::Mode;

    fn lock() -> Lock {
        let mut lock = Lock::default();
        for (path, mode) in [("fly.toml", Mode::Merged), ("app/health.py", Mode::Scaffold)] {
            lock.files.insert(
                path.into(),
                Entry {
                    mode,
                    sha256: sha256(path),
                    base_sha256: None,
                    version: "0.1.0".into(),
                    keys: vec![],
                    adopted: vec![],
                },
            );
        }
        lock
    }

    fn stamp(lock: &Lock) -> Stamp {
        let warning = Warning {
            code: Code::ALL[20],
            message: "a \"quoted\"\nmessage".into(),
            in_answers: true,
            path: Some("infrastructure.scaling.mode".into()),
            line: Some(24),
            column: Some(5),
            hint: None,
            redact: false,
        };
        Stamp::new(
            "services/a/shipspec.yaml".into(),
            sha256("answers"),
            vec!["fly.toml".into()],
            vec!["app/health.py".into()],
            vec![],
            vec![warning],
            lock,
        )
    }

    #[test]
    fn a_stamp_round_trips_through_the_lock() {
        let mut lock = lock();
        lock.stamp = Some(stamp(&lock));
        let back = Lock::parse(&lock.render()).unwrap();
        assert_eq!(back, lock);
        assert!(back.stamp.as_ref().unwrap().holds_for(&back));
    }

    #[test]
    fn a_stamp_holds_only_over_the_entries_it_was_made_for() {
        let lock = lock();
        let stamp = stamp(&lock);
        assert!(stamp.holds_for(&lock));
        // An entry whose content changed (another branch's lock merged in).
        let mut other = lock.clone();
        other.files.get_mut("fly.toml").unwrap().sha256 = sha256("other");
        assert!(!stamp.holds_for(&other));
        // An entry added.
        let mut more = lock.clone();
        more.files.insert("x.yml".into(), lock.files["fly.toml"].clone());
        assert!(!stamp.holds_for(&more));
        // A warning, the answers or the build edited.
        for edit in [
            |s: &mut Stamp| s.warnings.clear(),
            |s: &mut Stamp| s.answers_sha256 = sha256("else"),
            |s: &mut Stamp| s.answers_path = "shipspec.yaml".into(),
            |s: &mut Stamp| s.unchanged.push("docs/x.md".into()),
        ] {
            let mut edited = stamp.clone();
            edit(&mut edited);
            assert!(!edited.holds_for(&lock));
        }
        let mut old = stamp.clone();
        old.build = "0".repeat(64);
        old.digest = old.compute_digest(&lock);
        assert!(!old.holds_for(&lock), "another build's stamp is not trusted");
    }

    #[test]
    fn a_malformed_stamp_is_no_stamp() {
        let mut lock = lock();
        lock.stamp = Some(stamp(&lock));
        let text = lock.render();
        for broken in [
            text.replace("code = \"", "code = \"XX"),
            text.replace("line = 24", "line = -1"),
            text.replace("digest = ", "digests = "),
        ] {
            let parsed = Lock::parse(&broken).unwrap();
            assert_eq!(parsed.stamp, None, "{broken}");
            assert_eq!(parsed.files, lock.files);
        }
    }
}
