//! A small builder for YAML mappings, so every file is data serialized by
//! serde (no answer can break the structure).

use serde_norway::{Mapping, Value};

/// A mapping from `(key, value)` pairs, in order.
pub(super) fn map<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    let mut m = Mapping::new();
    for (k, v) in pairs {
        m.insert(Value::from(k), v);
    }
    Value::Mapping(m)
}

/// A sequence of strings.
pub(super) fn strings<S: AsRef<str>>(items: &[S]) -> Value {
    Value::Sequence(items.iter().map(|s| Value::from(s.as_ref())).collect())
}

/// The document as YAML after a header comment (`#` lines).
pub(super) fn document(header: &str, value: &Value) -> String {
    let body = serde_norway::to_string(value)
        .unwrap_or_else(|e| panic!("bug in shipspec: a YAML document does not serialize: {e}"));
    format!("{header}{body}")
}
