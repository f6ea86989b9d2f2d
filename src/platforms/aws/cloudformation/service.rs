//! The image repository, cluster, log group, roles, secrets, task
//! definition, service and autoscaling.

use serde_json::{Map, Value, json};

use super::{app, app_with, arn, reference, skip, with_skips};
use crate::platforms::aws::stack::{Rollout, Stack, Store};
use crate::platforms::aws::task_definition::TMP_VOLUME;

fn assume_ecs_tasks() -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": "ecs-tasks.amazonaws.com"},
            "Action": "sts:AssumeRole",
            "Condition": {"ArnLike": {"aws:SourceArn": {"Fn::Sub": "arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:*"}}},
        }],
    })
}

/// `valueFrom` of a secret: the secret's ARN, or the parameter's.
fn value_from(store: Option<Store>, name: &str, logical: &str) -> Value {
    match store {
        Some(Store::SecretsManager) => reference(logical),
        _ => json!({"Fn::Join": ["", [
            {"Fn::Sub": "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/"},
            app(),
            format!("/{name}"),
        ]]}),
    }
}

/// `DATABASE_URL` → `SecretDATABASEURL`: a logical id is letters and digits.
fn secret_id(name: &str) -> String {
    let clean: String = name.chars().filter(char::is_ascii_alphanumeric).collect();
    format!("Secret{clean}")
}

pub(super) fn add(stack: &Stack, r: &mut Map<String, Value>) {
    r.insert(
        "Repository".into(),
        json!({"Type": "AWS::ECR::Repository", "Properties": {
            "RepositoryName": app(),
            "ImageTagMutability": "IMMUTABLE",
            "ImageScanningConfiguration": {"ScanOnPush": true},
            "EncryptionConfiguration": {"EncryptionType": "KMS"},
        }}),
    );
    r.insert(
        "Cluster".into(),
        json!({"Type": "AWS::ECS::Cluster", "Properties": {
            "ClusterName": app(),
            "ClusterSettings": [{"Name": "containerInsights", "Value": "enabled"}],
        }}),
    );
    r.insert(
        "LogGroup".into(),
        with_skips(
            json!({"Type": "AWS::Logs::LogGroup", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain", "Properties": {
                "LogGroupName": {"Fn::Join": ["", ["/ecs/", app()]]},
                "RetentionInDays": stack.log_days,
            }}),
            vec![skip(
                "CKV_AWS_158",
                "Encrypted with the CloudWatch Logs service key; a customer-managed KMS key is the account's choice.",
            )],
        ),
    );
    r.insert(
        "ExecutionRole".into(),
        json!({"Type": "AWS::IAM::Role", "Properties": {
            "RoleName": app_with("-execution"),
            "AssumeRolePolicyDocument": assume_ecs_tasks(),
            "ManagedPolicyArns": [{"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"}],
        }}),
    );
    r.insert(
        "TaskRole".into(),
        json!({"Type": "AWS::IAM::Role", "Properties": {
            "RoleName": app_with("-task"),
            "AssumeRolePolicyDocument": assume_ecs_tasks(),
        }}),
    );
    let names = &stack.secrets.names;
    if !names.is_empty() {
        let (action, resources): (&str, Vec<Value>) = match stack.secrets.store {
            Some(Store::SecretsManager) => (
                "secretsmanager:GetSecretValue",
                names.iter().map(|n| reference(&secret_id(n))).collect(),
            ),
            _ => (
                "ssm:GetParameters",
                vec![json!({"Fn::Join": ["", [
                    {"Fn::Sub": "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/"},
                    app(),
                    "/*",
                ]]})],
            ),
        };
        r.insert(
            "ExecutionSecretsPolicy".into(),
            json!({"Type": "AWS::IAM::RolePolicy", "Properties": {
                "RoleName": reference("ExecutionRole"),
                "PolicyName": "read-secrets",
                "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [action], "Resource": resources}]},
            }}),
        );
        if stack.secrets.store == Some(Store::SecretsManager) {
            for name in names {
                r.insert(
                    secret_id(name),
                    with_skips(
                        json!({"Type": "AWS::SecretsManager::Secret", "Properties": {
                            "Name": {"Fn::Join": ["", [app(), format!("/{name}")]]},
                            "Description": "Put the real value with `aws secretsmanager put-secret-value`; the generated one only makes the secret exist.",
                            "GenerateSecretString": {"PasswordLength": 32, "ExcludePunctuation": true},
                        }}),
                        vec![
                            skip("CKV_AWS_149", "Encrypted with the Secrets Manager service key; a customer-managed KMS key is the account's choice."),
                        ],
                    ),
                );
            }
        }
    }
    let secrets: Vec<Value> = names
        .iter()
        .map(|n| json!({"Name": n, "ValueFrom": value_from(stack.secrets.store, n, &secret_id(n))}))
        .collect();
    let mut container = json!({
        "Name": stack.container,
        "Image": {"Fn::Sub": "${Repository.RepositoryUri}:${ImageTag}"},
        "Essential": true,
        "ReadonlyRootFilesystem": true,
        "MountPoints": [{"SourceVolume": TMP_VOLUME, "ContainerPath": "/tmp", "ReadOnly": false}],
        "PortMappings": [{"ContainerPort": stack.port, "Protocol": "tcp"}],
        "Environment": [{"Name": "PORT", "Value": stack.port.to_string()}],
        "LogConfiguration": {"LogDriver": "awslogs", "Options": {
            "awslogs-group": reference("LogGroup"),
            "awslogs-region": reference("AWS::Region"),
            "awslogs-stream-prefix": "app",
        }},
    });
    if !secrets.is_empty() {
        container["Secrets"] = Value::Array(secrets);
    }
    if let Some(command) = &stack.health.command {
        let h = &stack.health;
        container["HealthCheck"] = json!({
            "Command": command,
            "Interval": h.interval.clamp(5, 300),
            "Timeout": h.timeout.clamp(2, 60),
            "Retries": 3,
            "StartPeriod": h.grace.min(300),
        });
    }
    r.insert(
        "TaskDefinition".into(),
        json!({"Type": "AWS::ECS::TaskDefinition", "Properties": {
            "Family": app(),
            "RequiresCompatibilities": ["FARGATE"],
            "NetworkMode": "awsvpc",
            "Cpu": stack.cpu.to_string(),
            "Memory": stack.memory.to_string(),
            "ExecutionRoleArn": arn("ExecutionRole"),
            "TaskRoleArn": arn("TaskRole"),
            "RuntimePlatform": {"OperatingSystemFamily": "LINUX", "CpuArchitecture": "X86_64"},
            "Volumes": [{"Name": TMP_VOLUME}],
            "ContainerDefinitions": [container],
        }}),
    );
    r.insert(
        "Service".into(),
        json!({"Type": "AWS::ECS::Service", "DependsOn": ["Listener"], "Properties": {
            "ServiceName": app(),
            "Cluster": reference("Cluster"),
            "TaskDefinition": reference("TaskDefinition"),
            "DesiredCount": stack.min,
            "LaunchType": "FARGATE",
            "PlatformVersion": "LATEST",
            "HealthCheckGracePeriodSeconds": stack.health.grace,
            "PropagateTags": "SERVICE",
            "DeploymentConfiguration": deployment_configuration(stack),
            "NetworkConfiguration": {"AwsvpcConfiguration": {
                "Subnets": reference("PrivateSubnetIds"),
                "SecurityGroups": [reference("ServiceSecurityGroup")],
                "AssignPublicIp": "DISABLED",
            }},
            "LoadBalancers": [load_balancer(stack)],
        }}),
    );
    if stack.rollout.shifts_traffic() {
        r.insert(
            "InfrastructureRole".into(),
            json!({"Type": "AWS::IAM::Role", "Properties": {
                "RoleName": app_with("-ecs-infrastructure"),
                "Description": "ECS itself, turning the listener rule's weights during a blue/green or canary deploy.",
                "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
                    "Effect": "Allow",
                    "Principal": {"Service": "ecs.amazonaws.com"},
                    "Action": "sts:AssumeRole",
                }]},
                "ManagedPolicyArns": [{"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers"}],
            }}),
        );
    }
    if let Some(target) = stack.cpu_target {
        r.insert(
            "ScalableTarget".into(),
            json!({"Type": "AWS::ApplicationAutoScaling::ScalableTarget", "Properties": {
                "ServiceNamespace": "ecs",
                "ScalableDimension": "ecs:service:DesiredCount",
                "ResourceId": {"Fn::Join": ["/", ["service", reference("Cluster"), {"Fn::GetAtt": ["Service", "Name"]}]]},
                "MinCapacity": stack.min,
                "MaxCapacity": stack.max,
            }}),
        );
        r.insert(
            "CpuScalingPolicy".into(),
            json!({"Type": "AWS::ApplicationAutoScaling::ScalingPolicy", "Properties": {
                "PolicyName": app_with("-cpu"),
                "PolicyType": "TargetTrackingScaling",
                "ScalingTargetId": reference("ScalableTarget"),
                "TargetTrackingScalingPolicyConfiguration": {
                    "TargetValue": target,
                    "ScaleInCooldown": 300,
                    "ScaleOutCooldown": 60,
                    "PredefinedMetricSpecification": {"PredefinedMetricType": "ECSServiceAverageCPUUtilization"},
                },
            }}),
        );
    }
}

/// The deploy strategy; blue/green and canary keep the old tasks for the
/// bake time after all traffic has moved, and ECS accepts the circuit
/// breaker on rolling deploys only.
fn deployment_configuration(stack: &Stack) -> Value {
    let mut config = json!({
        "Strategy": stack.rollout.strategy(),
        "MinimumHealthyPercent": stack.minimum_healthy,
        "MaximumPercent": stack.maximum,
    });
    match stack.rollout {
        Rollout::Rolling => {
            config["DeploymentCircuitBreaker"] = json!({"Enable": true, "Rollback": true});
        }
        Rollout::BlueGreen { bake_minutes } => {
            config["BakeTimeInMinutes"] = json!(bake_minutes);
        }
        Rollout::Canary {
            percent,
            canary_minutes,
            bake_minutes,
        } => {
            config["BakeTimeInMinutes"] = json!(bake_minutes);
            config["CanaryConfiguration"] = json!({
                "CanaryPercent": percent,
                "CanaryBakeTimeInMinutes": canary_minutes,
            });
        }
    }
    config
}

fn load_balancer(stack: &Stack) -> Value {
    let mut lb = json!({
        "TargetGroupArn": reference("TargetGroup"),
        "ContainerName": stack.container,
        "ContainerPort": stack.port,
    });
    if stack.rollout.shifts_traffic() {
        lb["AdvancedConfiguration"] = json!({
            "AlternateTargetGroupArn": reference("AlternateTargetGroup"),
            "ProductionListenerRule": reference("ProductionListenerRule"),
            "RoleArn": arn("InfrastructureRole"),
        });
    }
    lb
}
