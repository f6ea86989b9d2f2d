//! Q17 incident response: the channel, the response time, and which
//! severities get a postmortem.

use std::sync::LazyLock;

use regex::Regex;

use super::super::Context;
use super::super::quantity::{self, whole};
use super::super::reader::Reader;
use super::super::rules::regex;

static CHANNEL: LazyLock<Regex> = LazyLock::new(|| regex(r"(?:^|[\s(`'\x22])(?P<c>#[a-z0-9][a-z0-9_-]*)"));
static RESPONSE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:respond\w*|response(?:\s+time)?|ack\w*|acknowledg\w*|pick\w*\s+(?:it\s+)?up|answer\w*|on\s+it|jump\w*\s+on|reacts?|engag\w*|look\w*\s+at\s+it|on-?call\s+\w+)\s*(?:time\s*)?(?:of\s*|is\s*|[:=]\s*)?(?:within|in|under|inside|less\s+than|<|by)?\s*$",
    )
});
/// A response time that holds only sometimes.
static CONDITIONAL: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\bfor\s+(?:p[0-3]|sev\w*|everything\s+else)\b|\b(?:business\s+hours|office\s+hours|working\s+hours|during\s+the\s+day|weekdays?|otherwise|out\s+of\s+hours|next\s+morning|best[- ]effort)\b",
    )
});
static TERSE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^[#a-z0-9_/ -]*,\s*\d+\s*(?:m|min|mins|minutes|h|hr)\s*(?:,|$)"));
static RESPONSE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"^\s*(?:-\s*)?(?:response|ack\w*|acknowledg\w*|to\s+(?:respond|ack\w*|acknowledge|react|pick))")
});
static NOT_RESPONSE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:resolv\w*|fix\w*|restor\w*|mitigat\w*|escalat\w*|nobody|no\s+one|postmortem\w*|post-mortem\w*|write-?up|within\s+\d+\s+(?:business\s+)?days)\b",
    )
});
static SEVERITY: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\bp(?P<from>[0-3])\s*(?:-|to|through|thru)\s*p(?P<to>[0-3])\b|\bp(?P<n>[0-3])\b(?P<up>\s*(?:and|or)\s+(?:above|higher|up|worse|more\s+severe)|\+)?",
    )
});
static NO_POSTMORTEM: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"\b(?:no|don't|do\s+not|never|not|without|skip\w*|or\s+below|or\s+lower|except)\b")
});
/// A promise to customers is not the team's own response target.
static PROMISE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\b(?:sla|slas|to\s+customers|contract\w*|promise\w*)\b"));
static POSTMORTEM: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:post-?mortems?|post\s+mortems?|retros?(?:pectives?)?|rcas?|root[- ]cause|write-?ups?|incident\s+reviews?|blameless)\b",
    )
});

pub(super) fn read(r: &mut Reader<'_>, _ctx: &Context) {
    let folded = r.text.folded.clone();
    for c in CHANNEL.captures_iter(&folded) {
        let m = c.name("c").expect("channel");
        let range = m.range();
        if !r.text.certain(&range) {
            r.mention("channel", range);
            continue;
        }
        let channel = r.text.words(&range).to_owned();
        r.set("channel", channel, range);
    }
    for found in quantity::durations(&folded) {
        let range = found.range.clone();
        let b = super::super::rules::sentence_before(r.text, &range);
        if CONDITIONAL.is_match(r.text.sentence_text(range.start)) {
            r.mention("response_minutes", range);
            continue;
        }
        let after_text = super::super::rules::after(r.text, &range, 25);
        // A terse answer ("#incidents, 15m, P0/P1") has one duration: the response time.
        let terse = quantity::durations(&folded).len() == 1 && TERSE.is_match(&folded);
        if !(RESPONSE.is_match(b) || RESPONSE_AFTER.is_match(after_text) || terse) {
            continue;
        }
        if NOT_RESPONSE.is_match(r.text.segment_text(range.start)) {
            continue;
        }
        if PROMISE.is_match(r.text.sentence_text(range.start)) {
            r.mention("response_minutes", range);
            continue;
        }
        if !r.text.certain_for_production(&range) {
            r.mention("response_minutes", range);
            continue;
        }
        match whole(found.value / 60.0) {
            Some(m) if m > 0 => r.set("response_minutes", m, range),
            _ => r.mention("response_minutes", range),
        }
    }
    for c in SEVERITY.captures_iter(&folded) {
        let range = c.get(0).expect("group 0").range();
        let sentence = r.text.sentence_text(range.start);
        if !POSTMORTEM.is_match(sentence) {
            continue;
        }
        // "No postmortems for P2/P3", "skipped for P3": which ones get none.
        if !r.text.certain_for_production(&range) || NO_POSTMORTEM.is_match(sentence) {
            r.mention("postmortem_for", range);
            continue;
        }
        // "P0-P2" is a range; "P1 and above" counts up to P0.
        let levels: Vec<u8> = if let (Some(from), Some(to)) = (c.name("from"), c.name("to")) {
            let from: u8 = from.as_str().parse().unwrap_or(0);
            let to: u8 = to.as_str().parse().unwrap_or(0);
            (from.min(to)..=from.max(to)).collect()
        } else {
            let n: u8 = c["n"].parse().unwrap_or(0);
            if c.name("up").is_some() {
                (0..=n).collect()
            } else {
                vec![n]
            }
        };
        for level in levels {
            r.add("postmortem_for", format!("P{level}"), range.clone());
        }
    }
}
