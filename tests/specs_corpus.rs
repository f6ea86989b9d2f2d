//! The spec reader measured on filled spec files as people write them
//! (`tests/corpus/specs/<project>/`: the four files and `expected.yaml`).
//! Per project: stated fields read right, wrong values, fields missed. The
//! floor: 90 % of stated fields read and no wrong value: a field read that
//! the text leaves open, or read with another value, is wrong.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;
use shipspec::answers::units::{Duration, Memory};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    style: String,
    platform: String,
    expect: BTreeMap<String, Value>,
    #[serde(default)]
    open: Vec<String>,
}

/// Sizes in MB, durations in seconds, lists as sorted sets, roles by name,
/// environments without empty keys, numbers as numbers.
fn normal(value: &Value) -> Value {
    match value {
        Value::String(s) => {
            if let Some(m) = Memory::parse(s).filter(|_| s.ends_with('b')) {
                return Value::from(format!("{} MB", m.megabytes()));
            }
            if let Some(d) = Duration::parse(s).filter(|_| s.ends_with(['h', 'm', 's', 'd'])) {
                return Value::from(format!("{} s", d.seconds()));
            }
            value.clone()
        }
        Value::Array(items) => {
            let mut items: Vec<Value> = items.iter().map(normal).collect();
            items.sort_by_key(|v| v.to_string());
            Value::Array(items)
        }
        Value::Object(map) if map.contains_key("description") => map["name"].clone(),
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), normal(v)))
                .collect(),
        ),
        Value::Number(n) => Value::from(n.as_f64().unwrap_or(0.0)),
        other => other.clone(),
    }
}

#[test]
fn corpus_of_spec_files_is_read_without_a_wrong_value() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/specs");
    let mut projects: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    projects.sort();
    let mut platforms = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    println!(
        "{:<18} {:<58} {:>6} {:>5} {:>5}",
        "project", "style", "stated", "read", "wrong"
    );
    for project in &projects {
        let name = project.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(project.join("expected.yaml")).expect("expected.yaml");
        let expected: Expected = serde_norway::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        platforms.insert(expected.platform.clone());
        let reading = shipspec::specs::read_dir(project, None).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let read: BTreeMap<&String, &Value> = reading
            .interpretation
            .values
            .iter()
            .map(|(path, r)| (path, &r.value))
            .collect();
        let (mut right, mut wrong, mut problems) = (0, 0, Vec::new());
        for (path, want) in &expected.expect {
            match read.get(path) {
                Some(got) if normal(got) == normal(want) => right += 1,
                Some(got) => {
                    wrong += 1;
                    problems.push(format!("WRONG {path}: read {got}, stated {want}"));
                }
                None => problems.push(format!("missed {path} = {want}")),
            }
        }
        for (path, got) in &read {
            if !expected.expect.contains_key(*path) {
                wrong += 1;
                let why = if expected.open.contains(path) {
                    "the text leaves it open"
                } else {
                    "not stated"
                };
                problems.push(format!("WRONG {path}: read {got}, {why}"));
            }
        }
        let stated = expected.expect.len();
        let share = 100.0 * right as f64 / stated.max(1) as f64;
        println!(
            "{name:<18} {:<58} {stated:>6} {right:>5} {wrong:>5}  ({share:.1} %)",
            expected.style
        );
        for p in &problems {
            println!("    {p}");
        }
        for d in &reading.diagnostics {
            println!("    {}: {}", d.code.as_str(), d.message);
        }
        if wrong > 0 || share < 90.0 {
            failures.push(format!("{name}: {share:.1} % read, {wrong} wrong"));
        }
    }
    assert!(projects.len() >= 4, "at least four projects");
    assert!(platforms.len() >= 4, "each project on its own platform");
    assert!(failures.is_empty(), "below the floor: {failures:?}");
}
