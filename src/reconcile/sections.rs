//! Mode `sections`: shipspec rewrites only the text between its markers.
//!
//! For each region, in order: present → compare with what shipspec last
//! wrote there (the base copy) to tell our text from a hand edit; absent →
//! place it under the matching heading, or add the heading at the end.
//! Every byte outside the markers is kept.

use std::collections::BTreeMap;

use super::markers::{self, MarkerError, Span, begin_marker, end_marker};
use crate::render::SectionDoc;

#[derive(Debug, Default)]
pub struct Outcome {
    /// The file as apply (with `--force` for conflicts) would write it.
    pub after: String,
    /// Regions whose text changes.
    pub changed: Vec<String>,
    /// Regions edited by hand since shipspec last wrote them.
    pub conflicts: Vec<String>,
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
    let mut outcome = Outcome::default();
    for region in &doc.regions {
        let spans = markers::regions(&lines)?;
        match spans.get(&region.id) {
            Some(span) => {
                let current = markers::inner(&lines, *span);
                if current == region.body {
                    continue;
                }
                let ours = base_regions
                    .get(&region.id)
                    .is_some_and(|b| markers::inner(&base_lines, *b) == current);
                if !ours {
                    outcome.conflicts.push(region.id.clone());
                }
                outcome.changed.push(region.id.clone());
                lines.splice(span.begin + 1..span.end, self::lines(&region.body));
            }
            None => {
                outcome.changed.push(region.id.clone());
                let block = [
                    begin_marker(&region.id),
                    region.body.clone(),
                    end_marker(&region.id),
                ]
                .concat();
                match markers::find_heading(&lines, region.heading, region.aliases) {
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
    Ok(outcome)
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
                    heading: "Authentication",
                    aliases: &["Authentication Requirements"],
                    body: body.into(),
                    questions: Vec::new(),
                },
                Region {
                    id: "audits".into(),
                    heading: "Security Audits",
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
}
