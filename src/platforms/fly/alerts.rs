//! Alerts on Fly.io's built-in edge metrics: every app behind Fly's proxy
//! gets `fly_edge_http_responses_count` (by `status`) and the
//! `fly_edge_http_response_time_seconds` histogram without instrumenting
//! anything. Fly's managed Prometheus stores and serves them but evaluates
//! no rules, so a Prometheus of the team's federates the app's series from
//! it (`deploy/alerts/prometheus.yml`), evaluates the rules and sends to an
//! Alertmanager beside it.

use serde_json::json;

use crate::diagnostic::Code;
use crate::render::alerts::{self, Alerting, rules::Source};
use crate::render::artifact::{Artifact, Body, Mode};
use crate::render::specs::blocks::production_app;
use crate::resolve::Plan;
use crate::resolve::context::Ctx;

use crate::render::alerts::DIR;

/// The file Prometheus reads the Fly API token from (a read-only token:
/// `fly tokens create readonly`).
pub(super) const TOKEN_FILE: &str = "/etc/prometheus/secrets/fly-metrics-token";

/// Machines that may all stop when idle (`min_instances: 0`) would look
/// down whenever traffic pauses: no instance-down alert then.
fn always_running(plan: &Plan) -> bool {
    plan.infrastructure.scaling.min_instances > 0
}

/// Says when the answered `downtime` alert is not generated.
pub(super) fn resolve(ctx: &mut Ctx<'_>, plan: &Plan) {
    let downtime = plan
        .infrastructure
        .monitoring
        .alert_on
        .contains(&crate::answers::vocab::AlertOn::Downtime);
    if plan.infrastructure.monitoring.text.answered && downtime && !always_running(plan) {
        ctx.warning(
            Code::AlertOnNotGenerated,
            "infrastructure.monitoring.alert_on",
            "no instance-down alert on Fly.io with `min_instances: 0`: Machines stopped while idle would page",
            "the error-rate alerts still catch an app that fails its requests; keep one Machine running (`min_instances: 1`) for the instance-down alert",
        );
    }
}

pub(super) fn source(app: &str, always_running: bool) -> Source {
    let app_label = serde_json::to_string(app).expect("a string serializes");
    Source {
        app: app.to_owned(),
        requests_metric: "fly_edge_http_responses_count".to_owned(),
        status_label: "status".to_owned(),
        latency_metric: "fly_edge_http_response_time_seconds".to_owned(),
        selector: format!("app={app_label}"),
        down: always_running.then(|| format!("absent(fly_instance_memory_mem_total{{app={app_label}}})")),
        down_means: "no Machine of the app has reported its memory to Fly's Prometheus (none is running, or the federation stopped)",
    }
}

pub(super) fn alerting(plan: &Plan) -> Alerting {
    let app = production_app(plan);
    Alerting {
        files: vec![
            alerts::rules_file(
                format!("{DIR}/rules.yml"),
                plan,
                &source(app, always_running(plan)).with(&plan.outputs.alerts),
            ),
            alerts::alertmanager_file(format!("{DIR}/alertmanager.yml"), plan),
            prometheus(app),
        ],
        evaluator: format!(
            "Fly.io's managed Prometheus keeps the metrics but evaluates no rules: a Prometheus of your own, configured by `{DIR}/prometheus.yml`, federates `{app}`'s series from it every minute, evaluates `{DIR}/rules.yml` and sends to an Alertmanager configured by `{DIR}/alertmanager.yml`"
        ),
        instance_down: always_running(plan),
        instance_down_means: None,
        budget: None,
        budget_by_hand: Some(format!(
            "Fly.io has no budget alert to generate: on the dashboard's Billing page, check the organization's month-to-date usage against ${} every week, and act at ${}",
            plan.infrastructure.cost.monthly_budget_usd, plan.infrastructure.cost.alert_at_usd
        )),
    }
}

/// `prometheus.yml`: federation from Fly's API with the token read from a
/// file, the rules, and the Alertmanager next to it. Written once: the
/// organization slug is the team's to check.
fn prometheus(app: &str) -> Artifact {
    let selector = format!(
        "{{app={}}}",
        serde_json::to_string(app).expect("a string serializes")
    );
    // Keys in the order Prometheus's documentation gives them.
    let sections = [
        (
            "global",
            json!({ "scrape_interval": "1m", "evaluation_interval": "1m" }),
        ),
        ("rule_files", json!(["rules.yml"])),
        (
            "alerting",
            json!({ "alertmanagers": [{ "static_configs": [{ "targets": ["localhost:9093"] }] }] }),
        ),
        (
            "scrape_configs",
            json!([{
                "job_name": "fly",
                "scheme": "https",
                "metrics_path": "/prometheus/personal/federate",
                "honor_labels": true,
                "params": { "match[]": [selector] },
                "authorization": { "credentials_file": TOKEN_FILE },
                "static_configs": [{ "targets": ["api.fly.io"] }],
            }]),
        ),
    ];
    let config: serde_norway::Mapping = sections
        .into_iter()
        .map(|(k, v)| {
            (
                serde_norway::Value::String(k.to_owned()),
                serde_norway::to_value(v).expect("JSON is YAML"),
            )
        })
        .collect();
    let yaml = serde_norway::to_string(&config).expect("config serializes");
    Artifact {
        path: format!("{DIR}/prometheus.yml"),
        mode: Mode::Scaffold,
        body: Body::Whole(format!(
            "# Generated once by shipspec from shipspec.yaml, then yours: `personal` in metrics_path\n# is your Fly organization's slug (`fly orgs list`); the token is read from {TOKEN_FILE}.\n{yaml}"
        )),
        questions: vec!["infrastructure.hosting", "operations.deployment"],
    }
}
