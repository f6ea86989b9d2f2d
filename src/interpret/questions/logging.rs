//! Q16 logging: format, level, destination and retention.

use std::sync::LazyLock;

use regex::Regex;

use super::super::Context;
use super::super::quantity::{self, whole};
use super::super::reader::{Lexicon, Reader, lexicon};
use super::super::rules::{after, before, regex};

static FORMATS: LazyLock<Lexicon> = LazyLock::new(|| {
    lexicon(&[
        (r"json|structured|structlog|ndjson|jsonl|logfmt\s+json", "json"),
        (
            r"plain[- ]?text|text\s+logs?|unstructured|human[- ]readable|plaintext|plain\s+lines",
            "text",
        ),
    ])
});
static LEVEL: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:\blog\w*\s+(?:only\s+)?(?P<d>debug|info|warnings?)\s+and\s+(?:above|up|higher|errors?)\b)|(?:(?:at|level|levle|lvl|log\s+level|loglevel|log_level|min(?:imum)?\s+level|verbosity)\s*(?:of\s*)?[:=]?\s*(?P<a>debug|info|warn(?:ing)?|error)\b)|(?:\b(?P<b>debug|info|warn(?:ing)?|error)[- ]level\b)|(?:\b(?P<c>debug|info|warn(?:ing)?|error)\s+(?:and\s+(?:above|up|higher)|\+|or\s+(?:above|higher)|in\s+prod\w*|for\s+prod\w*))",
    )
});
static DESTINATIONS: LazyLock<Lexicon> = LazyLock::new(|| {
    lexicon(&[
        (
            r"fly(?:\.io)?(?:'s)?\s+(?:built-in\s+)?(?:logs?|logging|log\s+shipper)|fly\s+logs|flyctl\s+logs|fly-logs",
            "fly-logs",
        ),
        (r"cloud\s*watch(?:\s+logs)?", "cloudwatch"),
        (
            r"(?:google\s+)?cloud\s+logging|stackdriver(?:\s+logging)?|gcp\s+logging",
            "cloud-logging",
        ),
        (r"azure\s+monitor|log\s+analytics", "azure-monitor"),
        (r"logplex|heroku(?:'s)?\s+logs?", "heroku-logplex"),
        (r"datadog(?:\s+logs)?", "datadog"),
        (r"papertrail", "papertrail"),
        (r"logtail|better\s*stack(?:\s+logs)?", "logtail"),
        (r"(?:grafana\s+)?loki", "loki"),
        (
            r"elasticsearch|elastic\s+search|elk(?:\s+stack)?|opensearch",
            "elasticsearch",
        ),
        (r"splunk", "splunk"),
        (r"axiom", "axiom"),
        (r"new\s*relic(?:\s+logs)?", "new-relic"),
        (r"honeycomb", "honeycomb"),
        (r"stdout|standard\s+out(?:put)?", "stdout"),
    ])
});
/// Audit and access logs are kept by other rules than application logs.
static OTHER_LOGS: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\b(?:audit|access|security|compliance|billing)\s+(?:logs?|trails?)\b"));

static RETAIN: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:retain\w*|retention(?:\s+of)?|kept|keep\w*|stored?|store\w*|for|held|hold\w*|purged?\s+after|deleted\s+after|expire\w*\s+after|ttl(?:\s+of)?)\s*[:=]?\s*(?:for\s+)?$",
    )
});
static RETAIN_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"^\s*(?:-\s*)?(?:retention|of\s+retention|retained|kept|of\s+history|of\s+logs)")
});

static ROUTED: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^\s*(?:(?:and|or)\s+(?:above|up|higher|worse)\s+|\+\s*|logs?\s+|messages?\s+|level\s+)?(?:to|go(?:es)?\s+to|are\s+sent\s+to|->)\s",
    )
});

pub(super) fn read(r: &mut Reader<'_>, _ctx: &Context) {
    for (value, range) in r.terms(&FORMATS) {
        if !r.text.certain_for_production(&range) {
            continue;
        }
        r.set("format", value, range);
    }
    let folded = r.text.folded.clone();
    // "ERROR and above to Sentry, INFO to Papertrail": levels routed to
    // places, not the level the app logs at.
    let routed = LEVEL.captures_iter(&folded).any(|c| {
        let end = c.get(0).expect("group 0").end();
        ROUTED.is_match(&folded[end..])
    });
    for c in LEVEL.captures_iter(&folded) {
        let m = c
            .name("a")
            .or(c.name("b"))
            .or(c.name("c"))
            .or(c.name("d"))
            .expect("a level");
        let range = m.range();
        if !r.text.certain_for_production(&range) || routed {
            r.mention("level", range);
            continue;
        }
        let level = match m.as_str() {
            "warn" | "warning" | "warnings" => "warning",
            other => other,
        };
        let level: &'static str = match level {
            "debug" => "debug",
            "info" => "info",
            "warning" => "warning",
            _ => "error",
        };
        r.set("level", level, range);
    }
    // stdout is how logs leave the app; another name is where they go.
    let destinations: Vec<(&str, std::ops::Range<usize>)> = r
        .terms(&DESTINATIONS)
        .into_iter()
        .filter(|(_, range)| {
            r.text.certain_for_production(range) && !OTHER_LOGS.is_match(r.text.sentence_text(range.start))
        })
        .collect();
    let elsewhere = destinations.iter().any(|(v, _)| *v != "stdout");
    for (value, range) in destinations {
        if value == "stdout" && elsewhere {
            continue;
        }
        r.set("destination", value, range);
    }
    for found in quantity::durations(&folded) {
        let range = found.range.clone();
        if OTHER_LOGS.is_match(r.text.sentence_text(range.start)) {
            continue;
        }
        // Days, weeks and months in a logging answer are how long logs are kept.
        let days = found.value >= 86_400.0;
        if !(days
            || RETAIN.is_match(before(r.text, &range, 30))
            || RETAIN_AFTER.is_match(after(r.text, &range, 25)))
        {
            continue;
        }
        if !r.text.certain_for_production(&range) {
            r.mention("retention_days", range);
            continue;
        }
        match whole(found.value / 86_400.0) {
            Some(d) if d > 0 => r.set("retention_days", d, range),
            _ => r.mention("retention_days", range),
        }
    }
}
