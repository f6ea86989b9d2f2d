//! Backups and restores of an Azure Database for PostgreSQL flexible
//! server: a point-in-time restore always creates a new server.

use super::names;
use crate::answers::vocab::{Database, DatabaseService};
use crate::render::runbooks::restore::{Step, declare_step, step};
use crate::resolve::Plan;
use crate::resolve::plan::EnvironmentPlan;

pub(super) fn applies(plan: &Plan) -> bool {
    plan.infrastructure.hosting.database_service == DatabaseService::AzurePostgres
        && plan.project.database == Database::Postgres
}

pub(super) fn location(plan: &Plan, env: &EnvironmentPlan) -> Option<String> {
    applies(plan).then(|| {
        let db = names::database(&env.app);
        format!(
            "the flexible server's automatic backups of `{db}` and its write-ahead log, kept {} days{} (`az postgres flexible-server backup list --name {db}`, in the app's resource group)",
            plan.operations.backup.retention_days,
            if plan.infrastructure.regions.secondary.is_empty() { "" } else { ", geo-redundant" }
        )
    })
}

pub(super) fn steps(plan: &Plan, env: &EnvironmentPlan, minutes: &[u64], verify: &str) -> Option<Vec<Step>> {
    if !applies(plan) {
        return None;
    }
    let db = names::database(&env.app);
    let new = format!("{db}-restore");
    let app = names::app(env);
    let find = [format!(
        "az postgres flexible-server show --resource-group <resource-group> --name {db} --query '{{earliest:backup.earliestRestoreDate,retention:backup.backupRetentionDays,geo:backup.geoRedundantBackup}}'"
    )];
    let mut restore = vec![format!(
        "az postgres flexible-server restore --resource-group <resource-group> --name {new} --source-server {db} --restore-time '<UTC time, e.g. 2026-01-01T00:00:00Z>'"
    )];
    if !plan.infrastructure.regions.secondary.is_empty() {
        restore.push(format!(
            "az postgres flexible-server geo-restore --resource-group <resource-group> --name {new} --source-server {db} --location <paired region>"
        ));
    }
    let repoint = [
        format!(
            "printf '%s' \"$NEW_DATABASE_URL\" | az keyvault secret set --vault-name <key-vault> --name {} --file /dev/stdin --output none",
            names::vault_secret(&env.app, "DATABASE_URL")
        ),
        format!(
            "az containerapp revision restart --name {app} --resource-group <resource-group> --revision <serving-revision>"
        ),
    ];
    let logs = format!("az containerapp logs show --name {app} --resource-group <resource-group> --tail 100");
    Some(vec![
        declare_step(minutes[0]),
        step(
            "Find the restore point",
            minutes[1],
            "Any moment from the earliest restore date on can be restored.",
            &own(&find),
        ),
        step(
            "Restore into a new server",
            minutes[2],
            &format!(
                "A point-in-time restore always creates a new server; `{db}` stays as it is for investigation.{}",
                if plan.infrastructure.regions.secondary.is_empty() {
                    ""
                } else {
                    " The backups are geo-redundant: when the primary region is down, a geo-restore creates the server in the paired region."
                }
            ),
            &own(&restore),
        ),
        step(
            "Point the app at it",
            minutes[3],
            &format!(
                "Put the new server's address in the `DATABASE_URL` secret, then restart the serving revision so its replicas read it. The setup runbook's commands name `{db}`: once the incident is over, keep `{new}` as the database and update them, or copy the data back."
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
