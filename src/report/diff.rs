//! Unified diffs of a file's current and planned content.

use similar::TextDiff;

use super::color::Palette;

/// A unified diff (`--- a/path`, `+++ b/path`), or empty when equal.
pub fn unified(path: &str, before: Option<&str>, after: &str) -> String {
    let old = before.unwrap_or("");
    if old == after {
        return String::new();
    }
    let from = if before.is_some() {
        format!("a/{path}")
    } else {
        "/dev/null".to_owned()
    };
    TextDiff::from_lines(old, after)
        .unified_diff()
        .context_radius(3)
        .header(&from, &format!("b/{path}"))
        .to_string()
}

/// A unified diff painted line by line.
pub fn paint(diff: &str, palette: &Palette) -> String {
    diff.split_inclusive('\n')
        .map(|line| {
            let (text, newline) = line.strip_suffix('\n').map_or((line, ""), |t| (t, "\n"));
            let painted = if text.starts_with("+++") || text.starts_with("---") {
                palette.header(text)
            } else if text.starts_with('+') {
                palette.added(text)
            } else if text.starts_with('-') {
                palette.removed(text)
            } else if text.starts_with("@@") {
                palette.hunk(text)
            } else {
                text.to_owned()
            };
            painted + newline
        })
        .collect()
}
