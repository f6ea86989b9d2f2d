//! Mode `managed`: the whole file is shipspec's, and the user's edits to it
//! are kept. The base copy (what shipspec last rendered) tells them apart:
//!
//! 1. disk = new render: unchanged; disk = base: a plain update.
//! 2. new render = base: shipspec has nothing new to say, so the user's
//!    edited file is left as it is (`edited`, kept).
//! 3. both changed: three-way merge (base, disk, new render). Edits apart
//!    from shipspec's change merge; overlapping ones are a conflict, as is
//!    a merged YAML file that no longer parses.
//!
//! Without a base copy, the lock's hash of what was written is the only
//! evidence: a file matching it is updated, any other is a conflict.

use super::merge3::{self, Clash, Merged};
use super::state::sha256;

#[derive(Debug, PartialEq, Eq)]
pub enum Why {
    /// Never written by shipspec (no lock entry).
    Foreign,
    /// Edited, and there is no base copy to merge with.
    NoBase,
    /// The user's edits overlap shipspec's change.
    Overlap,
    /// Conflict markers from `apply --merge-markers` are still there.
    Markers,
    /// The merge of a YAML file is not valid YAML.
    NotYaml,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Create,
    Unchanged,
    Update,
    /// Edited by hand; the new render is what shipspec last wrote.
    Edited,
    /// Edited by hand and merged cleanly with the new render.
    Merge(String),
    Conflict {
        why: Why,
        clashes: Vec<Clash>,
        /// The file with conflict markers (only for overlapping edits).
        markers: Option<String>,
    },
}

fn conflict(why: Why) -> Verdict {
    Verdict::Conflict {
        why,
        clashes: Vec::new(),
        markers: None,
    }
}

fn parses_as_yaml(text: &str) -> bool {
    yaml_rust2::YamlLoader::load_from_str(text).is_ok()
}

/// `yaml`: the file is YAML, so a merge must still parse.
pub fn reconcile(
    desired: &str,
    disk: Option<&str>,
    base: Option<&str>,
    last_written_sha: Option<&str>,
    yaml: bool,
) -> Verdict {
    let Some(disk) = disk else {
        return Verdict::Create;
    };
    if disk == desired {
        return Verdict::Unchanged;
    }
    let Some(last_written_sha) = last_written_sha else {
        return conflict(Why::Foreign);
    };
    if merge3::has_markers(disk) {
        return conflict(Why::Markers);
    }
    let Some(base) = base else {
        return if sha256(disk) == last_written_sha {
            Verdict::Update
        } else {
            conflict(Why::NoBase)
        };
    };
    if disk == base {
        return Verdict::Update;
    }
    if desired == base {
        return Verdict::Edited;
    }
    match merge3::merge(base, disk, desired) {
        Merged::Clean(merged) if yaml && !parses_as_yaml(&merged) => conflict(Why::NotYaml),
        Merged::Clean(merged) if merged == disk => Verdict::Edited,
        Merged::Clean(merged) if merged == desired => Verdict::Update,
        Merged::Clean(merged) => Verdict::Merge(merged),
        Merged::Conflict { clashes, markers } => Verdict::Conflict {
            why: Why::Overlap,
            clashes,
            markers: Some(markers),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(desired: &str, disk: Option<&str>, base: Option<&str>, sha: Option<&str>) -> Verdict {
        reconcile(desired, disk, base, sha, false)
    }

    #[test]
    fn verdicts() {
        let s = sha256("a\n");
        assert_eq!(r("a\n", None, None, None), Verdict::Create);
        assert_eq!(r("a\n", Some("a\n"), None, None), Verdict::Unchanged);
        assert_eq!(r("b\n", Some("a\n"), None, Some(&s)), Verdict::Update);
        assert_eq!(r("b\n", Some("a\n"), Some("a\n"), Some(&s)), Verdict::Update);
        assert_eq!(r("b\n", Some("a!\n"), None, Some(&s)), conflict(Why::NoBase));
        assert_eq!(r("b\n", Some("a\n"), None, None), conflict(Why::Foreign));
        assert_eq!(
            r("a\n", Some("a\nmine\n"), Some("a\n"), Some(&s)),
            Verdict::Edited
        );
        assert_eq!(
            r("a\nb\nc\n", Some("x\nb\nc\n"), Some("a\nb\nc\n"), Some(&s)),
            Verdict::Edited,
            "the user's edit is the only change"
        );
        assert_eq!(
            r("a\nb\nC\n", Some("x\nb\nc\n"), Some("a\nb\nc\n"), Some(&s)),
            Verdict::Merge("x\nb\nC\n".into())
        );
        assert!(matches!(
            r("a\nB\n", Some("a\nb!\n"), Some("a\nb\n"), Some(&s)),
            Verdict::Conflict { why: Why::Overlap, ref clashes, markers: Some(_) } if clashes.len() == 1
        ));
    }

    #[test]
    fn markers_left_in_the_file_are_a_conflict() {
        let s = sha256("a\n");
        let disk =
            "<<<<<<< yours\nx\n||||||| last written by shipspec\na\n=======\nb\n>>>>>>> shipspec.yaml\n";
        assert_eq!(
            r("b\n", Some(disk), Some("b\n"), Some(&s)),
            conflict(Why::Markers)
        );
    }

    #[test]
    fn a_yaml_merge_must_still_parse() {
        let base = "a: 1\nb:\n  - x\nc: 3\n";
        let ours = "a: 1\nb:\n  - x\n - broken\nc: 3\n";
        let theirs = "a: 2\nb:\n  - x\nc: 3\n";
        assert_eq!(
            reconcile(theirs, Some(ours), Some(base), Some("x"), true),
            conflict(Why::NotYaml)
        );
    }
}
