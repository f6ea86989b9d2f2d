//! One walk over the answers as the YAML parser decodes them (the same
//! parser serde reads the typed answers with), before the typed answers are
//! built. It sees every key and scalar after quoting, escapes and aliases
//! are resolved, so what it checks cannot be hidden by how a value is
//! written: secrets in values and keys, over-long values, and the budget
//! for nesting and alias expansion, counted as it goes and stopped at once.

use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};

use super::budget::{MAX_DEPTH, MAX_EXPANDED, Over};
use super::locate::MAX_SCALAR_LEN;

/// What the walk found, each with the key path it stands at.
#[derive(Debug, Default)]
pub struct Findings {
    /// Path, kind, and whether the secret is a key (then the path is its
    /// mapping's, so that the path never repeats the secret).
    pub secrets: Vec<(String, &'static str, bool)>,
    /// Path and length of each value longer than [`MAX_SCALAR_LEN`].
    pub too_long: Vec<(String, usize)>,
    /// The budget exceeded, and where.
    pub over: Option<(String, Over)>,
    /// Where a number is `.nan` or `.inf`: no answer means either, and
    /// they would not survive the trip through JSON (they become null).
    pub not_finite: Option<String>,
    /// Bytes and nodes seen so far, aliases expanded.
    expanded: usize,
}

/// Walks `source` with serde_norway. `Err` is a YAML error (syntax, or the
/// walk stopped by the budget: then `over` says so).
pub fn scan(source: &str) -> (Findings, Result<(), serde_norway::Error>) {
    let mut findings = Findings::default();
    let result = Walk {
        findings: &mut findings,
        path: String::new(),
        depth: 0,
    }
    .deserialize(serde_norway::Deserializer::from_str(source));
    (findings, result)
}

struct Walk<'a> {
    findings: &'a mut Findings,
    path: String,
    depth: usize,
}

impl Findings {
    /// Counts `bytes` of expanded input; false once over budget.
    fn spend(&mut self, path: &str, bytes: usize) -> bool {
        self.expanded += bytes + 1;
        if self.expanded > MAX_EXPANDED && self.over.is_none() {
            self.over = Some((path.to_owned(), Over::Expansion));
        }
        self.over.is_none()
    }

    fn text(&mut self, path: &str, text: &str, key: bool) {
        if let Some(kind) = super::secrets::find(text) {
            self.secrets.push((path.to_owned(), kind, key));
        }
        if text.len() > MAX_SCALAR_LEN {
            self.too_long.push((path.to_owned(), text.len()));
        }
    }
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

fn stop<E: de::Error>() -> E {
    E::custom("over the input budget")
}

impl Walk<'_> {
    fn child(&mut self, path: String) -> Walk<'_> {
        Walk {
            findings: self.findings,
            path,
            depth: self.depth + 1,
        }
    }

    fn enter<E: de::Error>(&mut self) -> Result<(), E> {
        if self.depth >= MAX_DEPTH {
            self.findings.over = Some((self.path.clone(), Over::Depth));
            return Err(stop());
        }
        if !self.findings.spend(&self.path, 0) {
            return Err(stop());
        }
        Ok(())
    }

    fn scalar<E: de::Error>(&mut self, text: &str) -> Result<(), E> {
        if !self.findings.spend(&self.path, text.len()) {
            return Err(stop());
        }
        self.findings.text(&self.path, text, false);
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_str<E: de::Error>(mut self, v: &str) -> Result<(), E> {
        self.scalar(v)
    }
    fn visit_bool<E: de::Error>(mut self, _: bool) -> Result<(), E> {
        self.scalar("")
    }
    fn visit_i64<E: de::Error>(mut self, _: i64) -> Result<(), E> {
        self.scalar("")
    }
    fn visit_u64<E: de::Error>(mut self, _: u64) -> Result<(), E> {
        self.scalar("")
    }
    fn visit_f64<E: de::Error>(mut self, v: f64) -> Result<(), E> {
        if !v.is_finite() && self.findings.not_finite.is_none() {
            self.findings.not_finite = Some(self.path.clone());
        }
        self.scalar("")
    }
    fn visit_unit<E: de::Error>(mut self) -> Result<(), E> {
        self.scalar("")
    }
    fn visit_none<E: de::Error>(mut self) -> Result<(), E> {
        self.scalar("")
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        self.enter()?;
        let mut i = 0;
        loop {
            let path = format!("{}[{i}]", self.path);
            if seq.next_element_seed(self.child(path))?.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        self.enter()?;
        loop {
            let key = Key {
                walk: self.child(self.path.clone()),
            };
            let Some(key) = map.next_key_seed(key)? else {
                return Ok(());
            };
            let path = join(&self.path, &key);
            map.next_value_seed(self.child(path))?;
        }
    }

    /// A tagged value (`!tag value`): walked as its value.
    fn visit_enum<A: EnumAccess<'de>>(mut self, data: A) -> Result<(), A::Error> {
        let path = self.path.clone();
        let (tag, variant): (String, _) = data.variant()?;
        self.findings.text(&path, &tag, true);
        variant.newtype_variant_seed(self.child(path))
    }
}

/// A mapping key: scanned like a value (a secret there is reported at its
/// mapping's path), and returned as text for the child's path.
struct Key<'a> {
    walk: Walk<'a>,
}

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Key<'_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        let Walk { findings, path, .. } = self.walk;
        if !findings.spend(&path, v.len()) {
            return Err(stop());
        }
        findings.text(&path, v, true);
        // A secret never becomes part of a path that is printed.
        Ok(match super::secrets::find(v) {
            Some(_) => "?".to_owned(),
            None => v.to_owned(),
        })
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        self.visit_str("")
    }
    fn visit_none<E: de::Error>(self) -> Result<String, E> {
        self.visit_str("")
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(self)
    }
    /// A sequence or mapping as a key: walked, and named `?` in paths.
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<String, A::Error> {
        self.walk.visit_seq(seq).map(|()| "?".to_owned())
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<String, A::Error> {
        self.walk.visit_map(map).map(|()| "?".to_owned())
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<String, A::Error> {
        self.walk.visit_enum(data).map(|()| "?".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_secrets_however_they_are_written() {
        for source in [
            "a:\tb AKIAIOSFODNN7EXAMPLE\n",
            "a: \"AKIA\\x49OSFODNN7EXAMPLE\"\n",
            "x: &k AKIAIOSFODNN7EXAMPLE\na: *k\n",
            "AKIAIOSFODNN7EXAMPLE: 1\n",
            "a: !tag AKIAIOSFODNN7EXAMPLE\n",
            "a: >\n  folded\n  AKIAIOSFODNN7EXAMPLE\n",
        ] {
            let (findings, result) = scan(source);
            assert!(result.is_ok(), "{source:?}: {result:?}");
            assert_eq!(findings.secrets.len().min(1), 1, "{source:?}: {findings:?}");
        }
        let (findings, _) = scan("outer:\n  AKIAIOSFODNN7EXAMPLE: 1\n");
        assert_eq!(
            findings.secrets,
            vec![("outer".to_owned(), "an AWS access key", true)]
        );
    }

    #[test]
    fn stops_at_the_budget() {
        let deep = format!("a: {}{}\n", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        let (findings, result) = scan(&deep);
        assert!(result.is_err());
        assert_eq!(findings.over.map(|o| o.1), Some(Over::Depth));
        let big = "x".repeat(16 * 1024);
        let bomb = format!("a: [&s \"{big}\"{}]\n", ", *s".repeat(100));
        let (findings, result) = scan(&bomb);
        assert!(result.is_err());
        assert_eq!(findings.over.map(|o| o.1), Some(Over::Expansion));
    }
}
