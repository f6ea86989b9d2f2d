//! Restoring RDS or Aurora on AWS: a point-in-time restore (or a snapshot
//! restore) always creates a new database beside the damaged one, which
//! stays for investigation; the app is then pointed at the new one
//! through its `DATABASE_URL` secret.

use super::names;
use super::stack::Store;
use crate::answers::vocab::{DatabaseService, SecretStore};
use crate::render::runbooks::restore::{Step, declare_step, step};
use crate::resolve::Plan;
use crate::resolve::plan::EnvironmentPlan;

pub(super) fn location(plan: &Plan, env: &EnvironmentPlan) -> Option<String> {
    let db = names::database(&env.app);
    let region = &plan.infrastructure.regions.primary;
    Some(match plan.infrastructure.hosting.database_service {
        DatabaseService::Rds => format!(
            "RDS automated backups (daily snapshots and the transaction log, kept {} days) of `{db}` in {region} (`aws rds describe-db-instance-automated-backups --db-instance-identifier {db} --region {region}`), and manual snapshots (`aws rds describe-db-snapshots --db-instance-identifier {db} --region {region}`)",
            plan.operations.backup.retention_days
        ),
        DatabaseService::Aurora => format!(
            "Aurora's continuous backups of the cluster `{db}` in {region}, kept {} days, and its snapshots (`aws rds describe-db-cluster-snapshots --db-cluster-identifier {db} --region {region}`)",
            plan.operations.backup.retention_days
        ),
        _ => return None,
    })
}

fn store(plan: &Plan) -> Option<Store> {
    match plan.operations.configuration.production {
        SecretStore::AwsSecretsManager => Some(Store::SecretsManager),
        SecretStore::AwsSsmParameterStore => Some(Store::ParameterStore),
        _ => None,
    }
}

pub(super) fn steps(plan: &Plan, env: &EnvironmentPlan, minutes: &[u64], verify: &str) -> Option<Vec<Step>> {
    let db = names::database(&env.app);
    let new = format!("{db}-restore");
    let region = &plan.infrastructure.regions.primary;
    let multi_az = if super::stack::high_availability(plan) {
        " --multi-az"
    } else {
        ""
    };
    let (find, find_commands, restore, restore_commands) = match plan.infrastructure.hosting.database_service
    {
        DatabaseService::Rds => (
            "Find the latest restorable time (any moment since the oldest automated backup can be restored), or the snapshot to restore.",
            vec![
                format!(
                    "aws rds describe-db-instances --db-instance-identifier {db} --region {region} --query 'DBInstances[0].LatestRestorableTime'"
                ),
                format!(
                    "aws rds describe-db-snapshots --db-instance-identifier {db} --region {region} --query 'DBSnapshots[].[DBSnapshotIdentifier,SnapshotCreateTime]'"
                ),
            ],
            "Restore into a new instance, at the last good moment (point in time) or from a snapshot. A restore inherits none of the damaged instance's settings: give it the same subnet group, security group and parameter group, deletion protection, and a master-user secret of its own.",
            vec![
                format!(
                    "aws rds restore-db-instance-to-point-in-time --source-db-instance-identifier {db} --target-db-instance-identifier {new} --restore-time <UTC time, e.g. 2026-01-01T00:00:00Z> --db-subnet-group-name {} --vpc-security-group-ids <database security group> --db-parameter-group-name {} --deletion-protection --manage-master-user-password{multi_az} --region {region}",
                    env.app, env.app
                ),
                format!(
                    "aws rds restore-db-instance-from-db-snapshot --db-instance-identifier {new} --db-snapshot-identifier <snapshot> --db-subnet-group-name {} --vpc-security-group-ids <database security group> --db-parameter-group-name {} --deletion-protection --manage-master-user-password{multi_az} --region {region}",
                    env.app, env.app
                ),
                format!(
                    "aws rds wait db-instance-available --db-instance-identifier {new} --region {region}"
                ),
                format!(
                    "aws rds describe-db-instances --db-instance-identifier {new} --region {region} --query 'DBInstances[0].Endpoint.Address'"
                ),
            ],
        ),
        DatabaseService::Aurora => (
            "Find the latest restorable time of the cluster, or the snapshot to restore.",
            vec![
                format!(
                    "aws rds describe-db-clusters --db-cluster-identifier {db} --region {region} --query 'DBClusters[0].[EarliestRestorableTime,LatestRestorableTime]'"
                ),
                format!(
                    "aws rds describe-db-cluster-snapshots --db-cluster-identifier {db} --region {region} --query 'DBClusterSnapshots[].[DBClusterSnapshotIdentifier,SnapshotCreateTime]'"
                ),
            ],
            "Restore into a new cluster at the last good moment (or from a snapshot), with the damaged cluster's subnet group, security group and parameter group (which refuses connections without TLS), and deletion protection; have RDS keep its master password in Secrets Manager again, then give it an instance: a restored cluster has none.",
            vec![
                format!(
                    "aws rds restore-db-cluster-to-point-in-time --source-db-cluster-identifier {db} --db-cluster-identifier {new} --restore-to-time <UTC time, e.g. 2026-01-01T00:00:00Z> --db-subnet-group-name {} --vpc-security-group-ids <database security group> --db-cluster-parameter-group-name {} --deletion-protection --region {region}",
                    env.app, env.app
                ),
                format!(
                    "aws rds restore-db-cluster-from-snapshot --db-cluster-identifier {new} --snapshot-identifier <snapshot> --engine aurora-postgresql --db-subnet-group-name {} --vpc-security-group-ids <database security group> --db-cluster-parameter-group-name {} --deletion-protection --region {region}",
                    env.app, env.app
                ),
                format!(
                    "aws rds modify-db-cluster --db-cluster-identifier {new} --manage-master-user-password --apply-immediately --region {region}"
                ),
                format!(
                    "aws rds create-db-instance --db-cluster-identifier {new} --db-instance-identifier {new}-1 --db-instance-class <class> --engine aurora-postgresql --region {region}"
                ),
                format!(
                    "aws rds wait db-instance-available --db-instance-identifier {new}-1 --region {region}"
                ),
            ],
        ),
        _ => return None,
    };
    let mut repoint = Vec::new();
    match store(plan) {
        Some(Store::SecretsManager) => repoint.push(format!(
            "printf '%s' \"$NEW_DATABASE_URL\" | aws secretsmanager put-secret-value --secret-id {}/DATABASE_URL --secret-string file:///dev/stdin --region {region}",
            env.app
        )),
        Some(Store::ParameterStore) => repoint.push(format!(
            "printf '%s' \"$NEW_DATABASE_URL\" | aws ssm put-parameter --name /{}/DATABASE_URL --type SecureString --overwrite --value file:///dev/stdin --region {region}",
            env.app
        )),
        None => {}
    }
    repoint.push(format!(
        "aws ecs update-service --cluster {} --service {} --force-new-deployment --region {region}",
        names::cluster(env),
        names::service(env)
    ));
    repoint.push(format!(
        "aws ecs wait services-stable --cluster {} --services {} --region {region}",
        names::cluster(env),
        names::service(env)
    ));
    Some(vec![
        declare_step(minutes[0]),
        step("Find the restore point", minutes[1], find, &own(&find_commands)),
        step(
            "Restore into a new database",
            minutes[2],
            restore,
            &own(&restore_commands),
        ),
        step(
            "Point the app at it",
            minutes[3],
            &format!(
                "Tasks read `DATABASE_URL` when they start: put the new database's endpoint in it, keeping the app's own database user (restored with the data, its password unchanged; the master user's password rotates), then start new tasks. The restored database gets a new endpoint; the infrastructure code still describes the old one, so rename the old one out of the way and the new one to its name (`aws rds {rename}`) once the incident is over, or import the new one.",
                rename = if plan.infrastructure.hosting.database_service == DatabaseService::Aurora {
                    "modify-db-cluster --new-db-cluster-identifier"
                } else {
                    "modify-db-instance --new-db-instance-identifier"
                }
            ),
            &own(&repoint),
        ),
        step(
            "Verify",
            minutes[4],
            "Check readiness, then the data itself (row counts and the newest records of the main tables), then the logs.",
            &[
                verify,
                &format!(
                    "aws logs tail {} --since 15m --region {region}",
                    names::log_group(&env.app)
                ),
            ],
        ),
    ])
}

fn own(commands: &[String]) -> Vec<&str> {
    commands.iter().map(String::as_str).collect()
}
