//! The restore procedure on Kubernetes, per database service: an
//! in-cluster CloudNativePG cluster, or the managed database of the cloud
//! the cluster runs in. Every restore creates a new database beside the
//! damaged one, which stays for investigation.

use super::names;
use crate::answers::vocab::{Database, DatabaseService};
use crate::render::runbooks::restore::{Step, declare_step, step};
use crate::resolve::Plan;

/// Where the backups of the answered database are kept and how to list them.
pub(super) fn location(plan: &Plan, namespace: &str) -> Option<String> {
    let db = names::database(plan);
    Some(match plan.infrastructure.hosting.database_service {
        DatabaseService::SelfHosted if plan.project.database == Database::Postgres => format!(
            "CloudNativePG base backups and WAL of the `{db}` cluster, in the object store its `ObjectStore` names (`kubectl get backups.postgresql.cnpg.io --namespace {namespace}`)"
        ),
        DatabaseService::Rds => "automated RDS backups and transaction logs (`aws rds describe-db-instance-automated-backups --db-instance-identifier <instance>`)".to_owned(),
        DatabaseService::Aurora => "Aurora's continuous backups of the cluster (`aws rds describe-db-cluster-snapshots --db-cluster-identifier <cluster>`)".to_owned(),
        DatabaseService::CloudSql => "Cloud SQL automated backups and its write-ahead log (`gcloud sql backups list --instance <instance>`)".to_owned(),
        DatabaseService::AzurePostgres => "the flexible server's automatic backups (`az postgres flexible-server backup list --resource-group <group> --name <server>`)".to_owned(),
        _ => return None,
    })
}

/// The steps, or `None` where the generic procedure (a dump restored into
/// a new database) is the right one.
pub(super) fn steps(plan: &Plan, namespace: &str, minutes: &[u64], verify: &str) -> Option<Vec<Step>> {
    let db = names::database(plan);
    let deployment = names::deployment(plan);
    let restart = format!("kubectl rollout restart deployment/{deployment} --namespace {namespace}");
    let logs = format!("kubectl logs deployment/{deployment} --namespace {namespace} --since=15m");
    let (find, find_commands, restore, restore_commands): (&str, Vec<String>, &str, Vec<String>) =
        match plan.infrastructure.hosting.database_service {
            DatabaseService::SelfHosted if plan.project.database == Database::Postgres => (
                "List the cluster's completed backups; any moment after the oldest one can be restored from it and the archived WAL.",
                vec![format!("kubectl get backups.postgresql.cnpg.io --namespace {namespace}")],
                "Create a new Cluster that bootstraps from the object store: copy the `{db}` Cluster, name it `{db}-restore`, and replace `bootstrap` with `recovery` from the same `ObjectStore` (barman-cloud plugin) with `recoveryTarget.targetTime` at the last good moment.",
                vec![
                    format!("kubectl apply --namespace {namespace} --filename {db}-restore.yaml"),
                    format!("kubectl wait cluster/{db}-restore --namespace {namespace} --for=condition=Ready --timeout=30m"),
                ],
            ),
            DatabaseService::Rds => (
                "Find the latest restorable time of the instance.",
                vec!["aws rds describe-db-instances --db-instance-identifier <instance> --query 'DBInstances[0].LatestRestorableTime'".to_owned()],
                "Restore to a new instance at the last good moment.",
                vec![
                    "aws rds restore-db-instance-to-point-in-time --source-db-instance-identifier <instance> --target-db-instance-identifier <instance>-restore --restore-time <UTC time>".to_owned(),
                    "aws rds wait db-instance-available --db-instance-identifier <instance>-restore".to_owned(),
                ],
            ),
            DatabaseService::Aurora => (
                "Find the latest restorable time of the cluster.",
                vec!["aws rds describe-db-clusters --db-cluster-identifier <cluster> --query 'DBClusters[0].LatestRestorableTime'".to_owned()],
                "Restore to a new cluster at the last good moment, then give it an instance.",
                vec![
                    "aws rds restore-db-cluster-to-point-in-time --source-db-cluster-identifier <cluster> --db-cluster-identifier <cluster>-restore --restore-to-time <UTC time>".to_owned(),
                    "aws rds create-db-instance --db-cluster-identifier <cluster>-restore --db-instance-identifier <cluster>-restore-1 --db-instance-class <class> --engine aurora-postgresql".to_owned(),
                ],
            ),
            DatabaseService::CloudSql => (
                "List the instance's backups and check point-in-time recovery is on.",
                vec!["gcloud sql backups list --instance <instance>".to_owned()],
                "Clone the instance at the last good moment; a clone is a new instance.",
                vec!["gcloud sql instances clone <instance> <instance>-restore --point-in-time <UTC time, RFC 3339>".to_owned()],
            ),
            DatabaseService::AzurePostgres => (
                "Check the earliest restore point of the server.",
                vec!["az postgres flexible-server show --resource-group <group> --name <server> --query backup".to_owned()],
                "Restore to a new server at the last good moment.",
                vec!["az postgres flexible-server restore --resource-group <group> --name <server>-restore --source-server <server> --restore-time <UTC time, ISO 8601>".to_owned()],
            ),
            _ => return None,
        };
    let restore = restore.replace("{db}", &db);
    Some(vec![
        declare_step(minutes[0]),
        owned_step("Find the backup", minutes[1], find, &find_commands),
        owned_step(
            "Restore into a new database",
            minutes[2],
            &restore,
            &restore_commands,
        ),
        repoint(plan, namespace, minutes[3], &restart),
        step(
            "Verify",
            minutes[4],
            "Check readiness, then the data itself (row counts and the newest records of the main tables), then the logs.",
            &[verify, &logs],
        ),
    ])
}

fn owned_step(title: &str, minutes: u64, what: &str, commands: &[String]) -> Step {
    let commands: Vec<&str> = commands.iter().map(String::as_str).collect();
    step(title, minutes, what, &commands)
}

/// Step 4: the app reads the restored database. In the cluster,
/// `DATABASE_URL` comes from the Secret CloudNativePG keeps for each
/// Cluster, so the Deployment must name the restored one's; elsewhere the
/// address lives in the app's own secret store.
fn repoint(plan: &Plan, namespace: &str, minutes: u64, restart: &str) -> Step {
    let in_cluster = plan.infrastructure.hosting.database_service == DatabaseService::SelfHosted
        && plan.project.database == Database::Postgres;
    if !in_cluster {
        return owned_step(
            "Point the app at it",
            minutes,
            "Put the new database's address in `DATABASE_URL` (through the secret store that holds the app's secrets), then restart the pods so they read it.",
            &[restart.to_owned()],
        );
    }
    let deployment = names::deployment(plan);
    let db = names::database(plan);
    let patch = format!(
        r#"{{"spec":{{"template":{{"spec":{{"containers":[{{"name":"{container}","env":[{{"name":"DATABASE_URL","valueFrom":{{"secretKeyRef":{{"name":"{db}-restore-app","key":"uri"}}}}}}]}}]}}}}}}}}"#,
        container = names::CONTAINER,
    );
    owned_step(
        "Point the app at it",
        minutes,
        &format!(
            "The app reads `DATABASE_URL` from `{db}-app`, the Secret CloudNativePG keeps for the damaged Cluster: point it at `{db}-restore-app` (the patch restarts the pods). The next deploy applies the overlay again, which names `{db}-app`: until the damaged Cluster is replaced, keep the same change as a patch in the overlays (a hand edit shipspec keeps)."
        ),
        &[format!(
            "kubectl patch deployment/{deployment} --namespace {namespace} --type strategic --patch '{patch}'"
        )],
    )
}
