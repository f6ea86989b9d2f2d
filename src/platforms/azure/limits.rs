//! What Container Apps on the Consumption plan can honour: region codes,
//! CPU and memory pairs, the autoscaling rules, the secret store, one
//! region per app, the app's name, and the flexible server's backup
//! retention.

use super::{app, names, regions};
use crate::answers::vocab::{Database, DatabaseService, IacTool, ScalingMode, SecretStore};
use crate::diagnostic::Code;
use crate::resolve::Plan;
use crate::resolve::context::Ctx;

/// Consumption sizes: 0.25 vCPU steps up to 4, memory twice the CPU in GiB.
/// In quarters of a vCPU, so each is exact.
const QUARTERS: std::ops::RangeInclusive<u32> = 1..=16;

/// The most replicas Container Apps scales one app to.
pub(super) const MAX_REPLICAS: u32 = 1000;

/// The days a flexible server keeps automated backups.
pub(super) const BACKUP_DAYS: std::ops::RangeInclusive<u32> = 7..=35;

/// Whether `cpus` whole vCPUs and `memory` MiB are a Consumption pair.
pub(super) fn is_valid(cpus: u32, memory: u64) -> bool {
    (1..=4).contains(&cpus) && memory == u64::from(cpus) * 2048
}

/// `0.5 vCPU / 1Gi`, as the pair is written.
pub(super) fn label(quarters: u32) -> String {
    let cpu = f64::from(quarters) / 4.0;
    format!("{cpu} vCPU / {}Gi", cpu * 2.0)
}

/// The Consumption pairs nearest an answer, by memory, in quarters of a
/// vCPU; the fractional ones cannot be answered (`cpus` is whole) but say
/// what the platform has.
pub(super) fn nearest(memory: u64) -> Vec<u32> {
    let mut all: Vec<u32> = QUARTERS.collect();
    all.sort_by_key(|q| (u64::from(*q) * 512).abs_diff(memory));
    all.truncate(2);
    all.sort_unstable();
    all
}

pub(super) fn resolve(ctx: &mut Ctx<'_>, plan: &mut Plan) {
    regions::CATALOG.resolve(ctx, plan);
    let regions = &plan.infrastructure.regions;
    if !regions.secondary.is_empty() {
        ctx.warning(
            Code::SingleRegionService,
            "infrastructure.regions.secondary",
            format!(
                "a container app lives in its environment's region: the app is generated for {} only; the database's backups are geo-redundant",
                regions.primary
            ),
            "run a Container Apps environment and a copy of the app in each secondary region behind Azure Front Door, with a read replica of the database there",
        );
    }

    let scaling = &plan.infrastructure.scaling;
    let memory = scaling.memory.megabytes();
    if !is_valid(scaling.cpus, memory) {
        let whole = (memory / 2048).clamp(1, 4);
        let near: Vec<String> = nearest(memory).into_iter().map(label).collect();
        ctx.error(
            Code::ContainerSize,
            "infrastructure.scaling.memory",
            format!(
                "Container Apps (Consumption) has no container with {} vCPU and {}: memory is twice the CPU, 0.25 vCPU / 0.5Gi to 4 vCPU / 8Gi",
                scaling.cpus, scaling.memory
            ),
            format!(
                "the nearest pairs: {}; with whole CPUs, write `cpus: {whole}` and `memory: {}gb`",
                near.join(", "),
                whole * 2
            ),
        );
    }
    let (_, max) = app::bounds(plan);
    if max > MAX_REPLICAS {
        let field = if scaling.mode == ScalingMode::Manual {
            "infrastructure.scaling.min_instances"
        } else {
            "infrastructure.scaling.max_instances"
        };
        ctx.error(
            Code::TooManyInstances,
            field,
            format!("Container Apps scales an app to at most {MAX_REPLICAS} replicas, not {max}"),
            format!(
                "write `{}: {MAX_REPLICAS}` or fewer",
                field.rsplit('.').next().unwrap_or(field)
            ),
        );
    }
    if scaling.mode == ScalingMode::Auto && scaling.min_instances == 0 {
        ctx.warning(
            Code::ScalingSignal,
            "infrastructure.scaling.min_instances",
            format!(
                "a CPU scale rule cannot scale a container app to zero: the {}% CPU rule keeps at least one replica (minReplicas 1)",
                scaling.cpu_target_percent
            ),
            "write `min_instances: 1`, or `mode: serverless` to scale on HTTP requests alone, down to zero",
        );
    }

    let config = &plan.operations.configuration;
    if config.production != SecretStore::AzureKeyVault && !config.variables.is_empty() {
        ctx.warning(
            Code::SecretStoreNotReferenced,
            "operations.configuration.production",
            format!(
                "Container Apps read secrets by reference from Azure Key Vault only, not {}: the app references none",
                config.production.label()
            ),
            "use `azure-key-vault`, or have the app fetch its secrets itself",
        );
    }

    let too_long = plan
        .operations
        .deployment
        .environments
        .iter()
        .find(|e| e.app.len() > names::APP_MAX)
        .map(|e| e.app.clone());
    if let Some(app) = too_long {
        ctx.error(
            Code::ServiceNameTooLong,
            "project.name",
            format!(
                "the container app `{app}` is longer than {} characters",
                names::APP_MAX
            ),
            "shorten `project.name` (each environment's app is the name with `-<environment>` added)",
        );
    }

    foreign_database(ctx, plan);
    database_engine(ctx, plan);

    let backup = &plan.operations.backup;
    if plan.infrastructure.hosting.database_service == DatabaseService::AzurePostgres
        && backup.text.answered
        && !BACKUP_DAYS.contains(&backup.retention_days)
    {
        ctx.error(
            Code::BackupRetentionRange,
            "operations.backup.retention_days",
            format!(
                "Azure Database for PostgreSQL keeps automated backups {} to {} days, not {}",
                BACKUP_DAYS.start(),
                BACKUP_DAYS.end(),
                backup.retention_days
            ),
            format!(
                "write `retention_days: {}`; keep longer copies with an Azure Backup vault policy",
                backup
                    .retention_days
                    .clamp(*BACKUP_DAYS.start(), *BACKUP_DAYS.end())
            ),
        );
    }

    let (generated, why) = match plan.infrastructure.iac.tool {
        IacTool::None | IacTool::PlatformConfig | IacTool::Terraform => return,
        IacTool::Pulumi | IacTool::Cloudformation => (
            "only the Container App YAML (deploy/containerapps/) is generated: the environment, registry, Key Vault, identity and database are set up by hand",
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

/// A container app reaches Azure Database for PostgreSQL over the
/// environment's network with its identity; another cloud's database would
/// get no server, no connection and no backups shipspec could check or
/// restore, while the runbooks name the flexible server's commands.
fn foreign_database(ctx: &mut Ctx<'_>, plan: &Plan) {
    let service = plan.infrastructure.hosting.database_service;
    if !matches!(
        service,
        DatabaseService::Rds | DatabaseService::Aurora | DatabaseService::CloudSql
    ) {
        return;
    }
    ctx.error(
        Code::ForeignDatabase,
        "infrastructure.hosting.database_service",
        format!(
            "{} is another cloud's database: shipspec would create none, connect the container app to none (it would reach it only across the internet), and have no backup to check or restore",
            service.label()
        ),
        "use `azure-postgres` on Azure, or `self-hosted` for a database you run, connect and back up yourself (its address in a Key Vault secret)",
    );
}

/// The flexible server is created for PostgreSQL: another engine would get a
/// database it cannot use, and no backup check (it lists PostgreSQL's).
fn database_engine(ctx: &mut Ctx<'_>, plan: &Plan) {
    let service = plan.infrastructure.hosting.database_service;
    let database = plan.project.database;
    if service != DatabaseService::AzurePostgres || matches!(database, Database::Postgres | Database::None) {
        return;
    }
    ctx.error(
        Code::ManagedDatabaseEngine,
        "infrastructure.hosting.database_service",
        format!(
            "shipspec creates {} for PostgreSQL only, and the app uses {}: its setup would create a PostgreSQL server the app cannot use, and the backup check and runbooks would not apply",
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
    fn pairs_follow_the_consumption_table() {
        assert!(is_valid(1, 2048));
        assert!(is_valid(4, 8192));
        assert!(!is_valid(1, 1024));
        assert!(!is_valid(5, 10240));
        assert_eq!(nearest(1024), vec![1, 2]);
        assert_eq!(label(1), "0.25 vCPU / 0.5Gi");
        assert_eq!(label(4), "1 vCPU / 2Gi");
    }
}
