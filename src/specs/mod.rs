//! specs: the answers read from the four filled spec files.
//!
//! 1. [`markdown`] turns each file into units (headings, labelled bullets,
//!    table rows, prose), dropping what is never read: HTML comments, struck
//!    text, unchecked boxes, code, shipspec's own reading regions.
//! 2. [`headings`] says which questions each heading speaks of; nothing
//!    under "Open questions" or "Proposals" is read.
//! 3. A labelled unit names its field ([`labels`]); a plainly written value
//!    is taken as written, anything else goes through the question's
//!    interpreter (the same rules as answers in words: unsure means unread).
//!    Prose goes through the interpreter of every question in scope.
//! 4. Every place that states a field is a candidate. Where two places
//!    state different values, a warning names both lines and the field is
//!    not read. What is left becomes an [`Interpretation`] that resolve uses
//!    exactly as it uses values read from answers in words.

pub mod headings;
pub mod labels;
pub mod markdown;
pub mod merge;
pub mod project;
pub mod readback;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;
use serde_json::{Value, json};

use crate::answers::Answers;
use crate::answers::model::Project;
use crate::diagnostic::{Code, Diagnostic};
use crate::interpret::text::Text;
use crate::interpret::{self, Context, Interpretation, Mention, Reading};

use self::headings::Scope;
use self::labels::{Field, Parse};
use self::markdown::{Kind, Unit};

/// The four spec files the Phase-2 questions fill.
pub const FILES: [&str; 4] = [
    "codebase_spec.md",
    "technical_design_spec.md",
    "security_spec.md",
    "implementation_options_spec.md",
];

/// The project facts the specs must state (or a small `shipspec.yaml`).
pub const PROJECT_FACTS: [&str; 5] = ["name", "language", "framework", "port", "database"];

/// A place in a spec file and the words there.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct At {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub text: String,
}

/// Something written that was not read, and why.
#[derive(Clone, Debug, Serialize)]
pub struct Unread {
    /// The question (or field) it was about, when known.
    pub about: String,
    pub at: At,
    pub why: String,
}

/// Everything read from a directory of spec files.
#[derive(Debug, Default)]
pub struct SpecReading {
    /// `version`, `project` (from a `shipspec.yaml` if any) and each
    /// question's words as its `answer`; every other field comes from
    /// [`SpecReading::interpretation`].
    pub answers: Answers,
    pub interpretation: Interpretation,
    /// Where each value read stands, by key path.
    pub sources: BTreeMap<String, At>,
    pub unread: Vec<Unread>,
    /// Conflicts (warnings), questions and project facts not found (errors).
    pub diagnostics: Vec<Diagnostic>,
    /// Each question's words and where they start.
    pub words: BTreeMap<String, (String, At)>,
    /// The files read, as labelled in messages, with their text.
    pub files: Vec<(String, String)>,
}

/// One candidate value for a field.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub field: &'static str,
    /// Written plainly under its label, not read from prose.
    pub plain: bool,
    pub value: Value,
    pub at: At,
}

struct Walk<'a> {
    file: &'a str,
    /// The file's name, which decides what template sections mean.
    name: &'a str,
    source: &'a str,
    line_starts: Vec<usize>,
    ctx: Context,
    candidates: BTreeMap<String, Vec<Candidate>>,
    appends: BTreeMap<String, Candidate>,
    mentions: BTreeMap<String, Mention>,
    unread: Vec<Unread>,
    found: Vec<&'static str>,
    prose: BTreeMap<&'static str, Vec<(String, At)>>,
    labelled: BTreeMap<&'static str, Vec<(String, At)>>,
    /// The last unit's words prepared for the interpreter, read by several questions.
    prepared: Option<(std::ops::Range<usize>, Text)>,
    prepared_text: String,
    /// Read only this question (the second read, for regions).
    only: Option<&'static str>,
    cache: &'a mut Cache,
}

type Cache = std::collections::HashMap<(&'static str, String), (Vec<Reading>, Vec<Mention>)>;

static NOT_AGREED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bproposal\b|\bproposed\b|\bnot (?:yet )?agreed\b|\bunder discussion\b|\bto be (?:agreed|decided)\b|^draft\b|\bpending approval\b")
        .expect("a valid regex")
});

impl Walk<'_> {
    fn at(&self, offset: usize, text: &str) -> At {
        let line = self.line_starts.partition_point(|s| *s <= offset);
        let start = self.line_starts[line - 1];
        let column = self.source[start..offset.min(self.source.len())].chars().count() + 1;
        At {
            file: self.file.to_owned(),
            line,
            column,
            text: text.to_owned(),
        }
    }

    /// Where `words` stand inside `unit`, else the unit's start.
    fn locate(&self, unit: &Unit, words: &str) -> At {
        let slice = &self.source[unit.range.clone()];
        let offset = slice
            .find(words)
            .map_or(unit.range.start, |i| unit.range.start + i);
        self.at(offset, words)
    }

    fn unread(&mut self, about: &str, unit: &Unit, why: &str) {
        let at = self.at(unit.range.start, &unit.text);
        self.unread.push(Unread {
            about: about.to_owned(),
            at,
            why: why.to_owned(),
        });
    }

    fn candidate(&mut self, question: &str, field: &'static str, value: Value, at: At, plain: bool) {
        let path = format!("{question}.{field}");
        // Items of one list may stand on several lines of one section
        // (checked boxes, table rows): they add up until the next heading.
        if let Value::Array(items) = &value {
            let key = format!("{path}\u{0}{plain}");
            match self.appends.get_mut(&key) {
                Some(c) => {
                    if let Some(list) = c.value.as_array_mut() {
                        for item in items {
                            if !list.iter().any(|i| merge::same(i, item)) {
                                list.push(item.clone());
                            }
                        }
                    }
                }
                None => {
                    self.appends.insert(
                        key,
                        Candidate {
                            field,
                            plain,
                            value,
                            at,
                        },
                    );
                }
            }
            return;
        }
        let entry = self.candidates.entry(path).or_default();
        entry.push(Candidate {
            field,
            plain,
            value,
            at,
        });
    }

    fn interpret(&mut self, question: &'static str, unit: &Unit, only: Option<&[&str]>) -> bool {
        // The same words often stand in several files: read them once.
        let key = (question, unit.text.clone());
        let (readings, mentions) = match self.cache.get(&key) {
            Some(read) => read.clone(),
            None => {
                if self
                    .prepared
                    .as_ref()
                    .is_none_or(|(r, _)| *r != unit.range || unit.text != self.prepared_text)
                {
                    self.prepared = Some((unit.range.clone(), Text::new(&unit.text)));
                    self.prepared_text.clone_from(&unit.text);
                }
                let text = &self.prepared.as_ref().expect("prepared above").1;
                let read = interpret::read_question_text(question, text, &self.ctx);
                self.cache.insert(key, read.clone());
                read
            }
        };
        let mut any = false;
        for reading in readings {
            if only.is_some_and(|o| !o.contains(&reading.field)) {
                continue;
            }
            let at = self.locate(unit, &reading.words);
            self.candidate(question, reading.field, reading.value, at, false);
            any = true;
        }
        for mention in mentions {
            if only.is_none_or(|o| o.contains(&mention.field)) {
                self.mentions
                    .insert(format!("{question}.{}", mention.field), mention);
            }
        }
        any
    }

    fn flush_appends(&mut self) {
        for (key, cand) in std::mem::take(&mut self.appends) {
            let path = key.split('\u{0}').next().unwrap_or(&key).to_owned();
            self.candidates.entry(path).or_default().push(cand);
        }
    }

    fn labelled(&mut self, scope: &[&'static str], label: &str, value: &str, unit: &Unit) {
        let Some(field) = labels::lookup(label, scope) else {
            if label.to_lowercase().contains("staging") {
                self.unread(label, unit, "a staging value; production is asked");
                return;
            }
            let mut any = false;
            for q in scope {
                any |= self.interpret(q, unit, None);
            }
            if !any && !scope.is_empty() {
                self.unread(label, unit, "no value could be read with certainty");
            }
            return;
        };
        self.field(field, value, unit);
    }

    fn field(&mut self, field: &'static Field, value: &str, unit: &Unit) {
        let question = field.question;
        match labels::parse(field, value) {
            Some(pairs) => {
                for (name, v) in pairs {
                    let at = self.at(unit.range.start, &unit.text);
                    self.candidate(question, name, v, at, true);
                }
            }
            None => {
                let why = if labels::unsure(value) {
                    "hedged, a placeholder or an option list"
                } else {
                    "no value could be read with certainty"
                };
                let read = question != "project"
                    && match field.parse {
                        Parse::Instances => {
                            self.interpret(question, unit, Some(&["min_instances", "max_instances"]))
                        }
                        Parse::UrlPath if field.field == "readiness_path" => {
                            self.interpret(question, unit, Some(&["readiness_path", "checks"]))
                        }
                        _ => self.interpret(question, unit, Some(&[field.field])),
                    };
                if !read {
                    self.unread(&format!("{question}.{}", field.field), unit, why);
                }
            }
        }
    }

    fn row(&mut self, scope: &[&'static str], header: &[String], cells: &[String], unit: &Unit) {
        let sub = |label: &str, value: &str| Unit {
            kind: Kind::Labelled {
                label: label.to_owned(),
                value: value.to_owned(),
            },
            text: format!("{label}: {value}"),
            range: unit.range.clone(),
            unchecked: false,
        };
        let cell = |name: &str| {
            header
                .iter()
                .position(|h| h.eq_ignore_ascii_case(name))
                .and_then(|i| cells.get(i))
                .filter(|c| !c.trim().is_empty())
        };
        // An environment per row: name, trigger and branch in their columns.
        if let (Some(name), Some(trigger)) = (cell("environment"), cell("trigger")) {
            let field = labels::lookup("Environment", scope).filter(|f| f.field == "environments");
            let trigger = labels::trigger(trigger);
            if let (Some(field), Some(trigger)) = (field, trigger) {
                let mut env = json!({"name": name.replace('`', "").to_lowercase(), "trigger": trigger});
                if let Some(branch) = cell("branch") {
                    env["branch"] = json!(branch.replace('`', ""));
                }
                let at = self.at(unit.range.start, &unit.text);
                self.candidate(field.question, field.field, json!([env]), at, true);
            }
            return;
        }
        let first_header = header.first().map(String::as_str).unwrap_or_default();
        let first_cell = cells.first().map(String::as_str).unwrap_or_default();
        if labels::lookup(first_header, scope).is_none() && labels::lookup(first_cell, scope).is_some() {
            // A setting per row: its value is in the production (or value)
            // column, else the second; other columns may name fields too.
            let value_column = header
                .iter()
                .position(|h| {
                    matches!(
                        h.to_lowercase().as_str(),
                        "production"
                            | "prod"
                            | "value"
                            | "answer"
                            | "decision"
                            | "choice"
                            | "agreed"
                            | "target"
                            | "path"
                    )
                })
                .unwrap_or(1);
            let value = cells.get(value_column).cloned().unwrap_or_default();
            self.labelled(scope, first_cell, &value, &sub(first_cell, &value));
            for (i, (h, c)) in header.iter().zip(cells).enumerate() {
                if i != 0 && i != value_column && !c.trim().is_empty() && labels::lookup(h, scope).is_some() {
                    self.labelled(scope, h, c, &sub(h, c));
                }
            }
            return;
        }
        // A record per row: each column's header is the label.
        for (h, c) in header.iter().zip(cells) {
            if !c.trim().is_empty() && labels::lookup(h, scope).is_some() {
                self.labelled(scope, h, c, &sub(h, c));
            }
        }
    }

    fn walk(&mut self, units: &[Unit]) {
        let mut stack: Vec<(u8, Scope)> = Vec::new();
        for unit in units {
            if let Kind::Heading { level } = unit.kind {
                self.flush_appends();
                while stack.last().is_some_and(|(l, _)| *l >= level) {
                    stack.pop();
                }
                if level == 1 {
                    if let Some(name) = project::name_in_title(&unit.text) {
                        let at = self.at(unit.range.start, &unit.text);
                        self.candidate("project", "name", json!(name), at, false);
                    }
                }
                let scope = headings::scope(self.name, &unit.text);
                if let Scope::Questions(qs) = &scope {
                    self.found.extend(qs.iter().copied());
                }
                stack.push((level, scope));
                continue;
            }
            let scope = stack
                .iter()
                .rev()
                .map(|(_, s)| s)
                .find(|s| **s != Scope::Unknown)
                .cloned();
            let questions: Vec<&'static str> = match scope {
                Some(Scope::Skip) => {
                    self.unread("", unit, "under a heading of open questions or proposals");
                    continue;
                }
                Some(Scope::Questions(qs)) => qs,
                _ => Vec::new(),
            };
            let questions = match self.only {
                Some(only) if questions.contains(&only) => vec![only],
                Some(_) => continue,
                None => questions,
            };
            if unit.unchecked {
                self.unread("", unit, "an unchecked box");
                continue;
            }
            if NOT_AGREED.is_match(&unit.text) {
                self.unread("", unit, "marked as a proposal or not agreed");
                continue;
            }
            if let [only] = questions.as_slice() {
                let at = self.at(unit.range.start, &unit.text);
                let list = if matches!(unit.kind, Kind::Prose) {
                    self.prose.entry(only).or_default()
                } else {
                    self.labelled.entry(only).or_default()
                };
                if !list.iter().any(|(t, _)| *t == unit.text) {
                    list.push((unit.text.clone(), at));
                }
            }
            match &unit.kind {
                Kind::Labelled { label, value } => self.labelled(&questions, label, value, unit),
                Kind::Row { header, cells } => self.row(&questions, header, cells, unit),
                Kind::Prose => {
                    for q in &questions {
                        self.interpret(q, unit, None);
                    }
                    if questions.is_empty() || questions.contains(&"infrastructure.hosting") {
                        for (field, value, words) in project::read(&unit.text) {
                            let at = self.locate(unit, &words);
                            self.candidate("project", field, value, at, false);
                        }
                    }
                }
                Kind::Heading { .. } => {}
            }
        }
        self.flush_appends();
    }
}

fn line_starts(source: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(source.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// One read of every file (parsed once: `units`) with the platform known so far.
fn read_files(
    files: &[(String, String)],
    units: &[Vec<Unit>],
    ctx: Context,
    only: Option<&'static str>,
) -> Walked {
    let mut out = Walked::default();
    let mut cache = Cache::new();
    for ((label, source), units) in files.iter().zip(units) {
        let name = label.rsplit('/').next().unwrap_or(label);
        let name = name.to_owned();
        let mut walk = Walk {
            file: label,
            name: &name,
            source,
            line_starts: line_starts(source),
            ctx,
            candidates: BTreeMap::new(),
            appends: BTreeMap::new(),
            mentions: BTreeMap::new(),
            unread: Vec::new(),
            found: Vec::new(),
            prose: BTreeMap::new(),
            labelled: BTreeMap::new(),
            prepared: None,
            prepared_text: String::new(),
            only,
            cache: &mut cache,
        };
        walk.walk(units);
        for (path, mut cands) in walk.candidates {
            out.candidates.entry(path).or_default().append(&mut cands);
        }
        out.mentions.extend(walk.mentions);
        out.unread.extend(walk.unread);
        out.found.extend(walk.found);
        for (q, mut list) in walk.prose {
            out.prose.entry(q).or_default().append(&mut list);
        }
        for (q, mut list) in walk.labelled {
            out.labelled.entry(q).or_default().append(&mut list);
        }
    }
    out
}

#[derive(Default)]
struct Walked {
    candidates: BTreeMap<String, Vec<Candidate>>,
    mentions: BTreeMap<String, Mention>,
    unread: Vec<Unread>,
    found: Vec<&'static str>,
    prose: BTreeMap<&'static str, Vec<(String, At)>>,
    labelled: BTreeMap<&'static str, Vec<(String, At)>>,
}

/// Reads the spec files' texts (label, text). `project` is the `project:`
/// of a `shipspec.yaml` beside them, if any.
pub fn read(files: &[(String, String)], project: Option<&Project>, dir_label: &str) -> SpecReading {
    let units: Vec<Vec<Unit>> = files.iter().map(|(_, text)| markdown::units(text)).collect();
    let mut first = read_files(files, &units, Context::default(), None);
    let platform = first
        .candidates
        .get("infrastructure.hosting.platform")
        .and_then(|c| merge::agreed(c))
        .and_then(|c| serde_json::from_value(c.value.clone()).ok());
    // Region names become codes only once the platform is known: read again
    // when they were spoken of and the platform is.
    let regions = first
        .candidates
        .keys()
        .any(|k| k.starts_with("infrastructure.regions."))
        || first
            .mentions
            .keys()
            .any(|k| k.starts_with("infrastructure.regions."))
        || first
            .unread
            .iter()
            .any(|u| u.about.starts_with("infrastructure.regions"));
    const REGIONS: &str = "infrastructure.regions";
    if platform.is_some() && regions {
        let second = read_files(files, &units, Context { platform }, Some(REGIONS));
        let ours = |k: &str| k.starts_with(REGIONS);
        first.candidates.retain(|k, _| !ours(k));
        first.mentions.retain(|k, _| !ours(k));
        first.unread.retain(|u| !ours(&u.about));
        first
            .candidates
            .extend(second.candidates.into_iter().filter(|(k, _)| ours(k)));
        first
            .mentions
            .extend(second.mentions.into_iter().filter(|(k, _)| ours(k)));
        first
            .unread
            .extend(second.unread.into_iter().filter(|u| ours(&u.about)));
    }
    let walked = first;
    let mut reading = SpecReading {
        files: files.to_vec(),
        unread: walked.unread,
        ..SpecReading::default()
    };
    let mut values = BTreeMap::new();
    for (path, cands) in &walked.candidates {
        match merge::agreed(cands) {
            Some(c) => {
                reading.sources.insert(path.clone(), c.at.clone());
                values.insert(
                    path.clone(),
                    Reading {
                        field: c.field,
                        value: c.value.clone(),
                        span: 0..0,
                        words: c.at.text.clone(),
                    },
                );
            }
            None => {
                let (a, b) = merge::first_disagreement(cands);
                reading.diagnostics.push(merge::conflict(path, a, b));
                reading.unread.push(Unread {
                    about: path.clone(),
                    at: b.at.clone(),
                    why: format!("disagrees with {}:{}", a.at.file, a.at.line),
                });
            }
        }
    }
    reading.interpretation = Interpretation {
        values,
        mentions: walked.mentions,
    };
    // The words of each question: its prose, else its labelled lines.
    let mut tree = json!({"version": 1});
    if let Some(p) = project {
        tree["project"] = serde_json::to_value(p).unwrap_or(Value::Null);
    }
    for (question, _) in headings::QUESTION_HEADINGS {
        let prose = walked.prose.get(question).filter(|l| !l.is_empty());
        let list = prose.or_else(|| walked.labelled.get(question).filter(|l| !l.is_empty()));
        let Some(list) = list else { continue };
        let sep = if prose.is_some() { "\n\n" } else { "\n" };
        let mut texts: Vec<&str> = Vec::new();
        for (t, _) in list {
            if !texts.contains(&t.as_str()) {
                texts.push(t);
            }
        }
        let text = texts.join(sep);
        let (group, key) = question.split_once('.').expect("a dotted question path");
        tree[group][key] = json!({"answer": text});
        reading
            .words
            .insert(question.to_owned(), (text, list[0].1.clone()));
    }
    reading.answers = serde_json::from_value(tree).unwrap_or_default();
    for (number, (question, _)) in headings::QUESTION_HEADINGS.iter().enumerate() {
        if walked.found.contains(question) {
            continue;
        }
        let names = headings::looked_for(question);
        reading.diagnostics.push(
            Diagnostic::error(
                Code::SpecQuestionNotFound,
                format!(
                    "Q{} `{question}` was not found in the specs: no heading names it",
                    number + 1
                ),
            )
            .path(*question)
            .file(dir_label)
            .hint(format!(
                "add a section under one of these headings (any level; case, numbering and a `(Q{})` suffix do not matter): {}",
                number + 1,
                names.join(", ")
            )),
        );
    }
    let missing: Vec<&str> = PROJECT_FACTS
        .iter()
        .copied()
        .filter(|f| {
            let stated = reading
                .interpretation
                .values
                .contains_key(&format!("project.{f}"));
            let given = serde_json::to_value(project)
                .ok()
                .and_then(|p| p.get(*f).cloned())
                .is_some_and(|v| !v.is_null());
            !stated && !given
        })
        .collect();
    if !missing.is_empty() {
        reading.diagnostics.push(
            Diagnostic::error(
                Code::ProjectFactsMissing,
                format!(
                    "the specs do not state the project's {}",
                    missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
                ),
            )
            .path("project")
            .file(dir_label)
            .hint(format!(
                "state them in the specs (e.g. `- **Stack:** FastAPI (Python), listening on port 8080`), or keep a shipspec.yaml holding only `project:` with {}",
                missing.join(", ")
            )),
        );
    }
    reading
}

/// Reads `dir`: its four spec files and, for the project facts, the
/// `project:` of `answers` when that file exists.
pub fn read_dir(dir: &Path, answers: Option<&Path>) -> Result<SpecReading, Vec<Diagnostic>> {
    let label = dir.display().to_string();
    let label = label.trim_end_matches('/').to_owned();
    if !dir.is_dir() {
        let why = if dir.exists() {
            "is not a directory"
        } else {
            "does not exist"
        };
        return Err(vec![
            Diagnostic::error(Code::Io, format!("the specs directory `{label}` {why}"))
                .file(label.clone())
                .argument("--specs")
                .hint("pass the directory holding codebase_spec.md and the other spec files, e.g. `--specs docs/specs`"),
        ]);
    }
    let mut files = Vec::new();
    for name in FILES {
        let path = dir.join(name);
        let file = format!("{label}/{name}");
        // The same budget as the answers file: read no further than it.
        let bytes = match crate::answers::budget::read(&path) {
            Ok(Ok(b)) => b,
            Ok(Err(over)) => {
                return Err(vec![
                    Diagnostic::error(
                        Code::InputBudget,
                        over.message().replace("answers file", "spec file"),
                    )
                    .file(file)
                    .at(1, 1)
                    .hint("a spec file is a few pages: keep long documents elsewhere and link them"),
                ]);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                return Err(vec![
                    Diagnostic::error(Code::Io, format!("cannot read the spec file: {e}"))
                        .file(file)
                        .hint("check the path and its permissions"),
                ]);
            }
        };
        match String::from_utf8(bytes) {
            Ok(text) => files.push((file, text)),
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let before = &e.as_bytes()[..offset];
                let line = before.iter().filter(|b| **b == b'\n').count() + 1;
                let column = offset - before.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1) + 1;
                return Err(vec![
                    Diagnostic::error(Code::NotUtf8, "the spec file is not valid UTF-8")
                        .file(file)
                        .at(line, column)
                        .hint("save the file as UTF-8"),
                ]);
            }
        }
    }
    if files.is_empty() {
        return Err(vec![
            Diagnostic::error(
                Code::NoSpecFiles,
                format!("`{label}` holds none of the spec files ({})", FILES.join(", ")),
            )
            .file(label)
            .argument("--specs")
            .hint("point `--specs` at the directory with the filled Phase-2 specs, e.g. `docs/specs`"),
        ]);
    }
    let beside = match answers {
        Some(path) if path.is_file() => Some(project_of(path)?),
        _ => None,
    };
    let (project, outputs) = beside.map_or((None, None), |b| (b.project, b.outputs));
    let mut reading = read(&files, project.as_ref(), &label);
    reading.answers.outputs = outputs;
    Ok(reading)
}

/// What the specs do not say, from a `shipspec.yaml` beside them: the
/// project facts and the `outputs:` settings (its questions are not used).
#[derive(serde::Deserialize)]
struct Beside {
    project: Option<Project>,
    outputs: Option<crate::answers::model::Outputs>,
}

fn project_of(path: &Path) -> Result<Beside, Vec<Diagnostic>> {
    let label = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![
            Diagnostic::error(Code::Io, format!("cannot read the project facts: {e}"))
                .file(label.clone())
                .hint("save it as UTF-8 with `project:` only"),
        ]
    })?;
    match serde_norway::from_str::<Beside>(&text) {
        Ok(p) => Ok(p),
        Err(e) => Err(vec![
            Diagnostic::error(Code::Syntax, format!("cannot read `project:`: {e}"))
                .file(label)
                .hint("keep `project:` with name, language, framework, port and database"),
        ]),
    }
}
