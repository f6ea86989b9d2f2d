//! The image repository, cluster, log group, task definition, service,
//! autoscaling, IAM roles and secret references.

use super::hcl::{Block, Item, Value, int, raw, resource, s};
use crate::platforms::aws::stack::{Rollout, Stack, Store};
use crate::platforms::aws::task_definition::TMP_VOLUME;

fn object(entries: Vec<(&str, Value)>) -> Value {
    Value::Object(entries.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

pub(super) fn files(stack: &Stack) -> Vec<(&'static str, Vec<Item>)> {
    let mut out = vec![("ecr.tf", ecr()), ("ecs.tf", ecs(stack)), ("iam.tf", iam(stack))];
    if let Some(items) = autoscaling(stack) {
        out.push(("autoscaling.tf", items));
    }
    if let Some(items) = secrets(stack) {
        out.push(("secrets.tf", items));
    }
    out
}

fn ecr() -> Vec<Item> {
    vec![Item::Block(
        resource("aws_ecr_repository", "app")
            .attr("name", raw("local.app"))
            .comment("Images are tagged by commit: a tag never moves to another image.")
            .attr("image_tag_mutability", s("IMMUTABLE"))
            .blank()
            .block(Block::new("image_scanning_configuration", &[]).attr("scan_on_push", Value::Bool(true)))
            .blank()
            .block(Block::new("encryption_configuration", &[]).attr("encryption_type", s("KMS"))),
    )]
}

/// The container health check's numbers, held to what ECS accepts.
fn health_check(stack: &Stack, command: &[String]) -> Value {
    let h = &stack.health;
    object(vec![
        ("command", Value::List(command.iter().map(s).collect())),
        ("interval", int(h.interval.clamp(5, 300))),
        ("timeout", int(h.timeout.clamp(2, 60))),
        ("retries", int(3)),
        ("startPeriod", int(h.grace.min(300))),
    ])
}

fn container(stack: &Stack) -> Value {
    let mut entries = vec![
        ("name", raw("local.container")),
        (
            "image",
            raw("\"${aws_ecr_repository.app.repository_url}:${var.image_tag}\""),
        ),
        ("essential", Value::Bool(true)),
        ("readonlyRootFilesystem", Value::Bool(true)),
        (
            "mountPoints",
            Value::List(vec![object(vec![
                ("sourceVolume", s(TMP_VOLUME)),
                ("containerPath", s("/tmp")),
                ("readOnly", Value::Bool(false)),
            ])]),
        ),
        (
            "portMappings",
            Value::List(vec![object(vec![
                ("containerPort", raw("local.port")),
                ("protocol", s("tcp")),
            ])]),
        ),
        (
            "environment",
            Value::List(vec![object(vec![
                ("name", s("PORT")),
                ("value", raw("tostring(local.port)")),
            ])]),
        ),
    ];
    if !stack.secrets.names.is_empty() {
        let secrets = stack
            .secrets
            .names
            .iter()
            .map(|name| {
                let from = match stack.secrets.store {
                    Some(Store::SecretsManager) => raw(format!(
                        "aws_secretsmanager_secret.config[{}].arn",
                        super::hcl::quote(name)
                    )),
                    _ => raw(format!("\"${{local.parameter_prefix}}/{name}\"")),
                };
                object(vec![("name", s(name)), ("valueFrom", from)])
            })
            .collect();
        entries.push(("secrets", Value::List(secrets)));
    }
    if let Some(command) = &stack.health.command {
        entries.push(("healthCheck", health_check(stack, command)));
    }
    entries.push((
        "logConfiguration",
        object(vec![
            ("logDriver", s("awslogs")),
            (
                "options",
                object(vec![
                    ("awslogs-group", raw("aws_cloudwatch_log_group.app.name")),
                    ("awslogs-region", s(&stack.region)),
                    ("awslogs-stream-prefix", s("app")),
                ]),
            ),
        ]),
    ));
    object(entries)
}

fn ecs(stack: &Stack) -> Vec<Item> {
    let cluster = resource("aws_ecs_cluster", "app")
        .attr("name", raw("local.app"))
        .blank()
        .block(
            Block::new("setting", &[])
                .attr("name", s("containerInsights"))
                .attr("value", s("enabled")),
        );
    let logs = resource("aws_cloudwatch_log_group", "app")
        .comment(&format!(
            "checkov:skip=CKV_AWS_338:Logs are kept {} days, as the logging answer says.",
            stack.log_days
        ))
        .comment("checkov:skip=CKV_AWS_158:Encrypted with the CloudWatch Logs service key; a customer-managed KMS key is the account's choice.")
        .attr("name", raw("\"/ecs/${local.app}\""))
        .attr("retention_in_days", int(stack.log_days));
    let task = resource("aws_ecs_task_definition", "app")
        .attr("family", raw("local.app"))
        .attr("requires_compatibilities", Value::List(vec![s("FARGATE")]))
        .attr("network_mode", s("awsvpc"))
        .attr("cpu", s(stack.cpu.to_string()))
        .attr("memory", s(stack.memory.to_string()))
        .attr("execution_role_arn", raw("aws_iam_role.execution.arn"))
        .attr("task_role_arn", raw("aws_iam_role.task.arn"))
        .blank()
        .block(
            Block::new("runtime_platform", &[])
                .attr("operating_system_family", s("LINUX"))
                .attr("cpu_architecture", s("X86_64")),
        )
        .blank()
        .comment("Scratch space for /tmp: the root filesystem is read-only.")
        .block(Block::new("volume", &[]).attr("name", s(TMP_VOLUME)))
        .blank()
        .attr(
            "container_definitions",
            Value::Call("jsonencode", Box::new(Value::List(vec![container(stack)]))),
        );
    let mut lifecycle = vec![s("task_definition")];
    if stack.cpu_target.is_some() {
        lifecycle.push(s("desired_count"));
    }
    let lifecycle_ignore = Value::List(
        lifecycle
            .into_iter()
            .map(|v| match v {
                Value::Str(name) => raw(name),
                other => other,
            })
            .collect(),
    );
    let mut service = resource("aws_ecs_service", "app")
        .attr("name", raw("local.app"))
        .attr("cluster", raw("aws_ecs_cluster.app.id"))
        .attr("task_definition", raw("aws_ecs_task_definition.app.arn"))
        .attr("desired_count", int(stack.min))
        .attr("launch_type", s("FARGATE"))
        .attr("platform_version", s("LATEST"))
        .attr("health_check_grace_period_seconds", int(stack.health.grace))
        .attr("deployment_minimum_healthy_percent", int(stack.minimum_healthy))
        .attr("deployment_maximum_percent", int(stack.maximum))
        .attr("propagate_tags", s("SERVICE"))
        .blank()
        .block(deployment_configuration(stack.rollout))
        .blank();
    if !stack.rollout.shifts_traffic() {
        // ECS accepts the circuit breaker on rolling deploys only.
        service = service
            .comment("A deploy whose tasks never become healthy rolls back to the last one that did.")
            .block(
                Block::new("deployment_circuit_breaker", &[])
                    .attr("enable", Value::Bool(true))
                    .attr("rollback", Value::Bool(true)),
            )
            .blank();
    }
    let mut load_balancer = Block::new("load_balancer", &[])
        .attr("target_group_arn", raw("aws_lb_target_group.app.arn"))
        .attr("container_name", raw("local.container"))
        .attr("container_port", raw("local.port"));
    if stack.rollout.shifts_traffic() {
        load_balancer = load_balancer.blank().block(
            Block::new("advanced_configuration", &[])
                .attr(
                    "alternate_target_group_arn",
                    raw("aws_lb_target_group.alternate.arn"),
                )
                .attr(
                    "production_listener_rule",
                    raw("aws_lb_listener_rule.production.arn"),
                )
                .attr("role_arn", raw("aws_iam_role.infrastructure.arn")),
        );
    }
    let service = service
        .block(
            Block::new("network_configuration", &[])
                .attr("subnets", raw("var.private_subnet_ids"))
                .attr(
                    "security_groups",
                    Value::List(vec![raw("aws_security_group.service.id")]),
                )
                .attr("assign_public_ip", Value::Bool(false)),
        )
        .blank()
        .block(load_balancer)
        .blank()
        .comment("The deploy workflow registers each release's task definition; autoscaling owns the count.")
        .block(Block::new("lifecycle", &[]).attr("ignore_changes", lifecycle_ignore))
        .blank()
        .attr("depends_on", Value::List(vec![raw("aws_lb_listener.app")]));
    vec![
        Item::Block(cluster),
        Item::Block(logs),
        Item::Block(task),
        Item::Block(service),
    ]
}

/// The deploy strategy; blue/green and canary keep the old tasks for the
/// bake time after all traffic has moved.
fn deployment_configuration(rollout: Rollout) -> Block {
    let block = Block::new("deployment_configuration", &[]).attr("strategy", s(rollout.strategy()));
    match rollout {
        Rollout::Rolling => block,
        Rollout::BlueGreen { bake_minutes } => {
            block.attr("bake_time_in_minutes", s(bake_minutes.to_string()))
        }
        Rollout::Canary {
            percent,
            canary_minutes,
            bake_minutes,
        } => block
            .attr("bake_time_in_minutes", s(bake_minutes.to_string()))
            .blank()
            .block(
                Block::new("canary_configuration", &[])
                    .attr("canary_percent", int(percent))
                    .attr("canary_bake_time_in_minutes", s(canary_minutes.to_string())),
            ),
    }
}

fn autoscaling(stack: &Stack) -> Option<Vec<Item>> {
    let target = stack.cpu_target?;
    let scalable = resource("aws_appautoscaling_target", "app")
        .attr("service_namespace", s("ecs"))
        .attr(
            "resource_id",
            raw("\"service/${aws_ecs_cluster.app.name}/${aws_ecs_service.app.name}\""),
        )
        .attr("scalable_dimension", s("ecs:service:DesiredCount"))
        .attr("min_capacity", int(stack.min))
        .attr("max_capacity", int(stack.max));
    let policy = resource("aws_appautoscaling_policy", "cpu")
        .attr("name", raw("\"${local.app}-cpu\""))
        .attr("policy_type", s("TargetTrackingScaling"))
        .attr(
            "service_namespace",
            raw("aws_appautoscaling_target.app.service_namespace"),
        )
        .attr("resource_id", raw("aws_appautoscaling_target.app.resource_id"))
        .attr(
            "scalable_dimension",
            raw("aws_appautoscaling_target.app.scalable_dimension"),
        )
        .blank()
        .block(
            Block::new("target_tracking_scaling_policy_configuration", &[])
                .attr("target_value", int(target))
                .attr("scale_in_cooldown", int(300))
                .attr("scale_out_cooldown", int(60))
                .blank()
                .block(
                    Block::new("predefined_metric_specification", &[])
                        .attr("predefined_metric_type", s("ECSServiceAverageCPUUtilization")),
                ),
        );
    Some(vec![Item::Block(scalable), Item::Block(policy)])
}

fn assume_ecs_tasks() -> Value {
    Value::Call(
        "jsonencode",
        Box::new(object(vec![
            ("Version", s("2012-10-17")),
            (
                "Statement",
                Value::List(vec![object(vec![
                    ("Effect", s("Allow")),
                    (
                        "Principal",
                        object(vec![("Service", s("ecs-tasks.amazonaws.com"))]),
                    ),
                    ("Action", s("sts:AssumeRole")),
                    (
                        "Condition",
                        object(vec![(
                            "ArnLike",
                            object(vec![(
                                "aws:SourceArn",
                                raw(
                                    "\"arn:${data.aws_partition.current.partition}:ecs:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:*\"",
                                ),
                            )]),
                        )]),
                    ),
                ])]),
            ),
        ])),
    )
}

/// Trust for ECS's own service principal (not the tasks').
fn assume_ecs() -> Value {
    Value::Call(
        "jsonencode",
        Box::new(object(vec![
            ("Version", s("2012-10-17")),
            (
                "Statement",
                Value::List(vec![object(vec![
                    ("Effect", s("Allow")),
                    ("Principal", object(vec![("Service", s("ecs.amazonaws.com"))])),
                    ("Action", s("sts:AssumeRole")),
                ])]),
            ),
        ])),
    )
}

fn iam(stack: &Stack) -> Vec<Item> {
    let mut out = vec![
        Item::Block(Block::new("data", &["aws_partition", "current"])),
        Item::Block(Block::new("data", &["aws_region", "current"])),
        Item::Block(Block::new("data", &["aws_caller_identity", "current"])),
        Item::Block(
            resource("aws_iam_role", "execution")
                .comment("ECS itself: pulls the image, writes logs, reads the secrets.")
                .attr("name", raw("\"${local.app}-execution\""))
                .attr("assume_role_policy", assume_ecs_tasks()),
        ),
        Item::Block(
            resource("aws_iam_role_policy_attachment", "execution")
                .attr("role", raw("aws_iam_role.execution.name"))
                .attr(
                    "policy_arn",
                    raw("\"arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy\""),
                ),
        ),
        Item::Block(
            resource("aws_iam_role", "task")
                .comment("The app: no permissions until you attach the ones it needs.")
                .attr("name", raw("\"${local.app}-task\""))
                .attr("assume_role_policy", assume_ecs_tasks()),
        ),
    ];
    if stack.rollout.shifts_traffic() {
        out.push(Item::Block(
            resource("aws_iam_role", "infrastructure")
                .comment(
                    "ECS itself, turning the listener rule's weights during a blue/green or canary deploy.",
                )
                .attr("name", raw("\"${local.app}-ecs-infrastructure\""))
                .attr("assume_role_policy", assume_ecs()),
        ));
        out.push(Item::Block(
            resource("aws_iam_role_policy_attachment", "infrastructure")
                .attr("role", raw("aws_iam_role.infrastructure.name"))
                .attr(
                    "policy_arn",
                    raw("\"arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers\""),
                ),
        ));
    }
    if !stack.secrets.names.is_empty() {
        let (actions, resources) = match stack.secrets.store {
            Some(Store::SecretsManager) => (
                vec![s("secretsmanager:GetSecretValue")],
                raw("[for secret in aws_secretsmanager_secret.config : secret.arn]"),
            ),
            _ => (
                vec![s("ssm:GetParameters")],
                raw("[\"${local.parameter_prefix}/*\"]"),
            ),
        };
        out.push(Item::Block(
            resource("aws_iam_role_policy", "execution_secrets")
                .comment("Only this environment's own secrets.")
                .attr("name", s("read-secrets"))
                .attr("role", raw("aws_iam_role.execution.id"))
                .attr(
                    "policy",
                    Value::Call(
                        "jsonencode",
                        Box::new(object(vec![
                            ("Version", s("2012-10-17")),
                            (
                                "Statement",
                                Value::List(vec![object(vec![
                                    ("Effect", s("Allow")),
                                    ("Action", Value::List(actions)),
                                    ("Resource", resources),
                                ])]),
                            ),
                        ])),
                    ),
                ),
        ));
    }
    out
}

fn secrets(stack: &Stack) -> Option<Vec<Item>> {
    if stack.secrets.names.is_empty() {
        return None;
    }
    let names = Value::List(stack.secrets.names.iter().map(s).collect());
    Some(match stack.secrets.store {
        Some(Store::SecretsManager) => vec![Item::Block(
            resource("aws_secretsmanager_secret", "config")
                .comment("checkov:skip=CKV2_AWS_57:Application secrets are rotated by the team (see the setup runbook), not by a rotation Lambda.")
                .comment("checkov:skip=CKV_AWS_149:Encrypted with the Secrets Manager service key; a customer-managed KMS key is the account's choice.")
                .comment("Only the secret's name lives here: put the value with `aws secretsmanager put-secret-value`.")
                .attr("for_each", Value::Call("toset", Box::new(names)))
                .attr("name", raw("\"${local.app}/${each.key}\"")),
        )],
        _ => vec![Item::Block(
            Block::new("locals", &[])
                .comment("Parameters are created with `aws ssm put-parameter --type SecureString`: only their names live here.")
                .attr(
                    "parameter_prefix",
                    raw("\"arn:${data.aws_partition.current.partition}:ssm:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:parameter/${local.app}\""),
                ),
        )],
    })
}
