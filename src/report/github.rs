//! `check --format github`: workflow-command annotations on stdout and a
//! markdown summary for `$GITHUB_STEP_SUMMARY`.

use std::fmt::Write as _;

use crate::reconcile::{Change, Status};

/// Escapes a workflow-command property or message (GitHub's own rules).
fn escape(text: &str, property: bool) -> String {
    let mut out = text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

fn message(c: &Change) -> String {
    match c.status {
        Status::Create => {
            "missing: shipspec.yaml generates this file. Run `shipspec apply` and commit the result.".into()
        }
        Status::Update => format!(
            "out of date with shipspec.yaml{}. Run `shipspec apply` and commit the result.",
            c.detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default()
        ),
        Status::Merge => format!(
            "out of date with shipspec.yaml; your edits merge cleanly with the change{}. Run `shipspec apply` and commit the result.",
            c.detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default()
        ),
        _ if c.markers.is_some() => format!(
            "edited by hand ({}). Move the change into shipspec.yaml, run `shipspec apply --merge-markers` to resolve it in the file, or `shipspec apply --force` to regenerate.",
            c.detail.as_deref().unwrap_or("conflict")
        ),
        _ => format!(
            "edited by hand ({}). Move the change into shipspec.yaml, or run `shipspec apply --force` to regenerate.",
            c.detail.as_deref().unwrap_or("conflict")
        ),
    }
}

pub fn annotations(drifted: &[&Change]) -> String {
    let mut out = String::new();
    for c in drifted {
        let _ = writeln!(
            out,
            "::error file={},title={}::{}",
            escape(&c.path, true),
            escape("shipspec drift", true),
            escape(&message(c), false)
        );
    }
    out
}

/// `source`: what the files are generated from (the answers file or the specs directory).
pub fn summary(drifted: &[&Change], total: usize, source: &str) -> String {
    if drifted.is_empty() {
        return format!("### shipspec check\n\nAll {total} generated files match `{source}`.\n");
    }
    let mut out = format!(
        "### shipspec check\n\n{} of {total} generated files drifted from `{source}`.\n\n| file | status | what to do |\n|---|---|---|\n",
        drifted.len()
    );
    for c in drifted {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} |",
            c.path,
            c.status.as_str(),
            message(c).replace('|', "\\|")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_workflow_commands() {
        assert_eq!(escape("a,b:c%\nd", true), "a%2Cb%3Ac%25%0Ad");
        assert_eq!(escape("a,b:c", false), "a,b:c");
    }
}
