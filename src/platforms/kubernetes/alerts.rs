//! Alerts on the ingress controller's metrics: ingress-nginx counts every
//! request by `status` (`nginx_ingress_controller_requests`) and times it
//! (`nginx_ingress_controller_request_duration_seconds`), so nothing in the
//! app needs instrumenting. The rules go to the production overlay as a
//! PrometheusRule (Prometheus Operator) and, for a Prometheus without the
//! operator, as a plain rules file; both select the production namespace.

use serde_json::json;

use crate::render::alerts::{self, Alerting, rules::Source};
use crate::render::specs::blocks::production_environment;
use crate::resolve::Plan;
use crate::resolve::plan::EnvironmentPlan;

use super::manifest::Manifest;
use super::names;

/// The request counter and latency histogram (ingress-nginx's names).
pub(super) const REQUESTS: &str = "nginx_ingress_controller_requests";
pub(super) const DURATION: &str = "nginx_ingress_controller_request_duration_seconds";
/// The label carrying the Ingress's namespace once Prometheus has scraped
/// the controller (its own `namespace` label is the target's, so the
/// metric's moves to `exported_namespace`).
pub(super) const NAMESPACE_LABEL: &str = "exported_namespace";

/// The PrometheusRule's file, relative to the Kustomize folder.
pub(super) const RULE_FILE: &str = "prometheusrule.yaml";

pub(super) fn source(plan: &Plan, namespace: &str) -> Source {
    let q = |s: &str| serde_json::to_string(s).expect("a string serializes");
    let name = &plan.project.name;
    let source = Source {
        app: name.clone(),
        requests_metric: REQUESTS.to_owned(),
        status_label: "status".to_owned(),
        latency_metric: DURATION.to_owned(),
        selector: format!("ingress={},{NAMESPACE_LABEL}={}", q(name), q(namespace)),
        down: Some(format!(
            "(sum(kube_deployment_status_replicas_available{{namespace={},deployment={}}}) or vector(0)) < 1",
            q(namespace),
            q(names::deployment(plan))
        )),
        down_means: "the Deployment has had no available pod (kube-state-metrics' kube_deployment_status_replicas_available)",
    };
    source.with(&plan.outputs.alerts)
}

/// Whether `env` is the one whose overlay holds the PrometheusRule.
pub(super) fn in_overlay(plan: &Plan, env: &EnvironmentPlan) -> bool {
    production_environment(plan).is_some_and(|p| p.name == env.name)
}

fn production(plan: &Plan) -> Option<&EnvironmentPlan> {
    production_environment(plan)
}

/// The PrometheusRule of the production overlay.
pub(super) fn manifest(plan: &Plan) -> Option<Manifest> {
    let env = production(plan)?;
    let namespace = names::namespace(env);
    let groups = alerts::rules::groups(
        &alerts::slo::Slos::of(plan),
        &source(plan, namespace),
        alerts::RUNBOOK,
    );
    let labels = names::labels(plan, "monitoring");
    Some(
        Manifest::new(
            format!("overlays/{}/{RULE_FILE}", env.name),
            json!({
                "apiVersion": "monitoring.coreos.com/v1",
                "kind": "PrometheusRule",
                "metadata": { "name": format!("{}-slo", plan.project.name), "labels": labels },
                "spec": { "groups": groups },
            }),
            &alerts::QUESTIONS[1..],
        )
        .custom(),
    )
}

pub(super) fn alerting(plan: &Plan) -> Alerting {
    let namespace = production(plan).map_or(plan.project.name.as_str(), names::namespace);
    let mut files: Vec<_> = manifest(plan)
        .into_iter()
        .map(|m| m.artifact(names::DIR))
        .collect();
    files.push(alerts::rules_file(
        format!("{}/rules.yml", alerts::DIR),
        plan,
        &source(plan, namespace),
    ));
    files.push(alerts::alertmanager_file(
        format!("{}/alertmanager.yml", alerts::DIR),
        plan,
    ));
    Alerting {
        files,
        evaluator: format!(
            "The cluster's Prometheus evaluates the rules: with the Prometheus Operator (kube-prometheus-stack), the PrometheusRule in the production overlay is loaded when its labels match the Prometheus's `ruleSelector`; without it, load `{}/rules.yml` as a rule file. Alertmanager sends with `{}/alertmanager.yml`",
            alerts::DIR,
            alerts::DIR
        ),
        instance_down: true,
        instance_down_means: None,
        budget: None,
        budget_by_hand: Some(format!(
            "Kubernetes has no bill of its own: set a budget of ${} a month with an alert at ${} in the billing console of the cloud the cluster runs on (AWS Budgets, a Google Cloud billing budget, an Azure cost budget)",
            plan.infrastructure.cost.monthly_budget_usd, plan.infrastructure.cost.alert_at_usd
        )),
    }
}
