//! report: changes and diagnostics as text, JSON or GitHub annotations.
//! Nothing here decides anything; it only shows.

pub mod color;
pub mod diagnostics;
pub mod diff;
pub mod github;
pub mod plan;

/// `text` with control characters escaped (`\n` as `\\n`), so a name
/// printed in a report cannot start a line of its own, such as a GitHub
/// workflow command (`::stop-commands::`).
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}
