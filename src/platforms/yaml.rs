//! A manifest built as a JSON value, written as YAML with its keys in the
//! order the platform's documentation shows them (keys not listed follow
//! alphabetically), so no answer can break out of its field.

use serde_json::Value;

/// `value` as YAML, mappings' keys ordered by `order`.
pub(super) fn to_yaml(value: &Value, order: &[&str]) -> String {
    serde_norway::to_string(&ordered(value, order)).expect("a JSON value serializes to YAML")
}

fn ordered(value: &Value, order: &[&str]) -> serde_norway::Value {
    use serde_norway::Value as Y;
    let rank = |key: &str| order.iter().position(|k| *k == key).unwrap_or(order.len());
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| (rank(a), a.as_str()).cmp(&(rank(b), b.as_str())));
            Y::Mapping(
                keys.into_iter()
                    .map(|k| (Y::String(k.clone()), ordered(&map[k], order)))
                    .collect(),
            )
        }
        Value::Array(items) => Y::Sequence(items.iter().map(|v| ordered(v, order)).collect()),
        other => serde_norway::to_value(other).expect("a JSON scalar is a YAML scalar"),
    }
}
