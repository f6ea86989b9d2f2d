//! RDS for PostgreSQL or Aurora PostgreSQL: encrypted as the at-rest
//! answer says, protected from deletion, backups kept as long as the
//! backup answer says, multi-AZ when the answers ask for high
//! availability. RDS keeps the master password in Secrets Manager itself.

use super::hcl::{Block, Item, Value, int, raw, resource, s};
use crate::platforms::aws::stack::{DatabaseShape, Stack};

/// The major version new databases start on. Terraform names the major
/// only, so minor upgrades AWS applies are not drift.
pub(in crate::platforms::aws) const POSTGRES_MAJOR: &str = "17";
/// CloudFormation's linter wants a full version (a major alone counts as
/// deprecated there); minor upgrades still apply automatically.
pub(in crate::platforms::aws) const POSTGRES_VERSION: &str = "17.6";

pub(super) fn items(_stack: &Stack, db: &DatabaseShape) -> Vec<Item> {
    let family = format!(
        "{}{POSTGRES_MAJOR}",
        if db.aurora {
            "aurora-postgresql"
        } else {
            "postgres"
        }
    );
    let mut out = vec![
        Item::Block(
            resource("aws_security_group", "database")
                .attr("name", raw("\"${local.app}-database\""))
                .attr("description", s("The database: PostgreSQL from the tasks only."))
                .attr("vpc_id", raw("var.vpc_id")),
        ),
        Item::Block(
            resource("aws_vpc_security_group_ingress_rule", "database_from_service")
                .attr("security_group_id", raw("aws_security_group.database.id"))
                .attr("description", s("PostgreSQL from the tasks"))
                .attr("ip_protocol", s("tcp"))
                .attr("from_port", int(5432))
                .attr("to_port", int(5432))
                .attr(
                    "referenced_security_group_id",
                    raw("aws_security_group.service.id"),
                ),
        ),
        Item::Block(
            resource("aws_db_subnet_group", "app")
                .attr("name", raw("local.app"))
                .attr("subnet_ids", raw("var.private_subnet_ids")),
        ),
    ];
    let parameters = if db.aurora {
        "aws_rds_cluster_parameter_group"
    } else {
        "aws_db_parameter_group"
    };
    out.push(Item::Block(
        resource(parameters, "app")
            .attr("name", raw("local.app"))
            .attr("family", s(family))
            .blank()
            .comment("Connections without TLS are refused.")
            .block(
                Block::new("parameter", &[])
                    .attr("name", s("rds.force_ssl"))
                    .attr("value", s("1")),
            )
            .blank()
            .block(
                Block::new("parameter", &[])
                    .attr("name", s("log_min_duration_statement"))
                    .attr("value", s("1000")),
            ),
    ));
    out.push(Item::Block(monitoring_role()));
    out.push(Item::Block(
        resource("aws_iam_role_policy_attachment", "monitoring")
            .attr("role", raw("aws_iam_role.monitoring.name"))
            .attr(
                "policy_arn",
                raw("\"arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole\""),
            ),
    ));
    if db.aurora {
        out.extend(aurora(db));
    } else {
        out.push(Item::Block(instance(db)));
    }
    out
}

fn monitoring_role() -> Block {
    let policy = Value::Call(
        "jsonencode",
        Box::new(Value::Object(vec![
            ("Version".into(), s("2012-10-17")),
            (
                "Statement".into(),
                Value::List(vec![Value::Object(vec![
                    ("Effect".into(), s("Allow")),
                    (
                        "Principal".into(),
                        Value::Object(vec![("Service".into(), s("monitoring.rds.amazonaws.com"))]),
                    ),
                    ("Action".into(), s("sts:AssumeRole")),
                ])]),
            ),
        ])),
    );
    resource("aws_iam_role", "monitoring")
        .comment("RDS Enhanced Monitoring: OS metrics every minute.")
        .attr("name", raw("\"${local.app}-rds-monitoring\""))
        .attr("assume_role_policy", policy)
}

/// What a skipped check says when the answers leave a choice off.
fn skips(block: Block, db: &DatabaseShape) -> Block {
    let mut block = block.comment(
        "checkov:skip=CKV_AWS_354:Performance Insights uses the RDS service key; a customer-managed KMS key is the account's choice.",
    );
    if !db.multi_az {
        block = block.comment(
            "checkov:skip=CKV_AWS_157:The answers ask for no high availability (fewer than two tasks at minimum, an RTO of an hour or more).",
        );
    }
    if !db.encrypted {
        block = block.comment("checkov:skip=CKV_AWS_16:The encryption answer says no encryption at rest.");
    }
    block
}

fn instance(db: &DatabaseShape) -> Block {
    skips(resource("aws_db_instance", "app"), db)
        .attr("identifier", raw("\"${local.app}-db\""))
        .attr("engine", s("postgres"))
        .attr("engine_version", s(POSTGRES_MAJOR))
        .attr("instance_class", raw("var.db_instance_class"))
        .attr("allocated_storage", raw("var.db_allocated_storage"))
        .attr("storage_type", s("gp3"))
        .attr("storage_encrypted", Value::Bool(db.encrypted))
        .attr("db_name", s("app"))
        .attr("username", s("app"))
        .attr("manage_master_user_password", Value::Bool(true))
        .attr("iam_database_authentication_enabled", Value::Bool(true))
        .attr("multi_az", Value::Bool(db.multi_az))
        .attr("db_subnet_group_name", raw("aws_db_subnet_group.app.name"))
        .attr(
            "vpc_security_group_ids",
            Value::List(vec![raw("aws_security_group.database.id")]),
        )
        .attr("parameter_group_name", raw("aws_db_parameter_group.app.name"))
        .attr("publicly_accessible", Value::Bool(false))
        .attr("backup_retention_period", int(db.retention_days))
        .attr("copy_tags_to_snapshot", Value::Bool(true))
        .attr("deletion_protection", Value::Bool(true))
        .attr("skip_final_snapshot", Value::Bool(false))
        .attr("final_snapshot_identifier", raw("\"${local.app}-db-final\""))
        .attr("auto_minor_version_upgrade", Value::Bool(true))
        .attr(
            "enabled_cloudwatch_logs_exports",
            Value::List(vec![s("postgresql"), s("upgrade")]),
        )
        .attr("monitoring_interval", int(60))
        .attr("monitoring_role_arn", raw("aws_iam_role.monitoring.arn"))
        .attr("performance_insights_enabled", Value::Bool(true))
}

fn aurora(db: &DatabaseShape) -> Vec<Item> {
    let cluster = skips(resource("aws_rds_cluster", "app"), db)
        .comment("checkov:skip=CKV_AWS_327:Encrypted with the RDS service key; a customer-managed KMS key is the account's choice.")
        .comment(&format!("checkov:skip=CKV2_AWS_8:Automated backups are kept {} days, as the backup answer says; add an AWS Backup plan for longer copies.", db.retention_days))
        .comment("checkov:skip=CKV2_AWS_27:Slow statements (over 1 s) are logged; logging every statement is the team's choice.")
        .attr("cluster_identifier", raw("\"${local.app}-db\""))
        .attr("engine", s("aurora-postgresql"))
        .attr("engine_version", s(POSTGRES_MAJOR))
        .attr("database_name", s("app"))
        .attr("master_username", s("app"))
        .attr("manage_master_user_password", Value::Bool(true))
        .attr("iam_database_authentication_enabled", Value::Bool(true))
        .attr("storage_encrypted", Value::Bool(db.encrypted))
        .attr("db_subnet_group_name", raw("aws_db_subnet_group.app.name"))
        .attr(
            "vpc_security_group_ids",
            Value::List(vec![raw("aws_security_group.database.id")]),
        )
        .attr(
            "db_cluster_parameter_group_name",
            raw("aws_rds_cluster_parameter_group.app.name"),
        )
        .attr("backup_retention_period", int(db.retention_days))
        .attr("copy_tags_to_snapshot", Value::Bool(true))
        .attr("deletion_protection", Value::Bool(true))
        .attr("skip_final_snapshot", Value::Bool(false))
        .attr("final_snapshot_identifier", raw("\"${local.app}-db-final\""))
        .attr(
            "enabled_cloudwatch_logs_exports",
            Value::List(vec![s("postgresql")]),
        );
    let count = if db.multi_az { 2 } else { 1 };
    let instances = resource("aws_rds_cluster_instance", "app")
        .comment("checkov:skip=CKV_AWS_354:Performance Insights uses the RDS service key; a customer-managed KMS key is the account's choice.")
        .comment(if db.multi_az {
            "A writer and a reader in another zone: the reader takes over if the writer's zone fails."
        } else {
            "One writer; add a second instance for a standby in another zone."
        })
        .attr("count", int(count))
        .attr("identifier", raw("\"${local.app}-db-${count.index + 1}\""))
        .attr("cluster_identifier", raw("aws_rds_cluster.app.id"))
        .attr("engine", raw("aws_rds_cluster.app.engine"))
        .attr("engine_version", raw("aws_rds_cluster.app.engine_version"))
        .attr("instance_class", raw("var.db_instance_class"))
        .attr("db_subnet_group_name", raw("aws_db_subnet_group.app.name"))
        .attr("publicly_accessible", Value::Bool(false))
        .attr("auto_minor_version_upgrade", Value::Bool(true))
        .attr("monitoring_interval", int(60))
        .attr("monitoring_role_arn", raw("aws_iam_role.monitoring.arn"))
        .attr("performance_insights_enabled", Value::Bool(true));
    vec![Item::Block(cluster), Item::Block(instances)]
}
