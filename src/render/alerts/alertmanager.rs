//! The Alertmanager configuration: one receiver per answered channel,
//! pages to every channel and tickets to the ones that do not wake anyone
//! (when there are some). Every secret is read from a file under
//! [`SECRETS`], mounted by whoever runs Alertmanager; none is written here.

use serde::Serialize;

use crate::answers::vocab::AlertChannel;

/// Where the secret files are mounted: the Prometheus Operator mounts an
/// Alertmanager's `spec.secrets` at `/etc/alertmanager/secrets/<name>/`.
pub const SECRETS: &str = "/etc/alertmanager/secrets/shipspec-alerts";

/// Each channel's secret file, and what it holds.
pub fn secret_files(channels: &[AlertChannel]) -> Vec<(&'static str, &'static str)> {
    channels
        .iter()
        .filter_map(|c| match c {
            AlertChannel::Email => Some(("smtp-password", "the SMTP password of the sending account")),
            AlertChannel::Slack => Some(("slack-webhook-url", "a Slack incoming-webhook URL")),
            AlertChannel::Pagerduty => Some((
                "pagerduty-routing-key",
                "a PagerDuty Events API v2 integration (routing) key",
            )),
            AlertChannel::Opsgenie => Some(("opsgenie-api-key", "an Opsgenie API integration key")),
            AlertChannel::Sms => None,
        })
        .collect()
}

#[derive(Serialize)]
pub struct Config {
    route: Route,
    receivers: Vec<Receiver>,
}

#[derive(Serialize)]
struct Route {
    receiver: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    group_by: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    group_wait: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    repeat_interval: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    matchers: Vec<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    r#continue: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    routes: Vec<Route>,
}

#[derive(Serialize, Default)]
struct Receiver {
    name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    email_configs: Vec<serde_json::Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    slack_configs: Vec<serde_json::Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pagerduty_configs: Vec<serde_json::Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    opsgenie_configs: Vec<serde_json::Value>,
}

/// Channels that wake someone up.
fn pages(channel: AlertChannel) -> bool {
    matches!(channel, AlertChannel::Pagerduty | AlertChannel::Opsgenie)
}

/// The configuration for `channels`; `slack_channel` is the incident
/// channel when it is a Slack one (`#incidents`).
pub fn config(channels: &[AlertChannel], slack_channel: Option<&str>) -> Config {
    let channels: Vec<AlertChannel> = channels
        .iter()
        .copied()
        .filter(|c| *c != AlertChannel::Sms)
        .collect();
    let quiet = channels.iter().any(|c| !pages(*c));
    let secret = |file: &str| format!("{SECRETS}/{file}");
    let mut receivers = vec![Receiver {
        name: "none".to_owned(),
        ..Receiver::default()
    }];
    let mut routes = Vec::new();
    for channel in &channels {
        let name = channel.as_str().to_owned();
        let mut receiver = Receiver {
            name: name.clone(),
            ..Receiver::default()
        };
        match channel {
            AlertChannel::Email => receiver.email_configs.push(serde_json::json!({
                "to": "oncall@example.com",
                "from": "alerts@example.com",
                "smarthost": "smtp.example.com:587",
                "auth_username": "alerts@example.com",
                "auth_password_file": secret("smtp-password"),
                "send_resolved": true,
            })),
            AlertChannel::Slack => {
                let mut slack = serde_json::json!({
                    "api_url_file": secret("slack-webhook-url"),
                    "send_resolved": true,
                    "title": "{{ .CommonLabels.alertname }} ({{ .CommonLabels.severity }})",
                    "text": "{{ range .Alerts }}{{ .Annotations.summary }}: {{ .Annotations.description }}\n{{ end }}",
                });
                if let Some(c) = slack_channel {
                    slack["channel"] = serde_json::Value::String(c.to_owned());
                }
                receiver.slack_configs.push(slack);
            }
            AlertChannel::Pagerduty => receiver.pagerduty_configs.push(serde_json::json!({
                "routing_key_file": secret("pagerduty-routing-key"),
                "send_resolved": true,
            })),
            AlertChannel::Opsgenie => receiver.opsgenie_configs.push(serde_json::json!({
                "api_key_file": secret("opsgenie-api-key"),
                "send_resolved": true,
            })),
            AlertChannel::Sms => unreachable!("filtered out above"),
        }
        receivers.push(receiver);
        routes.push(Route {
            receiver: name,
            group_by: Vec::new(),
            group_wait: None,
            repeat_interval: None,
            // Tickets go to the quiet channels when there are any.
            matchers: if pages(*channel) && quiet {
                vec!["severity=\"page\"".to_owned()]
            } else {
                Vec::new()
            },
            r#continue: true,
            routes: Vec::new(),
        });
    }
    Config {
        route: Route {
            receiver: "none".to_owned(),
            group_by: vec!["alertname", "app", "severity"],
            group_wait: Some("30s"),
            repeat_interval: Some("4h"),
            matchers: Vec::new(),
            r#continue: false,
            routes,
        },
        receivers,
    }
}
