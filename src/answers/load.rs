//! load: bytes → typed [`Answers`], or located diagnostics.
//!
//! Order matters: size, encoding, emptiness and flow nesting are checked
//! before the YAML parser sees the text; then one walk over the decoded
//! values (`scan`) checks the budget, over-long values and secrets before
//! the typed answers are built, so each gets its own clear message.

use super::budget::{self, MAX_FILE_BYTES, Over};
use super::locate::{LocationIndex, MAX_SCALAR_LEN, Position};
use super::model::Answers;
use super::suggest::closest;
use crate::diagnostic::{Code, Diagnostic};

/// The only answers-file version this shipspec reads.
pub const VERSION: u32 = 1;

/// A successfully parsed answers file and what is needed to locate its keys.
#[derive(Debug)]
pub struct Loaded {
    pub answers: Answers,
    pub index: LocationIndex,
    /// The file name as shown in diagnostics.
    pub file: String,
}

impl Loaded {
    /// A diagnostic located at `path` in this file (or its nearest ancestor).
    pub fn locate(&self, diagnostic: Diagnostic, path: &str) -> Diagnostic {
        let diagnostic = diagnostic.path(path).file(self.file.clone());
        match self.index.find(path) {
            Some(Position { line, column }) => diagnostic.at(line, column),
            None => diagnostic.at(1, 1),
        }
    }
}

/// `\r\n` and a lone `\r` (old Mac files) as `\n`: YAML reads all three as
/// line breaks, and so do the emptiness check and the snippets shown.
pub fn normalize_newlines(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        text.into()
    }
}

fn over_budget(over: &Over) -> Diagnostic {
    Diagnostic::error(Code::InputBudget, over.message()).hint(over.hint())
}

pub fn load(file: &str, bytes: &[u8]) -> Result<Loaded, Vec<Diagnostic>> {
    let fail = |d: Diagnostic| Err(vec![d.file(file)]);
    if bytes.len() > MAX_FILE_BYTES {
        return fail(over_budget(&Over::Size).at(1, 1));
    }
    let source = match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let (line, column) = line_column(bytes, e.valid_up_to());
            return fail(
                Diagnostic::error(Code::NotUtf8, "the answers file is not valid UTF-8")
                    .at(line, column)
                    .hint("save the file as UTF-8"),
            );
        }
    };
    let source = &*normalize_newlines(source);
    if source
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return fail(
            Diagnostic::error(Code::Empty, "the answers file is empty")
                .at(1, 1)
                .hint("run `shipspec init` to write one with every question"),
        );
    }
    if let Some(at) = budget::flow_too_deep(source) {
        let (line, column) = line_column(source.as_bytes(), at);
        return fail(over_budget(&Over::Depth).at(line, column));
    }
    let index = LocationIndex::build(source);
    let at = |d: Diagnostic, path: &str| {
        let Position { line, column } = index.find_value(path).unwrap_or(Position { line: 1, column: 1 });
        d.path(path).at(line, column).file(file)
    };
    let (findings, walked) = super::scan::scan(source);
    if let Some((path, over)) = &findings.over {
        return Err(vec![at(over_budget(over), path)]);
    }
    if let Err(e) = walked {
        return fail(from_serde(&e));
    }
    if let Some(path) = &findings.not_finite {
        return Err(vec![at(
            Diagnostic::error(
                Code::OutOfRange,
                "`.nan` and `.inf` are not numbers an answer can have",
            )
            .hint("write a finite number, e.g. `1` or `0.5`"),
            path,
        )]);
    }
    if let Some((path, len)) = findings.too_long.first() {
        return Err(vec![at(
            Diagnostic::error(
                Code::TooLong,
                format!("this value is {len} bytes long; the limit is {MAX_SCALAR_LEN}"),
            )
            .hint("answers are prose: keep long documents in the specs and summarise here"),
            path,
        )]);
    }
    if !findings.secrets.is_empty() {
        let diagnostics = findings
            .secrets
            .iter()
            .map(|(path, kind, key)| {
                let what = if *key { "a key here" } else { "this value" };
                let mut d = at(
                    Diagnostic::error(
                        Code::SecretInAnswers,
                        format!("{what} looks like {kind}; secrets never belong in shipspec.yaml"),
                    ),
                    path,
                )
                .hint(
                    "remove it, rotate it (it may already be in git history), and keep it in the secret store \
                     named in `security.secrets.production`; answers name where secrets live, not their values",
                );
                d.redact = true;
                d
            })
            .collect();
        return Err(diagnostics);
    }
    if let Some((path, pos)) = index.duplicates.first() {
        let key = path.rsplit('.').next().unwrap_or(path);
        return fail(
            Diagnostic::error(
                Code::Duplicate,
                format!("`{key}` is written twice in the same mapping"),
            )
            .path(path.clone())
            .at(pos.line, pos.column)
            .hint("keep one of the two; YAML would silently use only one"),
        );
    }
    let answers: Answers = match serde_norway::from_str(source) {
        Ok(a) => a,
        Err(e) => return fail(from_serde(&e)),
    };
    let loaded = Loaded {
        answers,
        index,
        file: file.to_owned(),
    };
    match loaded.answers.version {
        Some(VERSION) => Ok(loaded),
        Some(other) => Err(vec![
            loaded.locate(
                Diagnostic::error(Code::Version, format!("unsupported answers file version {other}"))
                    .hint(format!("this shipspec reads `version: {VERSION}`")),
                "version",
            ),
        ]),
        None => Err(vec![
            Diagnostic::error(Code::Version, "the answers file has no `version`")
                .file(file)
                .at(1, 1)
                .hint(format!("add `version: {VERSION}` as the first line")),
        ]),
    }
}

/// Turns a serde_norway error into a diagnostic with code, path and hint.
fn from_serde(e: &serde_norway::Error) -> Diagnostic {
    let text = e.to_string();
    // serde_norway's Display is "path: message at line L column C".
    let text = match text.rfind(" at line ") {
        Some(cut) if e.location().is_some() => text[..cut].to_owned(),
        _ => text,
    };
    let (path, message) = match text.split_once(": ") {
        Some((p, m)) if !p.contains(' ') => (p.to_owned(), m.to_owned()),
        _ => (String::new(), text.clone()),
    };
    if let Some(rest) = message.strip_prefix("invalid type: integer `-") {
        let number = rest.split('`').next().unwrap_or_default();
        let mut d = Diagnostic::error(
            Code::OutOfRange,
            format!("this value cannot be negative (got -{number})"),
        )
        .path(path)
        .hint("write a whole number of 0 or more");
        if let Some(loc) = e.location() {
            d = d.at(loc.line(), loc.column());
        }
        return d;
    }
    let code = if message.starts_with("unknown field") {
        Code::UnknownKey
    } else if message.starts_with("unknown variant") {
        Code::UnknownValue
    } else if message.starts_with("invalid type") {
        Code::WrongType
    } else if message.starts_with("invalid value") {
        Code::OutOfRange
    } else if message.starts_with("duplicate") {
        Code::Duplicate
    } else {
        Code::Syntax
    };
    let mut d = Diagnostic::error(code, message.clone()).path(path);
    if let Some(loc) = e.location() {
        d = d.at(loc.line(), loc.column());
    }
    if matches!(code, Code::UnknownKey | Code::UnknownValue) {
        if let Some(hint) = did_you_mean(&message) {
            d = d.hint(hint);
        }
    }
    if code == Code::WrongType && message.contains("expected struct Answers") {
        d = d.hint("the top level of shipspec.yaml is a mapping: `version: 1`, `project:`, …");
    }
    d
}

/// From "unknown variant `bluegren`, expected one of `rolling`, …" suggests
/// the nearest expected value.
fn did_you_mean(message: &str) -> Option<String> {
    let mut ticks = message.split('`').skip(1).step_by(2);
    let got = ticks.next()?;
    let expected: Vec<&str> = ticks.collect();
    match closest(got, expected.iter().copied()) {
        Some(best) => Some(format!("did you mean `{best}`?")),
        None if !expected.is_empty() => Some(format!(
            "expected one of {}",
            expected
                .iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        None => None,
    }
}

fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let start = before.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
    (line, offset - start + 1)
}
