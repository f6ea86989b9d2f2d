//! interpret: values from the answers people write in their own words.
//!
//! Runs between load and resolve. For each question answered with words,
//! the question's rules (`questions/`) read the fields its words state with
//! certainty; resolve then uses a value read here wherever the structured
//! field is absent, with provenance `interpreted` and the words quoted.
//!
//! The rule that matters most is never a wrong value. [`text`] marks what
//! makes words unsure (hedges, option lists, negations, options not chosen,
//! staging values) and a rule reads nothing there; two different values
//! for one field cancel each other. What the words speak of without a
//! certain value is kept as a mention, so resolve can warn rather than
//! fall back to a default in silence.
//!
//! Deterministic: regular expressions over the folded text, no model, no
//! network, no randomness.

pub mod pattern;
pub mod quantity;
pub mod questions;
pub mod reader;
pub mod rules;
pub mod text;

use std::collections::BTreeMap;

use serde_json::Value;

use crate::answers::Answers;
use crate::answers::vocab::Platform;

pub use reader::{Mention, Reading};

/// What the rules may know beyond the words: the platform decides region codes.
#[derive(Clone, Copy, Debug, Default)]
pub struct Context {
    pub platform: Option<Platform>,
}

/// Everything read from one answers file, by dotted key path.
#[derive(Debug, Default)]
pub struct Interpretation {
    pub values: BTreeMap<String, Reading>,
    pub mentions: BTreeMap<String, Mention>,
}

/// Reads one question's answer text.
pub fn read_question(question: &str, answer: &str, ctx: &Context) -> (Vec<Reading>, Vec<Mention>) {
    read_question_text(question, &text::Text::new(answer), ctx)
}

/// Reads one question from text already prepared (so several questions
/// can read the same words without preparing them again).
pub fn read_question_text(question: &str, text: &text::Text, ctx: &Context) -> (Vec<Reading>, Vec<Mention>) {
    let Some((_, rule)) = questions::RULES.iter().find(|(path, _)| *path == question) else {
        return (Vec::new(), Vec::new());
    };
    let mut reader = reader::Reader::new(text);
    rule(&mut reader, ctx);
    reader.finish()
}

/// The value at a dotted key path (`infrastructure.scaling.memory`).
pub fn lookup<'a>(tree: &'a Value, dotted: &str) -> Option<&'a Value> {
    dotted.split('.').try_fold(tree, |v, key| v.get(key))
}

/// What one question's words gave.
type Read = (Vec<Reading>, Vec<Mention>);

/// Reads every question answered with words. Hosting first (its platform
/// decides what region codes mean), then the others in parallel: each
/// question compiles its own patterns the first time it reads, which is
/// most of a single run's time, and they do not depend on each other.
pub fn interpret(answers: &Answers) -> Interpretation {
    use rayon::prelude::*;
    let tree = serde_json::to_value(answers).unwrap_or(Value::Null);
    let answer_of = |question: &str| match lookup(&tree, &format!("{question}.answer")) {
        Some(Value::String(answer)) => Some(answer.clone()),
        _ => None,
    };
    let mut ctx = Context {
        platform: answers
            .infrastructure
            .as_ref()
            .and_then(|i| i.hosting.as_ref())
            .and_then(|h| h.platform),
    };
    const HOSTING: &str = "infrastructure.hosting";
    let hosting = answer_of(HOSTING).map(|answer| read_question(HOSTING, &answer, &ctx));
    if ctx.platform.is_none() {
        ctx.platform = hosting
            .iter()
            .flat_map(|(readings, _)| readings)
            .find(|r| r.field == "platform")
            .and_then(|r| serde_json::from_value(r.value.clone()).ok());
    }
    let others: Vec<(&str, String)> = questions::RULES
        .iter()
        .filter(|(question, _)| *question != HOSTING)
        .filter_map(|(question, _)| answer_of(question).map(|a| (*question, a)))
        .collect();
    let read: Vec<(&str, Read)> = others
        .par_iter()
        .map(|(question, answer)| (*question, read_question(question, answer, &ctx)))
        .collect();
    let mut out = Interpretation::default();
    for (question, (readings, mentions)) in hosting.map(|h| (HOSTING, h)).into_iter().chain(read) {
        for reading in readings {
            out.values
                .insert(format!("{question}.{}", reading.field), reading);
        }
        for mention in mentions {
            out.mentions
                .insert(format!("{question}.{}", mention.field), mention);
        }
    }
    out
}

fn set_path(tree: &mut Value, dotted: &str, value: Value) {
    let mut node = tree;
    for key in dotted.split('.') {
        if !node.is_object() {
            *node = Value::Object(serde_json::Map::new());
        }
        node = node
            .as_object_mut()
            .expect("an object")
            .entry(key.to_owned())
            .or_insert(Value::Null);
    }
    *node = value;
}

impl Interpretation {
    /// The answers with every absent field that was read filled in, and the
    /// paths filled. A value the model would refuse is dropped, not guessed.
    pub fn fill(&self, answers: &Answers) -> (Answers, Vec<String>) {
        let Ok(base) = serde_json::to_value(answers) else {
            return (answers.clone(), Vec::new());
        };
        let absent: Vec<(&String, &Reading)> = self
            .values
            .iter()
            .filter(|(path, _)| lookup(&base, path).is_none_or(Value::is_null))
            .collect();
        let mut tree = base.clone();
        for (path, reading) in &absent {
            set_path(&mut tree, path, reading.value.clone());
        }
        if let Ok(filled) = serde_json::from_value::<Answers>(tree) {
            return (filled, absent.iter().map(|(p, _)| (*p).clone()).collect());
        }
        // One value did not fit its field: keep those that do, one by one.
        let mut tree = base;
        let mut used = Vec::new();
        for (path, reading) in absent {
            let mut trial = tree.clone();
            set_path(&mut trial, path, reading.value.clone());
            if serde_json::from_value::<Answers>(trial.clone()).is_ok() {
                tree = trial;
                used.push(path.clone());
            }
        }
        let filled = serde_json::from_value(tree).unwrap_or_else(|_| answers.clone());
        (filled, used)
    }
}
