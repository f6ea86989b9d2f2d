//! report: changes and diagnostics as text, JSON or GitHub annotations.
//! Nothing here decides anything; it only shows.

pub mod color;
pub mod diagnostics;
pub mod diff;
pub mod github;
pub mod plan;
