//! render: [`Plan`] → artifacts. Pure: no disk, no clock, sorted output.
//!
//! One module per artifact family; each takes `&Plan` and returns the
//! artifacts it owns. Templates are embedded (see `templates`), so the binary
//! is self-contained.

pub mod alerts;
pub mod artifact;
pub mod env_example;
pub mod feeds;
pub mod filters;
pub mod health;
pub mod runbooks;
pub mod specs;
pub mod templates;
pub mod toml_doc;
pub mod workflows;

pub use artifact::{Artifact, Body, Mode, Region, SectionDoc};
pub use feeds::feeds;

use crate::resolve::Plan;

/// Every artifact the plan produces, sorted by path, minus `outputs.skip`.
pub fn render(plan: &Plan) -> Vec<Artifact> {
    let mut artifacts = specs::render(plan);
    artifacts.extend(env_example::render(plan));
    let platform = crate::platforms::of(plan.infrastructure.hosting.platform);
    artifacts.extend(platform.config_files(plan));
    // Built once: the runbooks describe the same alerts the files hold.
    let mut alerting = platform.alerts(plan);
    if let Some(a) = alerting.as_mut() {
        artifacts.append(&mut a.files);
    }
    artifacts.extend(crate::platforms::datadog::files(plan));
    artifacts.extend(workflows::render(plan));
    let described = crate::platforms::datadog::runbook(plan, alerting);
    artifacts.extend(runbooks::render(plan, described.as_ref()));
    artifacts.extend(health::render(plan));
    let skip: Vec<glob::Pattern> = plan
        .outputs
        .skip
        .iter()
        .filter_map(|p| glob::Pattern::new(p).ok())
        .collect();
    artifacts.retain(|a| !skip.iter().any(|p| p.matches(&a.path)));
    artifacts.sort_by(|a, b| a.path.cmp(&b.path));
    artifacts
}
