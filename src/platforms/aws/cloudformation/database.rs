//! RDS for PostgreSQL or Aurora PostgreSQL, as in the Terraform: encrypted
//! as answered, protected from deletion, backups kept as answered,
//! multi-AZ when the answers ask for high availability.

use serde_json::{Map, Value, json};

use super::{app, app_with, arn, reference, skip, with_skips};
use crate::platforms::aws::stack::DatabaseShape;
use crate::platforms::aws::terraform::database::{POSTGRES_MAJOR, POSTGRES_VERSION};

pub(super) fn add(db: &DatabaseShape, r: &mut Map<String, Value>) {
    let family = format!(
        "{}{POSTGRES_MAJOR}",
        if db.aurora {
            "aurora-postgresql"
        } else {
            "postgres"
        }
    );
    r.insert(
        "DatabaseSecurityGroup".into(),
        json!({"Type": "AWS::EC2::SecurityGroup", "Properties": {
            "GroupName": app_with("-database"),
            "GroupDescription": "The database: PostgreSQL from the tasks only.",
            "VpcId": reference("VpcId"),
            "SecurityGroupEgress": [{"CidrIp": "127.0.0.1/32", "IpProtocol": "-1", "Description": "No traffic out"}],
        }}),
    );
    r.insert(
        "DatabaseFromService".into(),
        json!({"Type": "AWS::EC2::SecurityGroupIngress", "Properties": {
            "GroupId": reference("DatabaseSecurityGroup"),
            "Description": "PostgreSQL from the tasks",
            "IpProtocol": "tcp",
            "FromPort": 5432,
            "ToPort": 5432,
            "SourceSecurityGroupId": reference("ServiceSecurityGroup"),
        }}),
    );
    r.insert(
        "DatabaseSubnetGroup".into(),
        json!({"Type": "AWS::RDS::DBSubnetGroup", "Properties": {
            "DBSubnetGroupName": app(),
            "DBSubnetGroupDescription": "Private subnets of the database",
            "SubnetIds": reference("PrivateSubnetIds"),
        }}),
    );
    let parameters = json!({"rds.force_ssl": "1", "log_min_duration_statement": "1000"});
    let (kind, name_key) = if db.aurora {
        ("AWS::RDS::DBClusterParameterGroup", "DBClusterParameterGroupName")
    } else {
        ("AWS::RDS::DBParameterGroup", "DBParameterGroupName")
    };
    r.insert(
        "DatabaseParameters".into(),
        json!({"Type": kind, "Properties": {
            name_key: app(),
            "Description": "Connections without TLS are refused; statements over 1 s are logged.",
            "Family": family,
            "Parameters": parameters,
        }}),
    );
    r.insert(
        "DatabaseMonitoringRole".into(),
        json!({"Type": "AWS::IAM::Role", "Properties": {
            "RoleName": app_with("-rds-monitoring"),
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow",
                "Principal": {"Service": "monitoring.rds.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }]},
            "ManagedPolicyArns": [{"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"}],
        }}),
    );
    let mut skips = vec![skip(
        "CKV_AWS_354",
        "Performance Insights uses the RDS service key; a customer-managed KMS key is the account's choice.",
    )];
    if !db.multi_az {
        skips.push(skip(
            "CKV_AWS_157",
            "The answers ask for no high availability (fewer than two tasks at minimum, an RTO of an hour or more).",
        ));
    }
    if !db.encrypted {
        skips.push(skip(
            "CKV_AWS_16",
            "The encryption answer says no encryption at rest.",
        ));
    }
    let instance_common = json!({
        "DBInstanceClass": reference("DbInstanceClass"),
        "PubliclyAccessible": false,
        "AutoMinorVersionUpgrade": true,
        "MonitoringInterval": 60,
        "MonitoringRoleArn": arn("DatabaseMonitoringRole"),
        "EnablePerformanceInsights": true,
    });
    if db.aurora {
        let mut cluster_skips = skips.clone();
        cluster_skips.push(skip(
            "CKV_AWS_327",
            "Encrypted with the RDS service key; a customer-managed KMS key is the account's choice.",
        ));
        r.insert(
            "DatabaseCluster".into(),
            with_skips(
                json!({"Type": "AWS::RDS::DBCluster", "DeletionPolicy": "Snapshot", "UpdateReplacePolicy": "Snapshot", "Properties": {
                    "DBClusterIdentifier": app_with("-db"),
                    "Engine": "aurora-postgresql",
                    "EngineVersion": POSTGRES_VERSION,
                    "DatabaseName": "app",
                    "MasterUsername": "app",
                    "ManageMasterUserPassword": true,
                    "EnableIAMDatabaseAuthentication": true,
                    "StorageEncrypted": db.encrypted,
                    "DBSubnetGroupName": reference("DatabaseSubnetGroup"),
                    "VpcSecurityGroupIds": [reference("DatabaseSecurityGroup")],
                    "DBClusterParameterGroupName": reference("DatabaseParameters"),
                    "BackupRetentionPeriod": db.retention_days,
                    "CopyTagsToSnapshot": true,
                    "DeletionProtection": true,
                    "EnableCloudwatchLogsExports": ["postgresql"],
                }}),
                cluster_skips,
            ),
        );
        let count = if db.multi_az { 2 } else { 1 };
        for n in 1..=count {
            let mut instance = instance_common.clone();
            instance["DBClusterIdentifier"] = reference("DatabaseCluster");
            instance["Engine"] = json!("aurora-postgresql");
            instance["DBInstanceIdentifier"] = app_with(&format!("-db-{n}"));
            r.insert(
                format!("DatabaseInstance{n}"),
                with_skips(
                    json!({"Type": "AWS::RDS::DBInstance", "Properties": instance}),
                    vec![skip(
                        "CKV_AWS_354",
                        "Performance Insights uses the RDS service key; a customer-managed KMS key is the account's choice.",
                    )],
                ),
            );
        }
    } else {
        let mut instance = instance_common;
        let extra = json!({
            "DBInstanceIdentifier": app_with("-db"),
            "Engine": "postgres",
            "EngineVersion": POSTGRES_VERSION,
            "AllocatedStorage": reference("DbAllocatedStorage"),
            "StorageType": "gp3",
            "StorageEncrypted": db.encrypted,
            "DBName": "app",
            "MasterUsername": "app",
            "ManageMasterUserPassword": true,
            "EnableIAMDatabaseAuthentication": true,
            "MultiAZ": db.multi_az,
            "DBSubnetGroupName": reference("DatabaseSubnetGroup"),
            "VPCSecurityGroups": [reference("DatabaseSecurityGroup")],
            "DBParameterGroupName": reference("DatabaseParameters"),
            "BackupRetentionPeriod": db.retention_days,
            "CopyTagsToSnapshot": true,
            "DeletionProtection": true,
            "EnableCloudwatchLogsExports": ["postgresql", "upgrade"],
        });
        for (k, v) in extra.as_object().into_iter().flatten() {
            instance[k] = v.clone();
        }
        r.insert(
            "Database".into(),
            with_skips(
                json!({"Type": "AWS::RDS::DBInstance", "DeletionPolicy": "Snapshot", "UpdateReplacePolicy": "Snapshot", "Properties": instance}),
                skips,
            ),
        );
    }
}
