//! Q12 audits: how often dependencies are scanned, and the code scanners
//! shipspec can run (bandit, semgrep, gosec).

use std::sync::LazyLock;

use regex::Regex;

use super::super::Context;
use super::super::reader::{Lexicon, Reader, lexicon};
use super::super::rules::regex;

static CADENCE: LazyLock<Lexicon> = LazyLock::new(|| {
    lexicon(&[
        (
            r"daily|every\s+day|each\s+day|nightly|every\s+night|each\s+night|once\s+a\s+day|per\s+day",
            "daily",
        ),
        (
            r"weekly|every\s+week|each\s+week|once\s+a\s+week|every\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|on\s+(?:mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays)|per\s+week",
            "weekly",
        ),
        (
            r"monthly|every\s+month|each\s+month|once\s+a\s+month|per\s+month",
            "monthly",
        ),
        (
            r"on\s+(?:every\s+)?push(?:es)?|every\s+push|each\s+push|on\s+(?:every\s+)?(?:pr|pull\s+request)s?|every\s+(?:pr|pull\s+request|commit)|each\s+(?:pr|pull\s+request|commit)|on\s+(?:every\s+)?commits?|in\s+ci\s+on\s+every",
            "on-push",
        ),
    ])
});

static DEPENDENCY: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:dependenc\w*|deps|packages?|librar\w*|pip-audit|npm\s+audit|npm-audit|cargo[- ]audit|cargo\s+deny|govulncheck|dependabot|renovate|snyk|safety|osv|trivy|audit\w*|vulnerab\w*|cves?|scan\w*)\b",
    )
});

static CODE_TOOLS: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"\b(?:bandit|banditt|semgrep|gosec|codeql|sast|static\s+analysis|linters?|eslint\S*)\b")
});
static DEPENDENCY_TOOLS: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:dependenc\w*|deps|pip-audit|npm\s+audit|npm-audit|cargo[- ]audit|cargo\s+deny|govulncheck|dependabot|renovate|snyk|safety|osv\S*|trivy)\b",
    )
});

static SCANNERS: LazyLock<Lexicon> = LazyLock::new(|| {
    lexicon(&[
        (r"bandit", "bandit"),
        (r"semgrep", "semgrep"),
        (r"gosec", "gosec"),
    ])
});

/// Scanners shipspec cannot run: said, so the field is mentioned, not read.
static OTHER_SCANNERS: LazyLock<Lexicon> = LazyLock::new(|| {
    lexicon(&[(
        r"codeql|code\s+ql|sonarqube|sonarcloud|snyk\s+code|eslint-plugin-security|brakeman",
        "other",
    )])
});

pub(super) fn read(r: &mut Reader<'_>, _ctx: &Context) {
    for (value, range) in r.terms(&CADENCE) {
        // The cadence of dependency scans, not of pentests or reviews.
        // The segment names dependencies, or names no tool and its sentence does.
        let segment = r.text.segment_text(range.start);
        let sentence = r.text.sentence_text(range.start);
        if CODE_TOOLS.is_match(segment) && !DEPENDENCY_TOOLS.is_match(segment) {
            continue;
        }
        if !DEPENDENCY.is_match(segment) && (CODE_TOOLS.is_match(segment) || !DEPENDENCY.is_match(sentence)) {
            continue;
        }
        if regex_pentest(segment) {
            continue;
        }
        r.set("dependency_scanning", value, range);
    }
    let scanners = r.terms(&SCANNERS);
    for (value, range) in r.singled_out(scanners) {
        r.add("code_scanning", value, range);
    }
    if let Some((_, range)) = r.terms(&OTHER_SCANNERS).into_iter().next() {
        r.mention("code_scanning", range);
    }
}

fn regex_pentest(segment: &str) -> bool {
    static PENTEST: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b(?:pen[- ]?test\w*|penetration|external\s+audit|review\w*|training|access\s+review|soc\s*2|compliance)\b",
        )
    });
    PENTEST.is_match(segment) && !segment.contains("dependenc") && !segment.contains("scan")
}
