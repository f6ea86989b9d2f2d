//! What a `merged` renderer produces: the keys shipspec sets in a TOML file,
//! each addressed by where it lives, so reconcile can set exactly those and
//! leave every other byte of the user's file alone.

use std::fmt;
use std::sync::Arc;

use toml_edit::{DocumentMut, Value};

use crate::diagnostic::Diagnostic;

/// What an entry of an array of tables is picked out by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Match {
    Str(String),
    Int(i64),
}

/// How an entry of an array of tables (`[[vm]]`, `[[http_service.checks]]`)
/// is picked out among the user's own entries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Select {
    /// The entry at this position (`[[vm]]` entry 0 is the one Fly reads
    /// when no process names another); created when it is the next one.
    Index(usize),
    /// The entry whose `key` holds this value (a check by its `path`, a
    /// port by its number).
    Where(String, Match),
}

impl Select {
    pub fn by_str(key: &str, value: &str) -> Select {
        Select::Where(key.to_owned(), Match::Str(value.to_owned()))
    }
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

/// The keys placed where this file keeps them, and what the file's shape
/// says about the answers.
#[derive(Debug, Default)]
pub struct Placed {
    pub keys: Vec<TomlKey>,
    /// Warnings about the file (located in it).
    pub warnings: Vec<Diagnostic>,
}

/// Fits a renderer's keys to the shape of the user's file (which service
/// serves HTTP, where memory is kept). `previous` lists the addresses
/// shipspec managed last time, so a choice made once stays made.
pub trait Shape: fmt::Debug + Send + Sync {
    fn place(
        &self,
        file: &DocumentMut,
        text: &str,
        keys: Vec<TomlKey>,
        previous: &[String],
    ) -> Result<Placed, Vec<Diagnostic>>;
}

#[derive(Clone, Debug)]
pub struct TomlDoc {
    /// Comment lines a new file starts with.
    pub header: String,
    /// The keys, in the order a new file lists them.
    pub keys: Vec<TomlKey>,
    pub forbidden: Vec<Forbidden>,
    /// Fits the keys to an existing file; without it they go where written.
    pub shape: Option<Arc<dyn Shape>>,
}

impl fmt::Display for Match {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Match::Str(s) => write!(f, "{}", Value::from(s.as_str())),
            Match::Int(n) => write!(f, "{n}"),
        }
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for seg in &self.place {
            match seg {
                Seg::Table(name) => write!(f, "{name}.")?,
                Seg::Entry(name, Select::Index(i)) => write!(f, "{name}[{i}].")?,
                Seg::Entry(name, Select::Where(k, v)) => write!(f, "{name}[{k}={v}].")?,
            }
        }
        f.write_str(&self.key)
    }
}

impl Address {
    pub fn new(place: &[Seg], key: &str) -> Address {
        Address {
            place: place.to_vec(),
            key: key.to_owned(),
        }
    }

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
                    let select = match inner.parse::<usize>() {
                        Ok(i) => Select::Index(i),
                        Err(_) => {
                            let (k, v) = inner.split_once('=')?;
                            let v = match v.parse::<Value>().ok()? {
                                Value::String(s) => Match::Str(s.value().clone()),
                                Value::Integer(n) => Match::Int(*n.value()),
                                _ => return None,
                            };
                            Select::Where(k.to_owned(), v)
                        }
                    };
                    Seg::Entry(name.to_owned(), select)
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
                Seg::Entry("checks".into(), Select::by_str("path", "/health.v2")),
            ],
            key: "interval".into(),
        };
        assert_eq!(a.to_string(), "http_service.checks[path=\"/health.v2\"].interval");
        assert_eq!(Address::parse(&a.to_string()), Some(a));
        let vm = Address {
            place: vec![Seg::Entry("vm".into(), Select::Index(0))],
            key: "memory".into(),
        };
        assert_eq!(Address::parse("vm[0].memory"), Some(vm));
        let port = Address {
            place: vec![
                Seg::Entry("services".into(), Select::Index(2)),
                Seg::Entry("ports".into(), Select::Where("port".into(), Match::Int(80))),
            ],
            key: "force_https".into(),
        };
        assert_eq!(port.to_string(), "services[2].ports[port=80].force_https");
        assert_eq!(Address::parse(&port.to_string()), Some(port));
        assert_eq!(
            Address::parse("app"),
            Some(Address {
                place: vec![],
                key: "app".into()
            })
        );
        assert_eq!(Address::parse("vm[x=1.5].memory"), None);
    }
}
