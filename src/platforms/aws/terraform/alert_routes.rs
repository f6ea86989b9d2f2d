//! The alert topic's routes besides email (in `alarms.tf`): Slack through
//! AWS Chatbot, PagerDuty and Opsgenie through HTTPS subscriptions. The
//! integration URLs carry a key, so they are sensitive variables: given at
//! `terraform apply` (`TF_VAR_…`), never written in a file.

use super::hcl::{Block, Item, Value, raw, resource, s};
use crate::platforms::aws::alarms::Routes;

const TOPIC: &str = "aws_sns_topic.alerts.arn";

fn object(entries: Vec<(&str, Value)>) -> Value {
    Value::Object(entries.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

fn list(items: &[&str]) -> Value {
    Value::List(items.iter().map(|x| s(*x)).collect())
}

/// What Chatbot may do, as its role and as the channel's guardrail: read
/// this app's alarms and draw their graphs, nothing else (without a
/// guardrail AWS applies AdministratorAccess to the channel's members).
fn chatbot_policy() -> Value {
    Value::Call(
        "jsonencode",
        Box::new(object(vec![
            ("Version", s("2012-10-17")),
            (
                "Statement",
                Value::List(vec![
                    object(vec![
                        ("Sid", s("ReadTheAppsAlarms")),
                        ("Effect", s("Allow")),
                        ("Action", list(&["cloudwatch:DescribeAlarms"])),
                        (
                            "Resource",
                            raw(
                                "\"arn:${data.aws_partition.current.partition}:cloudwatch:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:alarm:${local.app}-*\"",
                            ),
                        ),
                    ]),
                    object(vec![
                        ("Sid", s("DrawTheirGraphs")),
                        ("Effect", s("Allow")),
                        (
                            "Action",
                            list(&["cloudwatch:GetMetricData", "cloudwatch:GetMetricWidgetImage"]),
                        ),
                        ("Resource", s("*")),
                    ]),
                ]),
            ),
        ])),
    )
}

fn assume_chatbot() -> Value {
    Value::Call(
        "jsonencode",
        Box::new(object(vec![
            ("Version", s("2012-10-17")),
            (
                "Statement",
                Value::List(vec![object(vec![
                    ("Effect", s("Allow")),
                    ("Principal", object(vec![("Service", s("chatbot.amazonaws.com"))])),
                    ("Action", s("sts:AssumeRole")),
                ])]),
            ),
        ])),
    )
}

/// A pager's subscription, in production's stack only: other
/// environments page nobody.
fn https(name: &str, variable: &str, production: &str) -> Item {
    Item::Block(
        resource("aws_sns_topic_subscription", name)
            .attr(
                "count",
                raw(format!(
                    "var.environment == {} ? 1 : 0",
                    super::hcl::quote(production)
                )),
            )
            .attr("topic_arn", raw(TOPIC))
            .attr("protocol", s("https"))
            .attr("endpoint", raw(format!("var.{variable}")))
            .comment("The service confirms the subscription itself.")
            .attr("endpoint_auto_confirms", Value::Bool(true))
            .block(
                Block::new("lifecycle", &[]).block(
                    Block::new("precondition", &[])
                        .attr("condition", raw(format!("var.{variable} != \"\"")))
                        .attr(
                            "error_message",
                            s(format!("The production stack pages: give var.{variable}.")),
                        ),
                ),
            ),
    )
}

pub(super) fn items(routes: &Routes, production: &str) -> Vec<Item> {
    let mut out = Vec::new();
    if routes.slack {
        out.push(Item::Block(
            resource("aws_iam_policy", "chatbot")
                .attr("name", raw("\"${local.app}-chatbot\""))
                .attr(
                    "description",
                    s("AWS Chatbot in the alert channel: reads the app's alarms, nothing else."),
                )
                .attr("policy", chatbot_policy()),
        ));
        out.push(Item::Block(
            resource("aws_iam_role", "chatbot")
                .attr("name", raw("\"${local.app}-chatbot\""))
                .attr("assume_role_policy", assume_chatbot()),
        ));
        out.push(Item::Block(
            resource("aws_iam_role_policy_attachment", "chatbot")
                .attr("role", raw("aws_iam_role.chatbot.name"))
                .attr("policy_arn", raw("aws_iam_policy.chatbot.arn")),
        ));
        out.push(Item::Block(
            resource("aws_chatbot_slack_channel_configuration", "alerts")
                .comment("The workspace is authorized once by hand in the AWS Chatbot console.")
                .attr("configuration_name", raw("\"${local.app}-alerts\""))
                .attr("iam_role_arn", raw("aws_iam_role.chatbot.arn"))
                .attr("slack_team_id", raw("var.slack_team_id"))
                .attr("slack_channel_id", raw("var.slack_channel_id"))
                .attr("sns_topic_arns", Value::List(vec![raw(TOPIC)]))
                .comment("The channel's members may do no more than the role.")
                .attr(
                    "guardrail_policy_arns",
                    Value::List(vec![raw("aws_iam_policy.chatbot.arn")]),
                )
                .attr("logging_level", s("ERROR")),
        ));
    }
    if routes.pagerduty {
        out.push(https("pagerduty", "pagerduty_endpoint", production));
    }
    if routes.opsgenie {
        out.push(https("opsgenie", "opsgenie_endpoint", production));
    }
    out
}

fn secret(name: &str, description: &str) -> Item {
    Item::Block(
        super::variable(name, "string", description)
            .attr("sensitive", Value::Bool(true))
            .comment("Needed in the production stack only.")
            .attr("default", s(""))
            .block(
                Block::new("validation", &[])
                    .attr(
                        "condition",
                        raw(format!(
                            "var.{name} == \"\" || startswith(var.{name}, \"https://\")"
                        )),
                    )
                    .attr("error_message", s("The integration URL starts with https://.")),
            ),
    )
}

pub(super) fn variables(routes: &Routes) -> Vec<Item> {
    let mut out = Vec::new();
    if routes.slack {
        out.push(Item::Block(super::variable(
            "slack_team_id",
            "string",
            "The Slack workspace id AWS Chatbot shows once the workspace is authorized (T…).",
        )));
        out.push(Item::Block(super::variable(
            "slack_channel_id",
            "string",
            "The id of the Slack channel the alarms post to (C…, the end of the channel's link).",
        )));
    }
    if routes.pagerduty {
        out.push(secret(
            "pagerduty_endpoint",
            "The PagerDuty Amazon CloudWatch integration URL (https://events.pagerduty.com/integration/<key>/enqueue): a secret, give it as TF_VAR_pagerduty_endpoint.",
        ));
    }
    if routes.opsgenie {
        out.push(secret(
            "opsgenie_endpoint",
            "The Opsgenie Amazon SNS integration URL (it holds the integration's API key): a secret, give it as TF_VAR_opsgenie_endpoint.",
        ));
    }
    out
}
