//! Datadog, the monitoring tool that runs on every platform: when Q4
//! names it, the SLOs and their alerts become Datadog monitors, written as
//! Terraform for the `DataDog/datadog` provider under `deploy/datadog/`.
//! They accompany the platform's own alerts (`Platform::alerts`), which
//! read metrics the platform has without the app being traced.

mod monitors;
mod terraform;

pub use monitors::{Monitors, default_span};

use crate::answers::vocab::MonitoringTool;
use crate::render::Artifact;
use crate::resolve::Plan;

/// Where the Datadog Terraform goes.
pub const DIR: &str = "deploy/datadog";

/// Whether the monitoring answer names Datadog.
pub fn applies(plan: &Plan) -> bool {
    let monitoring = &plan.infrastructure.monitoring;
    monitoring.text.answered && monitoring.tools.contains(&MonitoringTool::Datadog)
}

/// The Datadog Terraform files, or none when Datadog is not answered or
/// the answers ask for no alert it can hold.
pub fn files(plan: &Plan) -> Vec<Artifact> {
    if !applies(plan) {
        return Vec::new();
    }
    let monitors = Monitors::of(plan);
    if monitors.is_empty() {
        return Vec::new();
    }
    terraform::render(&monitors)
}
