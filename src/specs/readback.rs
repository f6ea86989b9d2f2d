//! What shipspec read from the spec files, written back beside the words
//! it read: under each heading that gave values, a small region listing
//! them ("Read by shipspec"). A reviewer sees the reading next to the
//! prose, an edit to the prose shows in the plan as a change of values,
//! and `check` fails in CI when the words changed and were not applied.
//! The reader skips these regions (their id starts with `read-`): the
//! output is never read back as input.

use std::collections::BTreeMap;

use serde_json::Value;

use super::SpecReading;
use super::markdown::READ_REGION;
use crate::reconcile::markers::{self, heading_text, normalize_heading};
use crate::render::{Artifact, Body, Mode, Region, SectionDoc};

/// The values read under one heading: its text, its first line, and each
/// value with the line it was read on.
type Section<'a> = (String, usize, Vec<(usize, &'a str, &'a Value)>);

/// One region per heading that gave values, for every spec file read in
/// `dir` (the specs directory relative to the project root, `/`-separated).
pub fn artifacts(reading: &SpecReading, dir: &str) -> Vec<Artifact> {
    let mut out = Vec::new();
    for (label, text) in &reading.files {
        let name = label.rsplit('/').next().unwrap_or(label);
        let lines: Vec<String> = text.split_inclusive('\n').map(str::to_owned).collect();
        let headings = headings_outside_regions(&lines);
        // Heading (normalized) → its text and the values read under it.
        let mut sections: BTreeMap<String, Section<'_>> = BTreeMap::new();
        for (path, at) in &reading.sources {
            if at.file != *label {
                continue;
            }
            let Some(value) = reading.interpretation.values.get(path).map(|r| &r.value) else {
                continue;
            };
            let Some((first_line, heading)) = headings.iter().rev().find(|(line, _)| *line < at.line) else {
                continue;
            };
            let entry = sections
                .entry(normalize_heading(heading))
                .or_insert_with(|| (heading.clone(), *first_line, Vec::new()));
            entry.1 = entry.1.min(*first_line);
            entry.2.push((at.line, path.as_str(), value));
        }
        if sections.is_empty() {
            continue;
        }
        let mut sections: Vec<(String, Section<'_>)> = sections.into_iter().collect();
        sections.sort_by_key(|(_, (_, line, _))| *line);
        let regions = sections
            .into_iter()
            .map(|(key, (heading, _, mut values))| Region {
                id: format!("{READ_REGION}{}", key.replace(' ', "-")),
                heading,
                aliases: &[],
                questions: Vec::new(),
                body: {
                    // In the order the words stand.
                    values.sort_by_key(|(line, path, _)| (*line, *path));
                    body(&values, dir)
                },
            })
            .collect();
        out.push(Artifact {
            path: format!("{dir}/{name}"),
            mode: Mode::Sections,
            questions: Vec::new(),
            body: Body::Sections(SectionDoc {
                title: String::new(),
                regions,
            }),
        });
    }
    out
}

/// Each heading outside code and outside shipspec's regions, by 1-based line.
fn headings_outside_regions(lines: &[String]) -> Vec<(usize, String)> {
    let fenced = markers::fence_flags(lines);
    let spans: Vec<markers::Span> = markers::regions(lines)
        .map(|r| r.into_values().collect())
        .unwrap_or_default();
    lines
        .iter()
        .enumerate()
        .filter(|(i, _)| !fenced[*i] && !spans.iter().any(|s| s.begin <= *i && *i <= s.end))
        .filter_map(|(i, l)| {
            heading_text(l)
                .filter(|t| !t.is_empty())
                .map(|t| (i + 1, t.to_owned()))
        })
        .collect()
}

fn body(values: &[(usize, &str, &Value)], dir: &str) -> String {
    let mut out = format!(
        "> **Read by shipspec** (change the words below, then run `shipspec apply --specs {dir}`):\n>\n"
    );
    for (_, path, value) in values {
        // The key without its group: `scaling.min_instances`.
        let key = path.split_once('.').map_or(*path, |(_, rest)| rest);
        out.push_str(&format!("> - `{key}`: {}\n", flow(value)));
    }
    out
}

/// A value as one line: lists in brackets, roles by name and description.
fn flow(value: &Value) -> String {
    match value {
        // Never a marker or comment opener inside shipspec's own region.
        Value::String(s) => s.replace('\n', " ").replace("<!--", "&lt;!--"),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(flow).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => {
            let fields: Vec<String> = map
                .iter()
                .filter(|(_, v)| !matches!(v, Value::String(s) if s.is_empty()))
                .map(|(k, v)| format!("{k}: {}", flow(v)))
                .collect();
            format!("{{{}}}", fields.join(", "))
        }
        Value::Null => "none".to_owned(),
        other => other.to_string(),
    }
}
