//! The in-cluster PostgreSQL of `database_service: self-hosted`, run by the
//! CloudNativePG operator: a `Cluster`, its backups to object storage
//! through the Barman Cloud plugin (`ObjectStore`, which keeps them for the
//! answered retention), and a `ScheduledBackup` at the answered frequency.
//! Custom resources, one file each: kubernetes-validate has no schema for
//! them. The bucket is a placeholder the user replaces.

use serde_json::{Value, json};

use crate::answers::vocab::BackupFrequency;
use crate::resolve::Plan;
use crate::resolve::plan::EnvironmentPlan;

use super::manifest::Manifest;
use super::{env, names};

/// A primary and a standby it fails over to.
const INSTANCES: u32 = 2;
/// The answers give no database size; the user resizes in an overlay.
const STORAGE: &str = "10Gi";
const PLUGIN: &str = "barman-cloud.cloudnative-pg.io";
const QUESTIONS: &[&str] = &["operations.backup"];

pub(super) fn object_store(plan: &Plan) -> String {
    format!("{}-backups", plan.project.name)
}

/// The placeholder bucket, with a folder per environment: two clusters
/// archiving into one folder would overwrite each other's WAL.
pub(super) fn destination(plan: &Plan, env: Option<&EnvironmentPlan>) -> String {
    let bucket = format!("s3://{}-backups/", plan.project.name);
    match env {
        Some(env) => format!("{bucket}{}/", env.name),
        None => bucket,
    }
}

/// A six-field cron (seconds first), at 02:00 UTC where once a day or less.
/// Continuous backup is the WAL archive; the base backup it replays from
/// is daily.
fn schedule(frequency: BackupFrequency) -> &'static str {
    match frequency {
        BackupFrequency::Hourly => "0 0 * * * *",
        BackupFrequency::Daily | BackupFrequency::Continuous => "0 0 2 * * *",
        BackupFrequency::Weekly => "0 0 2 * * 0",
    }
}

pub(super) fn manifests(plan: &Plan) -> Vec<Manifest> {
    if !env::in_cluster_database(plan) {
        return Vec::new();
    }
    let cluster = names::database(plan);
    let store = object_store(plan);
    let backup = &plan.operations.backup;
    vec![
        Manifest::new(
            "base/postgres-cluster.yaml",
            json!({
                "apiVersion": "postgresql.cnpg.io/v1",
                "kind": "Cluster",
                "metadata": names::metadata(plan, &cluster, "database"),
                "spec": {
                    "instances": INSTANCES,
                    "storage": { "size": STORAGE },
                    "plugins": [{
                        "name": PLUGIN,
                        "isWALArchiver": true,
                        "parameters": { "barmanObjectName": store },
                    }],
                },
            }),
            QUESTIONS,
        )
        .custom(),
        Manifest::new(
            "base/postgres-objectstore.yaml",
            json!({
                "apiVersion": "barmancloud.cnpg.io/v1",
                "kind": "ObjectStore",
                "metadata": names::metadata(plan, &store, "database"),
                "spec": {
                    "retentionPolicy": format!("{}d", backup.retention_days),
                    "configuration": {
                        "destinationPath": destination(plan, None),
                        "s3Credentials": {
                            "accessKeyId": credential(plan, "ACCESS_KEY_ID"),
                            "secretAccessKey": credential(plan, "ACCESS_SECRET_KEY"),
                        },
                        "wal": { "compression": "gzip" },
                    },
                },
            }),
            QUESTIONS,
        )
        .custom(),
        Manifest::new(
            "base/postgres-scheduledbackup.yaml",
            json!({
                "apiVersion": "postgresql.cnpg.io/v1",
                "kind": "ScheduledBackup",
                "metadata": names::metadata(plan, &cluster, "database"),
                "spec": {
                    "schedule": schedule(backup.frequency),
                    "cluster": { "name": cluster },
                    "backupOwnerReference": "self",
                    "method": "plugin",
                    "pluginConfiguration": { "name": PLUGIN },
                },
            }),
            QUESTIONS,
        )
        .custom(),
    ]
}

/// A key of the Secret holding the bucket's credentials, by name only.
fn credential(plan: &Plan, key: &str) -> Value {
    json!({ "name": format!("{}-backup-credentials", plan.project.name), "key": key })
}
