//! Q20 performance: the p95 latency target and the error-rate target.
//! Alert thresholds, other percentiles and current measurements are not targets.

use std::sync::LazyLock;

use regex::Regex;

use super::super::Context;
use super::super::quantity::{self, whole};
use super::super::reader::Reader;
use super::super::rules::{after, alerting_sentence, before, regex};

static P95: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:p95|p-95|ninety[- ]fifth(?:\s+percentile)?|95th(?:\s+percentile)?|95\s*(?:th\s+)?percentile|95%\s+of\s+requests)\b",
    )
});
static OTHER_PERCENTILE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\b(?:p99|p50|p90|p75|p999|99th|50th|90th|median|average|avg|mean)\b"));
static ERRORS: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\b(?:errors?|err|error[- ]rate|5xx|failures?|failed\s+requests|failing)\b"));
static SUCCESS: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^\s*(?:of\s+(?:requests|calls)\s+(?:should\s+|must\s+)?(?:succeed|successful|succeeding|ok)|success(?:ful)?(?:\s+rate)?|succeed)",
    )
});
static MEASURED: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:currently|today|right\s+now|at\s+the\s+moment|we\s+(?:see|measured|saw|are\s+at)|measured|sits?\s+at|is\s+at|last\s+(?:month|week))\b",
    )
});

pub(super) fn read(r: &mut Reader<'_>, _ctx: &Context) {
    let folded = r.text.folded.clone();
    for found in quantity::durations(&folded) {
        let range = found.range.clone();
        // The latest percentile named before the number, in this sentence or an earlier one.
        let b = &r.text.folded[..range.start];
        let a = after(r.text, &range, 20);
        let p95_before = P95.find_iter(b).last().map(|m| m.end());
        let other_before = OTHER_PERCENTILE.find_iter(b).last().map(|m| m.end());
        let about_p95 = match (p95_before, other_before) {
            (Some(p), Some(o)) => p > o,
            (Some(_), None) => true,
            (None, _) => P95.is_match(a) && !OTHER_PERCENTILE.is_match(a),
        };
        if !about_p95 {
            continue;
        }
        let segment = r.text.segment_text(range.start);
        if alerting_sentence(r.text, &range)
            || MEASURED.is_match(segment)
            || !r.text.certain_for_production(&range)
        {
            r.mention("p95_ms", range);
            continue;
        }
        match whole((found.value * 1000.0).round()) {
            Some(ms) if ms > 0 && (found.value * 1000.0 - f64::from(ms)).abs() < 1e-6 => {
                r.set("p95_ms", ms, range)
            }
            _ => r.mention("p95_ms", range),
        }
    }
    for found in quantity::percents(&folded) {
        let range = found.range.clone();
        let b = before(r.text, &range, 40);
        let a = after(r.text, &range, 40);
        let segment = r.text.segment_text(range.start);
        let value = if SUCCESS.is_match(a) {
            // "99.9% of requests succeed": an error rate of 0.1%.
            (100.0 - found.value) * 10_000.0
        } else if ERRORS.is_match(b) || ERRORS.is_match(a) && !a.contains("budget") {
            found.value * 10_000.0
        } else {
            continue;
        };
        if segment.contains("uptime") || segment.contains("availab") {
            continue;
        }
        if alerting_sentence(r.text, &range)
            || MEASURED.is_match(segment)
            || !r.text.certain_for_production(&range)
        {
            r.mention("error_rate_percent", range);
            continue;
        }
        let percent = value.round() / 10_000.0;
        if percent > 0.0 && percent < 100.0 {
            r.set("error_rate_percent", percent, range);
        }
    }
}
