//! Q8 authorization: the model and, for roles, their names (with what the
//! words say each may do).

use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use super::super::Context;
use super::super::reader::{Lexicon, Reader, lexicon};
use super::super::rules::regex;

static MODELS: LazyLock<Lexicon> = LazyLock::new(|| {
    lexicon(&[
        (
            r"rbac|role[- ]based(?:\s+access(?:\s+control)?)?|roles?\s+based|by\s+roles?|(?:\d+|a\s+few|three|two|four)\s+roles",
            "rbac",
        ),
        (
            r"permissions?[- ]based|per-?permission|fine[- ]grained\s+permissions|permissions?\s+(?:model|system|per\s+action)|abac|attribute[- ]based|scopes?\s+per\s+(?:token|key)",
            "permissions",
        ),
        (
            r"resource[- ](?:level|based)|owner(?:ship)?[- ]based|(?:users|people)\s+(?:can\s+)?only\s+(?:see|edit|access|touch)\s+(?:their|what\s+they)\s+own|row[- ]level\s+(?:security|access)|ownership\s+checks?|resource\s+ownership|own\s+(?:data|records|resources)\s+only|only\s+[a-z ,]{0,30}\btheir\s+own|owns?\s+(?:their|its)\s+own|an?\s+owner\s+who|per-\w+\s+acls?|acls?",
            "resource",
        ),
        (
            r"no\s+(?:authori[sz]ation|roles|permissions)|every(?:one|body)\s+can\s+do\s+everything|everyone\s+(?:has|gets)\s+the\s+same|all\s+users\s+(?:are\s+equal|can\s+do\s+everything|have\s+the\s+same)|single\s+role|flat\s+permissions",
            "none",
        ),
    ])
});

/// `admin (full access)`, `editors can create and edit`, `viewer: read-only`.
static ROLE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:^|[\s,(:;/-])(?P<name>super[- ]?admins?|admins?|administrators?|owners?|editors?|viewers?|readers?|members?|managers?|moderators?|support|auditors?|billing|operators?|developers?|guests?|contributors?|authors?|reviewers?|analysts?|staff|customers?|users?)\b(?:\s*\((?P<paren>[^)\n]*)\)|[ \t]*[:=-][ \t]*(?P<colon>[^,;.\n]+)|[ \t]+(?:can|may|do|does|who|with|get|gets|has|have)[ \t]+(?P<verb>[^,;.\n]+))?",
    )
});
static ROLES_INTRO: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"\broles?\b|\brbac\b|role-based|\badmins?\b.*\b(?:viewers?|editors?|members?|users?)\b")
});

/// "Roles: a, b (does x), c", "RBAC with a, b and c": the list after the intro.
static LIST_INTRO: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:roles?\s*(?:[:=]|are\b|-)|(?:rbac|role[- ]based(?:\s+access(?:\s+control)?)?)\s*(?:with|:)(?:\s+(?:\d+|two|three|four|five)\s+roles?:?|\s+roles?\s*:)?|(?:\d+)\s+roles\s*[:(-]?)\s*",
    )
});
static ITEM: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^\s*(?:(?:an?|the)\s+)?(?P<name>[a-z][a-z0-9_-]*(?:\s+[a-z][a-z0-9_-]*)?)\s*(?:\((?P<paren>[^)]*)\)|[:=-]\s*(?P<colon>.+)|\s+(?:can|may|who|with|gets?|has|have)\s+(?P<verb>.+))?\s*$",
    )
});

const NOT_A_ROLE: &[&str] = &[
    "usual", "rest", "others", "other", "etc", "more", "ones", "everyone", "so", "on",
];
static NOT_DESCRIPTION: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"^(?:not|no|never|without|dropped|removed|but|the\s+same\s+as|same\s+as|like)\b|\bwe\s+dropped\b")
});

fn listed(r: &mut Reader<'_>) -> bool {
    let folded = r.text.folded.clone();
    let Some(m) = LIST_INTRO
        .find_iter(&folded)
        .find(|m| r.text.certain_for_production(&m.range()))
    else {
        return false;
    };
    let sentence_end = r
        .text
        .segment_at(m.start())
        .map_or(folded.len(), |s| s.sentence.end);
    let list_text = &folded[m.end().min(sentence_end)..sentence_end];
    // Commas inside parentheses belong to a description.
    let mut items: Vec<(usize, usize)> = Vec::new();
    let (mut depth, mut start) = (0i32, 0usize);
    let bytes = list_text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'(' => depth += 1,
            b')' => depth -= 1,
            b',' | b';' if depth == 0 => {
                items.push((start, i));
                start = i + 1;
            }
            b' ' if depth == 0 && list_text[i..].starts_with(" and ") => {
                items.push((start, i));
                start = i + 5;
                i += 4;
            }
            _ => {}
        }
        i += 1;
    }
    items.push((start, list_text.len()));
    let mut roles = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for (a, b) in items {
        let item = list_text[a..b].trim_start_matches(['\n', ' ']);
        if item.trim().is_empty() {
            continue;
        }
        let Some(c) = ITEM.captures(item) else {
            return false;
        };
        let name = c["name"].trim();
        // Two words are a name only when joined ("read-only" is one);
        // "the usual", "others" name no role.
        if NOT_A_ROLE.contains(&name) {
            // A list that trails off is no list of roles to read, partly or whole.
            r.mention("roles", m.range());
            return true;
        }
        if name.contains(' ') || name.len() > 24 {
            return false;
        }
        let name = singular(name);
        let offset = m.end() + a + (list_text[a..b].len() - item.len());
        let description = c
            .name("paren")
            .or(c.name("colon"))
            .or(c.name("verb"))
            .map_or(String::new(), |d| {
                r.text
                    .words(&(offset + d.start()..offset + d.end()))
                    .trim()
                    .to_owned()
            });
        // "(not viewer — we dropped it)" says nothing the role may do.
        let description = if NOT_DESCRIPTION.is_match(&description.to_lowercase()) {
            String::new()
        } else {
            description
        };
        if !names.contains(&name) {
            names.push(name.clone());
            roles.push(json!({"name": name, "description": description}));
        }
    }
    if names.len() < 2 {
        return false;
    }
    r.set("roles", serde_json::Value::Array(roles), m.start()..sentence_end);
    // A list of roles is role-based access; other model words make it unsure.
    r.set("model", "rbac", m.range());
    true
}

fn singular(name: &str) -> String {
    let name = name.replace(' ', "-");
    match name.as_str() {
        "administrators" | "administrator" => "admin".to_owned(),
        n if n.ends_with("ss") => n.to_owned(),
        n if n.ends_with('s') && n != "billing" && n != "support" && n != "staff" => {
            n.trim_end_matches('s').to_owned()
        }
        n => n.to_owned(),
    }
}

pub(super) fn read(r: &mut Reader<'_>, _ctx: &Context) {
    let mut models = r.terms(&MODELS);
    // "Permissions-based, no roles": "no roles" rules out roles, not every model.
    if models.iter().any(|(v, _)| *v != "none") {
        models.retain(|(v, range)| *v != "none" || !r.text.folded[range.clone()].contains("roles"));
    }
    for (value, range) in &models {
        r.set("model", *value, range.clone());
    }
    let folded = r.text.folded.clone();
    if listed(r) {
        return;
    }
    if !ROLES_INTRO.is_match(&folded) {
        return;
    }
    let mut roles: Vec<serde_json::Value> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut span: Option<std::ops::Range<usize>> = None;
    for c in ROLE.captures_iter(&folded) {
        let m = c.name("name").expect("name group");
        let range = m.range();
        if !r.text.certain(&range) {
            continue;
        }
        let name = singular(m.as_str());
        // "users" is a role only in a list of roles, not in "users can log in".
        if name == "user" && names.is_empty() && c.name("paren").is_none() {
            continue;
        }
        if names.contains(&name) {
            continue;
        }
        let description = c
            .name("paren")
            .or(c.name("colon"))
            .or(c.name("verb"))
            .map_or(String::new(), |d| r.text.words(&d.range()).trim().to_owned());
        let description = if NOT_DESCRIPTION.is_match(&description.to_lowercase()) {
            String::new()
        } else {
            description
        };
        names.push(name.clone());
        roles.push(json!({"name": name, "description": description}));
        let whole = c.get(0).expect("group 0").range();
        span = Some(match span {
            Some(s) => s.start.min(whole.start)..s.end.max(whole.end),
            None => whole,
        });
    }
    if let Some(span) = span {
        r.set("roles", serde_json::Value::Array(roles), span);
    }
}
