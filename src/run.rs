//! Entry point: parse the command line, run one command, return its exit code.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::commands;
use crate::diagnostic::{Code, Diagnostic};
use crate::exit::Exit;
use crate::output;
use crate::pipeline::{Failure, Paths};
use crate::report::color::{ColorChoice, Palette};
use crate::report::diagnostics;

/// What every command gets: where things are and how to print.
pub struct Ui {
    pub paths: Paths,
    pub color: ColorChoice,
}

impl Ui {
    pub fn stdout_palette(&self) -> Palette {
        Palette::stdout(self.color)
    }

    pub fn stderr_palette(&self) -> Palette {
        Palette::stderr(self.color)
    }

    /// Prints a failed pipeline's diagnostics to stderr.
    pub fn fail(&self, failure: &Failure) -> Exit {
        let label = self.paths.answers_label();
        let source = failure.source.as_deref().map(|s| (label.as_str(), s));
        output::stderr(&diagnostics::text(
            &failure.diagnostics,
            source,
            &self.stderr_palette(),
        ));
        let errors = failure.diagnostics.iter().filter(|d| d.is_error()).count();
        output::stderr(&format!(
            "{}: {} — nothing was written\n",
            self.stderr_palette().error("error"),
            crate::plural(errors, "error", "errors")
        ));
        Exit::Error
    }

    /// A failure after some files were written: which, and what next.
    pub fn fail_partial(&self, failure: &Failure, written: &[String]) -> Exit {
        output::stderr(&diagnostics::text(
            &failure.diagnostics,
            None,
            &self.stderr_palette(),
        ));
        let mut text = format!(
            "{}: the apply stopped after writing {}:\n",
            self.stderr_palette().error("error"),
            crate::plural(written.len(), "file", "files")
        );
        for path in written {
            text.push_str(&format!("  {path}\n"));
        }
        text.push_str("  = help: the rest are staged in .shipspec/journal.toml; the next `shipspec apply` finishes them\n");
        output::stderr(&text);
        Exit::Error
    }

    /// The pipeline up to the changes, for reading (`plan`, `check`).
    pub fn plan(&self, only: &[String]) -> Result<crate::pipeline::Planned, Exit> {
        self.plan_for(only, crate::run_lock::Access::Read)
    }

    /// The pipeline up to the changes, with its warnings printed; on failure
    /// the diagnostics are printed and the exit code returned.
    pub fn plan_for(
        &self,
        only: &[String],
        access: crate::run_lock::Access,
    ) -> Result<crate::pipeline::Planned, Exit> {
        match crate::pipeline::plan_for(&self.paths, only, access) {
            Ok(planned) => {
                self.warnings(&planned.warnings, &planned.source);
                // What merging noticed about a file, shown with its line.
                for c in planned.changes.iter().filter(|c| !c.warnings.is_empty()) {
                    let source = c.before.as_deref().map(|text| (c.path.as_str(), text));
                    output::stderr(&diagnostics::text(&c.warnings, source, &self.stderr_palette()));
                }
                Ok(planned)
            }
            Err(failure) => Err(self.fail(&failure)),
        }
    }

    /// Prints warnings (the pipeline went on) to stderr.
    pub fn warnings(&self, warnings: &[crate::diagnostic::Diagnostic], source: &str) {
        if !warnings.is_empty() {
            let label = self.paths.answers_label();
            output::stderr(&diagnostics::text(
                warnings,
                Some((&label, source)),
                &self.stderr_palette(),
            ));
        }
    }
}

pub fn run<I: IntoIterator<Item = T>, T: Into<OsString> + Clone>(args: I) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                Exit::Error as i32
            } else {
                Exit::Ok as i32
            };
        }
    };
    // `import` reads the specs and writes the answers file: both may be named.
    let importing = matches!(cli.command, Command::Import { .. });
    if let (Some(answers), Some(specs), false) = (&cli.answers, &cli.specs, importing) {
        let ui = Ui {
            paths: Paths::new(answers.clone(), cli.root.clone()),
            color: cli.color,
        };
        return ui.fail(&Failure {
            diagnostics: vec![
                Diagnostic::error(
                    Code::SpecsWithAnswers,
                    format!(
                        "`--answers {}` and `--specs {}` both name where the answers are",
                        answers.display(),
                        specs.display()
                    ),
                )
                .argument("--answers, --specs")
                .hint("pass one: `--specs DIR` reads the spec files, `--answers FILE` reads shipspec.yaml"),
            ],
            source: None,
        }) as i32;
    }
    if let Some(command) = workspace_command(&cli.command) {
        if cli.answers.is_some() || cli.specs.is_some() {
            return crate::workspace::refuse(
                Diagnostic::error(
                    Code::Workspace,
                    "`--all` finds every shipspec.yaml itself: it takes no `--answers` or `--specs`",
                )
                .argument("--all")
                .hint("pass `--root DIR` to search another folder"),
                cli.color,
                &command,
            ) as i32;
        }
        let root = cli.root.clone().unwrap_or_else(|| PathBuf::from("."));
        let exit = crate::workspace::run(&root, cli.color, &command);
        if output::stdout_failed() {
            return Exit::Error as i32;
        }
        return exit as i32;
    }
    let mut paths = Paths::new(
        cli.answers.unwrap_or_else(|| PathBuf::from("shipspec.yaml")),
        cli.root,
    );
    paths.specs = cli.specs;
    let ui = Ui {
        paths,
        color: cli.color,
    };
    let exit = match cli.command {
        Command::Init { example, force } => commands::init::run(&ui, example, force),
        Command::Validate { format, .. } => commands::validate::run(&ui, format),
        Command::Plan { only, format, .. } => commands::plan::run(&ui, &only, format),
        Command::Apply {
            yes,
            force,
            merge_markers,
            only,
            ..
        } => commands::apply::run(
            &ui,
            &only,
            commands::apply::Options {
                yes,
                force,
                merge_markers,
                confirmed: None,
            },
        ),
        Command::Check { format, .. } => commands::check::run(&ui, format),
        Command::Explain { format } => commands::explain::run(&ui, format),
        Command::Import { yes } => commands::import::run(&ui, yes),
        Command::Schema => commands::schema::run(),
        Command::Completions { shell } => commands::completions::run(shell),
        Command::Man => commands::man::run(),
    };
    if output::stdout_failed() {
        return Exit::Error as i32;
    }
    exit as i32
}

/// The command to run for every service, when `--all` was given.
fn workspace_command(command: &Command) -> Option<crate::workspace::Command<'_>> {
    use crate::workspace::Command as W;
    Some(match command {
        Command::Validate { format, all: true } => W::Validate(*format),
        Command::Plan {
            only,
            format,
            all: true,
        } => W::Plan {
            only,
            format: *format,
        },
        Command::Apply {
            yes,
            force,
            merge_markers,
            only,
            all: true,
        } => W::Apply {
            only,
            options: commands::apply::Options {
                yes: *yes,
                force: *force,
                merge_markers: *merge_markers,
                confirmed: None,
            },
        },
        Command::Check { format, all: true } => W::Check(*format),
        _ => return None,
    })
}
