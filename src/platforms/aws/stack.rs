//! The decided shape of one environment's stack on ECS Fargate, read once
//! from the plan: Terraform, CloudFormation and the task definition are
//! each written from it, so they cannot disagree.

use super::{names, retention};

/// The questions the generated stack is built from, whichever IaC writes it.
pub(super) const QUESTIONS: &[&str] = &[
    "infrastructure.hosting",
    "infrastructure.regions",
    "infrastructure.scaling",
    "infrastructure.iac",
    "security.encryption",
    "operations.deployment",
    "operations.health_checks",
    "operations.logging",
    "operations.backup",
    "operations.configuration",
];
use crate::answers::vocab::{DatabaseService, InTransit, Language, ScalingMode, SecretStore, Strategy};
use crate::resolve::Plan;

pub(super) struct Stack {
    pub project: String,
    pub container: String,
    pub port: u32,
    pub region: String,
    /// Each GitHub environment and the app (every name) it deploys to.
    pub environments: Vec<(String, String)>,
    /// CPU units and MiB: a valid Fargate pair once resolve has passed.
    pub cpu: u32,
    pub memory: u64,
    pub min: u32,
    pub max: u32,
    /// Application Auto Scaling on average CPU, at this target.
    pub cpu_target: Option<u32>,
    pub health: Health,
    pub log_days: u32,
    pub secrets: Secrets,
    pub database: Option<DatabaseShape>,
    /// Percent of the desired count kept running and allowed during a deploy.
    pub minimum_healthy: u32,
    pub maximum: u32,
    pub https: bool,
    pub alarms: super::alarms::Alarms,
}

pub(super) struct Health {
    /// How the container checks itself (exec form, no shell), when the
    /// health answers are enabled and the image has an interpreter to ask
    /// with; the load balancer checks every task either way.
    pub command: Option<Vec<String>>,
    pub path: String,
    pub interval: u32,
    pub timeout: u32,
    pub grace: u32,
}

pub(super) struct Secrets {
    pub store: Option<Store>,
    pub names: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Store {
    SecretsManager,
    ParameterStore,
}

pub(super) struct DatabaseShape {
    pub aurora: bool,
    pub encrypted: bool,
    pub retention_days: u32,
    pub multi_az: bool,
}

/// A restore cannot beat an hour: an RTO under that asks for a standby.
const RESTORE_SECONDS: u64 = 3600;

pub(super) fn of(plan: &Plan) -> Stack {
    let scaling = &plan.infrastructure.scaling;
    let health = &plan.operations.health_checks;
    let backup = &plan.operations.backup;
    let config = &plan.operations.configuration;
    let store = match config.production {
        SecretStore::AwsSecretsManager => Some(Store::SecretsManager),
        SecretStore::AwsSsmParameterStore => Some(Store::ParameterStore),
        _ => None,
    };
    let aurora = match plan.infrastructure.hosting.database_service {
        DatabaseService::Rds => Some(false),
        DatabaseService::Aurora => Some(true),
        _ => None,
    };
    let (minimum_healthy, maximum) = match plan.operations.deployment.strategy {
        // Every old task stops before new ones start.
        Strategy::Immediate => (0, 100),
        Strategy::Rolling | Strategy::Bluegreen | Strategy::Canary => (100, 200),
    };
    Stack {
        project: plan.project.name.clone(),
        container: names::container(plan).to_owned(),
        port: plan.project.port,
        region: plan.infrastructure.regions.primary.clone(),
        environments: plan
            .operations
            .deployment
            .environments
            .iter()
            .map(|e| (e.name.clone(), e.app.clone()))
            .collect(),
        cpu: scaling.cpus.saturating_mul(1024),
        memory: scaling.memory.megabytes(),
        min: scaling.min_instances,
        max: scaling.max_instances.max(scaling.min_instances),
        cpu_target: (scaling.mode != ScalingMode::Manual).then_some(scaling.cpu_target_percent),
        health: Health {
            command: health
                .enabled
                .then(|| {
                    command(
                        plan.project.language,
                        plan.project.port,
                        &health.path,
                        health.timeout_seconds,
                    )
                })
                .flatten(),
            path: if health.enabled {
                health.path.clone()
            } else {
                "/".to_owned()
            },
            interval: health.interval_seconds,
            timeout: health.timeout_seconds,
            grace: health.grace_period_seconds,
        },
        log_days: retention::log_days(plan.operations.logging.retention_days),
        secrets: Secrets {
            store,
            names: if store.is_some() {
                config.variables.clone()
            } else {
                Vec::new()
            },
        },
        database: aurora
            .filter(|_| plan.project.database == crate::answers::vocab::Database::Postgres)
            .map(|aurora| DatabaseShape {
                aurora,
                encrypted: plan.security.encryption.at_rest,
                retention_days: backup.retention_days.clamp(1, retention::BACKUP_MAX_DAYS),
                multi_az: high_availability(plan),
            }),
        minimum_healthy,
        maximum,
        https: plan.security.encryption.in_transit == InTransit::Tls,
        alarms: super::alarms::Alarms::of(plan),
    }
}

/// The answers ask for high availability when they keep two or more tasks
/// running at all times (the app survives losing one, so the database must
/// too), or when the RTO is shorter than a restore from backup can be.
pub(super) fn high_availability(plan: &Plan) -> bool {
    plan.infrastructure.scaling.min_instances >= 2 || plan.operations.backup.rto.seconds() < RESTORE_SECONDS
}

/// A health check that needs nothing the app's own image lacks: Python's
/// and Node's standard libraries. Rust and Go images are usually a lone
/// binary (no curl), so only the load balancer checks them.
fn command(language: Language, port: u32, path: &str, timeout: u32) -> Option<Vec<String>> {
    let url = format!("http://localhost:{port}{path}");
    let wait = timeout.saturating_sub(1).max(1);
    let (program, flag, script) = match language {
        Language::Python => (
            "python",
            "-c",
            format!("import urllib.request; urllib.request.urlopen('{url}', timeout={wait})"),
        ),
        Language::Node => (
            "node",
            "-e",
            format!(
                "fetch('{url}', {{ signal: AbortSignal.timeout({}) }}).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))",
                u64::from(wait) * 1000
            ),
        ),
        Language::Rust | Language::Go => return None,
    };
    Some(vec![
        "CMD".to_owned(),
        program.to_owned(),
        flag.to_owned(),
        script,
    ])
}
