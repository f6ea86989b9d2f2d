//! `import`: writes `shipspec.yaml` from the filled spec files. The
//! person's words become each `answer:`, every value read is written with a
//! comment naming where it stands, and what could not be read is listed at
//! the end with the reason. Nothing is invented to fill a gap. Shows the
//! diff first and asks, like `apply`.

use std::fmt::Write as _;
use std::io::{BufRead as _, IsTerminal as _};
use std::path::PathBuf;

use serde_json::Value;

use crate::exit::Exit;
use crate::output;
use crate::pipeline::Failure;
use crate::report::diff;
use crate::run::Ui;
use crate::specs::{self, SpecReading};
use crate::write;

/// A value as YAML: JSON's flow syntax is YAML too.
fn yaml(value: &Value) -> String {
    value.to_string()
}

fn comment_at(reading: &SpecReading, path: &str) -> String {
    reading
        .sources
        .get(path)
        .map_or_else(String::new, |at| format!("  # {}:{}", at.file, at.line))
}

/// The answers file the specs say.
pub fn render(reading: &SpecReading) -> String {
    let values = &reading.interpretation.values;
    let mut out = String::from(
        "# Written by `shipspec import` from the filled spec files: each `answer` is the\n# specs' words, each value is followed by where it was read.\nversion: 1\n",
    );
    let project = serde_json::to_value(&reading.answers.project).unwrap_or(Value::Null);
    out.push_str("project:\n");
    for fact in ["name", "quality", "language", "framework", "port", "database"] {
        let path = format!("project.{fact}");
        if let Some(r) = values.get(&path) {
            let _ = writeln!(out, "  {fact}: {}{}", yaml(&r.value), comment_at(reading, &path));
        } else if let Some(v) = project.get(fact).filter(|v| !v.is_null()) {
            let _ = writeln!(out, "  {fact}: {}  # shipspec.yaml", yaml(v));
        }
    }
    let mut group = "";
    for (question, _) in specs::headings::QUESTION_HEADINGS {
        let (g, key) = question.split_once('.').expect("a dotted path");
        let words = reading.words.get(question);
        let fields: Vec<(&String, &crate::interpret::Reading)> = values
            .iter()
            .filter(|(p, _)| p.strip_prefix(question).is_some_and(|rest| rest.starts_with('.')))
            .collect();
        if words.is_none() && fields.is_empty() {
            continue;
        }
        if g != group {
            let _ = writeln!(out, "{g}:");
            group = g;
        }
        let _ = writeln!(out, "  {key}:");
        if let Some((text, at)) = words {
            let _ = writeln!(
                out,
                "    answer: {}  # {}:{}",
                yaml(&Value::from(text.as_str())),
                at.file,
                at.line
            );
        }
        for (path, reading_) in fields {
            let field = &path[question.len() + 1..];
            let _ = writeln!(
                out,
                "    {field}: {}{}",
                yaml(&reading_.value),
                comment_at(reading, path)
            );
        }
    }
    let mut unread: Vec<String> = reading
        .unread
        .iter()
        .map(|u| {
            let about = if u.about.is_empty() {
                String::new()
            } else {
                format!(" `{}`", u.about)
            };
            format!(
                "#   {}:{}{about}: {} — \"{}\"",
                u.at.file,
                u.at.line,
                u.why,
                u.at.text.replace('\n', " ")
            )
        })
        .collect();
    unread.extend(
        reading
            .diagnostics
            .iter()
            .filter(|d| d.code != crate::diagnostic::Code::SpecsDisagree)
            .map(|d| format!("#   {}: {}", d.code.as_str(), d.message)),
    );
    if !unread.is_empty() {
        out.push_str("\n# Not read from the specs (nothing was guessed in their place):\n");
        for line in unread {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

pub fn run(ui: &Ui, yes: bool) -> Exit {
    let dir = ui
        .paths
        .specs
        .clone()
        .unwrap_or_else(|| PathBuf::from("docs/specs"));
    let target = &ui.paths.answers;
    let reading = match specs::read_dir(&dir, Some(target)) {
        Ok(r) => r,
        Err(diagnostics) => {
            return ui.fail(&Failure {
                diagnostics,
                source: None,
            });
        }
    };
    let text = render(&reading);
    let label = target.display().to_string();
    let before = std::fs::read_to_string(target).ok();
    if before.as_deref() == Some(text.as_str()) {
        output::stderr(&format!(
            "Nothing to do: {label} already says what the specs say.\n"
        ));
        return Exit::Ok;
    }
    let err = ui.stderr_palette();
    output::stdout(&diff::paint(
        &diff::unified(&label, before.as_deref(), &text),
        &ui.stdout_palette(),
    ));
    if output::stdout_failed() {
        return Exit::Error;
    }
    if !yes {
        if !std::io::stdin().is_terminal() {
            output::stderr(&format!(
                "{}: not writing {label} without confirmation: no terminal to ask on\n  = help: review the diff above, then run `shipspec import --yes`\n",
                err.error("error")
            ));
            return Exit::Refused;
        }
        output::stderr(&format!("Write {label}? [y/N] "));
        let mut line = String::new();
        let _ = std::io::stdin().lock().read_line(&mut line);
        if !matches!(line.trim(), "y" | "Y" | "yes" | "Yes") {
            output::stderr("Not imported: nothing was written.\n");
            return Exit::Refused;
        }
    }
    let (root, name) = match (target.parent(), target.file_name()) {
        (Some(p), Some(n)) if !p.as_os_str().is_empty() => {
            (p.to_path_buf(), n.to_string_lossy().into_owned())
        }
        (_, Some(n)) => (PathBuf::from("."), n.to_string_lossy().into_owned()),
        _ => (PathBuf::from("."), label.clone()),
    };
    if let Err(e) = write::write(&root, &name, &text) {
        return ui.fail(&Failure {
            diagnostics: vec![e.diagnostic(&label)],
            source: None,
        });
    }
    output::stderr(&format!("Wrote {label}.\n"));
    Exit::Ok
}
