//! The SLO alarms, the instance-down alarm and the budget (see
//! `aws/alarms.rs`), notifying one SNS topic encrypted with a key of its
//! own (CloudWatch and AWS Budgets cannot publish to a topic under the
//! AWS-managed SNS key).

use serde_json::{Map, Value, json};

use super::{app_with, reference};
use crate::platforms::aws::alarms::{Alarms, RATIO, RATIO_METRICS, Window};

/// A CloudFormation logical id for an alarm id (`availability-1h-long`).
fn logical(id: &str) -> String {
    let words: String = id
        .split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect();
    format!("Slo{}Alarm", words.replace('.', ""))
}

fn load_balancer() -> Value {
    json!({"Name": "LoadBalancer", "Value": {"Fn::GetAtt": ["LoadBalancer", "LoadBalancerFullName"]}})
}

fn lb_metric(id: &str, name: &str, period: u64) -> Value {
    json!({
        "Id": id,
        "ReturnData": false,
        "MetricStat": {
            "Metric": {"Namespace": "AWS/ApplicationELB", "MetricName": name, "Dimensions": [load_balancer()]},
            "Period": period,
            "Stat": "Sum",
        },
    })
}

fn window(w: &Window) -> Value {
    let threshold: f64 = w.threshold.parse().expect("a number shipspec wrote");
    let mut props = json!({
        "AlarmName": app_with(&format!("-slo-{}", w.id)),
        "ComparisonOperator": "GreaterThanThreshold",
        "EvaluationPeriods": 1,
        "Threshold": threshold,
        "TreatMissingData": "notBreaching",
    });
    match &w.percentile {
        Some(p) => {
            props["AlarmDescription"] =
                json!("One window of a latency burn-rate alarm; the composite alarm notifies.");
            props["Namespace"] = json!("AWS/ApplicationELB");
            props["MetricName"] = json!("TargetResponseTime");
            props["Dimensions"] = json!([load_balancer()]);
            props["Period"] = json!(w.period);
            props["ExtendedStatistic"] = json!(p);
        }
        None => {
            props["AlarmDescription"] =
                json!("One window of an availability burn-rate alarm; the composite alarm notifies.");
            // RequestCount holds the load balancer's 502/504, not the 503s
            // it refuses with no healthy target.
            let mut metrics =
                vec![json!({"Id": "ratio", "Expression": RATIO, "Label": "5xx share", "ReturnData": true})];
            metrics.extend(
                RATIO_METRICS
                    .iter()
                    .map(|(id, name)| lb_metric(id, name, w.period)),
            );
            props["Metrics"] = Value::Array(metrics);
        }
    }
    json!({"Type": "AWS::CloudWatch::Alarm", "Properties": props})
}

/// A statement for CloudWatch and AWS Budgets from this account.
fn services(actions: &[&str], resource: Value) -> Value {
    json!({
        "Sid": "AlarmsAndBudgets",
        "Effect": "Allow",
        "Principal": {"Service": ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"]},
        "Action": actions,
        "Resource": resource,
        "Condition": {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}},
    })
}

pub(super) fn add(alarms: &Alarms, resources: &mut Map<String, Value>) {
    let topic = reference("AlertsTopic");
    resources.insert(
        "AlertsKey".into(),
        json!({
            "Type": "AWS::KMS::Key",
            "Properties": {
                "Description": app_with(" alert topic"),
                "EnableKeyRotation": true,
                "PendingWindowInDays": 30,
                "KeyPolicy": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Sid": "Account",
                            "Effect": "Allow",
                            "Principal": {"AWS": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::", {"Ref": "AWS::AccountId"}, ":root"]]}},
                            "Action": "kms:*",
                            "Resource": "*",
                        },
                        services(&["kms:Decrypt", "kms:GenerateDataKey*"], json!("*")),
                    ],
                },
            },
        }),
    );
    resources.insert(
        "AlertsTopic".into(),
        json!({
            "Type": "AWS::SNS::Topic",
            "Properties": {"TopicName": app_with("-alerts"), "KmsMasterKeyId": reference("AlertsKey")},
        }),
    );
    resources.insert(
        "AlertsTopicPolicy".into(),
        json!({
            "Type": "AWS::SNS::TopicPolicy",
            "Properties": {
                "Topics": [topic.clone()],
                "PolicyDocument": {"Version": "2012-10-17", "Statement": [services(&["sns:Publish"], topic.clone())]},
            },
        }),
    );
    if alarms.email {
        resources.insert(
            "AlertsEmailSubscription".into(),
            json!({
                "Type": "AWS::SNS::Subscription",
                "Properties": {"TopicArn": topic.clone(), "Protocol": "email", "Endpoint": reference("AlertEmail")},
            }),
        );
    }
    for w in &alarms.windows {
        resources.insert(logical(&w.id), window(w));
    }
    for c in &alarms.composites {
        let rule = json!({"Fn::Join": ["", [
            "ALARM(\"", reference(&logical(&c.long)), "\") AND ALARM(\"", reference(&logical(&c.short)), "\")",
        ]]});
        resources.insert(
            logical(&c.id),
            json!({
                "Type": "AWS::CloudWatch::CompositeAlarm",
                "Properties": {
                    "AlarmName": app_with(&format!("-slo-{}", c.id)),
                    "AlarmDescription": c.description,
                    "AlarmRule": rule,
                    "AlarmActions": [topic.clone()],
                    "OKActions": [topic.clone()],
                },
            }),
        );
    }
    if alarms.instance_down {
        resources.insert(
            "InstanceDownAlarm".into(),
            json!({
                "Type": "AWS::CloudWatch::Alarm",
                "Properties": {
                    "AlarmName": app_with("-instance-down"),
                    "AlarmDescription": "page: no healthy task behind the load balancer for 5 minutes. See docs/runbooks/incident-response.md.",
                    "Namespace": "AWS/ApplicationELB",
                    "MetricName": "HealthyHostCount",
                    "Dimensions": [
                        load_balancer(),
                        {"Name": "TargetGroup", "Value": {"Fn::GetAtt": ["TargetGroup", "TargetGroupFullName"]}},
                    ],
                    "Statistic": "Minimum",
                    "Period": 60,
                    "EvaluationPeriods": 5,
                    "Threshold": 1,
                    "ComparisonOperator": "LessThanThreshold",
                    "TreatMissingData": "breaching",
                    "AlarmActions": [topic.clone()],
                    "OKActions": [topic.clone()],
                },
            }),
        );
    }
    if let Some((amount, alert_at)) = alarms.budget {
        let notify = |kind: &str, threshold: u32, threshold_type: &str| {
            json!({
                "Notification": {
                    "ComparisonOperator": "GREATER_THAN",
                    "NotificationType": kind,
                    "Threshold": threshold,
                    "ThresholdType": threshold_type,
                },
                "Subscribers": [{"SubscriptionType": "SNS", "Address": topic.clone()}],
            })
        };
        resources.insert(
            "MonthlyBudget".into(),
            json!({
                "Type": "AWS::Budgets::Budget",
                "Condition": "IsProduction",
                "Properties": {
                    "Budget": {
                        "BudgetName": app_with("-monthly"),
                        "BudgetType": "COST",
                        "TimeUnit": "MONTHLY",
                        "BudgetLimit": {"Amount": amount, "Unit": "USD"},
                    },
                    "NotificationsWithSubscribers": [
                        notify("ACTUAL", alert_at, "ABSOLUTE_VALUE"),
                        notify("FORECASTED", 100, "PERCENTAGE"),
                    ],
                },
            }),
        );
    }
}

/// The template's conditions: the budget is the account's, and pages wake
/// someone, in the production stack only.
pub(super) fn conditions(alarms: &Alarms) -> Option<Value> {
    (alarms.budget.is_some() || alarms.routes.pagerduty || alarms.routes.opsgenie)
        .then(|| json!({"IsProduction": {"Fn::Equals": [{"Ref": "Environment"}, alarms.production]}}))
}
