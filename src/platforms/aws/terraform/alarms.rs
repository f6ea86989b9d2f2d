//! `alarms.tf`: the SLO alarms, the instance-down alarm and the budget
//! (see `aws/alarms.rs`), notifying one SNS topic encrypted with a key of
//! its own (CloudWatch and AWS Budgets cannot publish to a topic under the
//! AWS-managed SNS key).

use super::hcl::{Block, Item, Value, int, raw, resource, s};
use crate::platforms::aws::alarms::{Alarms, RATIO, RATIO_METRICS, Window};

/// A Terraform name for an alarm id (`availability-1h-long`).
fn ident(id: &str) -> String {
    id.replace('-', "_")
}

fn lb_metric(id: &str, name: &str, period: u64, stat: &str) -> Block {
    Block::new("metric_query", &[]).attr("id", s(id)).blank().block(
        Block::new("metric", &[])
            .attr("namespace", s("AWS/ApplicationELB"))
            .attr("metric_name", s(name))
            .attr("period", int(period as i64))
            .attr("stat", s(stat))
            .attr(
                "dimensions",
                Value::Object(vec![("LoadBalancer".into(), raw("aws_lb.app.arn_suffix"))]),
            ),
    )
}

fn window(w: &Window) -> Block {
    let alarm = resource("aws_cloudwatch_metric_alarm", &ident(&w.id))
        .attr("alarm_name", raw(format!("\"${{local.app}}-slo-{}\"", w.id)))
        .attr("comparison_operator", s("GreaterThanThreshold"))
        .attr("evaluation_periods", int(1))
        .attr("threshold", raw(w.threshold.clone()))
        .comment("No traffic is no burn.")
        .attr("treat_missing_data", s("notBreaching"));
    match &w.percentile {
        Some(p) => alarm
            .attr(
                "alarm_description",
                s("One window of a latency burn-rate alarm; the composite alarm notifies."),
            )
            .attr("namespace", s("AWS/ApplicationELB"))
            .attr("metric_name", s("TargetResponseTime"))
            .attr("period", int(w.period as i64))
            .attr("extended_statistic", s(p))
            .attr(
                "dimensions",
                Value::Object(vec![("LoadBalancer".into(), raw("aws_lb.app.arn_suffix"))]),
            ),
        None => {
            let ratio = alarm
            .attr(
                "alarm_description",
                s("One window of an availability burn-rate alarm; the composite alarm notifies."),
            )
            .blank()
            .block(
                Block::new("metric_query", &[])
                    .attr("id", s("ratio"))
                    .comment("RequestCount holds the load balancer's 502/504, not the 503s it refuses with no healthy target.")
                    .attr("expression", s(RATIO))
                    .attr("label", s("5xx share"))
                    .attr("return_data", Value::Bool(true)),
            )
            ;
            RATIO_METRICS.iter().fold(ratio, |b, (id, name)| {
                b.block(lb_metric(id, name, w.period, "Sum"))
            })
        }
    }
}

const TOPIC: &str = "aws_sns_topic.alerts.arn";

fn service_statement(sid: &str, services: &[&str], actions: &[&str], resource: &str) -> Value {
    Value::Object(vec![
        ("Sid".into(), s(sid)),
        ("Effect".into(), s("Allow")),
        (
            "Principal".into(),
            Value::Object(vec![(
                "Service".into(),
                Value::List(services.iter().map(|x| s(*x)).collect()),
            )]),
        ),
        (
            "Action".into(),
            Value::List(actions.iter().map(|x| s(*x)).collect()),
        ),
        ("Resource".into(), raw(resource)),
        (
            "Condition".into(),
            Value::Object(vec![(
                "StringEquals".into(),
                Value::Object(vec![(
                    "aws:SourceAccount".into(),
                    raw("data.aws_caller_identity.current.account_id"),
                )]),
            )]),
        ),
    ])
}

pub(super) fn items(alarms: &Alarms) -> Vec<Item> {
    let services = ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"];
    let key_policy = Value::Call(
        "jsonencode",
        Box::new(Value::Object(vec![
            ("Version".into(), s("2012-10-17")),
            (
                "Statement".into(),
                Value::List(vec![
                    Value::Object(vec![
                        ("Sid".into(), s("Account")),
                        ("Effect".into(), s("Allow")),
                        (
                            "Principal".into(),
                            Value::Object(vec![(
                                "AWS".into(),
                                raw(
                                    "\"arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root\"",
                                ),
                            )]),
                        ),
                        ("Action".into(), s("kms:*")),
                        ("Resource".into(), s("*")),
                    ]),
                    service_statement(
                        "AlarmsAndBudgets",
                        &services,
                        &["kms:Decrypt", "kms:GenerateDataKey*"],
                        "\"*\"",
                    ),
                ]),
            ),
        ])),
    );
    let topic_policy = Value::Call(
        "jsonencode",
        Box::new(Value::Object(vec![
            ("Version".into(), s("2012-10-17")),
            (
                "Statement".into(),
                Value::List(vec![service_statement(
                    "AlarmsAndBudgets",
                    &services,
                    &["sns:Publish"],
                    TOPIC,
                )]),
            ),
        ])),
    );
    let mut out = vec![
        Item::Block(
            resource("aws_kms_key", "alerts")
                .attr("description", raw("\"${local.app} alert topic\""))
                .attr("enable_key_rotation", Value::Bool(true))
                .attr("deletion_window_in_days", int(30))
                .attr("policy", key_policy),
        ),
        Item::Block(
            resource("aws_sns_topic", "alerts")
                .comment("Every alarm below notifies here; subscribe the team's channels to it.")
                .attr("name", raw("\"${local.app}-alerts\""))
                .attr("kms_master_key_id", raw("aws_kms_key.alerts.id")),
        ),
        Item::Block(
            resource("aws_sns_topic_policy", "alerts")
                .attr("arn", raw(TOPIC))
                .attr("policy", topic_policy),
        ),
    ];
    if alarms.email {
        out.push(Item::Block(
            resource("aws_sns_topic_subscription", "email")
                .comment("AWS emails a confirmation link: the subscription starts once it is clicked.")
                .attr("topic_arn", raw(TOPIC))
                .attr("protocol", s("email"))
                .attr("endpoint", raw("var.alert_email")),
        ));
    }
    out.extend(super::alert_routes::items(&alarms.routes, &alarms.production));
    for w in &alarms.windows {
        out.push(Item::Block(window(w)));
    }
    for c in &alarms.composites {
        out.push(Item::Block(
            resource("aws_cloudwatch_composite_alarm", &ident(&c.id))
                .attr("alarm_name", raw(format!("\"${{local.app}}-slo-{}\"", c.id)))
                .attr("alarm_description", s(&c.description))
                .attr(
                    "alarm_rule",
                    raw(format!(
                        "\"ALARM(\\\"${{aws_cloudwatch_metric_alarm.{}.alarm_name}}\\\") AND ALARM(\\\"${{aws_cloudwatch_metric_alarm.{}.alarm_name}}\\\")\"",
                        ident(&c.long),
                        ident(&c.short)
                    )),
                )
                .attr("alarm_actions", Value::List(vec![raw(TOPIC)]))
                .attr("ok_actions", Value::List(vec![raw(TOPIC)])),
        ));
    }
    if alarms.instance_down {
        out.push(Item::Block(
            resource("aws_cloudwatch_metric_alarm", "instance_down")
                .attr("alarm_name", raw("\"${local.app}-instance-down\""))
                .attr("alarm_description", s("page: no healthy task behind the load balancer for 5 minutes. See docs/runbooks/incident-response.md."))
                .attr("namespace", s("AWS/ApplicationELB"))
                .attr("metric_name", s("HealthyHostCount"))
                .attr(
                    "dimensions",
                    Value::Object(vec![
                        ("LoadBalancer".into(), raw("aws_lb.app.arn_suffix")),
                        ("TargetGroup".into(), raw("aws_lb_target_group.app.arn_suffix")),
                    ]),
                )
                .attr("statistic", s("Minimum"))
                .attr("period", int(60))
                .attr("evaluation_periods", int(5))
                .attr("threshold", int(1))
                .attr("comparison_operator", s("LessThanThreshold"))
                .comment("No data from the target group is no task either.")
                .attr("treat_missing_data", s("breaching"))
                .attr("alarm_actions", Value::List(vec![raw(TOPIC)]))
                .attr("ok_actions", Value::List(vec![raw(TOPIC)])),
        ));
    }
    if let Some((amount, alert_at)) = alarms.budget {
        out.push(Item::Block(
            resource("aws_budgets_budget", "monthly")
                .comment("The account's cost, created once: in the production stack only.")
                .attr(
                    "count",
                    raw(format!(
                        "var.environment == {} ? 1 : 0",
                        super::hcl::quote(&alarms.production)
                    )),
                )
                .attr("name", raw("\"${local.app}-monthly\""))
                .attr("budget_type", s("COST"))
                .attr("limit_amount", s(amount.to_string()))
                .attr("limit_unit", s("USD"))
                .attr("time_unit", s("MONTHLY"))
                .blank()
                .block(
                    Block::new("notification", &[])
                        .attr("comparison_operator", s("GREATER_THAN"))
                        .attr("notification_type", s("ACTUAL"))
                        .attr("threshold", int(i64::from(alert_at)))
                        .attr("threshold_type", s("ABSOLUTE_VALUE"))
                        .attr("subscriber_sns_topic_arns", Value::List(vec![raw(TOPIC)])),
                )
                .block(
                    Block::new("notification", &[])
                        .attr("comparison_operator", s("GREATER_THAN"))
                        .attr("notification_type", s("FORECASTED"))
                        .attr("threshold", int(100))
                        .attr("threshold_type", s("PERCENTAGE"))
                        .attr("subscriber_sns_topic_arns", Value::List(vec![raw(TOPIC)])),
                ),
        ));
    }
    out
}
