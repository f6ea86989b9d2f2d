//! What a `merged` renderer produces: the keys shipspec sets in a TOML file,
//! each addressed by where it lives, so reconcile can set exactly those and
//! leave every other byte of the user's file alone.

use std::fmt;

use toml_edit::Value;

/// How an entry of an array of tables (`[[vm]]`, `[[http_service.checks]]`)
/// is picked out among the user's own entries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Select {
    /// The first entry (Fly reads the first `[[vm]]`).
    First,
    /// The entry whose `key` holds this string (a check by its `path`).
    Where(String, String),
}

/// One step from the document root to a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    Table(String),
    Entry(String, Select),
}

/// Where a key lives: `http_service.checks[path="/health"].interval`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Address {
    pub place: Vec<Seg>,
    pub key: String,
}

/// A key shipspec sets and its value.
#[derive(Clone, Debug)]
pub struct TomlKey {
    pub address: Address,
    pub value: Value,
    /// The questions the value comes from (for `explain`).
    pub questions: &'static [&'static str],
}

/// A top-level table that must not be in the user's file, with why.
#[derive(Clone, Debug)]
pub struct Forbidden {
    pub table: String,
    pub message: String,
    pub hint: String,
}

#[derive(Clone, Debug)]
pub struct TomlDoc {
    /// Comment lines a new file starts with.
    pub header: String,
    /// The keys, in the order a new file lists them.
    pub keys: Vec<TomlKey>,
    pub forbidden: Vec<Forbidden>,
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for seg in &self.place {
            match seg {
                Seg::Table(name) => write!(f, "{name}.")?,
                Seg::Entry(name, Select::First) => write!(f, "{name}[0].")?,
                Seg::Entry(name, Select::Where(k, v)) => {
                    write!(f, "{name}[{k}={}].", Value::from(v.as_str()))?
                }
            }
        }
        f.write_str(&self.key)
    }
}

impl Address {
    /// Parses what `Display` writes (as stored in the lock file).
    pub fn parse(text: &str) -> Option<Address> {
        let mut parts = Vec::new();
        let mut current = String::new();
        let mut quoted = false;
        let mut escaped = false;
        for c in text.chars() {
            match c {
                _ if escaped => {
                    escaped = false;
                    current.push(c);
                }
                '\\' if quoted => {
                    escaped = true;
                    current.push(c);
                }
                '"' => {
                    quoted = !quoted;
                    current.push(c);
                }
                '.' if !quoted => parts.push(std::mem::take(&mut current)),
                _ => current.push(c),
            }
        }
        let key = current;
        let mut place = Vec::new();
        for part in parts {
            let seg = match part.split_once('[') {
                None => Seg::Table(part),
                Some((name, rest)) => {
                    let inner = rest.strip_suffix(']')?;
                    if inner == "0" {
                        Seg::Entry(name.to_owned(), Select::First)
                    } else {
                        let (k, v) = inner.split_once('=')?;
                        let v: Value = v.parse().ok()?;
                        Seg::Entry(
                            name.to_owned(),
                            Select::Where(k.to_owned(), v.as_str()?.to_owned()),
                        )
                    }
                }
            };
            place.push(seg);
        }
        (!key.is_empty()).then_some(Address { place, key })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_round_trip() {
        let a = Address {
            place: vec![
                Seg::Table("http_service".into()),
                Seg::Entry("checks".into(), Select::Where("path".into(), "/health.v2".into())),
            ],
            key: "interval".into(),
        };
        assert_eq!(a.to_string(), "http_service.checks[path=\"/health.v2\"].interval");
        assert_eq!(Address::parse(&a.to_string()), Some(a));
        let vm = Address {
            place: vec![Seg::Entry("vm".into(), Select::First)],
            key: "memory".into(),
        };
        assert_eq!(Address::parse("vm[0].memory"), Some(vm));
        assert_eq!(
            Address::parse("app"),
            Some(Address {
                place: vec![],
                key: "app".into()
            })
        );
    }
}
