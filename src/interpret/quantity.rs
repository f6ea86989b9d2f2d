//! Numbers with their units, as people write them: `1GB`, `1 gig`,
//! `512 MiB`, `200ms`, `0.5 s`, `2 hrs`, `30 days`, `80%`, `$150`,
//! `$4.5k`, `150 USD`, `150 dollars`. Money in another currency is no money.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// A number and where it stands in the folded text.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub value: f64,
    pub range: Range<usize>,
}

static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"(?P<n>\d+(?:\.\d+)?)\s*-?\s*(?P<u>ms|msecs?|millis(?:econds?)?|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|months?|years?|yrs?)\b")
        .expect("duration pattern")
});

static MEMORY: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(
        r"(?P<n>\d+(?:\.\d+)?)\s*-?\s*(?P<u>mb|mib|megs?|megabytes?|gb|gib|gigs?|gigabytes?|g|m)\b",
    )
    .expect("memory pattern")
});

static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"(?P<n>\d+(?:\.\d+)?)\s*(?:%|percent\b|pct\b|per\s+cent\b)")
        .expect("percent pattern")
});

static MONEY: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"(?:us)?\$\s*(?P<a>\d+(?:\.\d+)?)\s*(?P<ak>k\b|thousand\b)?|(?P<b>\d+(?:\.\d+)?)\s*(?P<bk>k\b|thousand\b)?\s*(?:usd|us\s+dollars?|dollars?|bucks)\b|\busd\s*(?P<c>\d+(?:\.\d+)?)\s*(?P<ck>k\b)?")
        .expect("money pattern")
});

static OTHER_CURRENCY: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"[\u{20ac}\u{a3}\u{a5}\u{20b9}]|\b(?:eur|euros?|gbp|pounds?|quid|yen|jpy|inr|rupees?|cad|aud|nzd|chf|francs?|sek|nok|dkk|krona|kronor|c\$|a\$)\b|(?:ca|au|nz)\$")
        .expect("currency pattern")
});

static INTEGER: LazyLock<Regex> =
    LazyLock::new(|| crate::interpret::pattern::new(r"\d+(?:\.\d+)?").expect("number pattern"));

fn number(text: &str) -> Option<f64> {
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Durations in seconds (months count 30 days, years 365).
pub fn durations(folded: &str) -> Vec<Found> {
    DURATION
        .captures_iter(folded)
        .filter_map(|c| {
            let n = number(&c["n"])?;
            let scale = match &c["u"] {
                "ms" | "msec" | "msecs" => 0.001,
                u if u.starts_with("milli") => 0.001,
                "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
                "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
                "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
                "d" | "day" | "days" => 86_400.0,
                "w" | "wk" | "wks" | "week" | "weeks" => 604_800.0,
                "month" | "months" => 2_592_000.0,
                _ => 31_536_000.0,
            };
            Some(Found {
                value: n * scale,
                range: c.get(0)?.range(),
            })
        })
        .collect()
}

/// Memory sizes in megabytes. A bare `m` or `g` counts only right after
/// the digits (`512m`, `1g`), as people write them in configs.
pub fn memories(folded: &str) -> Vec<Found> {
    MEMORY
        .captures_iter(folded)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let unit = &c["u"];
            if matches!(unit, "m" | "g") && whole.as_str().contains(' ') {
                return None;
            }
            let n = number(&c["n"])?;
            let scale = if unit.starts_with('g') { 1024.0 } else { 1.0 };
            Some(Found {
                value: n * scale,
                range: whole.range(),
            })
        })
        .collect()
}

pub fn percents(folded: &str) -> Vec<Found> {
    PERCENT
        .captures_iter(folded)
        .filter_map(|c| {
            Some(Found {
                value: number(&c["n"])?,
                range: c.get(0)?.range(),
            })
        })
        .collect()
}

/// US dollars. Amounts in the same segment as another currency are skipped
/// by the caller through [`other_currency`].
pub fn dollars(folded: &str) -> Vec<Found> {
    MONEY
        .captures_iter(folded)
        .filter_map(|c| {
            let (n, k) = if let Some(a) = c.name("a") {
                (a.as_str(), c.name("ak").is_some())
            } else if let Some(b) = c.name("b") {
                (b.as_str(), c.name("bk").is_some())
            } else {
                (c.name("c")?.as_str(), c.name("ck").is_some())
            };
            let value = number(n)? * if k { 1000.0 } else { 1.0 };
            Some(Found {
                value,
                range: c.get(0)?.range(),
            })
        })
        .collect()
}

pub fn other_currency(text: &str) -> bool {
    OTHER_CURRENCY.is_match(text)
}

/// Plain numbers (no unit attached).
pub fn numbers(folded: &str) -> Vec<Found> {
    INTEGER
        .find_iter(folded)
        .filter_map(|m| {
            Some(Found {
                value: number(m.as_str())?,
                range: m.range(),
            })
        })
        .collect()
}

/// A whole, non-negative number that fits the answers file's integers.
pub fn whole(value: f64) -> Option<u32> {
    (value.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&value)).then_some(value as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_in_their_spellings() {
        let d: Vec<f64> = durations("200ms, 0.5 s, 2 hrs, 30 days, 2 weeks")
            .iter()
            .map(|f| f.value)
            .collect();
        assert_eq!(d, [0.2, 0.5, 7200.0, 2_592_000.0, 1_209_600.0]);
        let m: Vec<f64> = memories("1gb, 512 mib, 1 gig, 2g, 2 g")
            .iter()
            .map(|f| f.value)
            .collect();
        assert_eq!(m, [1024.0, 512.0, 1024.0, 2048.0]);
        let p: Vec<f64> = dollars("$150/month, $4.5k, 150 usd, 200 dollars")
            .iter()
            .map(|f| f.value)
            .collect();
        assert_eq!(p, [150.0, 4500.0, 150.0, 200.0]);
        assert!(other_currency("\u{20ac}150 a month"));
        assert!(!other_currency("$150 a month"));
    }
}
