//! Q3 scaling: instance counts, size per instance, the CPU target and the
//! concurrency limit. Numbers said for staging, or as alert thresholds,
//! are not read.

use std::sync::LazyLock;

use regex::Regex;

use super::super::Context;
use super::super::quantity::{self, whole};
use super::super::reader::{Lexicon, Reader, lexicon};
use super::super::rules::{after, alerting, before, measured, other_component, regex};
use crate::answers::units::Memory;

const INSTANCE: &str =
    r"(?:instances?|machines?|vms?|nodes?|replicas?|servers?|containers?|copies|pods?|dynos?|tasks?|boxes)";

static COUNT: LazyLock<Regex> = LazyLock::new(|| regex(r"\d+(?:\.\d+)?"));
static COUNTED: LazyLock<Regex> = LazyLock::new(|| regex(&format!(r"^\s*(?:\w+[- ]){{0,2}}?{INSTANCE}\b")));
static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?P<between>between\s+|from\s+)?(?P<a>\d+)\s*(?:-|to|and|\.\.)\s*(?P<b>\d+)(?P<noun>\s*(?:{INSTANCE}|of\s+them)\b)?"
    ))
});
static MAX_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:up\s+to|scal\w*\s+(?:up\s+|out\s+)?to|grow\w*\s+to|burst\w*\s+to|max(?:imum)?(?:\s+of)?|at\s+most|no\s+more\s+than|cap(?:ped)?\s+(?:at|of)|limit(?:ed)?\s+(?:of|to|at)|ceiling\s+of|peak\s+of|to|max\s*[:=]|maximum\s*[:=]|max_instances\s*[:=]?)\s*$",
    )
});
static MIN_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:at\s+least|min(?:imum)?(?:\s+of)?|start(?:ing|s)?\s+(?:with|at|on)|from|floor\s+of|never\s+(?:fewer|less|below)\s+than|keep(?:ing)?|baseline\s+of|min\s*[:=]|minimum\s*[:=]|min_instances\s*[:=]?|always(?:\s+on)?|run(?:s|ning)?(?:\s+on)?|with|scale\s+from)\s*$",
    )
});
static MAX_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"^\s*(?:{INSTANCE}\s*)?(?:max(?:imum)?|at\s+(?:most|peak)|tops|at\s+the\s+most)\b"
    ))
});
static MIN_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"^\s*(?:{INSTANCE}\s*)?(?:min(?:imum)?|at\s+least|minimum)\b"
    ))
});
static LABEL: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\b(?:min|max|minimum|maximum|min_instances|max_instances)\s*[:=]?\s*$"));
static FIXED: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"\b(?:fixed\s+at|exactly|always\s+exactly|constant|pinned\s+(?:at|to)|static(?:ally)?\s+at)\s*$")
});

static MODES: LazyLock<Lexicon> = LazyLock::new(|| {
    lexicon(&[
        (
            r"auto-?scal\w*|auto\s+scal\w*|scales?\s+automatically|automatically|scal\w*\s+(?:up|out)\s+(?:when|if|on|at|based|under)|automatic(?:ally)?\s+scal\w*|scal\w*\s+(?:up\s+and\s+down\s+)?automatically|horizontal\s+pod\s+autoscal\w*|hpa|autoscaler|scale\s+out\s+automatically",
            "auto",
        ),
        (
            r"(?:no|without|not)\s+auto-?\s*scal\w*|manual(?:ly)?\s+scal\w*|scal\w*\s+(?:it\s+)?(?:by\s+hand|manually)|manual|fixed\s+(?:number|count|size|capacity)|scaled\s+by\s+hand",
            "manual",
        ),
        (
            r"serverless|scales?\s+to\s+zero|scale-to-zero|lambda|cloud\s+run",
            "serverless",
        ),
    ])
});

static NOT_MEMORY: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^\s*(?:of\s+)?(?:disk|volume|storage|ssd|hdd|swap|database|db|postgres|redis|cache|bandwidth|transfer|egress|/s|per\s+s)",
    )
});

static CPUS: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?P<n>\d+)\s*(?:x\s*)?(?:shared\s+|dedicated\s+|performance\s+)?(?:v-?cpus?|cpus?|cores?|vcores?|processors?)\b|(?P<kind>shared|performance)-cpu-(?P<k>\d+)x|(?P<kind2>shared|performance)-(?P<k2>\d+)x",
    )
});
static CPU_KINDS: LazyLock<Lexicon> = LazyLock::new(|| {
    lexicon(&[
        (
            r"shared[- ]cpus?|shared[- ]v?cpus?|shared\s+cores?|shared-cpu-\d+x|shared-\d+x",
            "shared",
        ),
        (
            r"performance[- ]cpus?|performance-\d+x|performance-cpu-\d+x|dedicated\s+(?:v?cpus?|cores?)",
            "performance",
        ),
    ])
});
static CPU_TARGET: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"cpu\w*(?:\s+(?:usage|utili[sz]ation|load|use))?\s*(?:is|goes|stays|gets|hits|reaches|passes|exceeds|crosses|averages|sits|climbs|rises|>=|>|at|of|past|beyond|tops|target|targets)?\s*(?:consistently\s+|above|over|beyond|past|at|>|>=|of|\s)*$",
    )
});
static CPU_AFTER: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^\s*(?:average\s+|avg\s+)?cpu\b|^\s*(?:of\s+)?cpu\b"));
/// "1 instance per 500 users": a ratio, not a count.
static PER: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"^\s*(?:instances?|machines?|vms?|servers?|dynos?|pods?|nodes?)?\s*(?:per|for\s+every|every)\s+\d")
});
/// "2GB between them", "1000 users overall": a total, not per instance.
static TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:sharing|shared\s+by|between\s+them|in\s+total|total|overall|combined|altogether|across\s+(?:all|the)\s+\w+)\b",
    )
});
static CONCURRENCY: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?P<n>\d+)\s*(?:concurrent|simultaneous|parallel|in-flight|open)\s*(?:requests|connections|reqs|users)|concurrency\s*(?:limit\s*)?(?:of|:|=|at)?\s*(?P<m>\d+)|(?P<o>\d+)\s*(?:requests|connections|reqs)\s*(?:at\s+once|in\s+flight|concurrently)",
    )
});

pub(super) fn read(r: &mut Reader<'_>, _ctx: &Context) {
    counts(r);
    for (value, range) in r.terms(&MODES) {
        r.set("mode", value, range);
    }
    memory(r);
    cpus(r);
    for (value, range) in r.terms(&CPU_KINDS) {
        r.set("cpu_kind", value, range);
    }
    target(r);
    for c in CONCURRENCY.captures_iter(&r.text.folded.clone()) {
        let m = c.name("n").or(c.name("m")).or(c.name("o")).expect("one group");
        let range = c.get(0).expect("group 0").range();
        let before_text = before(r.text, &range, 12);
        let per = before_text.trim_end().ends_with("per") || before_text.contains("soft");
        let per = per || TOTAL.is_match(r.text.segment_text(range.start));
        if r.text.certain_for_production(&range)
            && !alerting(r.text, &range)
            && !measured(r.text, &range)
            && !per
        {
            if let Ok(n) = m.as_str().parse::<u32>() {
                r.set("max_concurrent_requests", n, range);
            }
        }
    }
}

fn counts(r: &mut Reader<'_>) {
    let folded = r.text.folded.clone();
    let mut used: Vec<std::ops::Range<usize>> = Vec::new();
    for c in RANGE.captures_iter(&folded) {
        let range = c.get(0).expect("group 0").range();
        if !r.text.certain_for_production(&range) || alerting(r.text, &range) || measured(r.text, &range) {
            continue;
        }
        let (Ok(a), Ok(b)) = (c["a"].parse::<u32>(), c["b"].parse::<u32>()) else {
            continue;
        };
        // Without an instance noun, a range counts only after "between" in a sentence about scaling.
        if c.name("noun").is_none() && !(c.name("between").is_some() && instance_context(r, &range)) {
            continue;
        }
        if regex_unit(&folded[range.end..]) {
            continue;
        }
        if a < b {
            r.set("min_instances", a, range.clone());
            r.set("max_instances", b, range.clone());
            used.push(range);
        }
    }
    for m in COUNT.find_iter(&folded) {
        let range = m.range();
        if used.iter().any(|u| u.start <= range.start && range.end <= u.end) {
            continue;
        }
        let Some(n) = m.as_str().parse::<f64>().ok().and_then(whole) else {
            continue;
        };
        let after_text = after(r.text, &range, 40);
        // A count of instances, not memory, percent or time.
        if after_text.starts_with(['%', '.'])
            || after_text.trim_start().starts_with(|c: char| c.is_ascii_digit())
        {
            continue;
        }
        let unit_follows = regex_unit(after_text);
        if unit_follows {
            continue;
        }
        let before_text = before(r.text, &range, 40);
        let counted = COUNTED.is_match(after_text);
        let max = MAX_BEFORE.is_match(before_text) || MAX_AFTER.is_match(after_text);
        let min = MIN_BEFORE.is_match(before_text) || MIN_AFTER.is_match(after_text);
        let fixed = FIXED.is_match(before_text);
        // A bare number counts only next to range words or an instance noun;
        // "min 2 / max 10" in a scaling answer is a count of instances.
        let labelled = LABEL.is_match(before_text);
        if !(counted || labelled || (max || min) && instance_context(r, &range)) {
            if counted || max || min {
                r.mention("min_instances", range);
            }
            continue;
        }
        if !r.text.certain_for_production(&range)
            || alerting(r.text, &range)
            || measured(r.text, &range)
            || other_component(r.text, &range)
            || PER.is_match(after_text)
        {
            r.mention("min_instances", range);
            continue;
        }
        // "to" before a number is a maximum only after another count.
        let to_only = before_text.trim_end().ends_with(" to") || before_text.trim_end() == "to";
        if fixed {
            r.set("min_instances", n, range.clone());
            r.set("max_instances", n, range);
        } else if max && (!to_only || r.has("min_instances")) {
            r.set("max_instances", n, range);
        } else if min || counted && !max {
            r.set("min_instances", n, range);
        }
    }
}

fn regex_unit(after_text: &str) -> bool {
    static UNIT: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"^\s*-?\s*(?:%|percent|mb|mib|gb|gib|gigs?|g\b|m\b|megs?|ms|s\b|sec|min|h\b|hrs?|hours?|days?|weeks?|v?cpus?|cores?|x\b|\$|usd|dollars|requests|connections|reqs|users|rps|regions?|concurrent|simultaneous|parallel|in-flight|open\s+connections)",
        )
    });
    UNIT.is_match(after_text)
}

/// The segment speaks of instances (or the whole answer is about scaling).
fn instance_context(r: &Reader<'_>, range: &std::ops::Range<usize>) -> bool {
    static WORD: LazyLock<Regex> = LazyLock::new(|| {
        regex(&format!(
            r"\b{INSTANCE}\b|\w*scal\w*|\bautomatic\w*|\bunder\s+load\b"
        ))
    });
    WORD.is_match(r.text.sentence_text(range.start))
}

fn memory(r: &mut Reader<'_>) {
    let folded = r.text.folded.clone();
    for found in quantity::memories(&folded) {
        let range = found.range.clone();
        let after_text = after(r.text, &range, 30);
        if NOT_MEMORY.is_match(after_text) {
            continue;
        }
        let before_text = before(r.text, &range, 30);
        if before_text.trim_end().ends_with("disk") || before_text.contains("volume") {
            continue;
        }
        if !r.text.certain_for_production(&range)
            || alerting(r.text, &range)
            || other_component(r.text, &range)
            || TOTAL.is_match(r.text.segment_text(range.start))
        {
            r.mention("memory", range);
            continue;
        }
        match whole(found.value) {
            Some(mb) if mb > 0 => r.set("memory", Memory(u64::from(mb)).to_string(), range),
            _ => r.mention("memory", range),
        }
    }
}

fn cpus(r: &mut Reader<'_>) {
    let folded = r.text.folded.clone();
    for c in CPUS.captures_iter(&folded) {
        let range = c.get(0).expect("group 0").range();
        let n = c.name("n").or(c.name("k")).or(c.name("k2")).map(|m| m.as_str());
        if after(r.text, &range, 3).trim_start().starts_with('%') {
            continue;
        }
        if !r.text.certain_for_production(&range) || alerting(r.text, &range) {
            continue;
        }
        if let Some(n) = n.and_then(|n| n.parse::<u32>().ok()) {
            r.set("cpus", n, range);
        }
    }
}

fn target(r: &mut Reader<'_>) {
    let folded = r.text.folded.clone();
    for found in quantity::percents(&folded) {
        let range = found.range.clone();
        let before_text = before(r.text, &range, 60);
        let after_text = after(r.text, &range, 20);
        let cpu =
            CPU_TARGET.is_match(before_text) && before_text.contains("cpu") || CPU_AFTER.is_match(after_text);
        if !cpu {
            continue;
        }
        if !r.text.certain_for_production(&range) || alerting(r.text, &range) || measured(r.text, &range) {
            r.mention("cpu_target_percent", range);
            continue;
        }
        match whole(found.value) {
            Some(p) if (1..=100).contains(&p) => {
                r.set("cpu_target_percent", p, range.clone());
                if !r.has("mode") {
                    r.set("mode", "auto", range);
                }
            }
            _ => r.mention("cpu_target_percent", range),
        }
    }
}
