//! The restore procedure for each platform and database service, with a
//! time budget per step that adds up to the RTO.

use serde::Serialize;

use super::health_url;
use crate::answers::vocab::*;
use crate::resolve::Plan;

#[derive(Serialize)]
pub(super) struct Step {
    title: String,
    minutes: u64,
    what: String,
    commands: Vec<String>,
}

/// Splits `total` minutes across steps by weight; the parts add up exactly
/// (what rounding leaves goes to the heaviest step).
pub(super) fn budget(total: u64, weights: &[u64]) -> Vec<u64> {
    let sum: u64 = weights.iter().sum();
    // In u128: a product of two u64 cannot overflow it, and each part is at
    // most `total`, so it fits back into u64.
    let part =
        |w: u64| u64::try_from(u128::from(total) * u128::from(w) / u128::from(sum.max(1))).unwrap_or(total);
    let mut parts: Vec<u64> = weights.iter().map(|&w| part(w)).collect();
    let used: u64 = parts.iter().sum();
    let heaviest = (0..weights.len()).max_by_key(|&i| weights[i]).unwrap_or(0);
    parts[heaviest] += total - used;
    parts
}

/// Off Fly.io the app finds its database through `DATABASE_URL` alone.
fn repoint(minutes: u64) -> Step {
    step(
        "Point the app at it",
        minutes,
        "Update `DATABASE_URL` in the secret store and restart the app.",
        &[],
    )
}

fn step(title: &str, minutes: u64, what: &str, commands: &[&str]) -> Step {
    Step {
        title: title.to_owned(),
        minutes,
        what: what.to_owned(),
        commands: commands.iter().map(|c| (*c).to_owned()).collect(),
    }
}

pub(super) fn restore_steps(plan: &Plan, app: &str, minutes: &[u64]) -> Vec<Step> {
    let region = &plan.infrastructure.regions.primary;
    let declare = step(
        "Declare the incident and pick the restore point",
        minutes[0],
        "Open an incident (see [incident response](incident-response.md)), stop any job that writes to the damaged database, and agree on the last good moment to restore to.",
        &[],
    );
    let verify_url = health_url(plan, app);
    let verify = format!("curl --fail --silent --show-error {verify_url}");
    let service = plan.infrastructure.hosting.database_service;
    let fly = plan.infrastructure.hosting.platform == Platform::Fly;
    match (service, plan.project.database) {
        (DatabaseService::FlyManagedPostgres, _) => vec![
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
                    &verify,
                    "fly mpg connect <new-cluster-id>",
                    &format!("fly logs --app {app}"),
                ],
            ),
        ],
        (DatabaseService::FlyPostgres, _) => vec![
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
                    &verify,
                    &format!("fly postgres connect --app {app}-db-restore"),
                    &format!("fly logs --app {app}"),
                ],
            ),
        ],
        (_, Database::Sqlite) if fly => vec![
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
                &[&verify, &format!("fly logs --app {app}")],
            ),
        ],
        (_, Database::Mysql) => vec![
            declare,
            step(
                "Find the dump",
                minutes[1],
                "Locate the newest dump from before the damage in the backup storage.",
                &[],
            ),
            step(
                "Restore into a new database",
                minutes[2],
                "Create an empty database and load the dump into it; keep the damaged one for investigation.",
                &["mysql --host <new-host> --user <user> -p <database> < backup.sql"],
            ),
            repoint(minutes[3]),
            step(
                "Verify",
                minutes[4],
                "Check readiness, then the data itself, then the logs.",
                &[&verify],
            ),
        ],
        (_, Database::Sqlite) => vec![
            declare,
            step(
                "Find the copy",
                minutes[1],
                "Locate the newest copy of the database file from before the damage.",
                &[],
            ),
            step(
                "Restore the file",
                minutes[2],
                "Check the copy, then put it in place with the app stopped.",
                &[
                    "sqlite3 backup.db 'PRAGMA integrity_check'",
                    "cp backup.db <data-dir>/app.db",
                ],
            ),
            step(
                "Start the app",
                minutes[3],
                "Start the app on the restored file.",
                &[],
            ),
            step(
                "Verify",
                minutes[4],
                "Check readiness, then the data.",
                &[&verify],
            ),
        ],
        _ => vec![
            declare,
            step(
                "Find the backup",
                minutes[1],
                "Locate the newest dump (or the provider's snapshot) from before the damage.",
                &[],
            ),
            step(
                "Restore into a new database",
                minutes[2],
                "Restore into a new, empty database so the damaged one stays for investigation.",
                &[
                    "createdb --host <new-host> --username <user> <database>",
                    "pg_restore --host <new-host> --username <user> --dbname <database> --no-owner --jobs 4 backup.dump",
                ],
            ),
            repoint(minutes[3]),
            step(
                "Verify",
                minutes[4],
                "Check readiness, then the data itself, then the logs.",
                &[&verify],
            ),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::budget;

    #[test]
    fn budgets_add_up_to_the_total() {
        for total in [10, 17, 60, 120, 1440] {
            let parts = budget(total, &[10, 10, 45, 15, 20]);
            assert_eq!(parts.iter().sum::<u64>(), total, "{parts:?}");
            assert!(parts.iter().all(|p| *p >= 1), "{parts:?}");
        }
        assert_eq!(budget(120, &[10, 10, 45, 15, 20]), [12, 12, 54, 18, 24]);
    }
}
