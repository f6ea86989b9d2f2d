//! resolve: [`Answers`](crate::answers::Answers) → [`Plan`] + diagnostics.
//!
//! 1. Each question is resolved on its own (`project`, `infrastructure`,
//!    `security`, `operations`): given values are kept, documented defaults
//!    fill the rest, and a field with no default that an output needs is an
//!    error naming it.
//! 2. `checks` then compares answers with each other.
//! 3. Provenance records, per key path, whether a value was written, read
//!    from the answer's words (`interpret`, before step 1) or defaulted;
//!    `explain` reports it.
//!
//! Resolve never reads the disk and never prints: it returns diagnostics.

mod alert_outputs;
mod alerts;
pub mod checks;
pub mod context;
mod datadog_alerts;
mod datadog_outputs;
pub mod defaults;
pub mod infrastructure;
pub mod operations;
pub mod plan;
pub mod platform_values;
pub mod project;
pub mod security;
pub mod shipspec_install;
pub mod words;

use std::collections::BTreeMap;

use crate::answers::Loaded;
use crate::answers::load::VERSION;
use crate::diagnostic::{Diagnostic, has_errors};

pub use context::Source;
pub use plan::Plan;

/// What resolve decided: the plan (meaningful only without errors), every
/// diagnostic, and where each value came from.
#[derive(Debug)]
pub struct Resolved {
    pub plan: Plan,
    pub diagnostics: Vec<Diagnostic>,
    pub provenance: BTreeMap<String, Source>,
    /// Values read from the answers' words, with the words, by key path.
    pub interpreted: BTreeMap<String, crate::interpret::Reading>,
}

impl Resolved {
    pub fn ok(&self) -> bool {
        !has_errors(&self.diagnostics)
    }
}

pub fn resolve(loaded: &Loaded) -> Resolved {
    resolve_with(loaded, &crate::interpret::interpret(&loaded.answers))
}

/// Resolve with values already read elsewhere (the spec files) in place of
/// reading the answers' words.
pub fn resolve_with(loaded: &Loaded, interpretation: &crate::interpret::Interpretation) -> Resolved {
    let mut ctx = context::Ctx::new(loaded);
    let filled = words::fill(interpretation, &loaded.answers);
    let answers = &filled.answers;
    let project = project::resolve(&mut ctx, answers.project.as_ref());
    let infrastructure = infrastructure::resolve(&mut ctx, &project, answers.infrastructure.as_ref());
    let security = security::resolve(
        &mut ctx,
        &project,
        infrastructure.hosting.platform,
        answers.security.as_ref(),
    );
    let operations = operations::resolve(
        &mut ctx,
        &project,
        infrastructure.hosting.platform,
        &security,
        answers.operations.as_ref(),
    );
    let outputs = project::outputs(&mut ctx, &project, answers.outputs.as_ref());
    let mut plan = Plan {
        version: VERSION,
        project,
        infrastructure,
        security,
        operations,
        outputs,
        open_questions: Vec::new(),
    };
    if let Some(platform) = ctx.platform {
        crate::platforms::of(platform).resolve(&mut ctx, &mut plan);
    }
    infrastructure::distinct_regions(&mut ctx, &plan.infrastructure.regions);
    platform_values::check(&mut ctx, &plan);
    checks::run(&mut ctx, &plan);
    alerts::check(&mut ctx, &plan);
    datadog_alerts::check(&mut ctx, &plan);
    let decided = serde_json::to_value(&plan).unwrap_or(serde_json::Value::Null);
    words::report(&mut ctx, interpretation, &loaded.answers, &filled, &decided);
    let mut diagnostics = ctx.diagnostics;
    plan.open_questions = diagnostics
        .iter()
        .filter(|d| !d.is_error())
        .map(|d| match &d.path {
            Some(path) => format!("{} (`{path}`): {}", d.code.as_str(), d.message),
            None => format!("{}: {}", d.code.as_str(), d.message),
        })
        .collect();
    plan.open_questions.sort();
    // Errors first, then in file order: the order a person fixes them in.
    diagnostics.sort_by_key(|d| (d.severity, d.line, d.column));
    Resolved {
        plan,
        diagnostics,
        provenance: ctx.provenance,
        interpreted: filled.used,
    }
}

/// The nearest of `codes` to `text`, for did-you-mean hints on regions.
pub(crate) fn suggest_region<'a>(text: &str, codes: &[&'a str]) -> Option<&'a str> {
    crate::answers::suggest::closest(&text.to_lowercase(), codes.iter().copied())
}
