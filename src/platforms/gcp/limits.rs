//! What Cloud Run can honour: region codes, instance sizes, concurrency,
//! the autoscaling signal, probes, the secret store, one region per
//! service, the service name's length, and which files are generated.

use super::{names, probes, regions};
use crate::answers::vocab::{Database, DatabaseService, IacTool, ScalingMode, SecretStore};
use crate::diagnostic::Code;
use crate::resolve::Plan;
use crate::resolve::context::Ctx;

/// The CPU counts an instance can have, each with its memory range in MiB.
const SIZES: &[(u32, u64, u64)] = &[
    (1, 512, 4096),
    (2, 512, 8192),
    (4, 2048, 16384),
    (6, 4096, 24576),
    (8, 4096, 32768),
];

/// The most requests one instance takes at once.
const MAX_CONCURRENCY: u32 = 1000;

/// The most automated daily backups a Cloud SQL instance keeps.
pub(super) const MAX_BACKUPS: u32 = 365;

/// The autoscaler's CPU utilization target.
pub(super) const CPU_TARGET: u32 = 60;

/// The regional quota a service's instances share, as Google's example
/// baseline gives it: 1000 vCPU and 2000 GiB of memory per region. A
/// service runs at most the quota divided by one instance's size, and a
/// quota increase lifts it, so more is a warning, not an error
/// (cloud.google.com/run/docs/configuring/max-instances-limits).
const BASELINE_VCPUS: u64 = 1000;
const BASELINE_MEMORY_GIB: u64 = 2000;

/// The most instances the baseline quota runs at `cpus` and `memory` MiB each.
pub(super) fn baseline_instances(cpus: u32, memory: u64) -> u64 {
    (BASELINE_VCPUS / u64::from(cpus.max(1))).min(BASELINE_MEMORY_GIB * 1024 / memory.max(1))
}

pub(super) fn is_valid(cpus: u32, memory: u64) -> bool {
    SIZES
        .iter()
        .any(|&(c, low, high)| c == cpus && (low..=high).contains(&memory))
}

/// The valid sizes closest to an answer: the nearest CPU count, with the
/// memory held inside its range.
pub(super) fn nearest(cpus: u32, memory: u64) -> Vec<(u32, u64)> {
    let mut all: Vec<(u32, u64)> = SIZES
        .iter()
        .map(|&(c, low, high)| (c, memory.clamp(low, high)))
        .collect();
    all.sort_by_key(|&(c, m)| (m.abs_diff(memory), c.abs_diff(cpus)));
    all.truncate(2);
    all.sort_unstable();
    all
}

pub(super) fn label(cpus: u32, memory: u64) -> String {
    if memory % 1024 == 0 {
        format!("{cpus} CPU / {} GiB", memory / 1024)
    } else {
        format!("{cpus} CPU / {memory} MiB")
    }
}

pub(super) fn resolve(ctx: &mut Ctx<'_>, plan: &mut Plan) {
    regions::CATALOG.resolve(ctx, plan);
    let regions = &plan.infrastructure.regions;
    if !regions.secondary.is_empty() {
        ctx.warning(
            Code::SingleRegionService,
            "infrastructure.regions.secondary",
            format!(
                "a Cloud Run service lives in one region: the service is generated for {} only",
                regions.primary
            ),
            "deploy a copy of the service to each secondary region and put a global external Application Load Balancer with serverless NEGs in front; give Cloud SQL a cross-region read replica",
        );
    }

    let scaling = &plan.infrastructure.scaling;
    let memory = scaling.memory.megabytes();
    if !is_valid(scaling.cpus, memory) {
        let nearest: Vec<String> = nearest(scaling.cpus, memory)
            .into_iter()
            .map(|(c, m)| label(c, m))
            .collect();
        let path = if SIZES.iter().any(|(c, _, _)| *c == scaling.cpus) {
            "infrastructure.scaling.memory"
        } else {
            "infrastructure.scaling.cpus"
        };
        ctx.error(
            Code::ContainerSize,
            path,
            format!(
                "Cloud Run has no instance with {} CPU and {}",
                scaling.cpus, scaling.memory
            ),
            format!(
                "Cloud Run takes 1, 2, 4, 6 or 8 CPUs, each with a memory range; the nearest: {}",
                nearest.join(", ")
            ),
        );
    }
    if scaling.max_concurrent_requests > MAX_CONCURRENCY {
        ctx.error(
            Code::ContainerSize,
            "infrastructure.scaling.max_concurrent_requests",
            format!(
                "a Cloud Run instance takes at most {MAX_CONCURRENCY} requests at once, not {}",
                scaling.max_concurrent_requests
            ),
            format!("write `max_concurrent_requests: {MAX_CONCURRENCY}` or less"),
        );
    }
    let (_, max) = super::service::bounds(plan);
    let quota = baseline_instances(scaling.cpus, memory);
    if is_valid(scaling.cpus, memory) && u64::from(max) > quota {
        let field = if scaling.mode == ScalingMode::Manual {
            "infrastructure.scaling.min_instances"
        } else {
            "infrastructure.scaling.max_instances"
        };
        ctx.warning(
            Code::InstancesOverQuota,
            field,
            format!(
                "Cloud Run starts a service's instances only within the region's CPU and memory quota: the baseline ({BASELINE_VCPUS} vCPU, {BASELINE_MEMORY_GIB} GiB) runs {quota} instances of {}, not {max}; the service is generated with {max} and stops scaling where the quota ends",
                label(scaling.cpus, memory)
            ),
            format!(
                "check the region's Cloud Run CPU and memory quotas (IAM & Admin > Quotas) and request an increase, or write `{}: {quota}` or fewer",
                field.rsplit('.').next().unwrap_or(field)
            ),
        );
    }
    if scaling.mode == ScalingMode::Auto && scaling.cpu_target_percent != CPU_TARGET {
        ctx.warning(
            Code::ScalingSignal,
            "infrastructure.scaling.cpu_target_percent",
            format!(
                "Cloud Run scales on CPU and on requests in flight together, each at its own target: the answered {}% CPU target becomes Cloud Run's {CPU_TARGET}%, and {} requests at once per instance its concurrency limit",
                scaling.cpu_target_percent, scaling.max_concurrent_requests
            ),
            format!(
                "write `cpu_target_percent: {CPU_TARGET}` to silence this warning; lower `max_concurrent_requests` to scale out sooner"
            ),
        );
    }

    let health = &plan.operations.health_checks;
    if health.enabled && health.readiness_path != health.path {
        ctx.warning(
            Code::ReadinessNotProbed,
            "operations.health_checks.readiness_path",
            format!(
                "Cloud Run's readiness probes are not generally available: `{}` is not probed; `{}` is the startup and liveness probe",
                health.readiness_path, health.path
            ),
            "a revision takes traffic once its startup probe passes, so have the health path answer only when the app can serve",
        );
    }
    if health.enabled && probes::startup_capped(plan) {
        ctx.warning(
            Code::ReadinessNotProbed,
            "operations.health_checks.grace_period_seconds",
            format!(
                "Cloud Run's startup probe waits at most {} seconds, less than the {}-second grace period",
                probes::STARTUP_MAX,
                health.grace_period_seconds
            ),
            "have the app listen sooner, or answer a grace period the probe can wait for",
        );
    }

    let too_long: Vec<&str> = plan
        .operations
        .deployment
        .environments
        .iter()
        .map(|e| e.app.as_str())
        .filter(|app| app.len() > names::SERVICE_MAX)
        .collect();
    if let Some(app) = too_long.first() {
        ctx.error(
            Code::ServiceNameTooLong,
            "project.name",
            format!(
                "the Cloud Run service `{app}` is longer than {} characters",
                names::SERVICE_MAX
            ),
            "shorten `project.name` (each environment's service is the name with `-<environment>` added)",
        );
    }

    let config = &plan.operations.configuration;
    if config.production != SecretStore::GcpSecretManager && !config.variables.is_empty() {
        ctx.warning(
            Code::SecretStoreNotReferenced,
            "operations.configuration.production",
            format!(
                "Cloud Run reads secrets by reference from Secret Manager only, not {}: the service references none",
                config.production.label()
            ),
            "use `gcp-secret-manager`, or have the app fetch its secrets itself",
        );
    }

    foreign_database(ctx, plan);
    database_engine(ctx, plan);

    let backup = &plan.operations.backup;
    if plan.infrastructure.hosting.database_service == DatabaseService::CloudSql
        && backup.text.answered
        && backup.retention_days > MAX_BACKUPS
    {
        ctx.warning(
            Code::BackupRetentionRange,
            "operations.backup.retention_days",
            format!(
                "Cloud SQL keeps at most {MAX_BACKUPS} automated daily backups, not {}: the instance keeps {MAX_BACKUPS} (`--retained-backups-count {MAX_BACKUPS}`)",
                backup.retention_days
            ),
            format!(
                "write `retention_days: {MAX_BACKUPS}`; keep longer copies by exporting to a Cloud Storage bucket with a retention policy"
            ),
        );
    }

    let (generated, why) = match plan.infrastructure.iac.tool {
        IacTool::None | IacTool::PlatformConfig | IacTool::Terraform => return,
        IacTool::Pulumi | IacTool::Cloudformation => (
            "only the Cloud Run service YAML (deploy/cloudrun/) is generated: the Artifact Registry repository, service accounts, secrets and Cloud SQL instance are set up by hand",
            "answer `tool: platform-config` to silence this warning",
        ),
    };
    ctx.warning(
        Code::ServerlessIacNotGenerated,
        "infrastructure.iac.tool",
        generated,
        why,
    );
}

/// Cloud Run reaches Cloud SQL through its connector; another cloud's
/// database would get no instance, no connection and no backups shipspec
/// could check or restore, while the runbooks name Cloud SQL's commands.
fn foreign_database(ctx: &mut Ctx<'_>, plan: &Plan) {
    let service = plan.infrastructure.hosting.database_service;
    if !matches!(
        service,
        DatabaseService::Rds | DatabaseService::Aurora | DatabaseService::AzurePostgres
    ) {
        return;
    }
    ctx.error(
        Code::ForeignDatabase,
        "infrastructure.hosting.database_service",
        format!(
            "{} is another cloud's database: shipspec would create none, connect the Cloud Run service to none (it reaches only Cloud SQL through its connector, another database only across the internet), and have no backup to check or restore",
            service.label()
        ),
        "use `cloud-sql` on Google Cloud, or `self-hosted` for a database you run, connect and back up yourself (its address in a Secret Manager secret)",
    );
}

/// The Cloud SQL instance is created for PostgreSQL: another engine would get a
/// database it cannot use, and no backup check (it lists PostgreSQL's).
fn database_engine(ctx: &mut Ctx<'_>, plan: &Plan) {
    let service = plan.infrastructure.hosting.database_service;
    let database = plan.project.database;
    if service != DatabaseService::CloudSql || matches!(database, Database::Postgres | Database::None) {
        return;
    }
    ctx.error(
        Code::ManagedDatabaseEngine,
        "infrastructure.hosting.database_service",
        format!(
            "shipspec creates {} for PostgreSQL only, and the app uses {}: its setup would create a PostgreSQL instance the app cannot use, and the backup check and runbooks would not apply",
            service.label(),
            database.label()
        ),
        "use PostgreSQL (`project.database: postgres`), or `database_service: self-hosted` for a database you run and back up yourself",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_follow_cloud_run_limits() {
        assert!(is_valid(1, 512));
        assert!(is_valid(1, 4096));
        assert!(!is_valid(1, 8192));
        assert!(is_valid(2, 8192));
        assert!(!is_valid(3, 2048));
        assert!(!is_valid(4, 1024));
        assert!(is_valid(8, 32768));
        assert_eq!(nearest(1, 8192), vec![(2, 8192), (4, 8192)]);
        assert_eq!(nearest(3, 2048), vec![(2, 2048), (4, 2048)]);
        assert_eq!(label(2, 8192), "2 CPU / 8 GiB");
    }

    #[test]
    fn the_baseline_quota_is_divided_by_the_instance_size() {
        assert_eq!(baseline_instances(1, 1024), 1000);
        assert_eq!(baseline_instances(2, 4096), 500);
        assert_eq!(baseline_instances(1, 4096), 500);
        assert_eq!(baseline_instances(8, 32768), 62);
    }
}
