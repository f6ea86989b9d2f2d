//! Backups and restores of a Cloud SQL for PostgreSQL instance. A
//! point-in-time recovery is a clone, always into a new instance; a
//! backup restored into an existing instance overwrites all of its data.

use super::names;
use crate::answers::vocab::Database;
use crate::render::runbooks::restore::{Step, declare_step, step};
use crate::resolve::Plan;
use crate::resolve::plan::EnvironmentPlan;

pub(super) fn applies(plan: &Plan) -> bool {
    super::service::cloud_sql(plan) && plan.project.database == Database::Postgres
}

pub(super) fn location(plan: &Plan, env: &EnvironmentPlan) -> Option<String> {
    applies(plan).then(|| {
        let db = names::database(&env.app);
        format!(
            "Cloud SQL's automated daily backups of `{db}` and its write-ahead log for point-in-time recovery (`gcloud sql backups list --instance {db}`; `gcloud sql instances describe {db} --format 'value(settings.backupConfiguration)'` shows retention and whether point-in-time recovery is on)"
        )
    })
}

pub(super) fn steps(plan: &Plan, env: &EnvironmentPlan, minutes: &[u64], verify: &str) -> Option<Vec<Step>> {
    if !applies(plan) {
        return None;
    }
    let region = &plan.infrastructure.regions.primary;
    let db = names::database(&env.app);
    let new = format!("{db}-restore");
    let service = names::service(env);
    let find = [
        format!(
            "gcloud sql instances describe {db} --format 'value(settings.backupConfiguration.pointInTimeRecoveryEnabled,settings.backupConfiguration.transactionLogRetentionDays)'"
        ),
        format!("gcloud sql backups list --instance {db}"),
    ];
    let restore = [
        format!(
            "gcloud sql instances clone {db} {new} --point-in-time '<UTC time, e.g. 2026-01-01T00:00:00Z>'"
        ),
        format!("gcloud sql instances describe {new} --format 'value(state,connectionName)'"),
    ];
    let repoint = [
        format!(
            "gcloud run services update {service} --region {region} --remove-cloudsql-instances <project>:{region}:{db} --add-cloudsql-instances <project>:{region}:{new}"
        ),
        format!(
            "printf '%s' \"$NEW_DATABASE_URL\" | gcloud secrets versions add {} --data-file=-",
            names::secret(&env.app, "DATABASE_URL")
        ),
    ];
    let logs = format!(
        "gcloud logging read 'resource.type=\"cloud_run_revision\" AND resource.labels.service_name=\"{service}\"' --freshness 15m --limit 50"
    );
    Some(vec![
        declare_step(minutes[0]),
        step(
            "Find the restore point",
            minutes[1],
            "Check that point-in-time recovery is on and how many days of log it keeps; any moment inside them can be restored. Without it, pick the newest backup from before the damage.",
            &own(&find),
        ),
        step(
            "Restore into a new instance",
            minutes[2],
            &format!(
                "Clone the instance at the last good moment: a clone is always a new instance, and `{db}` stays as it is for investigation. Without point-in-time recovery, `gcloud sql backups restore <backup-id> --restore-instance {new} --backup-instance {db}` restores a backup of `{db}` into an instance created for it first. Never restore into `{db}` itself: a backup restore overwrites all of the target instance's data."
            ),
            &own(&restore),
        ),
        step(
            "Point the app at it",
            minutes[3],
            &format!(
                "Connect the service to the new instance and put its address in `DATABASE_URL` (a new secret version); the update starts a new revision that reads both. The generated service YAML connects to `{db}`, and so will the next deploy: before it, copy the repaired data back into `{db}` (`gcloud sql export sql` from `{new}`, `gcloud sql import sql` into `{db}`) and point `DATABASE_URL` back."
            ),
            &own(&repoint),
        ),
        step(
            "Verify",
            minutes[4],
            "Check readiness, then the data itself (row counts and the newest records of the main tables), then the logs.",
            &[verify, &logs],
        ),
    ])
}

fn own(commands: &[String]) -> Vec<&str> {
    commands.iter().map(String::as_str).collect()
}
