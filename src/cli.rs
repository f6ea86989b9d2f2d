//! The command line, as clap reads it. Converted to library calls in `run`.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::report::color::ColorChoice;

/// Turn production-readiness answers into filled specs and deploy files.
///
/// shipspec reads `shipspec.yaml` (your answers to the 20 production-readiness
/// questions), shows a diff of every file those answers produce, and writes
/// them only when asked. Exit codes: 0 success, 1 refused or drift, 2 error.
#[derive(Debug, Parser)]
#[command(name = "shipspec", version, propagate_version = true)]
pub struct Cli {
    /// The answers file [default: shipspec.yaml].
    #[arg(long, global = true, value_name = "FILE")]
    pub answers: Option<PathBuf>,

    /// Read the answers from the filled spec files in DIR.
    ///
    /// Instead of the answers file; project facts the specs do not state
    /// come from `project:` of shipspec.yaml, if there is one.
    #[arg(long, global = true, value_name = "DIR")]
    pub specs: Option<PathBuf>,

    /// Where outputs go [default: the answers file's directory].
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// When to colour output; `NO_COLOR` turns `auto` off.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a new shipspec.yaml with every question as a comment.
    Init {
        /// Start from a complete worked example instead of blank answers.
        #[arg(long, value_enum, value_name = "NAME")]
        example: Option<Example>,
        /// Overwrite an existing answers file.
        #[arg(long)]
        force: bool,
    },
    /// Check the answers file and print its diagnostics; writes nothing.
    Validate {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Run for every shipspec.yaml under the root (`--root`, default
        /// the current directory), skipping what .gitignore ignores.
        #[arg(long)]
        all: bool,
    },
    /// Show the status and diff of every output; writes nothing.
    Plan {
        /// Only outputs whose path matches this glob (repeatable).
        #[arg(long, value_name = "GLOB")]
        only: Vec<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Run for every shipspec.yaml under the root (`--root`, default
        /// the current directory), skipping what .gitignore ignores.
        #[arg(long)]
        all: bool,
    },
    /// Show the plan, then write it (atomically) after one confirmation.
    Apply {
        /// Do not ask for confirmation (required without a terminal).
        #[arg(long, short = 'y')]
        yes: bool,
        /// Overwrite hand edits that conflict with shipspec's change (edits
        /// that merge cleanly are kept either way).
        #[arg(long)]
        force: bool,
        /// Write conflicting files with git-style conflict markers around the
        /// overlapping lines, for you to resolve (`check` fails until then).
        #[arg(long, conflicts_with = "force")]
        merge_markers: bool,
        /// Only outputs whose path matches this glob (repeatable).
        #[arg(long, value_name = "GLOB")]
        only: Vec<String>,
        /// Apply for every shipspec.yaml under the root (`--root`, default
        /// the current directory), skipping what .gitignore ignores, with
        /// one confirmation for all of them.
        #[arg(long)]
        all: bool,
    },
    /// For CI: exit 1 when any output differs from what the answers produce.
    Check {
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// Run for every shipspec.yaml under the root (`--root`, default
        /// the current directory), skipping what .gitignore ignores.
        #[arg(long)]
        all: bool,
    },
    /// For each question: the answer, the values used and where each came from.
    Explain {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Write shipspec.yaml from the filled spec files.
    ///
    /// Reads `--specs DIR` (default docs/specs): the specs' words become each
    /// answer, every value read is written with the line it came from, and
    /// what could not be read is listed with the reason.
    Import {
        /// Do not ask for confirmation (required without a terminal).
        #[arg(long, short = 'y')]
        yes: bool,
    },
    /// Print the JSON Schema of the answers file (for editor completion).
    Schema,
    /// Print a shell completion script.
    ///
    /// For example `shipspec completions bash > ~/.local/share/bash-completion/completions/shipspec`,
    /// or `shipspec completions zsh > "${fpath[1]}/_shipspec"`.
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `shipspec man > shipspec.1`.
    Man,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
    /// `::error` annotations, plus a summary in `$GITHUB_STEP_SUMMARY`.
    Github,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Example {
    /// FastAPI + PostgreSQL on Fly.io, staging and production.
    FlyFastapi,
}
