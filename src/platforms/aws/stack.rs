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
    pub rollout: Rollout,
    pub https: bool,
    pub alarms: super::alarms::Alarms,
}

/// How ECS moves traffic to a new revision. Blue/green and canary are
/// ECS's own strategies (no CodeDeploy): a second target group, and a
/// listener rule whose weights ECS turns from one group to the other.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Rollout {
    /// Tasks replaced a few at a time; the circuit breaker rolls back a
    /// deploy whose tasks never become healthy.
    Rolling,
    /// All traffic moves at once to the new tasks; the old ones keep
    /// running for the bake time, so a rollback is one traffic switch.
    BlueGreen { bake_minutes: u32 },
    /// `percent` of traffic first, for `canary_minutes`, then the rest;
    /// then the bake time as for blue/green.
    Canary {
        percent: u32,
        canary_minutes: u32,
        bake_minutes: u32,
    },
}

/// Minutes both revisions keep running after all traffic has moved: the
/// window in which a rollback is a traffic switch rather than a redeploy.
pub(super) const BAKE_MINUTES: u32 = 10;
/// The share of traffic a canary gets first, and for how long.
pub(super) const CANARY_PERCENT: u32 = 10;
pub(super) const CANARY_MINUTES: u32 = 10;

impl Rollout {
    pub(super) fn of(strategy: Strategy) -> Rollout {
        match strategy {
            Strategy::Rolling | Strategy::Immediate => Rollout::Rolling,
            Strategy::Bluegreen => Rollout::BlueGreen {
                bake_minutes: BAKE_MINUTES,
            },
            Strategy::Canary => Rollout::Canary {
                percent: CANARY_PERCENT,
                canary_minutes: CANARY_MINUTES,
                bake_minutes: BAKE_MINUTES,
            },
        }
    }

    /// Whether traffic shifts between two target groups.
    pub(super) fn shifts_traffic(self) -> bool {
        self != Rollout::Rolling
    }

    /// ECS's name for the strategy.
    pub(super) fn strategy(self) -> &'static str {
        match self {
            Rollout::Rolling => "ROLLING",
            Rollout::BlueGreen { .. } => "BLUE_GREEN",
            Rollout::Canary { .. } => "CANARY",
        }
    }

    /// Minutes a deploy spends waiting on purpose (canary and bake), which
    /// the deploy workflow's wait for a stable service must allow for.
    pub(super) fn waiting_minutes(self) -> u32 {
        match self {
            Rollout::Rolling => 0,
            Rollout::BlueGreen { bake_minutes } => bake_minutes,
            Rollout::Canary {
                canary_minutes,
                bake_minutes,
                ..
            } => canary_minutes + bake_minutes,
        }
    }
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
        // ECS cannot scale back from zero tasks (SS099).
        min: scaling.min_instances.max(1),
        max: scaling.max_instances.max(scaling.min_instances).max(1),
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
        rollout: Rollout::of(plan.operations.deployment.strategy),
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
