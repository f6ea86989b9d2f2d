//! The task definition as `aws ecs register-task-definition
//! --cli-input-json` reads it: written when the rest of the stack is set
//! up by hand. Typed and serialized with serde_json, so no answer can
//! break its structure.

use serde::Serialize;

use super::names;
use super::stack::{Stack, Store};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TaskDefinition {
    family: String,
    execution_role_arn: String,
    task_role_arn: String,
    network_mode: &'static str,
    requires_compatibilities: [&'static str; 1],
    cpu: String,
    memory: String,
    runtime_platform: RuntimePlatform,
    volumes: [Volume; 1],
    container_definitions: Vec<Container>,
}

/// A task volume with no host path: Fargate's own scratch space.
#[derive(Serialize)]
struct Volume {
    name: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MountPoint {
    source_volume: &'static str,
    container_path: &'static str,
    read_only: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuntimePlatform {
    operating_system_family: &'static str,
    cpu_architecture: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Container {
    name: String,
    image: String,
    essential: bool,
    readonly_root_filesystem: bool,
    mount_points: [MountPoint; 1],
    port_mappings: Vec<PortMapping>,
    environment: Vec<NameValue>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    secrets: Vec<SecretRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    health_check: Option<HealthCheck>,
    log_configuration: LogConfiguration,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PortMapping {
    container_port: u32,
    protocol: &'static str,
}

#[derive(Serialize)]
struct NameValue {
    name: &'static str,
    value: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SecretRef {
    name: String,
    value_from: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HealthCheck {
    command: Vec<String>,
    interval: u32,
    timeout: u32,
    retries: u32,
    start_period: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogConfiguration {
    log_driver: &'static str,
    options: LogOptions,
}

#[derive(Serialize)]
struct LogOptions {
    #[serde(rename = "awslogs-group")]
    group: String,
    #[serde(rename = "awslogs-region")]
    region: String,
    #[serde(rename = "awslogs-stream-prefix")]
    prefix: &'static str,
}

/// The writable `/tmp` a read-only root filesystem still needs: Python's
/// tempfile, gunicorn's worker heartbeats, uploads spooled to disk.
pub(super) const TMP_VOLUME: &str = "tmp";

/// The account's id: the one value the answers cannot know.
const ACCOUNT: &str = "<account-id>";

/// One environment's task definition, as pretty JSON.
pub(super) fn json(stack: &Stack, app: &str) -> String {
    let prefix = match stack.secrets.store {
        Some(Store::SecretsManager) => {
            format!("arn:aws:secretsmanager:{}:{ACCOUNT}:secret:{app}/", stack.region)
        }
        _ => format!("arn:aws:ssm:{}:{ACCOUNT}:parameter/{app}/", stack.region),
    };
    let definition = TaskDefinition {
        family: app.to_owned(),
        execution_role_arn: format!("arn:aws:iam::{ACCOUNT}:role/{app}-execution"),
        task_role_arn: format!("arn:aws:iam::{ACCOUNT}:role/{app}-task"),
        network_mode: "awsvpc",
        requires_compatibilities: ["FARGATE"],
        cpu: stack.cpu.to_string(),
        memory: stack.memory.to_string(),
        runtime_platform: RuntimePlatform {
            operating_system_family: "LINUX",
            cpu_architecture: "X86_64",
        },
        volumes: [Volume { name: TMP_VOLUME }],
        container_definitions: vec![Container {
            name: stack.container.clone(),
            image: format!("{ACCOUNT}.dkr.ecr.{}.amazonaws.com/{app}:bootstrap", stack.region),
            essential: true,
            readonly_root_filesystem: true,
            mount_points: [MountPoint {
                source_volume: TMP_VOLUME,
                container_path: "/tmp",
                read_only: false,
            }],
            port_mappings: vec![PortMapping {
                container_port: stack.port,
                protocol: "tcp",
            }],
            environment: vec![NameValue {
                name: "PORT",
                value: stack.port.to_string(),
            }],
            secrets: stack
                .secrets
                .names
                .iter()
                .map(|name| SecretRef {
                    name: name.clone(),
                    value_from: format!("{prefix}{name}"),
                })
                .collect(),
            health_check: stack.health.command.as_ref().map(|command| HealthCheck {
                command: command.clone(),
                interval: stack.health.interval.clamp(5, 300),
                timeout: stack.health.timeout.clamp(2, 60),
                retries: 3,
                start_period: stack.health.grace.min(300),
            }),
            log_configuration: LogConfiguration {
                log_driver: "awslogs",
                options: LogOptions {
                    group: names::log_group(app),
                    region: stack.region.clone(),
                    prefix: "app",
                },
            },
        }],
    };
    let mut text = serde_json::to_string_pretty(&definition).unwrap_or_default();
    text.push('\n');
    text
}
