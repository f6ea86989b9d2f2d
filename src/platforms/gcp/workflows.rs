//! What the Cloud Run workflow templates (`templates/platforms/gcp/workflows/`)
//! read: Workload Identity Federation into one deploy service account per
//! GitHub environment (the provider, the account and the project are
//! environment variables, never a key), Artifact Registry, and gcloud.

use std::collections::BTreeMap;

use super::names;
use crate::answers::units::Duration;
use crate::answers::vocab::{IacTool, Strategy};
use crate::platforms::{Credential, Workflows};
use crate::render::workflows::pins::{GOOGLE_AUTH, Pin, SETUP_GCLOUD};
use crate::render::workflows::settings::BACKUP_ENVIRONMENT;
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
    (
        "workflows/backup-check.yml",
        include_str!("../../../templates/platforms/gcp/workflows/backup-check.yml"),
    ),
];

/// Backups Cloud SQL keeps (automated daily backups), listed by `gcloud sql backups list`.
pub(super) const CLOUD_SQL: &str = "cloud-sql";

/// Cloud SQL starts its daily backup within a four-hour window after the
/// instance's backup start time.
const BACKUP_WINDOW_SECONDS: u64 = 4 * 3600;

/// How old the newest backup may be before the backup check fails.
pub(super) fn backup_max_age(plan: &Plan) -> u64 {
    crate::platforms::daily_backups::max_age(plan, BACKUP_WINDOW_SECONDS)
}

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
        ("database", names::database(&env.app)),
        ("backup_max_age_seconds", backup_max_age(plan).to_string()),
        ("backup_max_age", Duration(backup_max_age(plan)).to_string()),
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
    variables(&env.name, &names::deploy_account(env))
}

/// The same three variables of the backup check's environment: its
/// account may only list the production instance's backups.
pub(super) fn backup_check_variables(production: &EnvironmentPlan) -> Vec<Credential> {
    let mut vars = variables(BACKUP_ENVIRONMENT, &names::backup_check_account(production));
    vars[0].what = "the Google Cloud project of the production database";
    vars[2].what = "the read-only service account the backup check acts as";
    vars
}

fn variables(e: &str, account: &str) -> Vec<Credential> {
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
                names::email(account, "<project-id>")
            ),
            what: "the service account this environment's jobs act as",
        },
    ]
}
