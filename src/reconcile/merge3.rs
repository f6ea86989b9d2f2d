//! Three-way line merge (diff3): base = what shipspec last rendered,
//! ours = the file on disk, theirs = the new render.
//!
//! Both sides are diffed against the base with `similar`; each side's
//! changes are hunks over base lines. Hunks of the two sides that overlap
//! or touch form one chunk: taken from the side that changed it, or, when
//! both did, accepted only if both made the same change, else a conflict.
//! A change right next to the other side's change is a conflict too (as in
//! `git merge-file`): the order of the two is a guess, and a guess is never
//! made silently.
//!
//! Lines keep their own endings. A file the user's checkout turned to CRLF
//! is merged with the renders in CRLF, so the line endings are no conflict.

use similar::{Algorithm, DiffTag, capture_diff_slices};

/// Lines of the three versions where both sides changed the same place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clash {
    /// 1-based line in `ours` where the clash starts.
    pub line: usize,
    pub base: String,
    pub ours: String,
    pub theirs: String,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Merged {
    Clean(String),
    Conflict {
        clashes: Vec<Clash>,
        /// The merge with git-style conflict markers around each clash.
        markers: String,
    },
}

pub const MARK_OURS: &str = "<<<<<<< yours";
pub const MARK_BASE: &str = "||||||| last written by shipspec";
pub const MARK_SPLIT: &str = "=======";
pub const MARK_THEIRS: &str = ">>>>>>> shipspec.yaml";

/// Whether `text` holds a conflict block left by `--merge-markers`.
pub fn has_markers(text: &str) -> bool {
    let mut open = false;
    for line in text.lines() {
        let line = line.trim_end();
        if line == MARK_OURS {
            open = true;
        } else if open && line == MARK_THEIRS {
            return true;
        }
    }
    false
}

/// A change of one side: base lines `base` become that side's `side` lines.
#[derive(Clone, Debug)]
struct Hunk {
    base: (usize, usize),
    side: (usize, usize),
}

fn hunks(base: &[&str], side: &[&str]) -> Vec<Hunk> {
    let mut out: Vec<Hunk> = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, base, side) {
        let (tag, b, s) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            continue;
        }
        match out.last_mut() {
            // Consecutive edits (a delete then an insert) are one hunk.
            Some(last) if last.base.1 == b.start && last.side.1 == s.start => {
                last.base.1 = b.end;
                last.side.1 = s.end;
            }
            _ => out.push(Hunk {
                base: (b.start, b.end),
                side: (s.start, s.end),
            }),
        }
    }
    out
}

/// The side's lines standing for base lines `from..to`, given the side's
/// hunks inside that range (none: the side left it as in the base).
fn side_range(hs: &[&Hunk], from: usize, to: usize) -> (usize, usize) {
    match (hs.first(), hs.last()) {
        (Some(first), Some(last)) => (
            first.side.0 - (first.base.0 - from),
            last.side.1 + (to - last.base.1),
        ),
        _ => (from, to),
    }
}

fn split(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

fn to_crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

fn uses_crlf(text: &str) -> bool {
    let lf = text.matches('\n').count();
    lf > 0 && text.matches("\r\n").count() == lf
}

pub fn merge(base: &str, ours: &str, theirs: &str) -> Merged {
    if uses_crlf(ours) && !uses_crlf(base) {
        return merge_lines(&to_crlf(base), ours, &to_crlf(theirs));
    }
    merge_lines(base, ours, theirs)
}

fn merge_lines(base: &str, ours: &str, theirs: &str) -> Merged {
    let (b, o, t) = (split(base), split(ours), split(theirs));
    let (ho, ht) = (hunks(&b, &o), hunks(&b, &t));
    let mut clean = String::new();
    let mut markers = String::new();
    let mut clashes = Vec::new();
    // Base lines before `at` are emitted.
    let mut at = 0;
    let (mut i, mut j) = (0, 0);
    while i < ho.len() || j < ht.len() {
        // Start a chunk at the earliest hunk, then pull in every hunk of
        // either side that overlaps or touches it.
        let start = match (ho.get(i), ht.get(j)) {
            (Some(x), Some(y)) => x.base.0.min(y.base.0),
            (Some(x), None) => x.base.0,
            (None, Some(y)) => y.base.0,
            (None, None) => unreachable!(),
        };
        let mut end = start;
        let (i0, j0) = (i, j);
        loop {
            if let Some(h) = ho.get(i).filter(|h| h.base.0 <= end) {
                end = end.max(h.base.1);
                i += 1;
            } else if let Some(h) = ht.get(j).filter(|h| h.base.0 <= end) {
                end = end.max(h.base.1);
                j += 1;
            } else {
                break;
            }
        }
        let stable = b[at..start].concat();
        clean.push_str(&stable);
        markers.push_str(&stable);
        let ours_hunks: Vec<&Hunk> = ho[i0..i].iter().collect();
        let theirs_hunks: Vec<&Hunk> = ht[j0..j].iter().collect();
        let (os, oe) = side_range(&ours_hunks, start, end);
        let (ts, te) = side_range(&theirs_hunks, start, end);
        let ours_text = o[os..oe].concat();
        let theirs_text = t[ts..te].concat();
        let taken = if theirs_hunks.is_empty() || ours_text == theirs_text {
            Some(&ours_text)
        } else if ours_hunks.is_empty() {
            Some(&theirs_text)
        } else {
            None
        };
        match taken {
            Some(text) => {
                clean.push_str(text);
                markers.push_str(text);
            }
            None => {
                let base_text = b[start..end].concat();
                let mut block = String::new();
                for (mark, text) in [
                    (MARK_OURS, &ours_text),
                    (MARK_BASE, &base_text),
                    (MARK_SPLIT, &theirs_text),
                ] {
                    block.push_str(mark);
                    block.push('\n');
                    block.push_str(text);
                    if !text.is_empty() && !text.ends_with('\n') {
                        block.push('\n');
                    }
                }
                block.push_str(MARK_THEIRS);
                block.push('\n');
                markers.push_str(&block);
                clashes.push(Clash {
                    line: os + 1,
                    base: base_text,
                    ours: ours_text,
                    theirs: theirs_text,
                });
            }
        }
        at = end;
    }
    let rest = b[at..].concat();
    clean.push_str(&rest);
    markers.push_str(&rest);
    if clashes.is_empty() {
        Merged::Clean(clean)
    } else {
        Merged::Conflict { clashes, markers }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str =
        "name: ci\non: push\njobs:\n  test:\n    steps:\n      - run: pytest\n      - run: lint\n";

    #[test]
    fn edits_apart_merge_cleanly() {
        let ours = BASE.replace("      - run: lint\n", "      - run: lint\n      - run: migrate\n");
        let theirs = BASE.replace("on: push", "on: pull_request");
        assert_eq!(
            merge(BASE, &ours, &theirs),
            Merged::Clean(ours.replace("on: push", "on: pull_request"))
        );
    }

    #[test]
    fn one_sided_and_identical_changes() {
        let theirs = BASE.replace("pytest", "pytest -q");
        assert_eq!(merge(BASE, BASE, &theirs), Merged::Clean(theirs.clone()));
        assert_eq!(merge(BASE, &theirs, BASE), Merged::Clean(theirs.clone()));
        assert_eq!(merge(BASE, &theirs, &theirs), Merged::Clean(theirs));
    }

    #[test]
    fn the_same_line_changed_both_ways_is_a_conflict() {
        let ours = BASE.replace("pytest", "pytest -x");
        let theirs = BASE.replace("pytest", "pytest -q");
        let Merged::Conflict { clashes, markers } = merge(BASE, &ours, &theirs) else {
            panic!("expected a conflict");
        };
        assert_eq!(
            clashes,
            [Clash {
                line: 6,
                base: "      - run: pytest\n".into(),
                ours: "      - run: pytest -x\n".into(),
                theirs: "      - run: pytest -q\n".into(),
            }]
        );
        assert_eq!(
            markers,
            BASE.replace(
                "      - run: pytest\n",
                "<<<<<<< yours\n      - run: pytest -x\n||||||| last written by shipspec\n      - run: pytest\n=======\n      - run: pytest -q\n>>>>>>> shipspec.yaml\n"
            )
        );
        assert!(has_markers(&markers));
        assert!(!has_markers(BASE));
    }

    #[test]
    fn an_insertion_touching_a_change_is_a_conflict() {
        let ours = BASE.replace("      - run: lint\n", "      - run: extra\n      - run: lint\n");
        let theirs = BASE.replace("      - run: lint\n", "      - run: lint --strict\n");
        assert!(matches!(merge(BASE, &ours, &theirs), Merged::Conflict { .. }));
    }

    #[test]
    fn crlf_checkouts_merge_in_crlf() {
        let ours = to_crlf(&BASE.replace("      - run: lint\n", "      - run: lint\n      - run: migrate\n"));
        let theirs = BASE.replace("on: push", "on: pull_request");
        assert_eq!(
            merge(BASE, &ours, &theirs),
            Merged::Clean(ours.replace("on: push", "on: pull_request"))
        );
    }

    #[test]
    fn a_missing_final_newline_is_kept() {
        let base = "a\nb\nc";
        assert_eq!(
            merge(base, "a\nb\nc\nd", "A\nb\nc"),
            Merged::Clean("A\nb\nc\nd".into())
        );
    }
}
