//! `plan`: every output's status and diff. Writes nothing.

use crate::cli::Format;
use crate::exit::Exit;
use crate::output;
use crate::report::plan;
use crate::run::Ui;

pub fn run(ui: &Ui, only: &[String], format: Format) -> Exit {
    let planned = match ui.plan(only) {
        Ok(p) => p,
        Err(exit) => return exit,
    };
    match format {
        Format::Text => output::stdout(&plan::text(&planned.changes, &ui.stdout_palette())),
        Format::Json => output::stdout(&plan::json(&planned.changes)),
    }
    Exit::Ok
}
