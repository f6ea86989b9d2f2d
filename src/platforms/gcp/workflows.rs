//! What the Cloud Run workflow templates (`templates/platforms/gcp/workflows/`)
//! read: Workload Identity Federation into one deploy service account per
//! GitHub environment (the provider, the account and the project are
//! environment variables, never a key), Artifact Registry, and gcloud.

use std::collections::BTreeMap;

use super::names;
use crate::answers::vocab::{IacTool, Strategy};
use crate::platforms::{Credential, Workflows};
use crate::render::workflows::pins::{GOOGLE_AUTH, Pin, SETUP_GCLOUD};
use crate::resolve::Plan;
use crate::resolve::plan::EnvironmentPlan;

/// The share of traffic a canary revision gets first, and for how long.
pub(super) const CANARY_PERCENT: u32 = 10;
pub(super) const CANARY_MINUTES: u32 = 5;

const TEMPLATES: &[(&str, &str)] = &[
    (
        "workflows/deploy.yml",
        include_str!("../../../templates/platforms/gcp/workflows/deploy.yml"),
    ),
    (
        "workflows/rollback.yml",
        include_str!("../../../templates/platforms/gcp/workflows/rollback.yml"),
    ),
];

const PINS: &[(&str, &Pin)] = &[("google_auth", &GOOGLE_AUTH), ("setup_gcloud", &SETUP_GCLOUD)];

const NAMES: &[(&str, &str)] = &[
    ("project", names::PROJECT_VAR),
    ("provider", names::PROVIDER_VAR),
    ("deployer", names::DEPLOYER_VAR),
];

pub(super) const WORKFLOWS: Workflows = Workflows {
    templates: TEMPLATES,
    pins: PINS,
    names: NAMES,
};

pub(super) fn values(plan: &Plan, env: &EnvironmentPlan) -> BTreeMap<&'static str, String> {
    let health = &plan.operations.health_checks;
    let strategy = plan.operations.deployment.strategy;
    let split = matches!(strategy, Strategy::Canary | Strategy::Bluegreen);
    let canary = strategy == Strategy::Canary;
    BTreeMap::from([
        ("region", plan.infrastructure.regions.primary.clone()),
        ("service", names::service(env).to_owned()),
        ("repository", names::repository(env).to_owned()),
        ("file", names::file(env)),
        (
            "health_path",
            if health.enabled {
                health.path.clone()
            } else {
                "/".to_owned()
            },
        ),
        ("split", if split { "true" } else { "" }.to_owned()),
        (
            "canary_percent",
            if canary {
                CANARY_PERCENT.to_string()
            } else {
                String::new()
            },
        ),
        ("canary_minutes", CANARY_MINUTES.to_string()),
        (
            "terraform",
            if plan.infrastructure.iac.tool == IacTool::Terraform {
                "true"
            } else {
                ""
            }
            .to_owned(),
        ),
    ])
}

/// The three variables of each GitHub environment, with the commands that
/// set them.
pub(super) fn deploy_variables(env: &EnvironmentPlan) -> Vec<Credential> {
    let e = &env.name;
    vec![
        Credential {
            name: names::PROJECT_VAR,
            command: format!(
                "gh variable set {} --env {e} --body \"<project-id>\"",
                names::PROJECT_VAR
            ),
            what: "the Google Cloud project the environment deploys to",
        },
        Credential {
            name: names::PROVIDER_VAR,
            command: format!(
                "gh variable set {} --env {e} --body \"projects/<project-number>/locations/global/workloadIdentityPools/github/providers/github\"",
                names::PROVIDER_VAR
            ),
            what: "the workload identity provider that admits this repository's jobs (an identifier, not a secret: there is no Google key anywhere)",
        },
        Credential {
            name: names::DEPLOYER_VAR,
            command: format!(
                "gh variable set {} --env {e} --body \"{}\"",
                names::DEPLOYER_VAR,
                names::email(&names::deploy_account(env), "<project-id>")
            ),
            what: "the service account this environment's jobs act as",
        },
    ]
}
