//! The interpreter measured on a corpus of answers as people write them
//! (`tests/corpus/answers/`): per question, stated fields read right,
//! wrong values, and fields missed. The floor: 95 % of stated fields read,
//! and no wrong value at all: a field read that the words do not state, or
//! read with another value, is wrong.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;
use shipspec::answers::units::{Duration, Memory};
use shipspec::answers::vocab::Platform;
use shipspec::interpret::{Context, read_question};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CorpusFile {
    question: String,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    text: String,
    #[serde(default)]
    context: Option<CaseContext>,
    #[serde(default)]
    expect: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    #[allow(dead_code, reason = "documents why fields are left open")]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseContext {
    platform: Platform,
}

/// A value in a form both sides share: sizes in MB, durations in seconds,
/// lists as sorted sets, roles by name, numbers as numbers.
fn normal(field: &str, value: &Value) -> Value {
    match (field, value) {
        ("memory", Value::String(s)) => {
            Memory::parse(s).map_or(value.clone(), |m| Value::from(m.megabytes()))
        }
        ("memory", Value::Number(n)) => Value::from(n.as_u64().unwrap_or(0)),
        ("rto" | "rpo", Value::String(s)) => {
            Duration::parse(s).map_or(value.clone(), |d| Value::from(d.seconds()))
        }
        ("roles", Value::Array(items)) => {
            let mut names: Vec<String> = items
                .iter()
                .map(|i| match i {
                    Value::String(s) => s.clone(),
                    other => other.get("name").and_then(Value::as_str).unwrap_or("").to_owned(),
                })
                .collect();
            names.sort();
            Value::from(names)
        }
        (_, Value::Array(items)) => {
            let mut items: Vec<Value> = items.iter().map(|i| normal(field, i)).collect();
            items.sort_by_key(|v| v.to_string());
            Value::Array(items)
        }
        (_, Value::Number(n)) => Value::from(n.as_f64().map_or(0.0, |f| (f * 10_000.0).round() / 10_000.0)),
        _ => value.clone(),
    }
}

#[derive(Default)]
struct Tally {
    stated: usize,
    right: usize,
    wrong: usize,
    cases: usize,
}

#[test]
fn corpus_of_answers_is_read_without_a_wrong_value() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/answers");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "a corpus file for every question");
    let mut per_question: BTreeMap<String, Tally> = BTreeMap::new();
    let mut problems: Vec<String> = Vec::new();
    let mut cases = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).expect("corpus file");
        let corpus: CorpusFile =
            serde_norway::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let tally = per_question.entry(corpus.question.clone()).or_default();
        for case in &corpus.cases {
            cases += 1;
            tally.cases += 1;
            let ctx = Context {
                platform: case.context.as_ref().map(|c| c.platform),
            };
            let (readings, _) = read_question(&corpus.question, &case.text, &ctx);
            let read: BTreeMap<&str, &Value> = readings.iter().map(|r| (r.field, &r.value)).collect();
            for (field, expected) in &case.expect {
                tally.stated += 1;
                match read.get(field.as_str()) {
                    Some(got) if normal(field, got) == normal(field, expected) => tally.right += 1,
                    Some(got) => {
                        tally.wrong += 1;
                        problems.push(format!(
                            "WRONG {} {field}: read {got}, stated {expected}\n      {:?}",
                            corpus.question, case.text
                        ));
                    }
                    None => problems.push(format!(
                        "missed {} {field} = {expected}\n      {:?}",
                        corpus.question, case.text
                    )),
                }
            }
            for (field, got) in &read {
                if !case.expect.contains_key(*field) {
                    tally.wrong += 1;
                    problems.push(format!(
                        "WRONG {} {field}: read {got}, the words leave it open\n      {:?}",
                        corpus.question, case.text
                    ));
                }
            }
        }
    }
    let (mut stated, mut right, mut wrong) = (0, 0, 0);
    println!(
        "{:<32} {:>5} {:>6} {:>5} {:>5}",
        "question", "cases", "stated", "read", "wrong"
    );
    for (question, t) in &per_question {
        println!(
            "{question:<32} {:>5} {:>6} {:>5} {:>5}",
            t.cases, t.stated, t.right, t.wrong
        );
        stated += t.stated;
        right += t.right;
        wrong += t.wrong;
    }
    let accuracy = 100.0 * right as f64 / stated.max(1) as f64;
    println!(
        "{cases} answers: {right} of {stated} stated fields read ({accuracy:.1} %), {wrong} wrong values"
    );
    for p in &problems {
        println!("  {p}");
    }
    assert!(cases >= 200, "at least 200 answers in the corpus, found {cases}");
    assert_eq!(wrong, 0, "no wrong value is acceptable");
    assert!(
        accuracy >= 95.0,
        "at least 95 % of stated fields read, got {accuracy:.1} %"
    );
}

/// Every rule on every corpus answer cut, spliced and sprinkled with
/// multi-byte characters: no panic, and every value read still quotes words
/// that are in the answer.
#[test]
fn any_text_is_read_without_a_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/answers");
    let mut texts: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("corpus folder") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("corpus file");
        let corpus: CorpusFile = serde_norway::from_str(&text).expect("corpus parses");
        texts.extend(corpus.cases.into_iter().map(|c| c.text));
    }
    texts.sort();
    let odd = [
        "é", "ü", "漢字", "🚀", "e\u{301}", "\u{200b}", "İ", "ß", "—", "’", "\t", "\r\n", "½", "٣",
    ];
    let mut variants: Vec<String> = Vec::new();
    for (i, text) in texts.iter().enumerate().filter(|(i, _)| i % 2 == 0) {
        let chars: Vec<char> = text.chars().collect();
        let cut = chars.len() * (i % 7 + 1) / 8;
        let head: String = chars[..cut].iter().collect();
        let tail: String = chars[cut..].iter().collect();
        let o = odd[i % odd.len()];
        variants.push(format!("{head}{o}{tail}"));
        variants.push(format!("{o}{text}{o}"));
        variants.push(text.replace(' ', &format!(" {o}")));
        variants.push(text.to_uppercase());
        variants.push(head);
    }
    let platforms = [
        None,
        Some(Platform::Fly),
        Some(Platform::Aws),
        Some(Platform::Gcp),
        Some(Platform::Azure),
        Some(Platform::Heroku),
    ];
    let questions: Vec<&str> = shipspec::interpret::questions::RULES
        .iter()
        .map(|(q, _)| *q)
        .collect();
    for (i, text) in variants.iter().enumerate() {
        let ctx = Context {
            platform: platforms[i % platforms.len()],
        };
        for question in &questions {
            let (readings, _) = read_question(question, text, &ctx);
            for r in readings {
                assert!(
                    text.contains(&r.words),
                    "{question}.{}: {:?} not in {text:?}",
                    r.field,
                    r.words
                );
            }
        }
    }
}
