//! Q13 deployment: method, strategy, and each environment with what
//! deploys it. A list is read only when every environment named in it has
//! one certain trigger: a list missing production would describe it wrongly.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use super::super::Context;
use super::super::reader::{Lexicon, Reader, lexicon};
use super::super::rules::regex;
use super::super::text::Env;

static METHODS: LazyLock<Lexicon> = LazyLock::new(|| {
    lexicon(&[
        (
            r"ci/cd|ci-cd|cicd|ci|actions\s+tab|workflow_dispatch|run\s+workflow|github\s+actions?|github\s+ac\w*ons?|github\s+workflows?|gh\s+actions|gitlab\s+ci|circle\s*ci|buildkite|jenkins|pipelines?|continuous(?:ly)?\s+deploy\w*|continuous\s+delivery|auto-?deploy\w*|deploys?\s+automatically|automatically\s+deploy\w*|argo\s*cd|flux",
            "ci-cd",
        ),
        (
            r"deploy\w*\s+(?:it\s+)?(?:by\s+hand|manually)|(?:we|i)\s+(?:deploy|ship|release)\w*\s+(?:[\w`'-]+\s+){1,6}?(?:by\s+hand|manually)|manual(?:ly)?\s+\W?(?:fly\s+deploy|deploy\w*|releases?)|from\s+(?:a|my|our)\s+laptops?|fly\s+deploy\s+by\s+hand|(?:run|runs|type|types)\s+`?(?:fly|kamal|heroku|kubectl)\s+(?:deploy|apply)|git\s+push\s+heroku\s+main\s+by\s+hand|no\s+ci",
            "manual",
        ),
    ])
});

static STRATEGIES: LazyLock<Lexicon> = LazyLock::new(|| {
    lexicon(&[
        (
            r"rolling(?:\s+(?:deploy\w*|updates?|releases?|restarts?|strategy))?|one\s+(?:machine|instance|pod|server)\s+at\s+a\s+time|machine\s+by\s+machine",
            "rolling",
        ),
        (r"blue[- /]?green|blue\s+and\s+green|b/g", "bluegreen"),
        (r"canar(?:y|ies)|canary\s+releases?", "canary"),
        (
            r"immediate(?:ly)?|all\s+at\s+once|recreate|everything\s+at\s+once|all\s+machines\s+at\s+once",
            "immediate",
        ),
    ])
});

static ENVIRONMENTS: LazyLock<Lexicon> = LazyLock::new(|| {
    lexicon(&[
        (r"staging|stage|stg", "staging"),
        (r"production|prod|live|prd", "production"),
        (r"preview(?:\s+apps?|\s+env\w*)?|review\s+apps?", "preview"),
        (
            r"dev(?:elopment)?\s+env\w*|dev\s+server|development\s+server",
            "development",
        ),
        (r"qa\s+env\w*|qa\s+server", "qa"),
        (r"dev", "dev"),
        (r"demo", "demo"),
        (r"sandbox", "sandbox"),
    ])
});

static TAG: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:tag\w*|git\s+tags?|semver|release\s+tags?|v\*|github\s+releases?|cut\s+a\s+release|publish(?:ing)?\s+a\s+release)\b|\bv\d+\.\d+",
    )
});
static MANUAL: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:manual\w*|by\s+hand|approv\w*|promot\w*|button|workflow[_ ]dispatch|on\s+demand|click\w*|human|sign[- ]?off|someone\s+(?:runs|triggers|clicks)|hand-?off|gated|gate)\b",
    )
});
static PUSH: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:on\s+(?:every\s+)?(?:merge|push)\w*|merg\w*\s+(?:in)?to|merges?|push\w*\s+to|pushes|automatic\w*|auto-?deploy\w*|auto|continuous\w*|every\s+commit|each\s+commit|every\s+push|every\s+merge|lands?\s+on|when\s+\w+\s+(?:is\s+)?updated|commits?\s+(?:to|on))\b|->|=>",
    )
});
static BRANCH: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:\b(?:to|into|on|from|of)\s+(?:the\s+)?`?(?P<a>main|master|develop|development|dev|trunk|staging|release|release/\*|production)`?(?:\s+branch)?\b)|(?:`?(?P<b>[a-z0-9][a-z0-9/_*.-]*)`?\s+branch\b)|(?:\b(?P<c>main|master|develop|trunk)\b)",
    )
});

pub(super) fn read(r: &mut Reader<'_>, _ctx: &Context) {
    let methods = r.terms_in_any_env(&METHODS);
    let has_ci = methods.iter().any(|(v, _)| *v == "ci-cd");
    // "Staging auto-deploys from main; we deploy production by hand": CI
    // named only for another environment, production by hand, nothing
    // said of a pipeline promoting it: how production ships is unsure.
    let ci_elsewhere_only = has_ci
        && methods
            .iter()
            .filter(|(v, _)| *v == "ci-cd")
            .all(|(_, range)| r.text.env(range) == Env::Other);
    let hand_for_production = methods.iter().any(|(v, range)| {
        *v == "manual"
            && r.text.env(range) != Env::Other
            && !PROMOTED.is_match(r.text.sentence_text(range.start))
    });
    if ci_elsewhere_only && hand_for_production {
        if let Some((_, range)) = methods.first() {
            r.mention("method", range.clone());
        }
        environments(r);
        return;
    }
    for (value, range) in methods {
        // "the demo environment is deployed by hand": not production's method.
        if value == "manual" && (has_ci || r.text.env(&range) == Env::Other) {
            continue;
        }
        r.set("method", value, range);
    }
    for (value, range) in r.terms_in_any_env(&STRATEGIES) {
        // "Staging gets a canary first": the strategy asked is production's.
        if r.text.env(&range) == Env::Other {
            r.mention("strategy", range);
            continue;
        }
        let sentence = r.text.sentence_text(range.start);
        if value == "immediate"
            && !["deploy", "release", "strateg", "replace", "rollout", "machines"]
                .iter()
                .any(|w| sentence.contains(w))
        {
            continue;
        }
        r.set("strategy", value, range);
    }
    environments(r);
}

static PROMOTED: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"\b(?:promot\w*|approv\w*|aprov\w*|click\w*|button|workflow_dispatch|environment)\b")
});
static DEPLOYS: LazyLock<Regex> = LazyLock::new(|| regex(r"\b(?:deploy\w*|ship\w*|release\w*|push\w*)\b"));
static PER_PR: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"\b(?:per|for\s+(?:each|every)|on\s+(?:each|every))\s+(?:pr|prs|pull\s+requests?|branch)\b")
});

fn environments(r: &mut Reader<'_>) {
    let all = r.any_terms(&ENVIRONMENTS);
    if all.is_empty() {
        return;
    }
    let mut found: Vec<(&str, Range<usize>)> = Vec::new();
    for (name, range) in all {
        // "staging" as a branch name ("merge to the staging branch") is no environment.
        let after_words = super::super::rules::after(r.text, &range, 8);
        if after_words.trim_start().starts_with("branch") {
            continue;
        }
        // "preview apps per PR": one app per pull request, not an environment
        // a branch deploys to.
        if PER_PR.is_match(r.text.segment_text(range.start)) {
            r.mention("environments", range);
            continue;
        }
        if !r.text.certain(&range) {
            r.mention("environments", range);
            // Production undecided: how it gets there is undecided too.
            r.forget("method");
            return;
        }
        if !found.iter().any(|(n, _)| *n == name) {
            found.push((name, range));
        }
    }
    let mut list = Vec::new();
    let mut span: Option<Range<usize>> = None;
    for (name, range) in &found {
        let segment = r.text.segment_text(range.start);
        let sentence = r.text.sentence_text(range.start);
        let others_in_segment = found
            .iter()
            .filter(|(n, r2)| {
                n != name && r.text.segment_text(r2.start) == segment && r2.start != range.start
            })
            .count();
        let scope = if trigger_of(segment).is_some() || others_in_segment > 0 {
            segment
        } else {
            sentence
        };
        // Two environments in one scope share its trigger only when it is a sentence of their own.
        let Some(trigger) = trigger_of(scope) else {
            r.mention("environments", range.clone());
            return;
        };
        let mut env = json!({"name": name, "trigger": trigger});
        if trigger == "push" {
            if let Some(branch) = branch_of(scope, name) {
                env["branch"] = json!(branch);
            }
        }
        list.push(env);
        let s = r
            .text
            .segment_at(range.start)
            .map_or(range.clone(), |s| s.range.clone());
        span = Some(match span {
            Some(old) => old.start.min(s.start)..old.end.max(s.end),
            None => s,
        });
    }
    // "We deploy from the release branch by hand. Staging auto-deploys": a
    // list without production, beside words on deploying that name no
    // environment, leaves production out.
    let has_production = list.iter().any(|e| e["name"] == "production");
    let unnamed_deploy = r.text.segments.iter().any(|s| {
        let sentence = &r.text.folded[s.sentence.clone()];
        DEPLOYS.is_match(sentence) && !found.iter().any(|(_, at)| s.sentence.contains(&at.start))
    });
    if !has_production && unnamed_deploy {
        if let Some(span) = span {
            r.mention("environments", span);
        }
        return;
    }
    if let Some(span) = span {
        r.set("environments", serde_json::Value::Array(list), span);
    }
}

fn trigger_of(scope: &str) -> Option<&'static str> {
    let tag = TAG.is_match(scope);
    let manual = MANUAL.is_match(scope);
    let push = PUSH.is_match(scope);
    match (tag, manual, push) {
        (true, false, _) => Some("tag"),
        (false, true, false) => Some("manual"),
        (false, false, true) => Some("push"),
        _ => None,
    }
}

fn branch_of(scope: &str, env: &str) -> Option<String> {
    let mut branches: Vec<String> = Vec::new();
    for c in BRANCH.captures_iter(scope) {
        let Some(m) = c.name("a").or(c.name("b")).or(c.name("c")) else {
            continue;
        };
        let name = m.as_str();
        // "deploys to production": the environment, not a branch.
        if name == env
            || (name == "production" && env == "production")
            || name == "staging" && env == "staging" && c.name("b").is_none()
        {
            continue;
        }
        if matches!(
            name,
            "the" | "a" | "feature" | "any" | "every" | "each" | "this" | "that"
        ) {
            continue;
        }
        if !branches.iter().any(|b| b == name) {
            branches.push(name.to_owned());
        }
    }
    (branches.len() == 1).then(|| branches.remove(0))
}
