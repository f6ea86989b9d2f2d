//! resolve: [`Answers`](crate::answers::Answers) → [`Plan`] + diagnostics.
//!
//! 1. Each question is resolved on its own (`project`, `infrastructure`,
//!    `security`, `operations`): given values are kept, documented defaults
//!    fill the rest, and a field with no default that an output needs is an
//!    error naming it.
//! 2. `checks` then compares answers with each other.
//! 3. Provenance records, per key path, whether a value was written or
//!    defaulted; `explain` reports it.
//!
//! Resolve never reads the disk and never prints: it returns diagnostics.

pub mod checks;
pub mod context;
pub mod defaults;
pub mod fly;
pub mod fly_regions;
pub mod infrastructure;
pub mod operations;
pub mod plan;
pub mod project;
pub mod security;
pub mod shipspec_install;

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
}

impl Resolved {
    pub fn ok(&self) -> bool {
        !has_errors(&self.diagnostics)
    }
}

pub fn resolve(loaded: &Loaded) -> Resolved {
    let mut ctx = context::Ctx::new(loaded);
    let answers = &loaded.answers;
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
    if plan.infrastructure.hosting.platform == crate::answers::vocab::Platform::Fly {
        fly::resolve(&mut ctx, &mut plan);
    }
    checks::run(&mut ctx, &plan);
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
    }
}

/// The nearest of `codes` to `text`, for did-you-mean hints on regions.
fn suggest_region<'a>(text: &str, codes: &[&'a str]) -> Option<&'a str> {
    crate::answers::suggest::closest(&text.to_lowercase(), codes.iter().copied())
}
