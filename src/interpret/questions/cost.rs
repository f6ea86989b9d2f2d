//! Q5 cost: the monthly budget and the alert threshold, in US dollars.
//! "alert at 80%" of a stated budget is read as that share of it.

use std::sync::LazyLock;

use regex::Regex;

use super::super::Context;
use super::super::quantity::{self, whole};
use super::super::reader::Reader;
use super::super::rules::{after, before, regex, sentence_before};

static ALERT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:alert\w*|notif\w*|warn\w*|alarm\w*|ping|email|page|flag|heads[- ]up|threshold|once\s+we\s+(?:hit|pass|reach|cross)|when\s+(?:we|it|spend|costs?)\s+(?:hit|hits|pass|passes|reach|reaches|cross|crosses|exceed|exceeds|go\w*\s+(?:over|past|above))|if\s+(?:we|it|spend|costs?)\s+(?:hit|pass|reach|cross|exceed|go\w*\s+(?:over|past|above)))[^.;]*$",
    )
});
static BUDGET: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"budget|cap|limit|ceiling|max|maximum|up\s+to|no\s+more\s+than|under|at\s+most|plan\s+for|allocated|afford|costs?|month|monthly|/mo|/month|a\s+month|per\s+month|pm\b|p/m",
    )
});
static MONTHLY: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^\s*(?:/\s*(?:mo|month|mth)\b|(?:a|per|each|every|/)\s*month|monthly|pm\b|p/m|a\s+mo\b|usd\s*/\s*mo|mo\b)",
    )
});
static OTHER_PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^\s*(?:usd\s*|dollars\s*)?(?:/\s*(?:yr|year|week|wk|day|hr|hour)\b|(?:a|per|each|every|1)\s+(?:year|week|day|hour|quarter)|yearly|annual\w*|weekly|daily|hourly|per\s+annum|a\s+yr|one-?time|upfront|in\s+credits)",
    )
});
/// What is spent today, or a range of amounts: no budget.
static CURRENT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:currently|right\s+now|today|at\s+the\s+moment|we\s+(?:spend|pay)|we're\s+(?:spending|paying)|we\s+are\s+(?:spending|paying)|last\s+month|wanted|quoted|charged|would\s+cost|costs?\s+us|\w+\s+costs)\b",
    )
});
static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"\$?\d+\s*k?\s*(?:-|to|and)\s*\$\d+|\$\d+\s*k?\s*(?:-|to)\s*\$?\d+|between\s+\$?\d+")
});
static BARE_ALERT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:alert\w*|notif\w*|warn\w*)\s+(?:at|when\s+(?:we\s+)?(?:hit|pass|reach)|above|over)\s+(?P<n>\d+)\b",
    )
});
/// "alert at $100 and again at $150", "alert at 50% and 90%": a second
/// threshold in the same list, although its own segment names no alert.
static ALERT_MORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:alert\w*|notif\w*|warn\w*|alarm\w*|ping|email|page|threshold)\b[^.;]*\d\s*(?:%|k)?\s*(?:,|and|&|then|plus|/)(?:\s*(?:,|and|then))*\s*(?:again\s+|also\s+|once\s+more\s+)?(?:(?:to\s+)?(?:slack|email|e-mail|sms|pagerduty|teams|me|us|them|the\s+team|a\s+slack\s+ping|a\s+ping)\s+)?(?:at\s+|on\s+|when\s+(?:we\s+)?\w+\s+)?\$?\s*$",
    )
});
/// "$50/month per instance", "$100/month on Fly, $50 on the rest": a part of the budget.
static PART: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^\s*(?:/\s*mo\w*|(?:a|per)\s+month)?\s*(?:per\s+(?:instance|machine|seat|user|developer|dyno|node|vm|app)|on\s+(?:everything|the\s+rest|tooling|\w+\s+else)|for\s+(?:tooling|the\s+rest|\w+\s+else))\b",
    )
});
/// "in $50 increments": a step, not a budget.
static STEP: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^\s*(?:increments?|steps?|chunks?|blocks?|at\s+a\s+time)\b"));
/// "alert at 1000 events", "75 percent": a bare number that is no amount.
static NOT_DOLLARS: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^\s*(?:%|k\b|percent|pct|per\s*cent|events?|errors?|requests?|users?|hits?|calls?|messages?|emails?|times|per\b|/|x\b)",
    )
});
/// "alert if spend grows 20% week over week": a rate of change.
static GROWTH: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:grows?|growth|increases?|jumps?|rises?|spikes?|climbs?)\b|\b(?:week|month|day|year)\s+over\s+(?:week|month|day|year)\b|\b(?:wow|mom)\b",
    )
});
static SHARE: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"^\s*(?:of\s+(?:the\s+|our\s+|that\s+)?(?:budget|it|the\s+cap|the\s+limit|spend)|budget)")
});

pub(super) fn read(r: &mut Reader<'_>, _ctx: &Context) {
    let folded = r.text.folded.clone();
    if quantity::other_currency(&folded) && quantity::dollars(&folded).is_empty() {
        r.mention("monthly_budget_usd", 0..folded.len());
        return;
    }
    let mut budget: Option<u32> = None;
    let mut alerts: Vec<(u32, std::ops::Range<usize>)> = Vec::new();
    // Found once: both the reading and the check for parts below use them.
    let dollars = quantity::dollars(&folded);
    for found in &dollars {
        let range = found.range.clone();
        let before_text = before(r.text, &range, 80);
        let after_text = after(r.text, &range, 30);
        if quantity::other_currency(r.text.segment_text(range.start))
            || OTHER_PERIOD.is_match(after_text)
            || STEP.is_match(after_text)
            || PART.is_match(after_text)
        {
            r.mention("monthly_budget_usd", range);
            continue;
        }
        let Some(amount) = whole(found.value) else {
            r.mention("monthly_budget_usd", range);
            continue;
        };
        if !r.text.certain_for_production(&range)
            || CURRENT.is_match(r.text.segment_text(range.start))
            || RANGE.is_match(r.text.segment_text(range.start))
        {
            r.mention("monthly_budget_usd", range);
            continue;
        }
        if ALERT.is_match(before_text) || ALERT_MORE.is_match(sentence_before(r.text, &range)) {
            // "Fly emails invoices at $0": no threshold.
            if amount == 0 {
                r.mention("alert_at_usd", range);
                continue;
            }
            alerts.push((amount, range));
        } else if BUDGET.is_match(before_text)
            || MONTHLY.is_match(after_text)
            || budget.is_none() && before_text.trim().is_empty()
        {
            if budget.is_some_and(|b| b != amount) {
                r.forget("monthly_budget_usd");
            }
            budget = Some(amount);
            r.set("monthly_budget_usd", amount, range);
        } else {
            r.mention("monthly_budget_usd", range);
        }
    }
    // "$100/month on Fly, $50 on everything else": each amount is a part.
    if dollars.iter().any(|d| PART.is_match(after(r.text, &d.range, 40))) {
        r.forget("monthly_budget_usd");
    }
    for (amount, range) in alerts {
        r.set("alert_at_usd", amount, range);
    }
    // "budget: USD 750/mo, alert at 600": a bare amount after an alert word, in a dollar budget.
    if r.has("monthly_budget_usd") && !r.has("alert_at_usd") && !quantity::other_currency(&folded) {
        for c in BARE_ALERT.captures_iter(&folded) {
            let m = c.name("n").expect("amount");
            let range = m.range();
            if NOT_DOLLARS.is_match(super::super::rules::after(r.text, &range, 16))
                || super::super::rules::after(r.text, &range, 4)
                    .trim_start()
                    .starts_with(|c: char| c.is_ascii_digit())
                || !r.text.certain(&range)
            {
                continue;
            }
            if let Ok(amount) = m.as_str().parse::<u32>() {
                r.set("alert_at_usd", amount, range);
            }
        }
    }
    // "alert at 80% of the budget"
    if let Some(budget) = budget.filter(|_| r.has("monthly_budget_usd")) {
        for found in quantity::percents(&folded) {
            let range = found.range.clone();
            let before_text = before(r.text, &range, 80);
            let after_text = after(r.text, &range, 30);
            let alert = ALERT.is_match(before_text) || ALERT_MORE.is_match(sentence_before(r.text, &range));
            let resource = ["cpu", "disk", "storage", "memory", "ram", "usage"]
                .iter()
                .any(|w| after_text.contains(w));
            if !(alert && (SHARE.is_match(after_text) || !resource)) {
                continue;
            }
            if !r.text.certain_for_production(&range)
                || GROWTH.is_match(before_text)
                || GROWTH.is_match(after_text)
            {
                r.mention("alert_at_usd", range);
                continue;
            }
            let Some(percent) = whole(found.value) else {
                continue;
            };
            if percent == 0 || percent > 100 {
                continue;
            }
            let share = u64::from(budget) * u64::from(percent);
            if share % 100 == 0 {
                if let Ok(at) = u32::try_from(share / 100) {
                    r.set("alert_at_usd", at, range);
                }
            }
        }
    }
}
