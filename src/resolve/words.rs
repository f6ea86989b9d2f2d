//! The answers' words in resolve: values read by [`interpret`] fill the
//! fields left absent, and two warnings keep words and fields honest:
//! SS041 when the words state one value and the field another (the field
//! wins), SS042 when a default was used although the words speak of it.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::interpret::lookup;

use crate::answers::Answers;
use crate::answers::units::{Duration, Memory};
use crate::diagnostic::Code;
use crate::interpret::{Interpretation, Reading};

use super::context::{Ctx, Source};

/// What the words gave: the answers with absent fields filled, and the
/// readings that were used, by key path.
pub struct Filled {
    pub answers: Answers,
    pub used: BTreeMap<String, Reading>,
}

pub fn fill(interpretation: &Interpretation, answers: &Answers) -> Filled {
    let (filled, paths) = interpretation.fill(answers);
    let used = paths
        .into_iter()
        .filter_map(|p| interpretation.values.get(&p).map(|r| (p, r.clone())))
        .collect();
    Filled {
        answers: filled,
        used,
    }
}

/// A value as both sides can compare it: sizes in MB, durations in
/// seconds, lists as sorted sets, roles and environments by name.
fn comparable(field: &str, value: &Value) -> Value {
    match (field, value) {
        ("memory", Value::String(s)) => {
            Memory::parse(s).map_or(value.clone(), |m| Value::from(m.megabytes()))
        }
        ("rto" | "rpo", Value::String(s)) => {
            Duration::parse(s).map_or(value.clone(), |d| Value::from(d.seconds()))
        }
        ("roles", Value::Array(items)) => {
            let mut names: Vec<String> = items
                .iter()
                .filter_map(|i| i.get("name").and_then(Value::as_str).map(str::to_owned))
                .collect();
            names.sort();
            Value::from(names)
        }
        (_, Value::Array(items)) => {
            let mut items: Vec<String> = items.iter().map(|i| without_nulls(i).to_string()).collect();
            items.sort();
            Value::from(items)
        }
        (_, Value::Number(n)) => Value::from(n.as_f64().map_or(0.0, |f| (f * 10_000.0).round() / 10_000.0)),
        _ => value.clone(),
    }
}

/// `{branch: null}` and no `branch` say the same.
fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Whether the words state something the field does not say. A list in the
/// words may name fewer items than the field: only an item it lacks counts.
fn disagree(field: &str, written: &Value, read: &Value) -> bool {
    match (comparable(field, written), comparable(field, read)) {
        // An environment agrees when its name and trigger match, and its
        // branch where the words name one.
        _ if field == "environments" => {
            let (Some(written), Some(read)) = (written.as_array(), read.as_array()) else {
                return written != read;
            };
            written.len() != read.len()
                || read.iter().any(|r| {
                    !written.iter().any(|w| {
                        ["name", "trigger", "branch"]
                            .iter()
                            .all(|k| r.get(k).is_none_or(|v| w.get(k) == Some(v)))
                    })
                })
        }
        (Value::Array(written), Value::Array(read)) if field != "roles" => {
            read.iter().any(|item| !written.contains(item))
        }
        (written, read) => written != read,
    }
}

fn show(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => {
            let items: Vec<String> = items
                .iter()
                .map(|i| {
                    i.get("name")
                        .and_then(Value::as_str)
                        .map_or_else(|| show(i), str::to_owned)
                })
                .collect();
            format!("[{}]", items.join(", "))
        }
        other => other.to_string(),
    }
}

/// Marks interpreted values in the provenance and warns where words and
/// fields part ways.
pub fn report(
    ctx: &mut Ctx<'_>,
    interpretation: &Interpretation,
    given: &Answers,
    filled: &Filled,
    plan: &Value,
) {
    for path in filled.used.keys() {
        ctx.provenance.insert(path.clone(), Source::Interpreted);
    }
    let tree = serde_json::to_value(given).unwrap_or(Value::Null);
    for (path, reading) in &interpretation.values {
        if filled.used.contains_key(path) {
            continue;
        }
        if lookup(&tree, path).is_none_or(Value::is_null) {
            continue;
        }
        // The field as resolve decided it ("EU Central" is `fra`).
        let Some(written) = lookup(plan, path).filter(|v| !v.is_null()) else {
            continue;
        };
        let field = path.rsplit('.').next().unwrap_or(path);
        if disagree(field, written, &reading.value) {
            ctx.warning(
                Code::WordsDisagree,
                path,
                format!(
                    "the answer says {} (\"{}\") but `{path}` is {}; the field is used",
                    show(&reading.value),
                    reading.words,
                    show(written)
                ),
                "make the words and the field agree",
            );
        }
    }
    for (path, mention) in &interpretation.mentions {
        if ctx.provenance.get(path) != Some(&Source::Default) {
            continue;
        }
        let words = if mention.words.is_empty() {
            String::new()
        } else {
            format!(" (\"{}\")", mention.words)
        };
        ctx.warning(
            Code::DefaultDespiteWords,
            path,
            format!(
                "the answer speaks of `{path}`{words} but no value could be read with certainty; the default {} is used",
                lookup(plan, path).map_or_else(|| "value".to_owned(), |v| format!("`{}`", show(v)))
            ),
            format!("write it as a structured field, `{}: …`", path.rsplit('.').next().unwrap_or(path)),
        );
    }
}
