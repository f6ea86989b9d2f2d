//! The Cloud Run and Container Apps backup checks fail on a stale backup
//! and pass on a fresh one: their own `run:` step, with bash, against a
//! fake `gcloud` or `az` listing backups `$BACKUPS` old (`<seconds>:<status>`
//! each, the status Cloud SQL's).

use crate::steps::Steps;
use crate::workflows::example;

const CHECK: &str = ".github/workflows/backup-check.yml";

/// `gcloud sql backups list --format json`, as Cloud SQL's BackupRuns.
const GCLOUD: &str = r#"#!/usr/bin/env bash
printf '%s\n' "$*" >> "$LOG"
now=$(date +%s)
out="["
for b in $BACKUPS; do
  at=$(date -u -d "@$((now - ${b%%:*}))" +%Y-%m-%dT%H:%M:%S.123Z)
  out="$out{\"kind\": \"sql#backupRun\", \"status\": \"${b#*:}\", \"type\": \"AUTOMATED\", \"startTime\": \"$at\", \"endTime\": \"$at\"},"
done
echo "${out%,}]"
"#;

/// `az rest` on a flexible server's `backups`, as the ARM API answers: it
/// lists completed backups only.
const AZ: &str = r#"#!/usr/bin/env bash
printf '%s\n' "$*" >> "$LOG"
now=$(date +%s)
out='{"value": ['
for b in $BACKUPS; do
  at=$(date -u -d "@$((now - ${b%%:*}))" +%Y-%m-%dT%H:%M:%S.1234567+00:00)
  out="$out{\"name\": \"backup_$b\", \"properties\": {\"backupType\": \"Full\", \"completedTime\": \"$at\", \"source\": \"Automatic\"}},"
done
echo "${out%,}]}"
"#;

fn applied(example_name: &str, fakes: &[(&str, &str)]) -> Steps {
    let t = example(example_name);
    t.run(&["apply", "--yes"]).expect(0);
    Steps::new(t, fakes)
}

#[test]
fn the_cloud_sql_backup_check_fails_on_a_stale_backup() {
    let s = applied("gcp-cloudrun", &[("gcloud", GCLOUD)]);
    let check = s.step(CHECK, "freshness", "gcloud sql backups list");
    let run = |backups: &str| {
        s.forget_calls();
        let (ok, said) = s.run(
            &check,
            &[
                ("INSTANCE", "notes-api-db"),
                ("MAX_AGE_SECONDS", "100800"),
                ("BACKUPS", backups),
            ],
        );
        (ok, said, s.calls())
    };
    // An hour old: within the day and the four-hour window.
    let (ok, said, calls) = run("3600:SUCCESSFUL 90000:SUCCESSFUL");
    assert!(ok, "{said}");
    assert!(
        said.contains("newest successful backup of notes-api-db"),
        "{said}"
    );
    assert!(
        calls.contains("sql backups list --instance notes-api-db --format json"),
        "{calls}"
    );
    // 28 hours and a minute: stale.
    let (ok, said, _) = run("100860:SUCCESSFUL");
    assert!(
        !ok && said.contains("::error::the newest successful backup of notes-api-db is older than 28h"),
        "{said}"
    );
    // A newer failed backup does not count.
    let (ok, said, _) = run("600:FAILED 200000:SUCCESSFUL");
    assert!(!ok && said.contains("older than 28h"), "{said}");
    let (ok, said, _) = run("600:RUNNING");
    assert!(
        !ok && said.contains("::error::no successful backup of notes-api-db"),
        "{said}"
    );
    let (ok, said, _) = run("");
    assert!(!ok && said.contains("no successful backup"), "{said}");
    // The limit the workflow was generated with is the one tested here.
    assert!(check.contains("older than 28h"), "{check}");
    assert!(s.t.read(CHECK).contains("MAX_AGE_SECONDS: \"100800\""));
}

#[test]
fn the_flexible_server_backup_check_fails_on_a_stale_backup() {
    let s = applied("azure-containerapps", &[("az", AZ)]);
    let check = s.step(CHECK, "freshness", "az rest");
    let run = |backups: &str, group: &str| {
        s.forget_calls();
        let (ok, said) = s.run(
            &check,
            &[
                ("SUBSCRIPTION", "00000000-1111-2222-3333-444444444444"),
                ("GROUP", group),
                ("SERVER", "notes-api-db"),
                ("MAX_AGE_SECONDS", "108000"),
                ("BACKUPS", backups),
            ],
        );
        (ok, said, s.calls())
    };
    let (ok, said, calls) = run("3600:done 90000:done", "notes-rg");
    assert!(ok, "{said}");
    assert!(
        calls.contains(
            "rest --method get --url https://management.azure.com/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/notes-rg/providers/Microsoft.DBforPostgreSQL/flexibleServers/notes-api-db/backups?api-version=2024-08-01"
        ),
        "{calls}"
    );
    // 30 hours and a minute: stale.
    let (ok, said, _) = run("108060:done", "notes-rg");
    assert!(
        !ok && said.contains("::error::the newest backup of notes-api-db is older than 30h"),
        "{said}"
    );
    let (ok, said, _) = run("", "notes-rg");
    assert!(
        !ok && said.contains("::error::no completed backup of notes-api-db"),
        "{said}"
    );
    // A resource group that could reshape the URL never reaches it.
    let (ok, said, calls) = run("3600:done", "notes-rg/../other");
    assert!(
        !ok && said.contains("AZURE_RESOURCE_GROUP is not a resource group name") && calls.is_empty(),
        "{said}"
    );
    assert!(s.t.read(CHECK).contains("MAX_AGE_SECONDS: \"108000\""));
}
