//! Names the config, workflows and runbooks share: placeholder hosts, the
//! deploy checkout, the backup folder.

use crate::answers::vocab::{Database, DatabaseService};
use crate::resolve::Plan;
use crate::resolve::plan::EnvironmentPlan;

/// The placeholder address of host `n` (from 1) of environment `index`
/// (from 0): documentation ranges (RFC 5737) no real host has, to be
/// replaced with the team's servers.
pub(super) fn host(index: usize, n: u32) -> String {
    let net = ["192.0.2", "198.51.100", "203.0.113"][index % 3];
    format!("{net}.{}", 10 + n)
}

/// The web hosts of environment `index`: one per instance.
pub(super) fn hosts(plan: &Plan, index: usize) -> Vec<String> {
    (1..=instances(plan)).map(|n| host(index, n)).collect()
}

/// The database host of environment `index`.
pub(super) fn database_host(index: usize) -> String {
    host(index, 0)
}

/// Hosts per environment: the answered instance count is the host list.
pub(super) fn instances(plan: &Plan) -> u32 {
    plan.infrastructure.scaling.min_instances.max(1)
}

/// The placeholder domain an environment is served at.
pub(super) fn domain(env: &EnvironmentPlan) -> String {
    format!("{}.example.com", env.app)
}

/// Where the deploy host keeps its checkout of the repository.
pub(super) fn checkout(env: &EnvironmentPlan) -> String {
    format!("/srv/{}/deploy", env.app)
}

/// Where backups of the database are written, on the host that runs them.
pub(super) fn backup_dir(plan: &Plan) -> String {
    format!("/var/backups/{}", plan.project.name)
}

/// Whether the servers run the database too (PostgreSQL, self-hosted).
pub(super) fn own_postgres(plan: &Plan) -> bool {
    plan.infrastructure.hosting.database_service == DatabaseService::SelfHosted
        && plan.project.database == Database::Postgres
}

/// Whether there is a PostgreSQL database to back up, here or elsewhere.
pub(super) fn postgres(plan: &Plan) -> bool {
    plan.project.database == Database::Postgres
        && plan.infrastructure.hosting.database_service != DatabaseService::None
}

/// The database and user name of the self-hosted PostgreSQL.
pub(super) fn database(plan: &Plan) -> String {
    plan.project.name.replace('-', "_")
}

/// The PostgreSQL image the accessory or compose service runs.
pub(super) const POSTGRES_IMAGE: &str = "postgres:16";
