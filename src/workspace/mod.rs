//! Workspace mode (`--all`): every service under the root, each with its
//! own answers and outputs, run in parallel in one process. Each service's
//! report is held back and printed whole, in path order, then one summary;
//! the exit code is the worst of them. One service's error never stops the
//! others.

mod apply;
mod discover;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use self::discover::shown;
use crate::cli::{CheckFormat, Format};
use crate::commands;
use crate::diagnostic::{Code, Diagnostic};
use crate::exit::Exit;
use crate::output::{self, Captured};
use crate::pipeline::Paths;
use crate::report::color::ColorChoice;
use crate::run::Ui;

/// The command run for every service.
pub enum Command<'a> {
    Validate(Format),
    Plan {
        only: &'a [String],
        format: Format,
    },
    Apply {
        only: &'a [String],
        options: commands::apply::Options,
    },
    Check(CheckFormat),
}

/// One service's outcome.
struct Outcome {
    answers: PathBuf,
    exit: Exit,
    out: Captured,
}

fn ui_for(answers: &Path, color: ColorChoice) -> Ui {
    Ui {
        paths: Paths::new(answers.to_path_buf(), None),
        color,
    }
}

/// The worst exit: an error over a refusal over success.
fn worst(exits: impl IntoIterator<Item = Exit>) -> Exit {
    exits.into_iter().max_by_key(|e| *e as i32).unwrap_or(Exit::Ok)
}

/// `==> a/shipspec.yaml`, the line each service's report starts with.
fn heading(answers: &Path) -> String {
    format!("==> {}\n", shown(answers))
}

/// Prints why the workspace cannot be run at all; with `--format json`,
/// also as the workspace document on stdout (no services, the diagnostic),
/// so a tool reading stdout learns why rather than finding nothing.
pub fn refuse(diagnostic: Diagnostic, color: ColorChoice, command: &Command<'_>) -> Exit {
    let palette = crate::report::color::Palette::stderr(color);
    output::stderr(&crate::report::diagnostics::text(
        std::slice::from_ref(&diagnostic),
        None,
        &palette,
    ));
    if json(command) {
        let mut text = serde_json::to_string_pretty(&serde_json::json!({
            "services": [],
            "exit": Exit::Error as i32,
            "diagnostics": [diagnostic],
        }))
        .expect("diagnostics always serialize");
        text.push('\n');
        output::stdout(&text);
    }
    Exit::Error
}

/// Whether the command reports as one JSON document.
fn json(command: &Command<'_>) -> bool {
    matches!(
        command,
        Command::Validate(Format::Json)
            | Command::Plan {
                format: Format::Json,
                ..
            }
            | Command::Check(CheckFormat::Json)
    )
}

pub fn run(root: &Path, color: ColorChoice, command: &Command<'_>) -> Exit {
    let found = match discover::services(root) {
        Ok(found) => found,
        Err(e) => {
            return refuse(
                Diagnostic::error(Code::Workspace, format!("cannot search {}: {e}", shown(root))),
                color,
                command,
            );
        }
    };
    if found.services.is_empty() && found.unsearched.is_empty() {
        return refuse(
            Diagnostic::error(
                Code::Workspace,
                format!("no {} under {}", discover::ANSWERS, shown(root)),
            )
            .hint("run from the folder that holds the services, or pass `--root DIR`"),
            color,
            command,
        );
    }
    // A folder the search could not enter may hold services: a failure of
    // its own, reported first, while every service found still runs.
    let unsearched: Vec<Outcome> = found
        .unsearched
        .iter()
        .map(|(path, why)| {
            let palette = crate::report::color::Palette::stderr(color);
            let diagnostic =
                Diagnostic::error(Code::Workspace, format!("cannot search {}: {why}", shown(path)))
                    .hint("make it readable, or list it in .gitignore or .ignore so --all skips it");
            Outcome {
                answers: path.clone(),
                exit: Exit::Error,
                out: Captured {
                    stderr: crate::report::diagnostics::text(&[diagnostic], None, &palette),
                    ..Captured::default()
                },
            }
        })
        .collect();
    if let Command::Apply { only, options } = command {
        return apply::run(root, &found.services, unsearched, color, only, options);
    }
    let mut outcomes = unsearched;
    outcomes.extend(each(&found.services, color, |ui| match command {
        Command::Validate(format) => commands::validate::run(ui, *format),
        Command::Plan { only, format } => commands::plan::run(ui, only, *format),
        Command::Check(format) => commands::check::run(ui, *format),
        Command::Apply { .. } => unreachable!("apply is run in two steps"),
    }));
    report(
        &outcomes,
        json(command),
        matches!(command, Command::Check(CheckFormat::Github)),
    );
    let words = match command {
        Command::Validate(_) => ("valid", "refused", "invalid"),
        Command::Plan { .. } => ("planned", "refused", "failed"),
        _ => ("up to date", "drifted", "failed"),
    };
    summary(&outcomes, words);
    worst(outcomes.iter().map(|o| o.exit))
}

/// Runs `f` for every service in parallel, each with its output held back.
fn each(services: &[PathBuf], color: ColorChoice, f: impl Fn(&Ui) -> Exit + Sync) -> Vec<Outcome> {
    services
        .par_iter()
        .map(|answers| {
            let ui = ui_for(answers, color);
            let (exit, out) = output::capture(|| f(&ui));
            Outcome {
                answers: answers.clone(),
                exit,
                out,
            }
        })
        .collect()
}

/// Each service's report, in order: a heading, then what it printed. In
/// JSON, one document holds every service's own. With `github`, one step
/// summary holds every service's, failed ones included.
fn report(outcomes: &[Outcome], json: bool, github: bool) {
    if json {
        let services: Vec<serde_json::Value> = outcomes
            .iter()
            .map(|o| {
                serde_json::json!({
                    "answers": o.answers.display().to_string(),
                    "exit": o.exit as i32,
                    "report": serde_json::from_str::<serde_json::Value>(&o.out.stdout).ok(),
                    "messages": o.out.stderr,
                })
            })
            .collect();
        let mut text = serde_json::to_string_pretty(&serde_json::json!({
            "services": services,
            "exit": worst(outcomes.iter().map(|o| o.exit)) as i32,
        }))
        .expect("reports always serialize");
        text.push('\n');
        output::stdout(&text);
    }
    let mut summaries = String::new();
    for o in outcomes {
        if !json && !o.out.stdout.is_empty() {
            output::stdout(&heading(&o.answers));
            output::stdout(&o.out.stdout);
        }
        output::stderr(&heading(&o.answers));
        output::stderr(&o.out.stderr);
        summaries.push_str(&o.out.summary);
        if github && o.out.summary.is_empty() && o.exit == Exit::Error {
            summaries.push_str(&format!(
                "### shipspec check\n\n{} failed: see the job's log.\n",
                crate::report::github::code_span(&o.answers.display().to_string())
            ));
        }
    }
    if !summaries.is_empty() {
        output::step_summary(&summaries);
    }
}

/// The closing line: how many services, and how each ended.
fn summary(outcomes: &[Outcome], (ok, refused, error): (&str, &str, &str)) {
    let count = |exit: Exit| outcomes.iter().filter(|o| o.exit == exit).count();
    let mut parts = vec![format!("{} {ok}", count(Exit::Ok))];
    if count(Exit::Refused) > 0 {
        parts.push(format!("{} {refused}", count(Exit::Refused)));
    }
    if count(Exit::Error) > 0 {
        parts.push(format!("{} {error}", count(Exit::Error)));
    }
    output::stderr(&format!(
        "\n{}: {}\n",
        crate::plural(outcomes.len(), "service", "services"),
        parts.join(", ")
    ));
}
