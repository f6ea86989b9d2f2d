//! Diagnostics as text (with the source line and a caret) or JSON.

use std::fmt::Write as _;

use super::color::Palette;
use crate::answers::secrets;
use crate::diagnostic::{Diagnostic, Severity};

/// The longest source line shown under a diagnostic; a longer one is cut
/// around the column (an over-long value is the usual reason for it).
const SNIPPET_CHARS: usize = 160;

/// The source line as shown: secrets replaced first (so a cut cannot split
/// one out of reach), then cut to [`SNIPPET_CHARS`] around `column`; with
/// the caret's offset in the text shown.
fn snippet(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = secrets::redact(line).chars().collect();
    let column = column.saturating_sub(1).min(chars.len());
    let start = column.saturating_sub(SNIPPET_CHARS / 2);
    let end = (start + SNIPPET_CHARS).min(chars.len());
    let mut shown = String::new();
    let mut caret = column - start;
    if start > 0 {
        shown.push('…');
        caret += 1;
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    (shown, caret)
}

/// `error[SS006]: message`, the location, the source line with a caret,
/// the key path and the hint. `source` is the answers file (name, text):
/// diagnostics about it show the offending line.
pub fn text(diagnostics: &[Diagnostic], source: Option<(&str, &str)>, palette: &Palette) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let d = &d.redacted();
        let head = match d.severity {
            Severity::Error => palette.error(&format!("error[{}]", d.code.as_str())),
            Severity::Warning => palette.warning(&format!("warning[{}]", d.code.as_str())),
        };
        let _ = writeln!(out, "{head}: {}", palette.header(&d.message));
        if let Some(flag) = &d.argument {
            let _ = writeln!(out, "  {} command line: {flag}", palette.note("-->"));
        }
        // Without a file of its own, a diagnostic is about the answers file,
        // unless it is about the command line.
        let file = match &d.argument {
            Some(_) => d.file.as_deref(),
            None => d.file.as_deref().or(source.map(|(name, _)| name)),
        };
        match (file, d.line, d.column) {
            (None, ..) => {}
            (Some(file), Some(line), Some(column)) => {
                let _ = writeln!(out, "  {} {file}:{line}:{column}", palette.note("-->"));
                let snippet = source
                    .filter(|(name, _)| *name == file && !d.redact)
                    .and_then(|(_, text)| text.lines().nth(line.saturating_sub(1)));
                if let Some(text) = snippet {
                    let (text, caret) = self::snippet(text, column);
                    let width = line.to_string().len();
                    let gutter = palette.note(&format!("{:width$} |", ""));
                    let _ = writeln!(out, "{gutter}");
                    let _ = writeln!(out, "{} {text}", palette.note(&format!("{line:width$} |")));
                    let caret = format!("{}^", " ".repeat(caret));
                    let _ = writeln!(out, "{gutter} {}", palette.error(&caret));
                }
            }
            (Some(file), ..) => {
                let _ = writeln!(out, "  {} {file}", palette.note("-->"));
            }
        }
        if let Some(path) = &d.path {
            let _ = writeln!(out, "   = at: {path}");
        }
        if let Some(hint) = &d.hint {
            let _ = writeln!(out, "   = {}: {hint}", palette.note("help"));
        }
        out.push('\n');
    }
    out
}

pub fn json(diagnostics: &[Diagnostic]) -> String {
    let mut text = serde_json::to_string_pretty(&serde_json::json!({ "diagnostics": diagnostics }))
        .expect("diagnostics always serialize");
    text.push('\n');
    text
}
