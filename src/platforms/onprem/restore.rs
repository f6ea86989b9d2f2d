//! Restoring PostgreSQL on own servers from the backup script's dumps: a new
//! database beside the damaged one, filled by `pg_restore`, then the app
//! pointed at it. The tests run these commands against a real PostgreSQL.

use super::names;
use super::tool::{self, Tool};
use crate::render::runbooks::restore::{Step, declare_step, step};
use crate::render::specs::blocks::production_environment;
use crate::resolve::Plan;

pub(super) fn location(plan: &Plan) -> Option<String> {
    names::postgres(plan).then(|| {
        format!(
            "`pg_dump` files (custom format) in `{dir}` on the host the backup timer runs on, kept {} days, and their off-host copies (`ls -lt {dir}`)",
            plan.operations.backup.retention_days,
            dir = names::backup_dir(plan)
        )
    })
}

/// The database the restore creates.
pub(super) fn restored(plan: &Plan) -> String {
    format!("{}_restore", names::database(plan))
}

pub(super) fn steps(plan: &Plan, minutes: &[u64], verify: &str) -> Option<Vec<Step>> {
    if !names::postgres(plan) {
        return None;
    }
    let dir = names::backup_dir(plan);
    let new = restored(plan);
    let list = format!("ls -lt {dir}");
    let check = format!("pg_restore --list {dir}/<backup-file>");
    let create = format!("createdb --maintenance-db=\"$DATABASE_URL\" {new}");
    let fill = format!("pg_restore --no-owner --exit-on-error --dbname=\"$RESTORE_URL\" {dir}/<backup-file>");
    let count = "psql \"$RESTORE_URL\" --command '\\dt+'".to_owned();
    let d = production_environment(plan).map_or_else(|| "production".to_owned(), |e| e.name.clone());
    let repoint = match tool::of(plan) {
        Tool::Kamal => format!("kamal deploy -d {d}"),
        Tool::Compose => "docker compose up --detach --wait".to_owned(),
    };
    Some(vec![
        declare_step(minutes[0]),
        step(
            "Find the restore point",
            minutes[1],
            "Pick the newest dump from before the damage (the names hold the UTC time), and check that it reads.",
            &[&list, &check],
        ),
        step(
            "Restore into a new database",
            minutes[2],
            &format!(
                "With `DATABASE_URL` set to the damaged database's address and `RESTORE_URL` to the same with the database `{new}`, create the new database beside it and restore the dump into it; the damaged one stays, for investigation."
            ),
            &[&create, &fill, &count],
        ),
        step(
            "Point the app at it",
            minutes[3],
            "Put `RESTORE_URL` in the secret store as `DATABASE_URL`, then redeploy so the containers read it.",
            &[&repoint],
        ),
        step(
            "Verify",
            minutes[4],
            "Check readiness, then the data itself (row counts and the newest records of the main tables).",
            &[verify],
        ),
    ])
}
