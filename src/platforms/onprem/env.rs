//! The app's environment on own servers: values shipspec decides in the
//! clear, every answered variable by name as a secret.

use super::names;
use crate::answers::vocab::Database;
use crate::resolve::Plan;

/// Variables set in the clear, from the answers.
pub(super) fn clear(plan: &Plan) -> Vec<(&'static str, String)> {
    let logging = &plan.operations.logging;
    vec![
        ("LOG_FORMAT", logging.format.as_str().to_owned()),
        ("LOG_LEVEL", logging.level.as_str().to_uppercase()),
        ("PORT", plan.project.port.to_string()),
    ]
}

/// The app's secrets, by name, in the answers' order: every answered
/// variable, and `DATABASE_URL` when there is a database.
pub(super) fn secrets(plan: &Plan) -> Vec<String> {
    let clear: Vec<&str> = clear(plan).iter().map(|(k, _)| *k).collect();
    let mut vars: Vec<String> = plan
        .operations
        .configuration
        .variables
        .iter()
        .filter(|v| !clear.contains(&v.as_str()))
        .cloned()
        .collect();
    if !matches!(plan.project.database, Database::None | Database::Sqlite)
        && !vars.iter().any(|v| v == "DATABASE_URL")
    {
        vars.insert(0, "DATABASE_URL".to_owned());
    }
    vars
}

/// Secrets the servers need beyond the app's: the database password of a
/// self-hosted PostgreSQL, and a certificate when several hosts serve TLS.
pub(super) fn extra_secrets(plan: &Plan) -> Vec<&'static str> {
    let mut out = Vec::new();
    if names::own_postgres(plan) {
        out.push(POSTGRES_PASSWORD);
    }
    if names::instances(plan) > 1 {
        out.extend([CERTIFICATE_PEM, PRIVATE_KEY_PEM]);
    }
    out
}

pub(super) const POSTGRES_PASSWORD: &str = "POSTGRES_PASSWORD";
pub(super) const CERTIFICATE_PEM: &str = "CERTIFICATE_PEM";
pub(super) const PRIVATE_KEY_PEM: &str = "PRIVATE_KEY_PEM";
