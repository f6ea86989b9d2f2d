//! Q4 monitoring: tools, alert channels and what alerts fire on.

use std::sync::LazyLock;

use regex::Regex;

use super::super::Context;
use super::super::reader::{Lexicon, Reader, lexicon};

static TOOLS: LazyLock<Lexicon> = LazyLock::new(|| {
    lexicon(&[
        (
            r"fly(?:\.io)?(?:'s)?\s+(?:built-in\s+|builtin\s+|own\s+|native\s+)?(?:metrics|dashboards?|grafana|prometheus|monitoring)|fly-metrics|fly\s+metrics",
            "fly-metrics",
        ),
        (r"cloudwatch|cloud\s+watch", "cloudwatch"),
        (
            r"stackdriver|(?:google\s+)?cloud\s+monitoring|gcp\s+monitoring|google\s+cloud\s+operations",
            "stackdriver",
        ),
        (r"datadog|data\s+dog|dd-agent", "datadog"),
        (r"new\s*relic|newrelic|new-relic", "new-relic"),
        (r"sentry|sentry\.io", "sentry"),
        (r"uptime\s*robot|uptimerobot|uptime-robot", "uptimerobot"),
        (r"prometheus|promethus|prometheous|prom", "prometheus"),
        (r"grafana|grafana\s+cloud", "grafana"),
        (r"honeycomb|honeycomb\.io", "honeycomb"),
    ])
});

static CHANNELS: LazyLock<Lexicon> = LazyLock::new(|| {
    lexicon(&[
        (
            r"e-?mails?|emailed|mail|inbox|[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+",
            "email",
        ),
        (r"slack|#[a-z0-9_-]+\s+channel", "slack"),
        (r"pager\s*duty|pagerduty|pager-duty|pd", "pagerduty"),
        (r"ops\s*genie|opsgenie", "opsgenie"),
        (r"sms|text\s+messages?|texts?\s+(?:me|us)|twilio", "sms"),
    ])
});

static ALERT_ON: LazyLock<Lexicon> = LazyLock::new(|| {
    lexicon(&[
        (
            r"downtime|(?:is|goes|went|being|going|gone|it's|it\s+is|we're|site's|app's)\s+down|(?:hosts?|pods?|nodes?|instances?|machines?|servers?|apps?|sites?|services?|apis?|containers?)\s+(?:is\s+|are\s+|goes\s+|going\s+|being\s+)?down|outages?|unreachable|unavailable|not\s+responding|stops?\s+responding|uptime|availability|health\s*checks?\s+fail\w*|crash\w*|app\s+down|site\s+down|service\s+down",
            "downtime",
        ),
        (
            r"error[- ]rates?|errors?\s+(?:spike|spikes|spiking|rate)|spikes?\s+(?:in|of)\s+errors|5xx|500s|error\s+spikes?|errors?\s+(?:go|goes|climb)\s+up|too\s+many\s+errors|exceptions?\s+spike",
            "error-rate",
        ),
        (
            r"latency|slow\s+(?:responses?|requests?)|response\s+times?|p9[59]|p50",
            "latency",
        ),
        (r"cpu", "cpu"),
        (r"memory|ram|oom|out\s+of\s+memory", "memory"),
        (
            r"disk(?:\s+space|\s+usage|\s+full)?|volume\s+(?:full|usage)|storage",
            "disk",
        ),
    ])
});

static ALERT_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"\b(?:alert\w*|pag(?:e|es|ed|ing)|notif\w*|wake|ping\w*|tell|warn\w*|ring|call|when|if|on|whenever|fires?|alarm\w*)\b").expect("alert context")
});

/// The sentence's text from the last comma (or its start) up to `range`.
fn clause_before<'t>(text: &'t super::super::text::Text, range: &std::ops::Range<usize>) -> &'t str {
    let before = super::super::rules::sentence_before(text, range);
    let cut = before.rfind([',', ';']).map_or(0, |i| i + 1);
    &before[cut..]
}

pub(super) fn read(r: &mut Reader<'_>, _ctx: &Context) {
    for (value, range) in r.terms(&TOOLS) {
        r.add("tools", value, range);
    }
    // Channels said in a sentence about alerts win over those said elsewhere
    // ("we talk in Slack, but alerts go out by email").
    let channels = r.terms(&CHANNELS);
    let alert_sentences = channels
        .iter()
        .any(|(_, range)| ALERT_CONTEXT.is_match(r.text.sentence_text(range.start)));
    for (value, range) in channels {
        if alert_sentences && !ALERT_CONTEXT.is_match(r.text.sentence_text(range.start)) {
            continue;
        }
        // "email" as a word of a tool name, or "PD" alone in a sentence not about alerts, is not read.
        if value == "pagerduty"
            && r.text.words(&range).eq_ignore_ascii_case("pd")
            && !ALERT_CONTEXT.is_match(r.text.sentence_text(range.start))
        {
            continue;
        }
        r.add("alert_channels", value, range);
    }
    // What alerts fire on: only in a sentence that talks about alerting.
    for (value, range) in r.terms(&ALERT_ON) {
        let sentence = r.text.sentence_text(range.start);
        if !ALERT_CONTEXT.is_match(sentence) {
            r.mention("alert_on", range);
            continue;
        }
        // "metrics for CPU and memory" describes dashboards, not alerts: look
        // back to the last comma for what the list is about.
        let clause = clause_before(r.text, &range);
        let alert_words = ["alert", "alarm", "page", "notif", "when", "if "]
            .iter()
            .any(|w| clause.contains(w));
        if ["metric", "dashboard", "track", "graph", "chart", "watch"]
            .iter()
            .any(|w| clause.contains(w))
            && !alert_words
        {
            r.mention("alert_on", range);
            continue;
        }
        r.add("alert_on", value, range);
    }
}
