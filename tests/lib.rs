//! One integration-test binary: one link, a module per feature.

mod support;

mod action;
mod apply;
mod bad_days;
mod check;
mod cli;
mod crash;
mod crosschecks;
mod deps;
mod docs;
mod explain;
mod fly;
mod fuzz_driver;
mod health;
mod hostile_input;
mod interpret;
mod malformed;
mod merge;
mod messages;
mod output_paths;
mod properties;
mod prose;
mod regenerate;
mod release;
mod runbooks;
mod schema;
mod sections;
mod setup;
mod snapshots;
mod specs;
mod specs_corpus;
mod symlinks;
mod triggers;
mod tty;
mod workflows;
