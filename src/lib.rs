//! shipspec turns a project's production-readiness answers into filled spec
//! documents and the deploy artifacts that must agree with them.
//!
//! The pipeline: [`answers`] (load) → [`resolve`] → [`render`] →
//! [`reconcile`] → [`report`] / [`write`]; [`pipeline`] runs it for every
//! command in [`commands`], and [`workspace`] for every service at once.

pub mod answers;
pub mod cli;
pub mod commands;
pub mod diagnostic;
pub mod exit;
#[doc(hidden)]
pub mod fuzzing;
pub mod interpret;
pub mod journal;
pub mod output;
pub mod output_paths;
pub mod pipeline;
pub mod platforms;
pub mod read;
pub mod reconcile;
pub mod render;
pub mod report;
pub mod resolve;
pub mod run;
pub mod run_lock;
pub mod specs;
pub mod up_to_date;
pub mod workspace;
pub mod write;

pub use run::run;

/// "1 file", "3 files".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
