//! What the rules of one question found: values with the words that gave
//! them, and the fields the words talk about without a certain value.
//!
//! Two different values for one field cancel each other: unsure means unread.

use std::collections::BTreeSet;
use std::ops::Range;

use regex::{Regex, RegexSet};
use serde_json::Value;

use super::text::Text;

/// A value read from the words.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    /// The field inside its question (`min_instances`).
    pub field: &'static str,
    pub value: Value,
    /// Byte range of the answer text that stated it.
    pub span: Range<usize>,
    pub words: String,
}

/// Words that speak of a field whose value could not be read with certainty.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    pub field: &'static str,
    pub words: String,
}

pub struct Reader<'t> {
    pub text: &'t Text,
    readings: Vec<Reading>,
    mentions: Vec<Mention>,
    conflicted: BTreeSet<&'static str>,
}

impl<'t> Reader<'t> {
    pub fn new(text: &'t Text) -> Self {
        Reader {
            text,
            readings: Vec::new(),
            mentions: Vec::new(),
            conflicted: BTreeSet::new(),
        }
    }

    /// The value's own words and, for `words`, the phrase around them (the
    /// segment they stand in), so `explain` quotes "up to 5", not "5".
    fn reading(&self, field: &'static str, value: Value, range: &Range<usize>) -> Reading {
        let phrase = self.phrase(range);
        Reading {
            field,
            value,
            span: self.text.source(range),
            words: self.text.words(&phrase).trim().to_owned(),
        }
    }

    fn phrase(&self, range: &Range<usize>) -> Range<usize> {
        match self.text.segment_at(range.start) {
            Some(s) => s.range.start.min(range.start)..s.range.end.max(range.end),
            None => range.clone(),
        }
    }

    /// A single value. A second, different value for the field cancels both.
    pub fn set(&mut self, field: &'static str, value: impl Into<Value>, range: Range<usize>) {
        let value = value.into();
        if let Some(existing) = self.readings.iter().find(|r| r.field == field) {
            if existing.value != value {
                self.conflicted.insert(field);
            }
            return;
        }
        let reading = self.reading(field, value, &range);
        self.readings.push(reading);
    }

    /// One item of a list field; repeats are kept once, in order of mention.
    pub fn add(&mut self, field: &'static str, item: impl Into<Value>, range: Range<usize>) {
        let item = item.into();
        let phrase = self.text.source(&self.phrase(&range));
        let text = self.text;
        match self.readings.iter_mut().find(|r| r.field == field) {
            Some(existing) => {
                let Value::Array(items) = &mut existing.value else {
                    return;
                };
                if !items.contains(&item) {
                    items.push(item);
                    let span = text.source(&range);
                    existing.span = existing.span.start.min(span.start)..existing.span.end.max(span.end);
                    let span = existing.span.clone();
                    let from = phrase.start.min(span.start);
                    let to = phrase.end.max(span.end);
                    existing.words = text.original()[from..to].trim().to_owned();
                }
            }
            None => {
                let reading = self.reading(field, Value::Array(vec![item]), &range);
                self.readings.push(reading);
            }
        }
    }

    /// The words talk about `field` but gave no certain value.
    pub fn mention(&mut self, field: &'static str, range: Range<usize>) {
        if self.mentions.iter().any(|m| m.field == field) {
            return;
        }
        let words = self.text.words(&range).to_owned();
        self.mentions.push(Mention { field, words });
    }

    /// Drops a field read so far (a later rule found it unsure).
    pub fn forget(&mut self, field: &'static str) {
        self.conflicted.insert(field);
    }

    pub fn has(&self, field: &'static str) -> bool {
        self.readings.iter().any(|r| r.field == field) && !self.conflicted.contains(field)
    }

    pub fn value(&self, field: &'static str) -> Option<&Value> {
        if self.conflicted.contains(field) {
            return None;
        }
        self.readings.iter().find(|r| r.field == field).map(|r| &r.value)
    }

    /// Every vocabulary term of `terms` found in certain words, in order.
    /// A term is `(pattern, value)`; patterns are matched on folded text.
    /// Staging and development words are left out: the questions ask about
    /// production ("passwords in staging for testers" is no method).
    pub fn terms(&self, terms: &Lexicon) -> Vec<(&'static str, Range<usize>)> {
        self.terms_where(terms, |text, range| text.certain_for_production(range))
    }

    /// Like [`terms`](Self::terms), in every environment: for the stores
    /// that name what development uses.
    pub fn terms_in_any_env(&self, terms: &Lexicon) -> Vec<(&'static str, Range<usize>)> {
        self.terms_where(terms, |text, range| text.certain(range))
    }

    fn terms_where(
        &self,
        terms: &Lexicon,
        keep: impl Fn(&Text, &Range<usize>) -> bool,
    ) -> Vec<(&'static str, Range<usize>)> {
        let mut found: Vec<(&str, Range<usize>)> = Vec::new();
        let mut contradicted: Vec<&str> = Vec::new();
        for (pattern, value) in terms.hits(&self.text.folded) {
            for range in matches(pattern, &self.text.folded) {
                // A term said not to be used anywhere in the answer ("we
                // don't alert on CPU", "PagerDuty is disabled") is not read
                // from its other mentions either.
                // "CloudWatch-style dashboards": a comparison, not the tool.
                let styled = ["-style", "-like", " style", "-esque", "-type", "-ish"]
                    .iter()
                    .any(|s| self.text.folded[range.end..].starts_with(s));
                if styled {
                    continue;
                }
                if self.text.negated(&range) || self.text.switched_off(&range) {
                    contradicted.push(value);
                } else if keep(self.text, &range) {
                    found.push((value, range));
                }
            }
        }
        found.retain(|(value, _)| !contradicted.contains(value));
        longest(found)
    }

    /// Like [`terms`](Self::terms), also in uncertain words: for mentions.
    pub fn any_terms(&self, terms: &Lexicon) -> Vec<(&'static str, Range<usize>)> {
        let mut found: Vec<(&str, Range<usize>)> = Vec::new();
        for (pattern, value) in terms.hits(&self.text.folded) {
            for range in matches(pattern, &self.text.folded) {
                found.push((value, range));
            }
        }
        longest(found)
    }

    /// Terms of `terms` that come right after "only" or "just": when the
    /// words single some out ("only Semgrep stayed"), the others are not kept.
    pub fn singled_out<'a>(&self, found: Vec<(&'a str, Range<usize>)>) -> Vec<(&'a str, Range<usize>)> {
        let only: Vec<&str> = found
            .iter()
            .filter(|(_, r)| {
                let mut from = r.start.saturating_sub(12);
                while !self.text.folded.is_char_boundary(from) {
                    from += 1;
                }
                let before = &self.text.folded[from..r.start];
                before.trim_end().ends_with(" only")
                    || before.trim_end().ends_with(" just")
                    || before.trim_end() == "only"
                    || before.trim_end() == "just"
            })
            .map(|(v, _)| *v)
            .collect();
        if only.is_empty() {
            return found;
        }
        found.into_iter().filter(|(v, _)| only.contains(v)).collect()
    }

    pub fn finish(self) -> (Vec<Reading>, Vec<Mention>) {
        let conflicted = self.conflicted;
        let readings: Vec<Reading> = self
            .readings
            .into_iter()
            .filter(|r| !conflicted.contains(r.field))
            .collect();
        let mut mentions = self.mentions;
        for field in conflicted {
            if !mentions.iter().any(|m| m.field == field) {
                mentions.push(Mention {
                    field,
                    words: String::new(),
                });
            }
        }
        mentions.retain(|m| !readings.iter().any(|r| r.field == m.field));
        (readings, mentions)
    }
}

/// In text order; a match inside a longer one of another term is dropped
/// ("express-validator" is not also "validator").
fn longest(mut found: Vec<(&str, Range<usize>)>) -> Vec<(&str, Range<usize>)> {
    found.sort_by_key(|(_, r)| (r.start, std::cmp::Reverse(r.end)));
    let mut out: Vec<(&str, Range<usize>)> = Vec::new();
    for (value, range) in found {
        if out
            .iter()
            .any(|(_, r)| r.start <= range.start && range.end <= r.end && r.len() > range.len())
        {
            continue;
        }
        out.push((value, range));
    }
    out
}

/// The ranges of a [`lexicon`] pattern's term (group `t`) in `folded`.
pub fn matches<'a>(pattern: &'a Regex, folded: &'a str) -> impl Iterator<Item = Range<usize>> + 'a {
    pattern
        .captures_iter(folded)
        .filter_map(|c| c.name("t").map(|m| m.range()))
}

/// A vocabulary's terms: each a pattern and the value it stands for, with
/// one set of all patterns so a text is scanned once to learn which occur.
pub struct Lexicon {
    set: RegexSet,
    entries: Vec<(Regex, &'static str)>,
}

impl Lexicon {
    /// The terms that occur in `folded`, in the lexicon's order.
    pub fn hits<'a>(&'a self, folded: &str) -> impl Iterator<Item = &'a (Regex, &'static str)> + 'a {
        self.set
            .matches(folded)
            .into_iter()
            .map(move |i| &self.entries[i])
    }
}

/// Compiles `(pattern, value)` pairs; a term stands alone: no letter or
/// digit right before or after it (the regex crate has no look-around).
pub fn lexicon(entries: &[(&str, &'static str)]) -> Lexicon {
    let patterns: Vec<String> = entries
        .iter()
        .map(|(pattern, _)| format!(r"(?:^|[^a-z0-9])(?P<t>{pattern})(?:$|[^a-z0-9])"))
        .collect();
    let set = crate::interpret::pattern::compile_set(&patterns);
    let entries = patterns
        .iter()
        .zip(entries)
        .map(|(p, (_, value))| {
            (
                crate::interpret::pattern::new(p).unwrap_or_else(|e| panic!("lexicon pattern {p}: {e}")),
                *value,
            )
        })
        .collect();
    Lexicon { set, entries }
}
