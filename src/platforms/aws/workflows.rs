//! What the AWS workflow templates (`templates/platforms/aws/workflows/`)
//! read: OIDC into one IAM role per GitHub environment (its ARN an
//! environment variable, never a key), ECR, and the ECS actions.

use std::collections::BTreeMap;

use super::names;
use super::stack::Rollout;
use crate::answers::vocab::DatabaseService;
use crate::platforms::{Credential, Workflows};
use crate::render::workflows::pins::{
    AMAZON_ECR_LOGIN, CONFIGURE_AWS_CREDENTIALS, ECS_DEPLOY_TASK_DEFINITION, ECS_RENDER_TASK_DEFINITION, Pin,
};
use crate::render::workflows::settings::BACKUP_ENVIRONMENT;
use crate::resolve::Plan;
use crate::resolve::plan::EnvironmentPlan;

/// The environment variable holding the role a job assumes.
pub(super) const ROLE_ARN: &str = "AWS_ROLE_ARN";

/// Backups RDS keeps (automated backups and the transaction log).
pub(super) const RDS: &str = "rds";

pub(super) const TEMPLATES: &[(&str, &str)] = &[
    (
        "workflows/deploy.yml",
        include_str!("../../../templates/platforms/aws/workflows/deploy.yml"),
    ),
    (
        "workflows/rollback.yml",
        include_str!("../../../templates/platforms/aws/workflows/rollback.yml"),
    ),
    (
        "workflows/backup-check.yml",
        include_str!("../../../templates/platforms/aws/workflows/backup-check.yml"),
    ),
];

pub(super) const PINS: &[(&str, &Pin)] = &[
    ("configure_aws_credentials", &CONFIGURE_AWS_CREDENTIALS),
    ("ecr_login", &AMAZON_ECR_LOGIN),
    ("ecs_render", &ECS_RENDER_TASK_DEFINITION),
    ("ecs_deploy", &ECS_DEPLOY_TASK_DEFINITION),
];

pub(super) const NAMES: &[(&str, &str)] = &[("role_arn", ROLE_ARN)];

/// How long a deploy may take to become stable: the slowest start the
/// health checks allow, three times over, and never under ten minutes;
/// plus the canary and bake times a blue/green or canary deploy waits.
pub(super) fn wait_minutes(plan: &Plan) -> u64 {
    let health = &plan.operations.health_checks;
    let start = u64::from(health.grace_period_seconds) + u64::from(health.interval_seconds) * 3;
    let waiting = Rollout::of(plan.operations.deployment.strategy).waiting_minutes();
    (start * 3).div_ceil(60).max(10) + u64::from(waiting)
}

pub(super) fn values(plan: &Plan, env: &EnvironmentPlan) -> BTreeMap<&'static str, String> {
    let aurora = plan.infrastructure.hosting.database_service == DatabaseService::Aurora;
    BTreeMap::from([
        ("region", plan.infrastructure.regions.primary.clone()),
        ("cluster", names::cluster(env).to_owned()),
        ("service", names::service(env).to_owned()),
        ("family", names::family(env).to_owned()),
        ("container", names::container(plan).to_owned()),
        ("repository", names::repository(env).to_owned()),
        ("database", names::database(&env.app)),
        (
            "database_kind",
            if aurora { "cluster" } else { "instance" }.to_owned(),
        ),
        ("wait_minutes", wait_minutes(plan).to_string()),
        ("rpo", plan.operations.backup.rpo.to_string()),
        ("rpo_seconds", restorable_lag(plan).to_string()),
    ])
}

/// How far behind now the latest restorable time may be: the RPO, but
/// never under ten minutes, since RDS ships the transaction log every five.
pub(super) fn restorable_lag(plan: &Plan) -> u64 {
    plan.operations.backup.rpo.seconds().max(600)
}

fn role_command(environment: &str, role: &str) -> String {
    format!("gh variable set {ROLE_ARN} --env {environment} --body \"arn:aws:iam::<account-id>:role/{role}\"")
}

pub(super) fn deploy_variables(env: &EnvironmentPlan) -> Vec<Credential> {
    vec![Credential {
        name: ROLE_ARN,
        command: role_command(&env.name, &names::deploy_role(&env.app)),
        what: "the ARN of the IAM role this environment's jobs assume through GitHub's OIDC provider (an identifier, not a secret: there is no AWS key anywhere)",
    }]
}

pub(super) fn backup_check_variables(plan: &Plan) -> Vec<Credential> {
    vec![Credential {
        name: ROLE_ARN,
        command: role_command(BACKUP_ENVIRONMENT, &names::backup_check_role(plan)),
        what: "the ARN of the read-only IAM role the backup check assumes (it may only describe the production database)",
    }]
}

pub(super) const WORKFLOWS: Workflows = Workflows {
    templates: TEMPLATES,
    pins: PINS,
    names: NAMES,
};
