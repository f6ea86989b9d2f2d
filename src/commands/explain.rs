//! `explain`: for each question, the answer, every value used and where it
//! came from (`structured`, `interpreted`, `default`), and what it feeds.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value;

use crate::interpret::lookup;

use crate::cli::Format;
use crate::exit::Exit;
use crate::output;
use crate::pipeline;
use crate::render;
use crate::resolve::Source;
use crate::run::Ui;

/// The questions in the order they are asked.
pub const QUESTIONS: [(u8, &str); 20] = [
    (1, "infrastructure.hosting"),
    (2, "infrastructure.regions"),
    (3, "infrastructure.scaling"),
    (4, "infrastructure.monitoring"),
    (5, "infrastructure.cost"),
    (6, "infrastructure.iac"),
    (7, "security.authentication"),
    (8, "security.authorization"),
    (9, "security.secrets"),
    (10, "security.encryption"),
    (11, "security.input_validation"),
    (12, "security.audits"),
    (13, "operations.deployment"),
    (14, "operations.health_checks"),
    (15, "operations.rollback"),
    (16, "operations.logging"),
    (17, "operations.incident_response"),
    (18, "operations.backup"),
    (19, "operations.configuration"),
    (20, "operations.performance"),
];

fn show(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Where the words behind each interpreted value stand in the answers file.
#[derive(serde::Serialize)]
struct WordsAt {
    file: String,
    line: usize,
    column: usize,
    text: String,
}

/// The words of every interpreted value, located: the answer's own line and
/// column where the words appear in the file as written, else the answer's key.
fn sources(resolution: &pipeline::Resolution) -> BTreeMap<String, WordsAt> {
    if let Some(reading) = &resolution.specs {
        // Read from the spec files: every value used, where the specs say it.
        return resolution
            .resolved
            .interpreted
            .keys()
            .filter_map(|path| {
                let at = reading.sources.get(path)?;
                Some((
                    path.clone(),
                    WordsAt {
                        file: at.file.clone(),
                        line: at.line,
                        column: at.column,
                        text: at.text.clone(),
                    },
                ))
            })
            .collect();
    }
    let source = &resolution.source;
    let loaded = &resolution.loaded;
    let mut out = BTreeMap::new();
    for (path, reading) in &resolution.resolved.interpreted {
        let question = path.rsplit_once('.').map_or(path.as_str(), |(q, _)| q);
        let key = loaded
            .index
            .find(&format!("{question}.answer"))
            .or_else(|| loaded.index.find(question));
        let (line, column) = key.map_or((1, 1), |p| (p.line, p.column));
        let from = line_offset(source, line);
        let (line, column) = match source[from..].find(reading.words.as_str()) {
            Some(at) => position(source, from + at),
            None => (line, column),
        };
        out.insert(
            path.clone(),
            WordsAt {
                file: loaded.file.clone(),
                line,
                column,
                text: reading.words.clone(),
            },
        );
    }
    out
}

fn line_offset(source: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    source
        .match_indices('\n')
        .nth(line - 2)
        .map_or(source.len(), |(i, _)| i + 1)
}

/// 1-based line and column (in characters) of byte `at`.
fn position(source: &str, at: usize) -> (usize, usize) {
    let before = &source[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

pub fn run(ui: &Ui, format: Format) -> Exit {
    // From the spec files, what was read is shown even when it is not
    // enough to generate anything; the errors still set the exit code.
    let lenient = ui.paths.specs.is_some();
    let resolution = match if lenient {
        pipeline::resolve_all(&ui.paths)
    } else {
        pipeline::resolve(&ui.paths)
    } {
        Ok(r) => r,
        Err(f) => return ui.fail(&f),
    };
    let resolved = &resolution.resolved;
    let exit = if resolved.ok() { Exit::Ok } else { Exit::Error };
    let tree = serde_json::to_value(&resolved.plan).expect("the plan always serializes");
    let outputs = render::feeds(&resolved.plan);
    match format {
        Format::Json => {
            let mut text = serde_json::to_string_pretty(&serde_json::json!({
                "answers": tree,
                "provenance": resolved.provenance,
                "outputs": outputs,
                "diagnostics": resolved.diagnostics,
                "sources": sources(&resolution),
            }))
            .expect("explain JSON always serializes");
            text.push('\n');
            output::stdout(&text);
            if exit != Exit::Ok {
                ui.warnings(&resolved.diagnostics, &resolution.source);
            }
        }
        Format::Text => {
            ui.warnings(&resolved.diagnostics, &resolution.source);
            let mut out = String::new();
            for (number, path) in QUESTIONS {
                let _ = writeln!(out, "Q{number} {path}");
                let Some(Value::Object(fields)) = lookup(&tree, path) else {
                    continue;
                };
                match fields.get("answer").map(show).filter(|a| !a.is_empty()) {
                    Some(answer) => {
                        let _ = writeln!(out, "  answer: {answer}");
                    }
                    None if fields.get("answered") == Some(&Value::Bool(false)) => {
                        let _ = writeln!(out, "  (not answered)");
                    }
                    None => {}
                }
                for (key, value) in fields.iter().filter(|(k, _)| *k != "answer" && *k != "answered") {
                    let source = resolved
                        .provenance
                        .get(&format!("{path}.{key}"))
                        .copied()
                        .unwrap_or(Source::Default);
                    let source = serde_json::to_value(source).map(|v| show(&v)).unwrap_or_default();
                    match resolved.interpreted.get(&format!("{path}.{key}")) {
                        Some(reading) => {
                            let _ = writeln!(
                                out,
                                "  {key} = {}  ({source}: \"{}\")",
                                show(value),
                                reading.words
                            );
                        }
                        None => {
                            let _ = writeln!(out, "  {key} = {}  ({source})", show(value));
                        }
                    }
                }
                if let Some(list) = outputs.get(path) {
                    let _ = writeln!(out, "  feeds: {}", list.join(", "));
                }
                out.push('\n');
            }
            output::stdout(&out);
        }
    }
    exit
}
