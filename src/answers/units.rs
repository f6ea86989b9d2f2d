//! Durations (`90s`, `15m`, `2h`, `1d`) and memory sizes (`256mb`, `1gb`,
//! `2048`) as they are written in the answers file.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A span of time, held in seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Duration(pub u64);

impl Duration {
    /// The longest duration an answer may give (ten years): far above any
    /// RTO, RPO or timeout, and small enough that arithmetic on it in
    /// minutes or seconds cannot overflow.
    pub const MAX_DAYS: u64 = 3650;

    pub fn parse(text: &str) -> Option<Duration> {
        let text = text.trim();
        let split = text.find(|c: char| !c.is_ascii_digit())?;
        let (number, unit) = text.split_at(split);
        let number: u64 = number.parse().ok()?;
        let scale = match unit.trim().to_ascii_lowercase().as_str() {
            "s" | "sec" | "secs" | "second" | "seconds" => 1,
            "m" | "min" | "mins" | "minute" | "minutes" => 60,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600,
            "d" | "day" | "days" => 86_400,
            _ => return None,
        };
        number
            .checked_mul(scale)
            .filter(|s| *s <= Self::MAX_DAYS * 86_400)
            .map(Duration)
    }

    pub fn seconds(self) -> u64 {
        self.0
    }
}

impl fmt::Display for Duration {
    /// The largest unit that divides evenly: `7200` seconds reads `2h`.
    /// A single day reads `24h`, as people say it for RPOs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        match s {
            0 => write!(f, "0s"),
            s if s % 86_400 == 0 && s > 86_400 => write!(f, "{}d", s / 86_400),
            s if s % 3600 == 0 => write!(f, "{}h", s / 3600),
            s if s % 60 == 0 => write!(f, "{}m", s / 60),
            s => write!(f, "{s}s"),
        }
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Duration;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a duration such as `90s`, `15m`, `2h` or `1d`, at most `3650d`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Duration, E> {
                Duration::parse(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        d.deserialize_str(V)
    }
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl JsonSchema for Duration {
    fn schema_name() -> Cow<'static, str> {
        "Duration".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^[0-9]+ ?(s|m|h|d|sec|secs|second|seconds|min|mins|minute|minutes|hr|hrs|hour|hours|day|days)$",
            "description": "A duration: `90s`, `15m`, `2h`, `1d`."
        })
    }
}

/// A memory size, held in megabytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Memory(pub u64);

impl Memory {
    pub fn parse(text: &str) -> Option<Memory> {
        let text = text.trim().to_ascii_lowercase();
        let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
        let (number, unit) = text.split_at(split);
        let number: u64 = number.parse().ok()?;
        let scale = match unit.trim() {
            "" | "m" | "mb" | "mib" => 1,
            "g" | "gb" | "gib" => 1024,
            _ => return None,
        };
        number.checked_mul(scale).map(Memory)
    }

    pub fn megabytes(self) -> u64 {
        self.0
    }
}

impl fmt::Display for Memory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 >= 1024 && self.0 % 1024 == 0 {
            write!(f, "{}gb", self.0 / 1024)
        } else {
            write!(f, "{}mb", self.0)
        }
    }
}

impl<'de> Deserialize<'de> for Memory {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Memory;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a memory size such as `256mb`, `1gb` or `2048` (megabytes)")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Memory, E> {
                Ok(Memory(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Memory, E> {
                u64::try_from(v)
                    .map(Memory)
                    .map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Memory, E> {
                Memory::parse(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for Memory {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl JsonSchema for Memory {
    fn schema_name() -> Cow<'static, str> {
        "Memory".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A memory size: `256mb`, `1gb`, or a number of megabytes.",
            "anyOf": [
                {"type": "integer", "minimum": 0},
                {"type": "string", "pattern": "^(?i)[0-9]+ ?(m|mb|mib|g|gb|gib)?$"}
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(Duration::parse("90s"), Some(Duration(90)));
        assert_eq!(Duration::parse("15m"), Some(Duration(900)));
        assert_eq!(Duration::parse("2h"), Some(Duration(7200)));
        assert_eq!(Duration::parse("1d"), Some(Duration(86_400)));
        assert_eq!(Duration::parse("2 hours"), Some(Duration(7200)));
        assert_eq!(Duration::parse("2"), None);
        assert_eq!(Duration::parse("h"), None);
        assert_eq!(Duration::parse("3w"), None);
        assert_eq!(Duration(7200).to_string(), "2h");
        assert_eq!(Duration(90).to_string(), "90s");
        assert_eq!(Duration(86_400).to_string(), "24h");
        assert_eq!(Duration(172_800).to_string(), "2d");
    }

    #[test]
    fn memory() {
        assert_eq!(Memory::parse("256mb"), Some(Memory(256)));
        assert_eq!(Memory::parse("1gb"), Some(Memory(1024)));
        assert_eq!(Memory::parse("1GB"), Some(Memory(1024)));
        assert_eq!(Memory::parse("2048"), Some(Memory(2048)));
        assert_eq!(Memory::parse("1tb"), None);
        assert_eq!(Memory::parse("-1"), None);
        assert_eq!(Memory(1024).to_string(), "1gb");
        assert_eq!(Memory(1536).to_string(), "1536mb");
    }
}
