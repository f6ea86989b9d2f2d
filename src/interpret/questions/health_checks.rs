//! Q14 health checks: the liveness and readiness paths, what readiness
//! checks, and the probe's timings.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::super::Context;
use super::super::quantity::{self, whole};
use super::super::reader::{Lexicon, Reader, lexicon};
use super::super::rules::{after, before, regex};

static PATH: LazyLock<Regex> = LazyLock::new(|| regex(r"(?:^|[\s`'(\x22:=])(?P<p>/[a-z_][a-z0-9_./-]*)"));
static READY: LazyLock<Regex> = LazyLock::new(|| regex(r"\b(?:ready|readiness|readyz)\b"));
static LIVE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\b(?:live|liveness|livez|alive|healthz?|health|ping|up)\b"));
static DISABLED: LazyLock<Lexicon> = LazyLock::new(|| {
    lexicon(&[(
        r"no\s+(?:http\s+)?health[- ]?checks?|no\s+health\s+(?:endpoint|route|probe)s?|without\s+(?:a\s+|any\s+)?health[- ]?checks?|(?:we\s+)?(?:don't|do\s+not)\s+(?:have|run|use)\s+(?:a\s+|an\s+|any\s+)?(?:http\s+)?health[- ]?checks?",
        "off",
    )])
});
static DEPENDENCIES: LazyLock<Lexicon> = LazyLock::new(|| {
    lexicon(&[
        (
            r"database|databases|db|postgres\w*|mysql|sql|the\s+pool|connection\s+pool|pg",
            "database",
        ),
        (r"redis|cache|valkey", "redis"),
    ])
});
static CHECK_VERB: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:check\w*|ping\w*|verif\w*|test\w*|quer\w*|probe\w*|touch\w*|hit\w*|confirm\w*|select\s+1|reach\w*|connect\w*|talks?\s+to|can\s+reach|validat\w*)\b|\bready\b|readiness|select\s+1",
    )
});
static NOT_CHECKED: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:doesn't|does\s+not|don't|never|no\s+longer|without|not)\s+(?:\w+\s+){0,2}(?:check\w*|touch\w*|hit\w*|quer\w*|ping\w*|call\w*|depend\w*)\b|\bno\s+dependenc\w+|\bdependency[- ]free|\bonly\s+(?:returns?|says?|answers?)",
    )
});
/// "Don't check more often than every 30s": a bound on the interval.
static OFTEN: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\b(?:more|less)\s+(?:often|frequently)\b|\bmore\s+than\s+(?:once|every)\b"));
static INTERVAL: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:every|interval(?:\s+of)?|each|period(?:\s+of)?|polled\s+every|probed?\s+every|checked\s+every|frequency(?:\s+of)?)\s*[:=]?\s*$",
    )
});
static INTERVAL_AFTER: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^\s*(?:interval|period|apart|between\s+checks)"));
static TIMEOUT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:gives?\s+it|allow\w*|time-?\s?outs?(?:\s+(?:of|after|at|is))?|times?\s+out\s+after|fails?\s+(?:if\s+(?:no\s+answer|not\s+answered|it\s+takes\s+longer)\s+(?:in|within|than)|after)|must\s+(?:answer|respond|reply)\s+(?:in|within)|answer\w*\s+(?:in|within)|respond\w*\s+(?:in|within)|within|under|deadline(?:\s+of)?)\s*[:=]?\s*$",
    )
});
static TIMEOUT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^\s*(?:time-?\s?out|deadline|to\s+(?:answer|respond|reply)|for\s+(?:an?\s+)?(?:answer|response|reply))",
    )
});
/// Kubernetes probe fields written out: `initialDelaySeconds: 20`.
static PROBE_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"\b(?P<k>initialdelayseconds|periodseconds|timeoutseconds)\s*[:=]\s*(?P<n>\d+)\b")
});
static GRACE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:grace(?:\s+period)?(?:\s+of)?|initial\s+delay(?:\s+of)?|start-?\s?up\s+(?:delay|grace|period|time)(?:\s+of)?|warm-?\s?up(?:\s+of)?|wait\w*|after\s+(?:a\s+)?(?:boot|start\w*)\s+of|ignored?\s+for(?:\s+the\s+first)?|skip\w*\s+(?:the\s+)?first|first|delay(?:\s+of)?)\s*[:=]?\s*$",
    )
});
static GRACE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^\s*(?:of\s+)?(?:grace|initial\s+delay|start-?\s?up|warm-?\s?up|after\s+(?:boot|start\w*|deploy\w*|a\s+deploy))",
    )
});
/// A number about something else: a query timeout, an outside monitor, a deploy wait.
static OTHER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:statement|query|sql|queries|uptime\s*robot|uptimerobot|pingdom|external|outside|status\s+page|better\s*uptime|deploy\w*\s+wait\w*|rollout|failures?|fails?\s+in\s+a\s+row|consecutive|retries|alert\w*|pag(?:e|es|ed|ing))\b",
    )
});

pub(super) fn read(r: &mut Reader<'_>, _ctx: &Context) {
    if let Some((_, range)) = r.terms(&DISABLED).into_iter().next() {
        r.set("enabled", false, range);
        return;
    }
    paths(r);
    dependencies(r);
    timings(r);
}

fn paths(r: &mut Reader<'_>) {
    let folded = r.text.folded.clone();
    let mut found: Vec<(String, Range<usize>)> = Vec::new();
    for c in PATH.captures_iter(&folded) {
        let m = c.name("p").expect("path group");
        let range = m.range();
        let path = r
            .text
            .words(&range)
            .trim_end_matches(['.', ',', ')', '`', '\''])
            .to_owned();
        if path.len() < 2
            || path.contains("//")
            || path.starts_with("/s") && path.len() <= 4 && !path.contains("status")
        {
            continue;
        }
        if !r.text.certain_for_production(&range) {
            r.mention("path", range);
            continue;
        }
        if !found.iter().any(|(p, _)| *p == path) {
            found.push((path, range));
        }
    }
    let mut ready: Vec<(String, Range<usize>)> = Vec::new();
    let mut live: Vec<(String, Range<usize>)> = Vec::new();
    for (path, range) in found {
        let lower = path.to_lowercase();
        let near = format!("{} {}", before(r.text, &range, 25), after(r.text, &range, 25));
        if lower.contains("ready")
            || (READY.is_match(&near) && !lower.contains("health") && !lower.contains("live"))
        {
            ready.push((path, range));
        } else if lower.contains("health")
            || lower.contains("live")
            || lower.contains("ping")
            || lower.contains("status")
            || LIVE.is_match(&near)
        {
            live.push((path, range));
        } else {
            r.mention("path", range);
        }
    }
    if live.len() == 1 {
        let (path, range) = live.remove(0);
        r.set("path", path, range);
    } else if let Some((_, range)) = live.first() {
        r.mention("path", range.clone());
    }
    if ready.len() == 1 {
        let (path, range) = ready.remove(0);
        r.set("readiness_path", path, range);
    }
}

fn dependencies(r: &mut Reader<'_>) {
    let mut negative: Option<Range<usize>> = None;
    for (value, range) in r.any_terms(&DEPENDENCIES) {
        let segment = r.text.segment_text(range.start);
        let sentence = r.text.sentence_text(range.start);
        if NOT_CHECKED.is_match(sentence)
            && !OFTEN.is_match(sentence)
            && !r.text.segment_at(range.start).is_some_and(|s| s.hedged)
        {
            negative = Some(range);
            continue;
        }
        if !r.text.certain(&range) {
            r.mention("checks", range);
            continue;
        }
        if !CHECK_VERB.is_match(segment) && !CHECK_VERB.is_match(sentence) {
            continue;
        }
        r.add("checks", value, range);
    }
    if let Some(range) = negative {
        if !r.has("checks") {
            r.set("checks", serde_json::Value::Array(Vec::new()), range);
        }
    }
}

fn timings(r: &mut Reader<'_>) {
    let folded = r.text.folded.clone();
    for c in PROBE_FIELD.captures_iter(&folded) {
        let range = c.get(0).expect("group 0").range();
        let field = match &c["k"] {
            "initialdelayseconds" => "grace_period_seconds",
            "periodseconds" => "interval_seconds",
            _ => "timeout_seconds",
        };
        if r.text.certain_for_production(&range) {
            if let Ok(n) = c["n"].parse::<u32>() {
                r.set(field, n, range);
            }
        }
    }
    for found in quantity::durations(&folded) {
        let range = found.range.clone();
        let b = before(r.text, &range, 40);
        let a = after(r.text, &range, 30);
        if OTHER.is_match(r.text.segment_text(range.start)) {
            continue;
        }
        let field = if GRACE.is_match(b) || GRACE_AFTER.is_match(a) {
            "grace_period_seconds"
        } else if TIMEOUT.is_match(b) || TIMEOUT_AFTER.is_match(a) {
            "timeout_seconds"
        } else if INTERVAL.is_match(b) || INTERVAL_AFTER.is_match(a) {
            "interval_seconds"
        } else {
            continue;
        };
        if !r.text.certain_for_production(&range) {
            r.mention(field, range);
            continue;
        }
        match whole(found.value) {
            Some(s) if s > 0 => r.set(field, s, range),
            _ => r.mention(field, range),
        }
    }
}
