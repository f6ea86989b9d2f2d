//! Q18 backup: how often, how long kept, RTO and RPO, and how often a
//! restore is tested. Each number goes to the role its nearest words give it.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::super::Context;
use super::super::quantity::{self, whole};
use super::super::reader::{Lexicon, Reader, lexicon};
use super::super::rules::{after, before, regex};
use crate::answers::units::Duration;

static FREQUENCY: LazyLock<Lexicon> = LazyLock::new(|| {
    lexicon(&[
        (
            r"continuous(?:ly)?|point[- ]in[- ]time(?:\s+recovery)?|pitr|wal(?:-g|-e)?(?:\s+(?:archiving|shipping|streaming))?|around\s+the\s+clock|streaming\s+replication|litestream",
            "continuous",
        ),
        (
            r"hourly|every\s+hour|each\s+hour|once\s+an\s+hour|1\s+per\s+hour|per\s+hour",
            "hourly",
        ),
        (
            r"daily|nightly|every\s+(?:day|night|24\s+hours)|each\s+(?:day|night)|once\s+a\s+day|per\s+day|1\s+per\s+day",
            "daily",
        ),
        (
            r"weekly|every\s+week|each\s+week|once\s+a\s+week|every\s+(?:sunday|monday|saturday|friday)|on\s+(?:sundays|mondays|saturdays|fridays)",
            "weekly",
        ),
    ])
});
static TESTS: LazyLock<Lexicon> = LazyLock::new(|| {
    lexicon(&[
        (r"weekly|every\s+week|each\s+week|once\s+a\s+week", "weekly"),
        (r"monthly|every\s+month|each\s+month|once\s+a\s+month", "monthly"),
        (
            r"quarterly|every\s+quarter|each\s+quarter|once\s+a\s+quarter|every\s+3\s+months|every\s+three\s+months",
            "quarterly",
        ),
        (
            r"yearly|annually|every\s+year|each\s+year|once\s+a\s+year|annual",
            "yearly",
        ),
        (
            r"never\s+(?:been\s+)?test\w*|no\s+restore\s+tests?|(?:haven't|have\s+not|never)\s+(?:tested|practi[cs]ed)\s+a\s+restore",
            "never",
        ),
    ])
});
static RESTORE_TEST: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"\b(?:test\w*|drill\w*|practi[cs]\w*|rehears\w*|verif\w*|exercis\w*|dry[- ]runs?|game\s*days?)\b")
});

static RPO: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\b(?:rpo|data\s+loss|lose|lost|losing|loss\s+of|recovery\s+point)\b"));
static RTO: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:rto|back|\w+ing\s+again|up\s+again|online\s+again|back\s+(?:up\s+and\s+running|online|up|in\s+service)|restor\w*\s+(?:service|the\s+service|the\s+app)|service\s+(?:back|restored)|recover\w*(?:\s+time)?|running\s+again|downtime|outage|recovery\s+time|be\s+up)\b",
    )
});
static LOSS: LazyLock<Regex> = LazyLock::new(|| regex(r"\b(?:rpo|data\s+loss|lose|lost|losing|loss\s+of)\b"));
static RETENTION: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:kept|keep\w*|retain\w*|retention|cop(?:y|ies|ied)|stored?|held|hold\w*|history|deleted\s+after|purged?\s+after|expire\w*|rotat\w*|around\s+for)\b",
    )
});
/// "Daily backups": a frequency that names the schedule.
static SCHEDULED: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^\s*(?:\w+\s+)?(?:backups?|snapshots?|dumps?|exports?)\b"));
static NOT_OURS: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\b(?:alert\w*|pag(?:e|es|ed|ing)|notif\w*|older\s+than|age|stale|warn\w*)\b"));

pub(super) fn read(r: &mut Reader<'_>, _ctx: &Context) {
    let test_sentences: Vec<Range<usize>> = r
        .text
        .segments
        .iter()
        .filter(|s| {
            RESTORE_TEST.is_match(&r.text.folded[s.range.clone()])
                && r.text.folded[s.range.clone()].contains("restor")
                || RESTORE_TEST.is_match(&r.text.folded[s.range.clone()])
                    && r.text.folded[s.sentence.clone()].contains("restor")
        })
        .map(|s| s.range.clone())
        .collect();
    let in_test = |range: &Range<usize>| {
        test_sentences
            .iter()
            .any(|t| t.start <= range.start && range.start < t.end)
    };
    let frequencies = r.terms(&FREQUENCY);
    for (value, range) in frequencies.clone() {
        if in_test(&range) || NOT_OURS.is_match(r.text.segment_text(range.start)) {
            continue;
        }
        // "Weekly backups are kept for a year" beside "daily backups": a tier
        // of retention, not the schedule.
        let schedule_elsewhere = frequencies.iter().any(|(other, at)| {
            other != &value
                && !RETENTION.is_match(r.text.segment_text(at.start))
                && SCHEDULED.is_match(&r.text.folded[at.end..])
        });
        if schedule_elsewhere && RETENTION.is_match(r.text.segment_text(range.start)) {
            continue;
        }
        if LOSS.is_match(r.text.segment_text(range.start)) {
            continue;
        }
        // "we keep 7 daily and 4 weekly ones": tiers of retention, not the schedule.
        if r.text.folded[..range.start]
            .trim_end()
            .ends_with(|c: char| c.is_ascii_digit())
        {
            continue;
        }
        if !r.text.certain_for_production(&range) {
            r.mention("frequency", range);
            continue;
        }
        r.set("frequency", value, range);
    }
    for (value, range) in r.terms(&TESTS) {
        if in_test(&range) || value == "never" {
            r.set("restore_test", value, range);
        }
    }
    let folded = r.text.folded.clone();
    for found in quantity::durations(&folded) {
        let range = found.range.clone();
        let segment = r.text.segment_text(range.start);
        if NOT_OURS.is_match(segment) || in_test(&range) {
            continue;
        }
        let b = before(r.text, &range, 50);
        let a = after(r.text, &range, 30);
        // The role whose words stand nearest: before the number, else right after it.
        let role = nearest(b, a);
        let Some(role) = role else { continue };
        // "every 6 hours" is a frequency shipspec has no word for; "24 hours" after "every" too.
        if b.trim_end().ends_with("every") || b.trim_end().ends_with("each") {
            continue;
        }
        // A retention said for other backups than the schedule's.
        let tier = frequencies.iter().any(|(v, f)| {
            r.text.segment_at(f.start).map(|s| &s.range) == r.text.segment_at(range.start).map(|s| &s.range)
                && r.value("frequency").is_none_or(|read| read != *v)
        });
        if role == "retention_days" && tier {
            r.mention(role, range);
            continue;
        }
        if !r.text.certain_for_production(&range) {
            r.mention(role, range);
            continue;
        }
        let Some(seconds) = whole(found.value) else {
            r.mention(role, range);
            continue;
        };
        match role {
            "retention_days" => match whole(found.value / 86_400.0) {
                Some(d) if d > 0 => r.set(role, d, range),
                _ => r.mention(role, range),
            },
            _ => r.set(role, Duration(u64::from(seconds)).to_string(), range),
        }
    }
}

fn nearest(before_text: &str, after_text: &str) -> Option<&'static str> {
    let last = |re: &Regex| re.find_iter(before_text).last().map(|m| m.end());
    let candidates = [
        ("rpo", last(&RPO)),
        ("rto", last(&RTO)),
        ("retention_days", last(&RETENTION)),
    ];
    let best = candidates
        .iter()
        .filter_map(|(f, at)| at.map(|a| (*f, a)))
        .max_by_key(|(_, at)| *at);
    if let Some((field, _)) = best {
        return Some(field);
    }
    let first = |re: &Regex| re.find(after_text).map(|m| m.start());
    let candidates = [
        ("rpo", first(&RPO)),
        ("rto", first(&RTO)),
        ("retention_days", first(&RETENTION)),
    ];
    candidates
        .iter()
        .filter_map(|(f, at)| at.filter(|a| *a < 20).map(|a| (*f, a)))
        .min_by_key(|(_, at)| *at)
        .map(|(f, _)| f)
}
