//! Where each environment lives in the cluster: the names the manifests,
//! the workflows and the runbooks must agree on.

use crate::resolve::Plan;
use crate::resolve::plan::EnvironmentPlan;

/// The folder of the Kustomize base and overlays.
pub(super) const DIR: &str = "deploy/k8s";

/// The overlay an environment is applied from.
pub(super) fn overlay(env: &EnvironmentPlan) -> String {
    format!("{DIR}/overlays/{}", env.name)
}

/// One namespace per environment, named as the environment's app.
pub(super) fn namespace(env: &EnvironmentPlan) -> &str {
    &env.app
}

/// The Deployment, Service and container: the project's name in every
/// namespace.
pub(super) fn deployment(plan: &Plan) -> &str {
    &plan.project.name
}

/// The image name the base refers to; each overlay (and the deploy
/// workflow) sets the real registry path, tag or digest for it.
pub(super) fn image(plan: &Plan) -> &str {
    &plan.project.name
}

/// The CloudNativePG cluster of an in-cluster database.
pub(super) fn database(plan: &Plan) -> String {
    format!("{}-db", plan.project.name)
}

/// How long a rollout may take before the deploy undoes it: the slowest
/// start the health checks allow, twice, and never under five minutes.
pub(super) fn rollout_timeout(plan: &Plan) -> String {
    let health = &plan.operations.health_checks;
    let start = u64::from(health.grace_period_seconds) + u64::from(health.interval_seconds) * 3;
    format!("{}s", (start * 2).max(300))
}
