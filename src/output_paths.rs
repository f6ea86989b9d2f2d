//! Where shipspec may put a file: the one place output paths are judged,
//! for every output rendered and every file the lock says to remove.
//!
//! An output is a relative path inside the project that is not the answers
//! file, not another output, and not under `.git/` (a hook there runs code)
//! or `.shipspec/` (shipspec's own record). Names are compared without case,
//! as macOS and Windows file systems do. Symlinks on the way are refused
//! when the file is read or written (`write::confine`), `--force` or not.

use std::collections::BTreeMap;
use std::path::{Component, Path};

use crate::render::Artifact;

/// Why `path` cannot be an output, or `None` when it can. `answers` is the
/// answers file relative to the root, when it is inside it.
pub fn refuse(path: &str, answers: Option<&str>) -> Option<String> {
    let inside = !path.is_empty()
        && !path.contains('\\')
        && !path.chars().any(char::is_control)
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    if !inside {
        return Some(format!("`{path}` is not a relative path inside the project"));
    }
    let folded = path.to_lowercase();
    let mut parts = folded.split('/');
    if parts.clone().any(|p| p == ".git") {
        return Some(format!("`{path}` is inside `.git/`, which shipspec never writes"));
    }
    // At any depth: a nested service keeps its record in its own `.shipspec/`.
    if parts.any(|p| p == ".shipspec") {
        return Some(format!(
            "`{path}` is inside a `.shipspec/` folder, where shipspec keeps its record"
        ));
    }
    if answers.is_some_and(|a| a.to_lowercase() == folded) {
        return Some(format!("`{path}` is the answers file"));
    }
    None
}

/// Every output that cannot be written where it is: the paths concerned
/// (two for a clash) and why.
pub fn check(artifacts: &[Artifact], answers: Option<&str>) -> Vec<(Vec<String>, String)> {
    let mut problems = Vec::new();
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for a in artifacts {
        if let Some(why) = refuse(&a.path, answers) {
            problems.push((vec![a.path.clone()], why));
        } else if let Some(first) = seen.insert(a.path.to_lowercase(), &a.path) {
            problems.push((
                vec![a.path.clone(), first.to_owned()],
                format!("`{}` is also where shipspec writes `{first}`", a.path),
            ));
        }
    }
    problems
}

/// The answers file relative to `root`, when it is inside it.
pub fn answers_in(root: &Path, answers: &Path) -> Option<String> {
    let root = root.canonicalize().ok()?;
    let answers = answers.canonicalize().ok()?;
    let rel = answers.strip_prefix(&root).ok()?;
    Some(rel.to_string_lossy().replace('\\', "/"))
}

#[cfg(test)]
mod tests {
    use super::refuse;

    #[test]
    fn refuses_what_is_not_an_output() {
        for (path, why) in [
            ("../x", "not a relative path"),
            ("/etc/passwd", "not a relative path"),
            ("a\\b", "not a relative path"),
            ("", "not a relative path"),
            ("a\nb.py", "not a relative path"),
            (".git/hooks/pre-commit", "inside `.git/`"),
            ("sub/.GIT/config", "inside `.git/`"),
            (".shipspec/lock.toml", "inside a `.shipspec/` folder"),
            (".ShipSpec/base/x", "inside a `.shipspec/` folder"),
            (
                "services/inner/.shipspec/lock.toml",
                "inside a `.shipspec/` folder",
            ),
            ("Shipspec.yaml", "the answers file"),
        ] {
            let got = refuse(path, Some("shipspec.yaml")).unwrap_or_default();
            assert!(got.contains(why), "{path}: {got}");
        }
        for fine in [
            "app/health.py",
            ".github/workflows/ci.yml",
            "git/x",
            "a/.gitignore",
        ] {
            assert_eq!(refuse(fine, Some("shipspec.yaml")), None, "{fine}");
        }
    }
}
