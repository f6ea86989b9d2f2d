//! The project facts in a spec's own words: "an Express app on Node.js,
//! listening on port 3000, data in PostgreSQL", and the name in the title
//! ("Codebase Spec: shopfront"). Read with the interpreter's notion of
//! certainty: nothing hedged, negated or left aside, one value per fact.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Value, json};

use crate::interpret::text::Text;

static FACTS: LazyLock<Vec<(&'static str, Regex, Value)>> = LazyLock::new(|| {
    let r = |p: &str| Regex::new(p).expect("a valid regex");
    vec![
        ("framework", r(r"\bfastapi\b"), json!("fastapi")),
        ("framework", r(r"\bflask\b"), json!("flask")),
        ("framework", r(r"\bdjango\b"), json!("django")),
        (
            "framework",
            r(
                r"\bexpress(?:\.js)?\s+(?:app|service|api|server|application)\b|\b(?:on|with|uses|in)\s+express\b",
            ),
            json!("express"),
        ),
        ("framework", r(r"\baxum\b"), json!("axum")),
        ("framework", r(r"\bnet/http\b"), json!("net-http")),
        ("language", r(r"\bpython\b"), json!("python")),
        ("language", r(r"\bnode(?:\.js|js)?\b"), json!("node")),
        (
            "language",
            r(r"\b(?:in|with)\s+rust\b|\brust\s+(?:service|app|api)\b"),
            json!("rust"),
        ),
        (
            "language",
            r(r"\bgolang\b|\b(?:in|with)\s+go\b|\bgo\s+(?:service|app|api)\b"),
            json!("go"),
        ),
        ("database", r(r"\bpostgres(?:ql)?\b"), json!("postgres")),
        ("database", r(r"\bmysql\b"), json!("mysql")),
        ("database", r(r"\bsqlite\b"), json!("sqlite")),
    ]
});

static PORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:listens|listening|runs|served|serves)\s+(?:on\s+)?port\s+(\d{2,5})\b")
        .expect("a valid regex")
});

static NAMED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([a-z][a-z0-9-]{1,62})\s+is\s+(?:the|an?|our)\b").expect("a valid regex"));

/// Facts stated with certainty in `text`: (field, value, the words).
pub fn read(text: &str) -> Vec<(&'static str, Value, String)> {
    let t = Text::new(text);
    let folded = &t.folded;
    let mut out: Vec<(&'static str, Value, String)> = Vec::new();
    let mut conflicted = Vec::new();
    let mut push = |field: &'static str, value: Value, range: std::ops::Range<usize>| {
        if !t.certain(&range) {
            return;
        }
        let words = folded[range].to_owned();
        match out.iter().find(|(f, _, _)| *f == field) {
            Some((_, v, _)) if *v != value => conflicted.push(field),
            Some(_) => {}
            None => out.push((field, value, words)),
        }
    };
    for (field, pattern, value) in FACTS.iter() {
        for m in pattern.find_iter(folded) {
            push(field, value.clone(), m.range());
        }
    }
    for c in PORT.captures_iter(folded) {
        if let (Some(m), Ok(port)) = (c.get(0), c[1].parse::<u32>()) {
            push("port", json!(port), m.range());
        }
    }
    if let Some(c) = NAMED.captures(folded) {
        let m = c.get(1).expect("a group");
        push("name", json!(m.as_str()), m.range());
    }
    out.retain(|(f, _, _)| !conflicted.contains(f));
    out
}

/// The name in a title such as "Codebase Spec: shopfront" or "… — bookclub".
pub fn name_in_title(title: &str) -> Option<String> {
    let (_, name) = title.rsplit_once([':', '—', '–'])?;
    let name = name.trim().trim_matches('`');
    let dns = !name.is_empty()
        && name.len() <= 63
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    dns.then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_in_words() {
        let read = read(
            "shopfront is the storefront API. It is an Express app on Node.js, listens on port 3000 and keeps its data in PostgreSQL.",
        );
        let fields: Vec<&str> = read.iter().map(|(f, _, _)| *f).collect();
        assert_eq!(fields, ["framework", "language", "database", "port", "name"]);
        assert!(super::read("We might move to Django later.").is_empty());
        assert_eq!(
            name_in_title("Codebase Spec — bookclub").as_deref(),
            Some("bookclub")
        );
        assert_eq!(name_in_title("Codebase Spec"), None);
    }
}
