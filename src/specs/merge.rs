//! Several places in the specs may state one field: they agree (one value,
//! or lists of which one holds all the others), or they disagree and the
//! field is not read.

use serde_json::Value;

use super::Candidate;
use crate::answers::units::{Duration, Memory};
use crate::diagnostic::{Code, Diagnostic};

/// A value as two places can compare it.
fn comparable(value: &Value) -> Value {
    match value {
        Value::String(s) => {
            if let Some(m) = Memory::parse(s) {
                return Value::from(format!("mem:{}", m.megabytes()));
            }
            if let Some(d) = Duration::parse(s) {
                return Value::from(format!("dur:{}", d.seconds()));
            }
            value.clone()
        }
        Value::Number(n) => Value::from(n.as_f64().unwrap_or(0.0)),
        Value::Array(items) => {
            let mut items: Vec<String> = items.iter().map(|i| comparable(i).to_string()).collect();
            items.sort();
            items.dedup();
            Value::from(items)
        }
        // A role is its name: the words' description may differ from a list's.
        Value::Object(map) if map.contains_key("description") => {
            map.get("name").cloned().unwrap_or(Value::Null)
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), comparable(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Whether two list items are the same item (roles by name).
pub fn same(a: &Value, b: &Value) -> bool {
    comparable(a) == comparable(b)
}

fn holds(big: &Value, small: &Value) -> bool {
    match (comparable(big), comparable(small)) {
        (Value::Array(b), Value::Array(s)) => s.iter().all(|i| b.contains(i)),
        (b, s) => b == s,
    }
}

/// The value every place agrees on: a candidate that holds all the others,
/// one written plainly (a labelled value) before one read from prose.
pub fn agreed(cands: &[Candidate]) -> Option<&Candidate> {
    let all = |c: &&Candidate| cands.iter().all(|o| holds(&c.value, &o.value));
    cands
        .iter()
        .filter(|c| c.plain)
        .find(all)
        .or_else(|| cands.iter().find(all))
}

/// Two candidates that disagree (for the warning).
pub fn first_disagreement(cands: &[Candidate]) -> (&Candidate, &Candidate) {
    let a = &cands[0];
    let b = cands
        .iter()
        .find(|c| !holds(&a.value, &c.value) && !holds(&c.value, &a.value))
        .or_else(|| cands.iter().find(|c| !holds(&a.value, &c.value)))
        .unwrap_or(&cands[cands.len() - 1]);
    (a, b)
}

fn show(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| i.get("name").map_or_else(|| show(i), show))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

pub fn conflict(path: &str, a: &Candidate, b: &Candidate) -> Diagnostic {
    Diagnostic::warning(
        Code::SpecsDisagree,
        format!(
            "the specs disagree on `{path}`: {}:{} says {} (\"{}\") but {}:{} says {} (\"{}\"); neither is read",
            a.at.file,
            a.at.line,
            show(&a.value),
            a.at.text,
            b.at.file,
            b.at.line,
            show(&b.value),
            b.at.text
        ),
    )
    .path(path)
    .file(b.at.file.clone())
    .at(b.at.line, b.at.column)
    .hint("make the two places say the same, or strike the old value (`~~…~~`)")
}
