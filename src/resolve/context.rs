//! The bookkeeping shared by every resolver: diagnostics located in the
//! answers file, and where each decided value came from.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::answers::Loaded;
use crate::answers::question::{Answered, Q};
use crate::answers::vocab::Platform;
use crate::diagnostic::{Code, Diagnostic};

use super::plan::Answer;

/// Where a decided value came from (`explain` shows it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// Written as a structured field in the answers file.
    Structured,
    /// Read from the answer's own words.
    Interpreted,
    /// Not given; the documented default was used.
    Default,
}

pub struct Ctx<'a> {
    pub loaded: &'a Loaded,
    pub diagnostics: Vec<Diagnostic>,
    pub provenance: BTreeMap<String, Source>,
    /// The platform as answered; `None` when it is missing, so that no
    /// platform's checks run on a placeholder.
    pub platform: Option<Platform>,
}

impl<'a> Ctx<'a> {
    pub fn new(loaded: &'a Loaded) -> Self {
        Ctx {
            loaded,
            diagnostics: Vec::new(),
            provenance: BTreeMap::new(),
            platform: None,
        }
    }

    pub fn error(&mut self, code: Code, path: &str, message: impl Into<String>, hint: impl Into<String>) {
        let d = Diagnostic::error(code, message).hint(hint);
        self.diagnostics.push(self.loaded.locate(d, path));
    }

    pub fn warning(&mut self, code: Code, path: &str, message: impl Into<String>, hint: impl Into<String>) {
        let d = Diagnostic::warning(code, message).hint(hint);
        self.diagnostics.push(self.loaded.locate(d, path));
    }

    /// A question's structured form (default when unanswered) and its text.
    /// An unanswered question that `required` is an error; its fields then
    /// raise no errors of their own, one message per omission is enough.
    pub fn question<T: Answered + Clone>(
        &mut self,
        path: &str,
        label: &str,
        given: Option<&Q<T>>,
        required: bool,
    ) -> (T, Answer) {
        match given {
            Some(q) => {
                let answer = q.answer().unwrap_or_default().to_owned();
                if !answer.is_empty() {
                    self.provenance
                        .insert(format!("{path}.answer"), Source::Structured);
                }
                (
                    q.0.clone(),
                    Answer {
                        answer,
                        answered: true,
                    },
                )
            }
            None => {
                if required {
                    self.error(
                        Code::MissingAnswer,
                        path,
                        format!("{label} is not answered"),
                        format!("add `{path}:` with the answer in your own words and its structured fields"),
                    );
                }
                (T::default(), Answer::default())
            }
        }
    }

    /// A field with a documented default.
    pub fn or_default<T>(&mut self, path: &str, given: Option<T>, default: impl FnOnce() -> T) -> T {
        match given {
            Some(v) => {
                self.provenance.insert(path.to_owned(), Source::Structured);
                v
            }
            None => {
                self.provenance.insert(path.to_owned(), Source::Default);
                default()
            }
        }
    }

    /// A field with no default: an error naming it when it is absent, unless
    /// the whole question is already reported missing.
    pub fn required<T: Default>(&mut self, text: &Answer, path: &str, given: Option<T>, example: &str) -> T {
        match given {
            Some(v) => {
                self.provenance.insert(path.to_owned(), Source::Structured);
                v
            }
            None => {
                if text.answered {
                    self.error(
                        Code::MissingField,
                        path,
                        format!("`{path}` is needed to generate the outputs and has no default"),
                        format!("add it, for example `{example}`"),
                    );
                }
                T::default()
            }
        }
    }
}
