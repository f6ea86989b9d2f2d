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
use crate::render::alerts::Alerting;
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

/// What the incident-response runbook says of the alerting: the
/// platform's, with the Datadog monitors added when they are written (or
/// the monitors alone on a platform with no alerts of its own).
pub fn runbook(plan: &Plan, platform: Option<Alerting>) -> Option<Alerting> {
    if !applies(plan) {
        return platform;
    }
    let m = Monitors::of(plan);
    if m.is_empty() {
        return platform;
    }
    let mut parts = Vec::new();
    if !m.burns.is_empty() {
        let rows: Vec<&str> = m.burns.iter().map(|b| b.long).collect();
        parts.push(format!(
            "the burn-rate monitors of the `{} availability` SLO (the {} rows)",
            m.service,
            rows.join(", ")
        ));
    }
    if m.latency_seconds.is_some() {
        parts.push("a p95 monitor over the last hour".to_owned());
    }
    if m.uptime.is_some() {
        parts.push(format!("the `{} is up` uptime test", m.service));
    }
    let sentence = format!(
        "Datadog evaluates the monitors in `{DIR}/monitors.tf` on the app's APM trace metrics: {}, notifying the answered channels by `@` handle. Each means what the alert of the same kind below means (the burn rows up to 1 day; latency on p95 alone)",
        parts.join(", ")
    );
    Some(match platform {
        Some(mut alerting) => {
            alerting.evaluator = format!("{}. {sentence}", alerting.evaluator);
            alerting
        }
        None => Alerting {
            files: Vec::new(),
            evaluator: sentence,
            instance_down: m.uptime.is_some(),
            instance_down_means: m.uptime.is_some().then(|| {
                format!(
                    "the health path `{}` has failed Datadog's uptime test for 5 minutes: no instance answers, or none answers well",
                    plan.operations.health_checks.path
                )
            }),
            budget: None,
            budget_by_hand: Some(format!(
                "Datadog has no budget alert: set a budget of ${} a month with an alert at ${} in the platform's billing console",
                plan.infrastructure.cost.monthly_budget_usd, plan.infrastructure.cost.alert_at_usd
            )),
        },
    })
}
