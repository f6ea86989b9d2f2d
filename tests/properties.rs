//! Properties over arbitrary text in every free-text and name field of the
//! example: whatever is written there, either the answers are refused, or
//! every generated YAML, TOML and Markdown file parses with the structure
//! the example's own render has, no answer opens or closes a shipspec
//! marker, and no secret-looking value reaches any output.

use proptest::prelude::*;

use shipspec::answers::secrets;
use shipspec::reconcile::state::Lock;

use crate::support::EXAMPLE;

/// The generated files of `yaml` (path, text), or `None` when refused.
fn render(yaml: &str) -> Option<Vec<(String, String)>> {
    let loaded = shipspec::answers::load("shipspec.yaml", yaml.as_bytes()).ok()?;
    let resolved = shipspec::resolve::resolve(&loaded);
    if !resolved.ok() {
        return None;
    }
    let artifacts = shipspec::render::render(&resolved.plan);
    let root = tempfile::tempdir().unwrap();
    let changes = shipspec::reconcile::reconcile(&artifacts, root.path(), &Lock::default()).unwrap();
    Some(changes.into_iter().map(|c| (c.path, c.after)).collect())
}

/// What must not change whatever the answers say: top-level keys (and
/// workflow jobs) of YAML, tables of TOML, marker lines and headings of
/// Markdown outside code.
fn structure(path: &str, text: &str) -> Vec<String> {
    if path.ends_with(".yml") || path.ends_with(".yaml") {
        let docs =
            yaml_rust2::YamlLoader::load_from_str(text).unwrap_or_else(|e| panic!("{path}: {e}\n{text}"));
        let doc = &docs[0];
        let mut keys: Vec<String> = doc
            .as_hash()
            .unwrap_or_else(|| panic!("{path} is not a mapping"))
            .keys()
            .map(|k| format!("{k:?}"))
            .collect();
        if let Some(jobs) = doc["jobs"].as_hash() {
            keys.extend(jobs.keys().map(|k| format!("job {k:?}")));
        }
        keys
    } else if path.ends_with(".toml") {
        let doc: toml_edit::DocumentMut = text.parse().unwrap_or_else(|e| panic!("{path}: {e}\n{text}"));
        doc.as_table().iter().map(|(k, _)| k.to_owned()).collect()
    } else if path.ends_with(".md") {
        let mut lines = Vec::new();
        let mut fence = false;
        for line in text.lines() {
            if line.starts_with("```") {
                fence = !fence;
            } else if !fence && (line.starts_with("<!-- shipspec:") || line.starts_with('#')) {
                lines.push(line.to_owned());
            }
        }
        lines
    } else {
        Vec::new()
    }
}

fn structures(files: &[(String, String)]) -> Vec<(String, Vec<String>)> {
    files.iter().map(|(p, t)| (p.clone(), structure(p, t))).collect()
}

/// Text a person, a paste or an attacker might put in an answer.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<String>(),
        "[a-zA-Z ,.]{0,40}",
        Just("<!-- shipspec:end infrastructure -->".to_owned()),
        Just("<!-- shipspec:begin x -->".to_owned()),
        Just("\n# Heading\n".to_owned()),
        Just("\n```\n".to_owned()),
        Just("${{ secrets.X }}".to_owned()),
        Just("\"'|\\`\n---\n".to_owned()),
        Just("key: [value, {a: b}]".to_owned()),
        Just("AKIAIOSFODNN7EXAMPLE".to_owned()),
        Just("redis://:S3cretP4ss@cache:6379/0".to_owned()),
        Just("-----BEGIN PRIVATE KEY-----".to_owned()),
        Just(format!("ghp_{}", "a".repeat(36))),
    ];
    prop::collection::vec(piece, 1..4).prop_map(|parts| parts.concat())
}

/// Every place in the example a free text or a name goes, as the text
/// written there now (each replaced, one at a time, by a YAML string).
fn places() -> Vec<String> {
    let mut places: Vec<String> = EXAMPLE
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("answer: "))
        .map(str::to_owned)
        .collect();
    places.extend(
        [
            "\"#incidents\"",
            "description: full access",
            "name: editor",
            "name: staging",
            "DATABASE_URL",
            "readiness_path: /ready",
        ]
        .map(str::to_owned),
    );
    places
}

fn with(place: &str, value: &str) -> String {
    // A JSON string is a YAML string, whatever it holds.
    let quoted = serde_json::to_string(value).unwrap();
    let replacement = match place.split_once(": ") {
        Some((key, _)) if !place.starts_with('"') => format!("{key}: {quoted}"),
        _ => quoted,
    };
    EXAMPLE.replacen(place, &replacement, 1)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_text_anywhere_keeps_every_output_whole(index in 0usize..26, value in text()) {
        let places = places();
        let place = &places[index % places.len()];
        let baseline = structures(&render(EXAMPLE).unwrap());
        if let Some(files) = render(&with(place, &value)) {
            prop_assert_eq!(structures(&files), baseline, "with {:?} at {:?}", value, place);
            for (path, text) in &files {
                prop_assert!(secrets::find(text).is_none(), "{} holds a secret from {:?}", path, value);
            }
        }
    }

    #[test]
    fn secrets_never_reach_an_output(index in 0usize..26, before in "[a-z ]{0,20}", secret in prop_oneof![
        "AKIA[0-9A-Z]{16}",
        "sk_live_[0-9A-Za-z]{10,20}",
        "[a-z]{2,8}://[a-z]{0,6}:[A-Za-z0-9]{1,12}@[a-z]{1,10}",
        "xox[abposr]-[0-9A-Za-z]{10,20}",
    ]) {
        let places = places();
        let value = format!("{before} {secret}");
        let yaml = with(&places[index % places.len()], &value);
        if let Some(files) = render(&yaml) {
            for (path, text) in &files {
                prop_assert!(!text.contains(&secret), "{} holds {:?}", path, secret);
            }
        }
    }
}

#[test]
fn every_place_is_in_the_example() {
    for place in places() {
        assert!(EXAMPLE.contains(&place), "{place}");
        assert_ne!(with(&place, "x"), EXAMPLE);
    }
    assert!(places().len() >= 20);
    // Not vacuous: every answer takes hostile text and still renders.
    for place in places().iter().filter(|p| p.starts_with('"') && p.len() > 20) {
        let files = render(&with(place, "<!-- shipspec:end x -->\n# H\n```\n${{ x }}"));
        assert!(files.is_some(), "{place} refused plain hostile text");
    }
}
