//! Q15 rollback: releases kept, the time a rollback should take, and
//! whether feature flags guard changes.

use std::sync::LazyLock;

use regex::Regex;

use super::super::Context;
use super::super::quantity::{self, whole};
use super::super::reader::{Lexicon, Reader, lexicon};
use super::super::rules::{before, regex, stated_yes_no};

static KEEP: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:keep\w*|retain\w*|hold\w*|store\w*|last|previous|past|latest|recent)\s+(?:the\s+)?(?:last\s+|previous\s+|latest\s+|most\s+recent\s+)?(?P<n>\d+)\s+(?:previous\s+|past\s+|old\s+|prior\s+)?(?:releases?|deploy\w*|versions?|images?|builds?|revisions?|artifacts?)|(?P<m>\d+)\s+(?:previous|past|prior|old|most\s+recent|last)\s+(?:releases?|deploy\w*|versions?|images?|builds?|revisions?)\s+(?:are\s+)?(?:kept|retained|around|available)",
    )
});
/// "keep 3," in a terse rollback answer: releases kept.
static KEEP_BARE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\bkeep\s+(?:the\s+last\s+)?(?P<n>\d+)\s*(?:[,;.]|$)"));
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:in|within|under|less\s+than|<|takes?|roll\s*backs?\s*[:=-]|slo\s*[:=-]?|(?:target|goal|aim)(?:\s+(?:is|of))?|at\s+most|no\s+more\s+than|inside|below)\s*[:=]?\s*$",
    )
});
/// Restoring service after an outage (an SLA, an RTO) is not the rollback.
static RESTORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:restor\w*|recover\w*|sla|slas|rto|outages?|downtime|incidents?|disasters?|back\s+up\s+and\s+running)\b",
    )
});
/// "The deploy itself takes 8 minutes": another duration.
static DEPLOY: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\b(?:deploy\w*|builds?|migrations?|pipeline|ci\s+run|release\s+process)\b"));
static ROLLBACK: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:roll\w*\s*back\w*|rollbacks?|revert\w*|previous\s+(?:version|release|image|deploy\w*)|old\s+version|last\s+good|redeploy\w*)\b",
    )
});
/// Flags that exist but are all switched off say nothing about guarding changes.
static FLAGS_OFF: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:turned|switched|shut|toggled)\s+off\b|\b(?:all|every)\s+(?:\w+\s+)?(?:is|are)\s+off\b|\bdisabled\b|\bunused\b|\bnot\s+(?:used|in\s+use)\b",
    )
});
static FLAGS: LazyLock<Lexicon> = LazyLock::new(|| {
    lexicon(&[(
        r"feature[- ]?flags?|feature[- ]toggles?|flags|toggles|launch\s*darkly|unleash|flagsmith|growthbook|flipper|split\.io|configcat|posthog\s+flags|kill[- ]switch\w*",
        "flags",
    )])
});

pub(super) fn read(r: &mut Reader<'_>, _ctx: &Context) {
    let folded = r.text.folded.clone();
    for c in KEEP
        .captures_iter(&folded)
        .chain(KEEP_BARE.captures_iter(&folded))
    {
        let range = c.get(0).expect("group 0").range();
        let n = c.name("n").or(c.name("m")).expect("a count");
        if !r.text.certain_for_production(&range) {
            r.mention("keep_releases", range);
            continue;
        }
        if let Ok(n) = n.as_str().parse::<u32>() {
            r.set("keep_releases", n, range);
        }
    }
    for found in quantity::durations(&folded) {
        let range = found.range.clone();
        if !TIME.is_match(before(r.text, &range, 25)) {
            continue;
        }
        let segment = r.text.segment_text(range.start);
        if (RESTORE.is_match(segment) || DEPLOY.is_match(segment)) && !ROLLBACK.is_match(segment) {
            r.mention("target_minutes", range);
            continue;
        }
        if !r.text.certain_for_production(&range) {
            r.mention("target_minutes", range);
            continue;
        }
        match whole(found.value / 60.0) {
            Some(m) if m > 0 => r.set("target_minutes", m, range),
            _ => r.mention("target_minutes", range),
        }
    }
    for (_, range) in r.any_terms(&FLAGS) {
        if FLAGS_OFF.is_match(&folded[range.end..]) {
            r.mention("feature_flags", range);
            continue;
        }
        match stated_yes_no(r.text, &range) {
            Some(yes) => r.set("feature_flags", yes, range),
            None => r.mention("feature_flags", range),
        }
    }
}
