//! The container's environment. Values shipspec decides (port, log level
//! and format) go in a ConfigMap; every answered configuration variable is
//! read by name from a Secret, because the answers say where variables are
//! kept, not which of them are secret. No value of a variable is written.

use serde_json::{Value, json};

use crate::answers::vocab::{Database, DatabaseService};
use crate::resolve::Plan;

use super::names;

/// The ConfigMap's literals, each `KEY=value`, all from the answers.
pub(super) fn config_literals(plan: &Plan) -> Vec<String> {
    let logging = &plan.operations.logging;
    vec![
        format!("LOG_FORMAT={}", logging.format.as_str()),
        format!("LOG_LEVEL={}", logging.level.as_str().to_uppercase()),
        format!("PORT={}", plan.project.port),
    ]
}

/// Keys the ConfigMap holds; a variable with one of these names is read
/// from it rather than from the Secret.
fn config_keys(plan: &Plan) -> Vec<String> {
    config_literals(plan)
        .into_iter()
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.to_owned()))
        .collect()
}

/// Whether the in-cluster database gives the connection string: the
/// CloudNativePG cluster's `<cluster>-app` Secret has it under `uri`.
pub(super) fn in_cluster_database(plan: &Plan) -> bool {
    plan.infrastructure.hosting.database_service == DatabaseService::SelfHosted
        && plan.project.database == Database::Postgres
}

/// The variables read from the app's Secret, in the answers' order, with
/// `DATABASE_URL` added when there is a database to reach.
pub(super) fn secret_variables(plan: &Plan) -> Vec<String> {
    let keys = config_keys(plan);
    let mut vars: Vec<String> = plan
        .operations
        .configuration
        .variables
        .iter()
        .filter(|v| !keys.contains(v))
        .cloned()
        .collect();
    if plan.project.database != Database::None
        && plan.project.database != Database::Sqlite
        && !vars.iter().any(|v| v == "DATABASE_URL")
    {
        vars.insert(0, "DATABASE_URL".to_owned());
    }
    if in_cluster_database(plan) {
        vars.retain(|v| v != "DATABASE_URL");
    }
    vars
}

/// The container's `env`: each secret variable by name and key.
pub(super) fn container_env(plan: &Plan) -> Vec<Value> {
    let secret = names::secret(plan);
    let mut env: Vec<Value> = Vec::new();
    if in_cluster_database(plan) {
        env.push(secret_ref(
            "DATABASE_URL",
            &format!("{}-app", names::database(plan)),
            "uri",
        ));
    }
    env.extend(secret_variables(plan).iter().map(|v| secret_ref(v, &secret, v)));
    env
}

fn secret_ref(name: &str, secret: &str, key: &str) -> Value {
    json!({
        "name": name,
        "valueFrom": { "secretKeyRef": { "name": secret, "key": key } },
    })
}
