//! The restore procedure on Fly.io, per database service: Managed
//! Postgres clusters, Fly Postgres apps on a volume, and SQLite on the
//! app's own volume. Each step's minutes come from the RTO's budget.

use crate::answers::vocab::{Database, DatabaseService};
use crate::render::runbooks::restore::{Step, declare_step, step};
use crate::resolve::Plan;

/// The steps, or `None` where the generic procedure (a dump restored into
/// a new database) is the right one.
pub(super) fn steps(plan: &Plan, app: &str, minutes: &[u64], verify: &str) -> Option<Vec<Step>> {
    let region = &plan.infrastructure.regions.primary;
    let declare = declare_step(minutes[0]);
    match (
        plan.infrastructure.hosting.database_service,
        plan.project.database,
    ) {
        (DatabaseService::FlyManagedPostgres, _) => Some(vec![
            declare,
            step(
                "Find the backup",
                minutes[1],
                "List the cluster's backups and pick the newest one from before the damage.",
                &["fly mpg list", "fly mpg backup list <cluster-id> --all"],
            ),
            step(
                "Restore into a new cluster",
                minutes[2],
                "Restore never overwrites the damaged cluster: it creates a new one, so the old one stays for investigation.",
                &[
                    &format!("fly mpg restore <cluster-id> --backup-id <backup-id> --name {app}-restore"),
                    "fly mpg status <new-cluster-id>",
                ],
            ),
            step(
                "Point the app at the restored cluster",
                minutes[3],
                "Attaching sets `DATABASE_URL` as a secret and restarts the machines.",
                &[
                    &format!("fly secrets unset DATABASE_URL --app {app}"),
                    &format!("fly mpg attach <new-cluster-id> --app {app}"),
                ],
            ),
            step(
                "Verify",
                minutes[4],
                "Check readiness, then the data itself (row counts and the newest records of the main tables), then the logs.",
                &[
                    verify,
                    "fly mpg connect <new-cluster-id>",
                    &format!("fly logs --app {app}"),
                ],
            ),
        ]),
        (DatabaseService::FlyPostgres, _) => Some(vec![
            declare,
            step(
                "Find the snapshot",
                minutes[1],
                "Fly Postgres keeps its data on a volume; list the database app's volumes and their daily snapshots.",
                &[
                    &format!("fly volumes list --app {app}-db"),
                    "fly volumes snapshots list <volume-id>",
                ],
            ),
            step(
                "Restore into a new database app",
                minutes[2],
                "Create a new Postgres app from the snapshot; the damaged one stays for investigation.",
                &[&format!(
                    "fly postgres create --name {app}-db-restore --snapshot-id <snapshot-id> --region {region}"
                )],
            ),
            step(
                "Point the app at the restored database",
                minutes[3],
                "Attaching sets `DATABASE_URL` as a secret and restarts the machines.",
                &[
                    &format!("fly secrets unset DATABASE_URL --app {app}"),
                    &format!("fly postgres attach {app}-db-restore --app {app}"),
                ],
            ),
            step(
                "Verify",
                minutes[4],
                "Check readiness, then the data itself, then the logs.",
                &[
                    verify,
                    &format!("fly postgres connect --app {app}-db-restore"),
                    &format!("fly logs --app {app}"),
                ],
            ),
        ]),
        (_, Database::Sqlite) => Some(vec![
            declare,
            step(
                "Find the snapshot",
                minutes[1],
                "The database file lives on a Fly volume; list the volumes and their snapshots.",
                &[
                    &format!("fly volumes list --app {app}"),
                    "fly volumes snapshots list <volume-id>",
                ],
            ),
            step(
                "Restore into a new volume",
                minutes[2],
                "Create a volume from the snapshot in the same region; give it the name fly.toml's `[mounts]` uses.",
                &[&format!(
                    "fly volumes create <volume-name> --snapshot-id <snapshot-id> --region {region} --app {app}"
                )],
            ),
            step(
                "Move the app onto it",
                minutes[3],
                "Destroy the damaged volume's machine or volume only after the new one is verified; deploy so a machine mounts the new volume.",
                &[&format!("fly deploy --app {app}")],
            ),
            step(
                "Verify",
                minutes[4],
                "Check readiness, then the data, then the logs.",
                &[verify, &format!("fly logs --app {app}")],
            ),
        ]),
        _ => None,
    }
}
