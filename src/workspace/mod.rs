//! Workspace mode (`--all`): every service under the root, each with its
//! own answers and outputs, run in parallel in one process. Each service's
//! report is held back and printed whole, in path order, then one summary;
//! the exit code is the worst of them. One service's error never stops the
//! others.

mod discover;

use std::io::{BufRead as _, IsTerminal as _};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::cli::{CheckFormat, Format};
use crate::commands;
use crate::diagnostic::{Code, Diagnostic};
use crate::exit::Exit;
use crate::output::{self, Captured};
use crate::pipeline::Paths;
use crate::reconcile::Status;
use crate::report::color::ColorChoice;
use crate::report::plan;
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

pub fn run(root: &Path, color: ColorChoice, command: &Command<'_>) -> Exit {
    let services = match discover::services(root) {
        Ok(s) if s.is_empty() => {
            return refuse(
                Diagnostic::error(
                    Code::Workspace,
                    format!("no {} under {}", discover::ANSWERS, root.display()),
                )
                .hint("run from the folder that holds the services, or pass `--root DIR`"),
                color,
            );
        }
        Ok(s) => s,
        Err(e) => {
            return refuse(
                Diagnostic::error(Code::Workspace, format!("cannot search {}: {e}", root.display())),
                color,
            );
        }
    };
    match command {
        Command::Apply { only, options } => apply(&services, color, only, *options),
        _ => {
            let outcomes = each(
                &services,
                |ui| match command {
                    Command::Validate(format) => commands::validate::run(ui, *format),
                    Command::Plan { only, format } => commands::plan::run(ui, only, *format),
                    Command::Check(format) => commands::check::run(ui, *format),
                    Command::Apply { .. } => unreachable!("apply is run in two steps above"),
                },
                color,
            );
            let json = matches!(
                command,
                Command::Validate(Format::Json)
                    | Command::Plan {
                        format: Format::Json,
                        ..
                    }
                    | Command::Check(CheckFormat::Json)
            );
            report(&outcomes, json);
            let words = match command {
                Command::Validate(_) => ("valid", "refused", "invalid"),
                Command::Plan { .. } => ("planned", "refused", "failed"),
                _ => ("up to date", "drifted", "failed"),
            };
            summary(&outcomes, words);
            worst(outcomes.iter().map(|o| o.exit))
        }
    }
}

/// Prints why the workspace cannot be run at all.
pub fn refuse(diagnostic: Diagnostic, color: ColorChoice) -> Exit {
    let palette = crate::report::color::Palette::stderr(color);
    output::stderr(&crate::report::diagnostics::text(&[diagnostic], None, &palette));
    Exit::Error
}

/// Runs `f` for every service in parallel, each with its output held back.
fn each(services: &[PathBuf], f: impl Fn(&Ui) -> Exit + Sync, color: ColorChoice) -> Vec<Outcome> {
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
/// JSON, one document holds every service's own.
fn report(outcomes: &[Outcome], json: bool) {
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
        let heading = format!("==> {}\n", o.answers.display());
        if !json && !o.out.stdout.is_empty() {
            output::stdout(&heading);
            output::stdout(&o.out.stdout);
        }
        output::stderr(&heading);
        output::stderr(&o.out.stderr);
        summaries.push_str(&o.out.summary);
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

/// What the first look at a service found, before anything is written.
enum Preview {
    /// The answers or the files stopped the pipeline.
    Failed,
    /// Every output is up to date.
    UpToDate,
    /// Hand edits that `--force` or `--merge-markers` would be needed for.
    Conflicts(Vec<String>),
    /// Files to write.
    Writes(usize),
}

/// `apply --all`: every service's plan first, then one confirmation for
/// all of them, then each service that can be applied is, as its own
/// transaction. A service with a conflict is named and left untouched.
fn apply(
    services: &[PathBuf],
    color: ColorChoice,
    only: &[String],
    options: commands::apply::Options,
) -> Exit {
    let previews: Vec<(Preview, Outcome)> = services
        .par_iter()
        .map(|answers| {
            let ui = ui_for(answers, color);
            let (preview, out) = output::capture(|| preview(&ui, only, options));
            let exit = match preview {
                Preview::Failed => Exit::Error,
                Preview::Conflicts(_) => Exit::Refused,
                Preview::UpToDate | Preview::Writes(_) => Exit::Ok,
            };
            (
                preview,
                Outcome {
                    answers: answers.clone(),
                    exit,
                    out,
                },
            )
        })
        .collect();
    let shown: Vec<&Outcome> = previews.iter().map(|(_, o)| o).collect();
    for o in &shown {
        let heading = format!("==> {}\n", o.answers.display());
        if !o.out.stdout.is_empty() {
            output::stdout(&heading);
            output::stdout(&o.out.stdout);
        }
        output::stderr(&heading);
        output::stderr(&o.out.stderr);
    }
    // Up-to-date services are applied too: apply records files that
    // already match in the lock, so later hand edits are recognised.
    let to_write: Vec<&PathBuf> = previews
        .iter()
        .filter(|(p, _)| matches!(p, Preview::Writes(_) | Preview::UpToDate))
        .map(|(_, o)| &o.answers)
        .collect();
    let services_written = previews
        .iter()
        .filter(|(p, _)| matches!(p, Preview::Writes(_)))
        .count();
    let files: usize = previews
        .iter()
        .map(|(p, _)| if let Preview::Writes(n) = p { *n } else { 0 })
        .sum();
    let mut text = String::new();
    for (p, o) in &previews {
        if let Preview::Conflicts(paths) = p {
            text.push_str(&format!(
                "{}: skipped: {} edited by hand since the last apply: {}\n",
                o.answers.display(),
                crate::plural(paths.len(), "file was", "files were"),
                paths.join(", ")
            ));
        }
    }
    if !text.is_empty() {
        text.push_str("  = help: run `shipspec apply` in that service to see the edits; `--force` or `--merge-markers` there (or here) decides\n");
        output::stderr(&text);
    }
    let mut exits: Vec<Exit> = previews.iter().map(|(_, o)| o.exit).collect();
    if files > 0 && !options.yes {
        if !std::io::stdin().is_terminal() {
            output::stderr(
                "error: not applying without confirmation: no terminal to ask on\n  = help: review the plans above, then run `shipspec apply --all --yes`\n",
            );
            exits.push(Exit::Refused);
            return worst(exits);
        }
        output::stderr(&format!(
            "Write {} in {}? [y/N] ",
            crate::plural(files, "file", "files"),
            crate::plural(services_written, "service", "services")
        ));
        let mut line = String::new();
        let _ = std::io::stdin().lock().read_line(&mut line);
        if !matches!(line.trim(), "y" | "Y" | "yes" | "Yes") {
            output::stderr("Not applied: nothing was written.\n");
            exits.push(Exit::Refused);
            return worst(exits);
        }
    }
    let options = commands::apply::Options { yes: true, ..options };
    let written: Vec<Outcome> = to_write
        .par_iter()
        .map(|answers| {
            let ui = ui_for(answers, color);
            let (exit, out) = output::capture(|| commands::apply::run(&ui, only, options));
            Outcome {
                answers: (*answers).clone(),
                exit,
                out,
            }
        })
        .collect();
    let mut wrote = 0;
    let mut failed = previews
        .iter()
        .filter(|(p, _)| matches!(p, Preview::Failed))
        .count();
    for o in &written {
        exits.push(o.exit);
        let planned_writes = previews
            .iter()
            .any(|(p, seen)| seen.answers == o.answers && matches!(p, Preview::Writes(_)));
        // Warnings were shown with the plan above: what the write ended
        // with is enough here, and everything when it failed.
        let said = if o.exit == Exit::Ok {
            o.out.stderr.lines().last().unwrap_or_default().to_owned() + "\n"
        } else {
            o.out.stderr.clone()
        };
        match o.exit {
            Exit::Ok if !planned_writes => continue,
            Exit::Ok => wrote += 1,
            _ => failed += 1,
        }
        output::stderr(&format!("==> {}\n{said}", o.answers.display()));
    }
    let up_to_date = previews
        .iter()
        .filter(|(p, _)| matches!(p, Preview::UpToDate))
        .count();
    let skipped = previews
        .iter()
        .filter(|(p, _)| matches!(p, Preview::Conflicts(_)))
        .count();
    let mut parts = vec![format!("{wrote} written"), format!("{up_to_date} up to date")];
    if skipped > 0 {
        parts.push(format!("{skipped} skipped (conflicts)"));
    }
    if failed > 0 {
        parts.push(format!("{failed} failed"));
    }
    output::stderr(&format!(
        "\n{}: {}\n",
        crate::plural(previews.len(), "service", "services"),
        parts.join(", ")
    ));
    worst(exits)
}

/// One service's plan, printed, and what applying it would take.
fn preview(ui: &Ui, only: &[String], options: commands::apply::Options) -> Preview {
    let Ok(planned) = ui.plan(only) else {
        return Preview::Failed;
    };
    let changes = &planned.changes;
    let refused: Vec<String> = changes
        .iter()
        .filter(|c| c.status == Status::Conflict)
        .filter(|c| !(options.force || (options.merge_markers && c.markers.is_some())))
        .map(|c| c.path.clone())
        .collect();
    let writes = changes.iter().filter(|c| c.status.writes()).count();
    if writes > 0 {
        output::stdout(&plan::text(changes, &ui.stdout_palette()));
    }
    if !refused.is_empty() {
        Preview::Conflicts(refused)
    } else if writes == 0 {
        output::stderr("Nothing to do: every output is up to date.\n");
        Preview::UpToDate
    } else {
        Preview::Writes(writes)
    }
}
