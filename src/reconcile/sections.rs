//! Mode `sections`: shipspec rewrites only the text between its markers.
//!
//! For each region, in order: present → compare with what shipspec last
//! rendered there (the base copy) to tell our text from a hand edit, and
//! merge the two three ways (as a managed file is merged: see `managed`);
//! absent → place it under the matching heading, or add the heading at the
//! end. Every byte outside the markers is kept.

use std::collections::BTreeMap;

use super::markers::{self, MarkerError, Span, begin_marker, end_marker};
use super::merge3::{self, Clash, Merged};
use crate::render::SectionDoc;

#[derive(Debug, Default)]
pub struct Outcome {
    /// The file as apply (with `--force` for conflicts) would write it.
    pub after: String,
    /// Regions whose text changes.
    pub changed: Vec<String>,
    /// Regions whose hand edits overlap shipspec's change (or that were
    /// edited with no base copy to merge with).
    pub conflicts: Vec<String>,
    /// Regions still holding conflict markers from `--merge-markers`.
    pub unresolved: Vec<String>,
    /// Regions edited by hand and merged with the new render.
    pub merged: Vec<String>,
    /// Regions edited by hand where shipspec has nothing new: left as they are.
    pub kept: Vec<String>,
    /// Each overlap: its region and the three versions' lines.
    pub clashes: Vec<(String, Clash)>,
    /// For each conflicting region: its base text (empty when unknown) and
    /// its text on disk, which `--force` overwrites.
    pub discards: Vec<(String, String, String)>,
    /// The file with every region as rendered, for the base copy.
    pub rendered: String,
    /// The file with conflict markers in the overlapping regions.
    pub markers: Option<String>,
}

fn lines(text: &str) -> Vec<String> {
    text.split_inclusive('\n').map(str::to_owned).collect()
}

/// The skeleton of a spec file shipspec creates.
fn skeleton(title: &str) -> String {
    format!(
        "# {title}\n\n<!-- Text between shipspec markers is generated from shipspec.yaml: change the answers and run `shipspec apply`. Everything else in this file is yours. -->\n"
    )
}

pub fn reconcile(doc: &SectionDoc, disk: Option<&str>, base: Option<&str>) -> Result<Outcome, MarkerError> {
    let mut lines = lines(&disk.map_or_else(|| skeleton(&doc.title), str::to_owned));
    markers::regions(&lines)?;
    // A broken base (hand-edited state) only costs us conflict detection.
    let base_lines = base.map(self::lines).unwrap_or_default();
    let base_regions: BTreeMap<String, Span> = markers::regions(&base_lines).unwrap_or_default();
    // Where each region starts on disk, to name a clash's line.
    let disk_regions = markers::regions(&lines)?;
    let mut outcome = Outcome::default();
    let mut marked: BTreeMap<String, String> = BTreeMap::new();
    for region in &doc.regions {
        let spans = markers::regions(&lines)?;
        match spans.get(&region.id) {
            Some(span) => {
                let current = markers::inner(&lines, *span);
                if current == region.body {
                    continue;
                }
                let id = region.id.clone();
                let base = base_regions.get(&id).map(|b| markers::inner(&base_lines, *b));
                let discard = (id.clone(), base.clone().unwrap_or_default(), current.clone());
                let write = if merge3::has_markers(&current) {
                    outcome.discards.push(discard);
                    outcome.unresolved.push(id.clone());
                    region.body.clone()
                } else {
                    match base {
                        Some(b) if b == current => region.body.clone(),
                        Some(b) if b == region.body => {
                            outcome.kept.push(id);
                            continue;
                        }
                        Some(b) => match merge3::merge(&b, &current, &region.body) {
                            Merged::Clean(m) if m == current => {
                                outcome.kept.push(id);
                                continue;
                            }
                            Merged::Clean(m) => {
                                if m != region.body {
                                    outcome.merged.push(id.clone());
                                }
                                m
                            }
                            Merged::Conflict { clashes, markers } => {
                                let first = disk_regions.get(&id).map_or(0, |s| s.begin + 1);
                                outcome.clashes.extend(clashes.into_iter().map(|mut c| {
                                    c.line += first;
                                    (id.clone(), c)
                                }));
                                marked.insert(id.clone(), markers);
                                outcome.discards.push(discard);
                                outcome.conflicts.push(id.clone());
                                region.body.clone()
                            }
                        },
                        None => {
                            outcome.discards.push(discard);
                            outcome.conflicts.push(id.clone());
                            region.body.clone()
                        }
                    }
                };
                outcome.changed.push(id);
                lines.splice(span.begin + 1..span.end, self::lines(&write));
            }
            None => {
                outcome.changed.push(region.id.clone());
                let block = [
                    begin_marker(&region.id),
                    region.body.clone(),
                    end_marker(&region.id),
                ]
                .concat();
                match markers::find_heading(&lines, &region.heading, region.aliases) {
                    Some(at) => {
                        let mut insert = vec!["\n".to_owned()];
                        insert.extend(self::lines(&block));
                        if lines.get(at + 1).is_some_and(|l| !l.trim().is_empty()) {
                            insert.push("\n".to_owned());
                        }
                        if !lines[at].ends_with('\n') {
                            lines[at].push('\n');
                        }
                        lines.splice(at + 1..at + 1, insert);
                    }
                    None => {
                        if let Some(last) = lines.last_mut() {
                            if !last.ends_with('\n') {
                                last.push('\n');
                            }
                        }
                        if lines.last().is_some_and(|l| !l.trim().is_empty()) {
                            lines.push("\n".to_owned());
                        }
                        lines.push(format!("## {}\n", region.heading));
                        lines.push("\n".to_owned());
                        lines.extend(self::lines(&block));
                    }
                }
            }
        }
    }
    outcome.after = lines.concat();
    let rendered: BTreeMap<String, String> = doc
        .regions
        .iter()
        .map(|r| (r.id.clone(), r.body.clone()))
        .collect();
    outcome.rendered = with_regions(&lines, &rendered)?;
    if !marked.is_empty() {
        outcome.markers = Some(with_regions(&lines, &marked)?);
    }
    Ok(outcome)
}

/// `lines` with the inner text of the regions in `bodies` replaced.
fn with_regions(lines: &[String], bodies: &BTreeMap<String, String>) -> Result<String, MarkerError> {
    let mut lines = lines.to_vec();
    let mut spans: Vec<(String, Span)> = markers::regions(&lines)?.into_iter().collect();
    // From the bottom up, so earlier spans stay where they are.
    spans.sort_by_key(|(_, s)| std::cmp::Reverse(s.begin));
    for (id, span) in spans {
        if let Some(body) = bodies.get(&id) {
            lines.splice(span.begin + 1..span.end, self::lines(body));
        }
    }
    Ok(lines.concat())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Region;

    fn doc(body: &str) -> SectionDoc {
        SectionDoc {
            title: "Security Spec".into(),
            regions: vec![
                Region {
                    id: "authentication".into(),
                    heading: "Authentication".to_owned(),
                    aliases: &["Authentication Requirements"],
                    body: body.into(),
                    questions: Vec::new(),
                },
                Region {
                    id: "audits".into(),
                    heading: "Security Audits".to_owned(),
                    aliases: &[],
                    body: "- audits\n".into(),
                    questions: Vec::new(),
                },
            ],
        }
    }

    #[test]
    fn places_regions_under_headings_and_keeps_the_rest() {
        let user = "# Security\n\nIntro.\n\n## Authentication Requirements\nOur notes.\n\n## Other\nMore.";
        let out = reconcile(&doc("- oauth\n"), Some(user), None).unwrap();
        assert_eq!(
            out.after,
            "# Security\n\nIntro.\n\n## Authentication Requirements\n\n<!-- shipspec:begin authentication -->\n- oauth\n<!-- shipspec:end authentication -->\n\nOur notes.\n\n## Other\nMore.\n\n## Security Audits\n\n<!-- shipspec:begin audits -->\n- audits\n<!-- shipspec:end audits -->\n"
        );
        assert_eq!(out.changed, ["authentication", "audits"]);
        assert!(out.conflicts.is_empty());
        // Second pass with the same content changes nothing.
        let again = reconcile(&doc("- oauth\n"), Some(&out.after), Some(&out.after)).unwrap();
        assert_eq!(again.after, out.after);
        assert!(again.changed.is_empty());
        // A new answer updates only its region.
        let next = reconcile(&doc("- mfa\n"), Some(&out.after), Some(&out.after)).unwrap();
        assert_eq!(next.changed, ["authentication"]);
        assert_eq!(next.after, out.after.replace("- oauth\n", "- mfa\n"));
    }

    #[test]
    fn hand_edits_inside_a_region_are_conflicts() {
        let first = reconcile(&doc("- oauth\n"), None, None).unwrap().after;
        let edited = first.replace("- oauth\n", "- oauth (edited)\n");
        let out = reconcile(&doc("- mfa\n"), Some(&edited), Some(&first)).unwrap();
        assert_eq!(out.conflicts, ["authentication"]);
        // Without a base, a differing region is not known to be ours.
        let out = reconcile(&doc("- mfa\n"), Some(&first), None).unwrap();
        assert_eq!(out.conflicts, ["authentication"]);
    }

    #[test]
    fn region_edits_merge_keep_or_clash() {
        let body = "- oauth\n\nProviders: google\n\nKeys: yes\n";
        let first = reconcile(&doc(body), None, None).unwrap();
        assert_eq!(first.rendered, first.after);
        let edited = first.after.replace("Keys: yes\n", "Keys: yes\nRotated yearly.\n");
        // Nothing new from shipspec: the edit is kept.
        let out = reconcile(&doc(body), Some(&edited), Some(&first.rendered)).unwrap();
        assert_eq!(
            (out.kept.as_slice(), out.changed.len()),
            (&["authentication".to_owned()][..], 0)
        );
        assert_eq!(out.after, edited);
        assert_eq!(out.rendered, first.rendered);
        // A change in another paragraph merges.
        let next = body.replace("google", "google, github");
        let out = reconcile(&doc(&next), Some(&edited), Some(&first.rendered)).unwrap();
        assert_eq!(out.merged, ["authentication"]);
        assert_eq!(out.after, edited.replace("google", "google, github"));
        assert_eq!(out.rendered, first.rendered.replace("google", "google, github"));
        // A change of the edited line clashes, with markers to offer.
        let mine = first.after.replace("Keys: yes", "Keys: yes, rotated");
        let theirs = body.replace("Keys: yes", "Keys: no");
        let out = reconcile(&doc(&theirs), Some(&mine), Some(&first.rendered)).unwrap();
        assert_eq!(out.conflicts, ["authentication"]);
        assert_eq!(out.clashes.len(), 1);
        let line = mine.lines().position(|l| l == "Keys: yes, rotated").unwrap() + 1;
        assert_eq!(out.clashes[0].1.line, line);
        let markers = out.markers.unwrap();
        assert!(merge3::has_markers(&markers), "{markers}");
        // Markers left in the file are unresolved, never merged again.
        let out = reconcile(&doc(&theirs), Some(&markers), Some(&out.rendered)).unwrap();
        assert_eq!(out.unresolved, ["authentication"]);
    }
}
