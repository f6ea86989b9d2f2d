//! Restoring Heroku Postgres: a new database beside the damaged one, from
//! continuous protection (a rollback to a moment, Standard tier and up) or
//! from a scheduled backup, then promoted to `DATABASE_URL`.

use super::{app_json, postgres};
use crate::render::runbooks::restore::{Step, declare_step, step};
use crate::resolve::Plan;

pub(super) fn location(plan: &Plan, app: &str) -> Option<String> {
    if !app_json::addon(plan) {
        return None;
    }
    let pg = postgres::of(plan);
    let mut text = format!(
        "Heroku PG Backups of `DATABASE_URL` on `{app}` (plan `{}`), taken daily at 02:00 UTC and kept {} (`heroku pg:backups --app {app}`)",
        pg.plan,
        match pg.plan {
            "essential-0" => "as 7 daily backups",
            "standard-0" => "as 7 daily and 4 weekly backups",
            _ => "as 7 daily, 8 weekly and 12 monthly backups",
        }
    );
    if let Some(days) = pg.rollback_days {
        text.push_str(&format!(
            ", and continuous protection: any moment of the last {days} days (`heroku pg:info --app {app}` shows the earliest)"
        ));
    }
    Some(text)
}

pub(super) fn steps(plan: &Plan, app: &str, minutes: &[u64], verify: &str) -> Option<Vec<Step>> {
    if !app_json::addon(plan) {
        return None;
    }
    let pg = postgres::of(plan);
    let addon = format!("heroku-postgresql:{}", pg.plan);
    let mut find = vec![format!("heroku pg:backups --app {app}")];
    let mut restore = Vec::new();
    let how = if pg.rollback_days.is_some() {
        find.push(format!("heroku pg:info --app {app}"));
        restore.push(format!(
            "heroku addons:create {addon} --rollback DATABASE_URL --to '<UTC time, e.g. 2026-01-01 00:00+00>' --app {app}"
        ));
        "Create a new database at the last good moment (a rollback: continuous protection replays the log up to it), or, for a moment older than the rollback window, a new database filled from a backup. Either way the damaged database stays, for investigation."
    } else {
        "Create a new database and restore the backup into it; the damaged database stays, for investigation."
    };
    restore.push(format!("heroku addons:create {addon} --app {app}"));
    restore.push(format!("heroku pg:wait --app {app}"));
    restore.push(format!(
        "heroku pg:backups:restore <backup-id> HEROKU_POSTGRESQL_<COLOR>_URL --app {app} --confirm {app}"
    ));
    let own = |v: &[String]| v.iter().map(String::clone).collect::<Vec<_>>();
    let find = own(&find);
    let restore = own(&restore);
    Some(vec![
        declare_step(minutes[0]),
        step(
            "Find the restore point",
            minutes[1],
            "List the backups (ids like `b101`) and, with continuous protection, the earliest moment a rollback reaches.",
            &find.iter().map(String::as_str).collect::<Vec<_>>(),
        ),
        step(
            "Restore into a new database",
            minutes[2],
            how,
            &restore.iter().map(String::as_str).collect::<Vec<_>>(),
        ),
        step(
            "Point the app at it",
            minutes[3],
            "Promote the new database (its `HEROKU_POSTGRESQL_<COLOR>_URL` from `heroku pg:info`) to `DATABASE_URL`; Heroku restarts the dynos with it.",
            &[&format!(
                "heroku pg:promote HEROKU_POSTGRESQL_<COLOR>_URL --app {app}"
            )],
        ),
        step(
            "Verify",
            minutes[4],
            "Check readiness, then the data itself (row counts and the newest records of the main tables), then the logs.",
            &[verify, &format!("heroku logs --num 300 --app {app}")],
        ),
    ])
}
