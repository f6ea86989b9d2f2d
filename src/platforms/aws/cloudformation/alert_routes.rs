//! The alert topic's routes besides email: Slack through AWS Chatbot,
//! PagerDuty and Opsgenie through HTTPS subscriptions. The integration
//! URLs carry a key, so they are `NoEcho` parameters: given when the stack
//! is created or updated, never written in the template.

use serde_json::{Map, Value, json};

use super::{app, app_with, arn, reference};
use crate::platforms::aws::alarms::Routes;

/// What Chatbot may do, as its role and as the channel's guardrail: read
/// this app's alarms and draw their graphs, nothing else (without a
/// guardrail AWS applies AdministratorAccess to the channel's members).
fn chatbot_policy() -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ReadTheAppsAlarms",
                "Effect": "Allow",
                "Action": ["cloudwatch:DescribeAlarms"],
                "Resource": {"Fn::Join": ["", [
                    "arn:", {"Ref": "AWS::Partition"}, ":cloudwatch:", {"Ref": "AWS::Region"}, ":",
                    {"Ref": "AWS::AccountId"}, ":alarm:", app(), "-*",
                ]]},
            },
            {
                "Sid": "DrawTheirGraphs",
                "Effect": "Allow",
                "Action": ["cloudwatch:GetMetricData", "cloudwatch:GetMetricWidgetImage"],
                "Resource": "*",
            },
        ],
    })
}

fn https(endpoint: &str) -> Value {
    json!({
        "Type": "AWS::SNS::Subscription",
        "Properties": {"TopicArn": reference("AlertsTopic"), "Protocol": "https", "Endpoint": reference(endpoint)},
    })
}

pub(super) fn add(routes: &Routes, resources: &mut Map<String, Value>) {
    if routes.slack {
        resources.insert(
            "ChatbotPolicy".into(),
            json!({
                "Type": "AWS::IAM::ManagedPolicy",
                "Properties": {
                    "ManagedPolicyName": app_with("-chatbot"),
                    "Description": "AWS Chatbot in the alert channel: reads the app's alarms, nothing else.",
                    "PolicyDocument": chatbot_policy(),
                },
            }),
        );
        resources.insert(
            "ChatbotRole".into(),
            json!({
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "RoleName": app_with("-chatbot"),
                    "AssumeRolePolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [{"Effect": "Allow", "Principal": {"Service": "chatbot.amazonaws.com"}, "Action": "sts:AssumeRole"}],
                    },
                    "ManagedPolicyArns": [reference("ChatbotPolicy")],
                },
            }),
        );
        resources.insert(
            "AlertsSlackChannel".into(),
            json!({
                "Type": "AWS::Chatbot::SlackChannelConfiguration",
                "Properties": {
                    "ConfigurationName": app_with("-alerts"),
                    "IamRoleArn": arn("ChatbotRole"),
                    "SlackWorkspaceId": reference("SlackWorkspaceId"),
                    "SlackChannelId": reference("SlackChannelId"),
                    "SnsTopicArns": [reference("AlertsTopic")],
                    "GuardrailPolicies": [reference("ChatbotPolicy")],
                    "LoggingLevel": "ERROR",
                },
            }),
        );
    }
    // Pages wake someone in production only: other stacks have no pager.
    for (on, id, endpoint) in [
        (
            routes.pagerduty,
            "AlertsPagerdutySubscription",
            "PagerdutyEndpoint",
        ),
        (routes.opsgenie, "AlertsOpsgenieSubscription", "OpsgenieEndpoint"),
    ] {
        if on {
            let mut subscription = https(endpoint);
            subscription["Condition"] = json!("IsProduction");
            resources.insert(id.into(), subscription);
        }
    }
}

/// The pagers' endpoints, required in the production stack only.
pub(super) fn rules(routes: &Routes, production: &str) -> Option<Value> {
    let mut rules = Map::new();
    for (on, name) in [
        (routes.pagerduty, "PagerdutyEndpoint"),
        (routes.opsgenie, "OpsgenieEndpoint"),
    ] {
        if on {
            rules.insert(
                format!("{name}InProduction"),
                json!({
                    "RuleCondition": {"Fn::Equals": [{"Ref": "Environment"}, production]},
                    "Assertions": [{
                        "Assert": {"Fn::Not": [{"Fn::Equals": [{"Ref": name}, ""]}]},
                        "AssertDescription": format!("The production stack pages: give {name}."),
                    }],
                }),
            );
        }
    }
    (!rules.is_empty()).then_some(Value::Object(rules))
}

pub(super) fn parameters(routes: &Routes, p: &mut Map<String, Value>) {
    if routes.slack {
        p.insert(
            "SlackWorkspaceId".into(),
            json!({"Type": "String", "AllowedPattern": "^[A-Za-z0-9]+$", "Description": "The Slack workspace id AWS Chatbot shows once the workspace is authorized (T…)."}),
        );
        p.insert(
            "SlackChannelId".into(),
            json!({"Type": "String", "AllowedPattern": "^[A-Za-z0-9]+$", "Description": "The id of the Slack channel the alarms post to (C…, the end of the channel's link)."}),
        );
    }
    for (on, name, what) in [
        (
            routes.pagerduty,
            "PagerdutyEndpoint",
            "The PagerDuty Amazon CloudWatch integration URL (https://events.pagerduty.com/integration/<key>/enqueue): a secret, never shown; needed in the production stack only.",
        ),
        (
            routes.opsgenie,
            "OpsgenieEndpoint",
            "The Opsgenie Amazon SNS integration URL (it holds the integration's API key): a secret, never shown; needed in the production stack only.",
        ),
    ] {
        if on {
            p.insert(
                name.into(),
                json!({"Type": "String", "NoEcho": true, "Default": "", "AllowedPattern": "^(https://.+)?$", "Description": what}),
            );
        }
    }
}
