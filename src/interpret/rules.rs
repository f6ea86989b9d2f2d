//! Small helpers the question rules share: what stands right before or
//! after a number, and whether a segment talks about alerting.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::text::Text;

/// Up to `n` bytes of the segment before `range`, folded.
pub fn before<'t>(text: &'t Text, range: &Range<usize>, n: usize) -> &'t str {
    let Some(seg) = text.segment_at(range.start) else {
        return "";
    };
    let mut start = range.start.saturating_sub(n).max(seg.range.start);
    while !text.folded.is_char_boundary(start) {
        start += 1;
    }
    &text.folded[start..range.start]
}

/// Up to `n` bytes of the segment after `range`, folded.
pub fn after<'t>(text: &'t Text, range: &Range<usize>, n: usize) -> &'t str {
    let Some(seg) = text.segment_at(range.start) else {
        return "";
    };
    let mut end = (range.end + n).min(seg.range.end.max(range.end));
    while !text.folded.is_char_boundary(end) {
        end -= 1;
    }
    &text.folded[range.end..end.max(range.end)]
}

static ALERTING: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"\b(?:alert\w*|pag(?:e|es|ed|ing)|notif\w*|warn\w*|wake|ping|escalat\w*|trigger\w*|threshold|alarm\w*)\b")
        .expect("alerting pattern")
});

/// The segment around `range` speaks of alerting, not of targets.
pub fn alerting(text: &Text, range: &Range<usize>) -> bool {
    ALERTING.is_match(text.segment_text(range.start))
}

pub fn regex(pattern: &str) -> Regex {
    crate::interpret::pattern::new(pattern).unwrap_or_else(|e| panic!("rule pattern {pattern}: {e}"))
}

/// The sentence's folded text before `range`, whole.
pub fn sentence_before<'t>(text: &'t Text, range: &Range<usize>) -> &'t str {
    let Some(seg) = text.segment_at(range.start) else {
        return "";
    };
    &text.folded[seg.sentence.start..range.start]
}

/// The sentence around `range` speaks of alerting.
pub fn alerting_sentence(text: &Text, range: &Range<usize>) -> bool {
    ALERTING.is_match(text.sentence_text(range.start))
}

/// A yes-or-no field named at `range`: `Some(true)` when the words say it is
/// in use, `Some(false)` when they plainly say it is not ("we don't use
/// feature flags"), `None` when unsure: hedged, left aside, an option list,
/// or a negation that is a plan rather than a fact ("not yet", "no flags in v1").
pub fn stated_yes_no(text: &Text, range: &Range<usize>) -> Option<bool> {
    static NEGATION_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        regex(r"\b(?:no|not|don't|dont|doesn't|isn't|aren't|never|without|nor|unencrypted)\b[^,;]*$")
    });
    static LATER: LazyLock<Regex> =
        LazyLock::new(|| regex(r"\b(?:yet|v1|for\s+now|later|at\s+first|initially|to\s+start|mvp)\b"));
    let segment = text.segment_at(range.start)?;
    if matches!(segment.env, super::text::Env::Other) || text.switched_off(range) {
        return None;
    }
    if segment.hedged
        || segment.placeholder
        || segment
            .excluded
            .iter()
            .any(|e| e.start <= range.start && range.start < e.end)
    {
        return None;
    }
    let body = &text.folded[segment.range.clone()];
    let negated = text.negated(range) || NEGATION_BEFORE.is_match(&body[..range.start - segment.range.start]);
    match (negated, LATER.is_match(body)) {
        (false, _) => Some(true),
        (true, false) => Some(false),
        (true, true) => None,
    }
}

/// The sentence around `range` reports a measurement ("a load test showed
/// one instance handles 500 rps"): what was seen, not what is configured.
pub fn measured(text: &Text, range: &Range<usize>) -> bool {
    static MEASURED: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b(?:load[- ]?test\w*|stress[- ]?test\w*|benchmark\w*|measured|showed|handled|held\s+up|in\s+testing|during\s+testing|current|currently|averages?|averaging|hovers?|hovering|sits\s+at|peaks?\s+at|during\s+peak|is\s+at\s+\d+|is\s+fine|is\s+ok|is\s+okay)\b|\bheld\s+\d",
        )
    });
    MEASURED.is_match(text.sentence_text(range.start))
}

/// The segment speaks of another component (the database, a worker, Redis)
/// and not of the app: its counts and sizes are not the app's.
pub fn other_component(text: &Text, range: &Range<usize>) -> bool {
    static COMPONENT: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b(?:redis|database|databases|db|postgres\w*|mysql|worker\w*|cron\w*|queues?|sidekiq|celery|background\s+jobs?|elasticsearch|kafka|rabbitmq)\b",
        )
    });
    static APP: LazyLock<Regex> =
        LazyLock::new(|| regex(r"\b(?:app|apps|application|web|api|service|itself|each|per\s+instance)\b"));
    let segment = text.segment_text(range.start);
    COMPONENT.is_match(segment) && !APP.is_match(segment)
}
