//! One file per command. Each returns its exit code and prints through
//! `output` only.

pub mod apply;
pub mod check;
pub mod completions;
pub mod explain;
pub mod import;
pub mod init;
pub mod man;
pub mod plan;
pub mod schema;
pub mod validate;
