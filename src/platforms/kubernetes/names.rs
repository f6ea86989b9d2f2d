//! The names and labels every manifest shares, in one place so the
//! Deployment, its Service, selectors and references always agree.

use serde_json::{Value, json};

use crate::resolve::Plan;
use crate::resolve::plan::EnvironmentPlan;

/// The Deployment's single container: the probes and patches name it.
pub(super) const CONTAINER: &str = "app";

/// The image name the base uses; each overlay's `images:` entry replaces it.
pub(super) fn image(plan: &Plan) -> &str {
    &plan.project.name
}

/// The namespace an environment deploys to: one per environment, so
/// staging and production never share objects.
pub(super) fn namespace(plan: &Plan, env: &EnvironmentPlan) -> String {
    format!("{}-{}", plan.project.name, env.name)
}

/// The Secret the app's configuration variables are read from (created by
/// hand, or synced into by External Secrets); never written by shipspec.
pub(super) fn secret(plan: &Plan) -> String {
    format!("{}-secrets", plan.project.name)
}

pub(super) fn config_map(plan: &Plan) -> String {
    format!("{}-config", plan.project.name)
}

/// The in-cluster PostgreSQL cluster (CloudNativePG) of `self-hosted`.
pub(super) fn database_cluster(plan: &Plan) -> String {
    format!("{}-db", plan.project.name)
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
