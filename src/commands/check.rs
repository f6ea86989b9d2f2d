//! `check`: for CI. Exit 0 when every output is what the answers produce,
//! 1 on drift (with the diff), 2 on error. Never writes outputs.

use crate::cli::CheckFormat;
use crate::exit::Exit;
use crate::output;
use crate::reconcile::Change;
use crate::report::{github, plan};
use crate::run::Ui;

pub fn run(ui: &Ui, format: CheckFormat) -> Exit {
    let planned = match ui.plan(&[]) {
        Ok(p) => p,
        Err(exit) => return exit,
    };
    let changes = &planned.changes;
    let drifted: Vec<&Change> = changes.iter().filter(|c| c.status.drifted()).collect();
    match format {
        CheckFormat::Json => output::stdout(&plan::json(changes)),
        CheckFormat::Text | CheckFormat::Github => {
            if format == CheckFormat::Github {
                output::stdout(&github::annotations(&drifted, &ui.paths.root));
                output::step_summary(&github::summary(
                    &drifted,
                    changes.len(),
                    &ui.paths.answers_label(),
                    &ui.paths.root,
                ));
            }
            if drifted.is_empty() {
                output::stderr(&format!(
                    "All {} are up to date with {}.\n",
                    crate::plural(changes.len(), "generated file", "generated files"),
                    ui.paths.answers_label()
                ));
            } else {
                output::stdout(&plan::text(changes, &ui.stdout_palette()));
                output::stderr(&format!(
                    "{}: {} drifted from {}; run `{}` and commit the result\n",
                    ui.stderr_palette().error("error"),
                    crate::plural(drifted.len(), "file", "files"),
                    ui.paths.answers_label(),
                    ui.paths.apply_command()
                ));
            }
        }
    }
    if drifted.is_empty() {
        Exit::Ok
    } else {
        Exit::Refused
    }
}
