//! `apply --all`: every service's plan first, then one confirmation for
//! all of them, then each service that can be applied is, as its own
//! transaction, and only with the plan that was shown. A service with a
//! conflict, or whose outputs would land in another service's folder, is
//! named and left untouched.

use std::io::{BufRead as _, IsTerminal as _};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::discover::{self, shown};
use super::{Outcome, heading, ui_for, worst};
use crate::commands;
use crate::exit::Exit;
use crate::output;
use crate::reconcile::{Change, Status};
use crate::report::color::ColorChoice;
use crate::report::plan;
use crate::run::Ui;

/// What the first look at a service found, before anything is written.
enum Preview {
    /// The answers or the files stopped the pipeline.
    Failed,
    /// Every output is up to date.
    UpToDate,
    /// Hand edits that `--force` or `--merge-markers` would be needed for.
    Conflicts(Vec<String>),
    /// Files to write, and the digest of the plan shown.
    Writes {
        files: usize,
        digest: String,
        outputs: Vec<String>,
    },
}

pub(super) fn run(
    root: &Path,
    services: &[PathBuf],
    unsearched: Vec<Outcome>,
    color: ColorChoice,
    only: &[String],
    options: &commands::apply::Options,
) -> Exit {
    let mut previews: Vec<(Preview, Outcome)> = services
        .par_iter()
        .map(|answers| {
            let ui = ui_for(answers, color);
            let (preview, out) = output::capture(|| preview(&ui, only, options));
            let exit = match preview {
                Preview::Failed => Exit::Error,
                Preview::Conflicts(_) => Exit::Refused,
                Preview::UpToDate | Preview::Writes { .. } => Exit::Ok,
            };
            let outcome = Outcome {
                answers: answers.clone(),
                exit,
                out,
            };
            (preview, outcome)
        })
        .collect();
    trespassers(&mut previews);
    let mut exits: Vec<Exit> = unsearched.iter().map(|o| o.exit).collect();
    for o in &unsearched {
        output::stderr(&heading(&o.answers));
        output::stderr(&o.out.stderr);
    }
    for (p, o) in &previews {
        exits.push(o.exit);
        if !o.out.stdout.is_empty() {
            output::stdout(&heading(&o.answers));
            output::stdout(&o.out.stdout);
        }
        output::stderr(&heading(&o.answers));
        output::stderr(&o.out.stderr);
        if let Preview::Conflicts(paths) = p {
            output::stderr(&format!(
                "skipped: {} edited by hand since the last apply: {}\n  = help: run `shipspec apply` in {} to see the edits; `--force` or `--merge-markers` decides\n",
                crate::plural(paths.len(), "file was", "files were"),
                paths.join(", "),
                shown(o.answers.parent().unwrap_or(Path::new(".")))
            ));
        }
    }
    let files: usize = previews
        .iter()
        .map(|(p, _)| {
            if let Preview::Writes { files, .. } = p {
                *files
            } else {
                0
            }
        })
        .sum();
    let writing = previews
        .iter()
        .filter(|(p, _)| matches!(p, Preview::Writes { .. }))
        .count();
    if files > 0 && !options.yes && !confirm(files, writing) {
        exits.push(Exit::Refused);
        return worst(exits);
    }
    // Up-to-date services are applied too: apply records files that
    // already match in the lock, so later hand edits are recognised.
    let to_apply: Vec<(&PathBuf, Option<String>)> = previews
        .iter()
        .filter_map(|(p, o)| match p {
            Preview::Writes { digest, .. } => Some((&o.answers, Some(digest.clone()))),
            Preview::UpToDate => Some((&o.answers, None)),
            _ => None,
        })
        .collect();
    let applied: Vec<Outcome> = to_apply
        .par_iter()
        .map(|(answers, digest)| {
            let dir = answers.parent().unwrap_or(Path::new("."));
            // A folder swapped for a link since the search would take the
            // writes out of the root.
            if !discover::still_inside(root, dir) {
                return Outcome {
                    answers: (*answers).clone(),
                    exit: Exit::Error,
                    out: output::Captured {
                        stderr: format!(
                            "error[SS073]: {} no longer leads to a folder inside {} (a symbolic link?); nothing was written\n",
                            shown(dir),
                            shown(root)
                        ),
                        ..output::Captured::default()
                    },
                };
            }
            let ui = ui_for(answers, color);
            let options = commands::apply::Options {
                yes: true,
                confirmed: digest.clone().or_else(|| Some(commands::apply::digest(&[]))),
                ..options.clone()
            };
            let (exit, out) = output::capture(|| commands::apply::run(&ui, only, options));
            Outcome {
                answers: (*answers).clone(),
                exit,
                out,
            }
        })
        .collect();
    let (mut wrote, mut up_to_date, mut failed) = (0, 0, 0);
    failed += previews
        .iter()
        .filter(|(p, _)| matches!(p, Preview::Failed))
        .count()
        + unsearched.len();
    for o in &applied {
        exits.push(o.exit);
        let last = o.out.stderr.lines().last().unwrap_or_default();
        match o.exit {
            Exit::Ok if last.starts_with("Nothing to do") => {
                up_to_date += 1;
                continue;
            }
            Exit::Ok => wrote += 1,
            _ => failed += 1,
        }
        // Warnings were shown with the plan above: what the write ended
        // with is enough here, and everything when it did not succeed.
        let said = if o.exit == Exit::Ok {
            format!("{last}\n")
        } else {
            o.out.stderr.clone()
        };
        output::stderr(&format!("{}{said}", heading(&o.answers)));
    }
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
        crate::plural(previews.len() + unsearched.len(), "service", "services"),
        parts.join(", ")
    ));
    worst(exits)
}

/// One question for every service's writes.
fn confirm(files: usize, services: usize) -> bool {
    if !std::io::stdin().is_terminal() {
        output::stderr(
            "error: not applying without confirmation: no terminal to ask on\n  = help: review the plans above, then run `shipspec apply --all --yes`\n",
        );
        return false;
    }
    output::stderr(&format!(
        "Write {} in {}? [y/N] ",
        crate::plural(files, "file", "files"),
        crate::plural(services, "service", "services")
    ));
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
    if matches!(line.trim(), "y" | "Y" | "yes" | "Yes") {
        true
    } else {
        output::stderr("Not applied: nothing was written.\n");
        false
    }
}

/// A service whose outputs would land inside another service's folder
/// (a nested service, an `outputs.health_module` pointing into it) would
/// overwrite that service's files or state: it fails, and neither of the
/// two writes over the other.
fn trespassers(previews: &mut [(Preview, Outcome)]) {
    let dirs: Vec<PathBuf> = previews
        .iter()
        .map(|(_, o)| o.answers.parent().unwrap_or(Path::new("")).to_path_buf())
        .collect();
    for (i, (preview, outcome)) in previews.iter_mut().enumerate() {
        let Preview::Writes { outputs, .. } = preview else {
            continue;
        };
        let own = &dirs[i];
        let clash = outputs.iter().find_map(|path| {
            let full = own.join(path);
            dirs.iter()
                .enumerate()
                .find(|(j, other)| *j != i && other.starts_with(own) && full.starts_with(other))
                .map(|(_, other)| (path.clone(), other.clone()))
        });
        if let Some((path, other)) = clash {
            outcome.exit = Exit::Error;
            outcome.out.stderr.push_str(&format!(
                "error[SS073]: {} would be written inside {}, another service's folder; nothing of this service is written\n  = help: move the output (or the nested service) so each service's files stay in its own folder\n",
                shown(&own.join(&path)),
                shown(&other)
            ));
            *preview = Preview::Failed;
        }
    }
}

/// One service's plan, printed, and what applying it would take.
fn preview(ui: &Ui, only: &[String], options: &commands::apply::Options) -> Preview {
    let Ok(mut planned) = ui.plan(only) else {
        return Preview::Failed;
    };
    if options.merge_markers {
        for c in &mut planned.changes {
            if let (Status::Conflict, Some(markers)) = (c.status, &c.markers) {
                c.after = markers.clone();
            }
        }
    }
    let changes = &planned.changes;
    let refused: Vec<String> = changes
        .iter()
        .filter(|c| c.status == Status::Conflict)
        .filter(|c| !(options.force || (options.merge_markers && c.markers.is_some())))
        .map(|c| c.path.clone())
        .collect();
    let writes: Vec<&Change> = changes.iter().filter(|c| c.status.writes()).collect();
    if !writes.is_empty() {
        output::stdout(&plan::text(changes, &ui.stdout_palette()));
    }
    if !refused.is_empty() {
        return Preview::Conflicts(refused);
    }
    if writes.is_empty() {
        output::stderr("Nothing to do: every output is up to date.\n");
        return Preview::UpToDate;
    }
    if options.force {
        output::stderr(&commands::apply::force_warnings(changes, &ui.stderr_palette()));
    }
    Preview::Writes {
        files: writes.len(),
        digest: commands::apply::digest(changes),
        outputs: writes.iter().map(|c| c.path.clone()).collect(),
    }
}
