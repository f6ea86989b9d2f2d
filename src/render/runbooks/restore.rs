//! The restore procedure for each platform and database service, with a
//! time budget per step that adds up to the RTO.

use serde::Serialize;

use super::health_url;
use crate::answers::vocab::Database;
use crate::resolve::Plan;

/// One step of a restore, with its share of the RTO.
#[derive(Serialize)]
pub struct Step {
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

/// The first step of every restore.
pub fn declare_step(minutes: u64) -> Step {
    step(
        "Declare the incident and pick the restore point",
        minutes,
        "Open an incident (see [incident response](incident-response.md)), stop any job that writes to the damaged database, and agree on the last good moment to restore to.",
        &[],
    )
}

/// Where no platform says otherwise, the app finds its database through `DATABASE_URL` alone.
fn repoint(minutes: u64) -> Step {
    step(
        "Point the app at it",
        minutes,
        "Update `DATABASE_URL` in the secret store and restart the app.",
        &[],
    )
}

pub fn step(title: &str, minutes: u64, what: &str, commands: &[&str]) -> Step {
    Step {
        title: title.to_owned(),
        minutes,
        what: what.to_owned(),
        commands: commands.iter().map(|c| (*c).to_owned()).collect(),
    }
}

pub(super) fn restore_steps(plan: &Plan, app: &str, minutes: &[u64]) -> Vec<Step> {
    let verify_url = health_url(plan, app);
    let verify = format!("curl --fail --silent --show-error {verify_url}");
    let platform = crate::platforms::of(plan.infrastructure.hosting.platform);
    if let Some(steps) = platform.restore_steps(plan, app, minutes, &verify) {
        return steps;
    }
    let declare = declare_step(minutes[0]);
    match plan.project.database {
        Database::Mysql => vec![
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
        Database::Sqlite => vec![
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
