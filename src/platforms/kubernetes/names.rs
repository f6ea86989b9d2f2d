//! Where each environment lives in the cluster and what its objects are
//! called: the names the manifests, the workflows and the runbooks must
//! agree on, and the labels every manifest shares.

use serde_json::{Value, json};

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

/// The Deployment's single container: the probes and patches name it.
pub(super) const CONTAINER: &str = "app";

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

/// The Secret the app's configuration variables are read from (created by
/// hand, or synced into by External Secrets); never written by shipspec.
pub(super) fn secret(plan: &Plan) -> String {
    format!("{}-secrets", plan.project.name)
}

pub(super) fn config_map(plan: &Plan) -> String {
    format!("{}-config", plan.project.name)
}

/// The recommended labels. `name` and `instance` are the selector: a
/// Deployment's selector is immutable, so it holds nothing that may change.
pub(super) fn labels(plan: &Plan, component: &str) -> Value {
    let name = &plan.project.name;
    json!({
        "app.kubernetes.io/name": name,
        "app.kubernetes.io/instance": name,
        "app.kubernetes.io/component": component,
        "app.kubernetes.io/part-of": name,
    })
}

pub(super) fn selector(plan: &Plan) -> Value {
    let name = &plan.project.name;
    json!({
        "app.kubernetes.io/name": name,
        "app.kubernetes.io/instance": name,
    })
}

/// `metadata` for an object of the app.
pub(super) fn metadata(plan: &Plan, name: &str, component: &str) -> Value {
    json!({ "name": name, "labels": labels(plan, component) })
}
