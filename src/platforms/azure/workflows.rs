//! What the Container Apps workflow templates (`templates/platforms/azure/workflows/`)
//! read: `azure/login` with OIDC into one identity per GitHub environment
//! (its client id, the tenant and the subscription are environment
//! variables, never a secret), the registry, and the `az` CLI in `run:`
//! steps (Azure/container-apps-deploy-action has no release tags and runs
//! on an end-of-life Node).

use std::collections::BTreeMap;

use super::names;
use crate::answers::units::Duration;
use crate::answers::vocab::{IacTool, Strategy};
use crate::platforms::{Credential, Workflows};
use crate::render::workflows::pins::{AZURE_LOGIN, Pin};
use crate::render::workflows::settings::BACKUP_ENVIRONMENT;
use crate::resolve::Plan;
use crate::resolve::plan::EnvironmentPlan;

/// The share of traffic a canary revision gets first, and for how long.
const CANARY_PERCENT: u32 = 10;
const CANARY_MINUTES: u32 = 5;

const TEMPLATES: &[(&str, &str)] = &[
    (
        "workflows/deploy.yml",
        include_str!("../../../templates/platforms/azure/workflows/deploy.yml"),
    ),
    (
        "workflows/rollback.yml",
        include_str!("../../../templates/platforms/azure/workflows/rollback.yml"),
    ),
    (
        "workflows/backup-check.yml",
        include_str!("../../../templates/platforms/azure/workflows/backup-check.yml"),
    ),
];

/// Backups a flexible server keeps, read from its `backups` (what
/// `az postgres flexible-server backup list` lists).
pub(super) const FLEXIBLE_SERVER: &str = "azure-postgres";

/// A flexible server takes its daily backup at a time it picks: a margin
/// past the day between two, so a late one is not a failure.
const BACKUP_MARGIN_SECONDS: u64 = 6 * 3600;

/// How old the newest backup may be before the backup check fails.
pub(super) fn backup_max_age(plan: &Plan) -> u64 {
    crate::platforms::daily_backups::max_age(plan, BACKUP_MARGIN_SECONDS)
}

const PINS: &[(&str, &Pin)] = &[("azure_login", &AZURE_LOGIN)];

const NAMES: &[(&str, &str)] = &[
    ("client_id", names::CLIENT_ID_VAR),
    ("tenant_id", names::TENANT_ID_VAR),
    ("subscription", names::SUBSCRIPTION_VAR),
    ("resource_group", names::RESOURCE_GROUP_VAR),
    ("environment", names::ENVIRONMENT_VAR),
    ("registry", names::REGISTRY_VAR),
    ("key_vault", names::KEY_VAULT_VAR),
];

pub(super) const WORKFLOWS: Workflows = Workflows {
    templates: TEMPLATES,
    pins: PINS,
    names: NAMES,
};

/// How long a revision may take to become healthy: the slowest start the
/// health checks allow, three times over, and never under ten minutes.
fn wait_minutes(plan: &Plan) -> u64 {
    let health = &plan.operations.health_checks;
    let start = u64::from(health.grace_period_seconds) + u64::from(health.interval_seconds) * 3;
    (start * 3).div_ceil(60).max(10)
}

pub(super) fn values(plan: &Plan, env: &EnvironmentPlan) -> BTreeMap<&'static str, String> {
    let health = &plan.operations.health_checks;
    let strategy = plan.operations.deployment.strategy;
    let split = matches!(strategy, Strategy::Canary | Strategy::Bluegreen);
    let canary = strategy == Strategy::Canary;
    BTreeMap::from([
        ("app", names::app(env).to_owned()),
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
        ("wait_minutes", wait_minutes(plan).to_string()),
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

fn variable(name: &'static str, env: &str, body: &str, what: &'static str) -> Credential {
    Credential {
        name,
        command: format!("gh variable set {name} --env {env} --body \"{body}\""),
        what,
    }
}

/// The backup check's environment: the read-only identity, and where the
/// production database is.
pub(super) fn backup_check_variables() -> Vec<Credential> {
    let e = BACKUP_ENVIRONMENT;
    vec![
        variable(
            names::CLIENT_ID_VAR,
            e,
            "<client-id>",
            "the client id of the read-only identity the backup check signs in as (it may only read the production database server)",
        ),
        variable(names::TENANT_ID_VAR, e, "<tenant-id>", "the Entra tenant"),
        variable(
            names::SUBSCRIPTION_VAR,
            e,
            "<subscription-id>",
            "the subscription of the production database",
        ),
        variable(
            names::RESOURCE_GROUP_VAR,
            e,
            "<resource-group>",
            "the resource group of the production database",
        ),
    ]
}

pub(super) fn deploy_variables(env: &EnvironmentPlan) -> Vec<Credential> {
    let e = &env.name;
    vec![
        variable(
            names::CLIENT_ID_VAR,
            e,
            "<client-id>",
            "the client id of the identity this environment's jobs sign in as through its federated credential (an identifier, not a secret: there is no Azure secret anywhere)",
        ),
        variable(names::TENANT_ID_VAR, e, "<tenant-id>", "the Entra tenant"),
        variable(
            names::SUBSCRIPTION_VAR,
            e,
            "<subscription-id>",
            "the subscription the environment deploys to",
        ),
        variable(
            names::RESOURCE_GROUP_VAR,
            e,
            "<resource-group>",
            "the resource group holding the app",
        ),
        variable(
            names::ENVIRONMENT_VAR,
            e,
            "<containerapps-environment>",
            "the Container Apps environment the app runs in",
        ),
        variable(
            names::REGISTRY_VAR,
            e,
            "<registry>",
            "the Azure Container Registry's name (without `.azurecr.io`)",
        ),
        variable(
            names::KEY_VAULT_VAR,
            e,
            "<key-vault>",
            "the Key Vault holding the app's secrets",
        ),
    ]
}
