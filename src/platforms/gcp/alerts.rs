//! Cloud Monitoring alerts, when the IaC answer is Terraform
//! (`deploy/terraform/alerts.tf`): one alert policy per burn-rate row with
//! a PromQL condition on Cloud Run's own metrics (`run.googleapis.com/
//! request_count` by `response_code_class`, the `request_latencies`
//! distribution), both windows in one expression; an uptime check on the
//! health path with its policy; a notification channel per answered
//! channel (tokens from sensitive variables); and the Cloud Billing budget
//! of Q5. Without Terraform nothing is generated and the warning says so.

use crate::answers::vocab::{AlertChannel, IacTool};
use crate::diagnostic::Code;
use crate::platforms::alert_terraform::{budget, pager_variable, production, variable};
use crate::platforms::aws::terraform::hcl::{self, Block, Item, Value, int, raw, resource, s};
use crate::render::alerts::rows::{self, Row, Slo};
use crate::render::alerts::rules::{INSTANCE_DOWN, anchor};
use crate::render::alerts::slo::{Severity, Slos};
use crate::render::alerts::{Alerting, RUNBOOK};
use crate::render::specs::blocks::production_app;
use crate::resolve::Plan;
use crate::resolve::context::Ctx;

/// The file in `deploy/terraform/`.
pub(super) const FILE: &str = "alerts.tf";

/// The questions `alerts.tf` is built from, besides the stack's.
pub(super) const QUESTIONS: &[&str] = &[
    "infrastructure.monitoring",
    "infrastructure.cost",
    "operations.deployment",
    "operations.performance",
    "operations.incident_response",
];

/// Stands for `${local.app}` in the text of a query until it is quoted.
const APP: &str = "@APP@";

/// A string with the environment's app name interpolated where [`APP`]
/// stands: the rest is quoted, so nothing else can interpolate.
fn with_app(text: &str) -> Value {
    raw(hcl::quote(text).replace(APP, "${local.app}"))
}

fn obj(pairs: &[(&str, Value)]) -> Value {
    Value::Object(pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect())
}

fn ident(id: &str) -> String {
    id.replace('-', "_")
}

/// Cloud Run's request count over `window`, 5xx only when `errors`.
fn requests(errors: bool, window: &str) -> String {
    let class = if errors {
        ",response_code_class=\"5xx\""
    } else {
        ""
    };
    format!(
        "sum(rate(run_googleapis_com:request_count{{monitored_resource=\"cloud_run_revision\",service_name=\"{APP}\"{class}}}[{window}]))"
    )
}

/// The `quantile` of Cloud Run's request latencies (milliseconds) over `window`.
fn latency(quantile: f64, window: &str) -> String {
    format!(
        "histogram_quantile({quantile}, sum by (le) (rate(run_googleapis_com:request_latencies_bucket{{monitored_resource=\"cloud_run_revision\",service_name=\"{APP}\"}}[{window}])))"
    )
}

/// The PromQL that holds while the row burns over both its windows.
pub(super) fn query(row: &Row, slos: &Slos) -> String {
    let windows = [row.burn.long, row.burn.short];
    match row.slo {
        Slo::Availability => windows
            .map(|w| format!("({} / {} > {})", requests(true, w), requests(false, w), row.value))
            .join(" and "),
        Slo::Latency => {
            let target = crate::render::alerts::slo::round(slos.latency_seconds.unwrap_or(0.0) * 1000.0);
            windows
                .map(|w| format!("({} > {target})", latency(row.value, w)))
                .join(" and ")
        }
    }
}

/// The answered channels Cloud Monitoring can notify (`sms` is left to
/// SS123), in the answers' order.
fn channels(plan: &Plan) -> Vec<AlertChannel> {
    plan.infrastructure
        .monitoring
        .alert_channels
        .iter()
        .copied()
        .filter(|c| *c != AlertChannel::Sms)
        .collect()
}

/// Whether this stack is production's: only there do pagers exist.
fn pages(plan: &Plan) -> String {
    format!("var.environment == {}", hcl::quote(&production(plan)))
}

/// The channels of `severity`: a pager's list (`[*]`) is empty outside
/// production, where its channel is not created.
fn channel_refs(plan: &Plan, severity: Severity) -> Value {
    let chosen = rows::channels_for(severity, &channels(plan));
    let quiet: Vec<String> = chosen
        .iter()
        .filter(|c| !rows::wakes(**c))
        .map(|c| format!("google_monitoring_notification_channel.{}.name", c.as_str()))
        .collect();
    let pagers: Vec<String> = chosen
        .iter()
        .filter(|c| rows::wakes(**c))
        .map(|c| format!("google_monitoring_notification_channel.{}[*].name", c.as_str()))
        .collect();
    if pagers.is_empty() {
        return Value::List(quiet.into_iter().map(raw).collect());
    }
    let mut parts = vec![format!("[{}]", quiet.join(", "))];
    parts.extend(pagers);
    raw(format!("concat({})", parts.join(", ")))
}

/// The incident channel when it is a Slack one (`#incidents`).
fn slack_channel(plan: &Plan) -> Option<&str> {
    let channel = plan.operations.incident_response.channel.as_str();
    channel.starts_with('#').then_some(channel)
}

fn severity_of(severity: Severity) -> &'static str {
    match severity {
        Severity::Page => "CRITICAL",
        Severity::Ticket => "WARNING",
    }
}

fn variables(plan: &Plan) -> Vec<Item> {
    let mut out = Vec::new();
    for channel in channels(plan) {
        out.push(match channel {
            AlertChannel::Email => variable(
                "alert_email",
                "The address the alerts and the budget are emailed to.",
                false,
            ),
            AlertChannel::Slack => variable(
                "slack_auth_token",
                "The Slack token of the Google Cloud Monitoring app in the workspace (Monitoring > Alerting > Edit notification channels > Slack shows how to get one).",
                true,
            ),
            AlertChannel::Pagerduty => pager_variable(
                "pagerduty_service_key",
                "The integration key of a PagerDuty service's Google Cloud Monitoring (Events API v2) integration: needed in the production stack only.",
            ),
            AlertChannel::Opsgenie => pager_variable(
                "opsgenie_webhook_url",
                "The URL of an Opsgenie Google Stackdriver integration, with its apiKey: needed in the production stack only.",
            ),
            AlertChannel::Sms => continue,
        });
    }
    if channels(plan).contains(&AlertChannel::Slack) && slack_channel(plan).is_none() {
        out.push(variable(
            "slack_channel_name",
            "The Slack channel the alerts go to, e.g. #incidents.",
            false,
        ));
    }
    if budget(plan).is_some() {
        out.push(variable(
            "billing_account_id",
            "The Cloud Billing account the project is billed to (its budget is created there), e.g. 012345-6789AB-CDEF01.",
            false,
        ));
    }
    out
}

fn notification_channel(plan: &Plan, channel: AlertChannel) -> Option<Block> {
    let wakes = rows::wakes(channel);
    let mut block = resource("google_monitoring_notification_channel", channel.as_str());
    if wakes {
        // Pages wake someone in production only: other stacks have no pager.
        block = block.attr("count", raw(format!("{} ? 1 : 0", pages(plan))));
    }
    let base = |kind: &str| {
        block
            .attr(
                "display_name",
                raw(format!("\"${{local.app}} {}\"", channel.as_str())),
            )
            .attr("type", s(kind))
    };
    let (block, key) = match channel {
        AlertChannel::Email => (
            base("email").attr("labels", obj(&[("email_address", raw("var.alert_email"))])),
            "",
        ),
        AlertChannel::Slack => (
            base("slack")
                .attr(
                    "labels",
                    obj(&[(
                        "channel_name",
                        slack_channel(plan).map_or_else(|| raw("var.slack_channel_name"), s),
                    )]),
                )
                .block(Block::new("sensitive_labels", &[]).attr("auth_token", raw("var.slack_auth_token"))),
            "",
        ),
        AlertChannel::Pagerduty => (
            base("pagerduty").block(
                Block::new("sensitive_labels", &[]).attr("service_key", raw("var.pagerduty_service_key")),
            ),
            "pagerduty_service_key",
        ),
        AlertChannel::Opsgenie => (
            base("webhook_tokenauth")
                .comment(
                    "Opsgenie's Google Stackdriver integration reads Cloud Monitoring's webhook payload.",
                )
                .attr("labels", obj(&[("url", raw("var.opsgenie_webhook_url"))])),
            "opsgenie_webhook_url",
        ),
        AlertChannel::Sms => return None,
    };
    if !wakes {
        return Some(block);
    }
    Some(
        block.blank().block(
            Block::new("lifecycle", &[]).block(
                Block::new("precondition", &[])
                    .attr("condition", raw(format!("var.{key} != \"\"")))
                    .attr(
                        "error_message",
                        s(format!("The production stack pages: give var.{key}.")),
                    ),
            ),
        ),
    )
}

fn documentation(text: &str) -> Block {
    Block::new("documentation", &[])
        .attr("content", s(text))
        .attr("mime_type", s("text/markdown"))
}

fn policy(plan: &Plan, slos: &Slos, row: &Row) -> Block {
    let severity = row.burn.severity;
    let id = row.id();
    resource("google_monitoring_alert_policy", &ident(&id))
        .attr("display_name", raw(format!("\"${{local.app}}-slo-{id}\"")))
        .attr("combiner", s("OR"))
        .attr("severity", s(severity_of(severity)))
        .attr("notification_channels", channel_refs(plan, severity))
        .attr(
            "user_labels",
            obj(&[("slo", s(row.slo.as_str())), ("severity", s(severity.as_str()))]),
        )
        .blank()
        .block(documentation(&row.description(slos, RUNBOOK)))
        .block(
            Block::new("conditions", &[])
                .attr(
                    "display_name",
                    s(format!(
                        "{} burns {}× over {} and {}",
                        row.slo.as_str(),
                        row.burn.factor,
                        row.burn.long,
                        row.burn.short
                    )),
                )
                .block(
                    Block::new("condition_prometheus_query_language", &[])
                        .attr("query", with_app(&query(row, slos)))
                        .attr("evaluation_interval", s("60s"))
                        .attr("alert_rule", s(row.slo.alert()))
                        .attr("labels", obj(&[("severity", s(severity.as_str()))])),
                ),
        )
}

fn uptime(plan: &Plan) -> Vec<Item> {
    let path = &plan.operations.health_checks.path;
    let check = resource("google_monitoring_uptime_check_config", "health")
        .attr("display_name", raw("\"${local.app} health\""))
        .attr("timeout", s("10s"))
        .attr("period", s("60s"))
        .blank()
        .block(
            Block::new("http_check", &[])
                .attr("path", s(path))
                .attr("port", int(443))
                .attr("use_ssl", Value::Bool(true))
                .attr("validate_ssl", Value::Bool(true))
                .block(
                    Block::new("accepted_response_status_codes", &[])
                        .attr("status_class", s("STATUS_CLASS_2XX")),
                ),
        )
        .block(
            Block::new("monitored_resource", &[])
                .attr("type", s("uptime_url"))
                .attr(
                    "labels",
                    obj(&[
                        ("project_id", raw("var.project_id")),
                        (
                            "host",
                            raw("trimprefix(google_cloud_run_v2_service.app.uri, \"https://\")"),
                        ),
                    ]),
                ),
        );
    let filter = "\"metric.type=\\\"monitoring.googleapis.com/uptime_check/check_passed\\\" AND resource.type=\\\"uptime_url\\\" AND metric.label.check_id=\\\"${google_monitoring_uptime_check_config.health.uptime_check_id}\\\"\"";
    let policy = resource("google_monitoring_alert_policy", "instance_down")
        .attr("display_name", raw("\"${local.app}-instance-down\""))
        .attr("combiner", s("OR"))
        .attr("severity", s("CRITICAL"))
        .attr("notification_channels", channel_refs(plan, Severity::Page))
        .blank()
        .block(documentation(&format!(
            "page: the health path {path} failed its uptime check from more than one region for 5 minutes. See {RUNBOOK}#{}.",
            anchor(INSTANCE_DOWN)
        )))
        .block(
            Block::new("conditions", &[])
                .attr("display_name", s(format!("{path} fails from more than one region")))
                .block(
                    Block::new("condition_threshold", &[])
                        .attr("filter", raw(filter))
                        .attr("duration", s("300s"))
                        .attr("comparison", s("COMPARISON_GT"))
                        .attr("threshold_value", int(1))
                        .block(
                            Block::new("aggregations", &[])
                                .attr("alignment_period", s("60s"))
                                .attr("per_series_aligner", s("ALIGN_NEXT_OLDER"))
                                .attr("cross_series_reducer", s("REDUCE_COUNT_FALSE"))
                                .attr("group_by_fields", Value::List(vec![s("resource.label.host")])),
                        )
                        .block(Block::new("trigger", &[]).attr("count", int(1))),
                ),
        );
    vec![Item::Block(check), Item::Block(policy)]
}

fn budget_items(plan: &Plan, amount: u32, alert_at: u32) -> Vec<Item> {
    let project = Block::new("data", &["google_project", "this"]);
    let mut budget = resource("google_billing_budget", "monthly")
        .comment("The project's cost, created once: in the production stack only.")
        .attr(
            "count",
            raw(format!(
                "var.environment == {} ? 1 : 0",
                hcl::quote(&production(plan))
            )),
        )
        .attr("billing_account", raw("var.billing_account_id"))
        .attr("display_name", raw("\"${local.app}-monthly\""))
        .blank()
        .block(Block::new("budget_filter", &[]).attr(
            "projects",
            Value::List(vec![raw("\"projects/${data.google_project.this.number}\"")]),
        ))
        .block(
            Block::new("amount", &[]).block(
                Block::new("specified_amount", &[])
                    .comment("The billing account's currency: a budget in another is refused.")
                    .attr("currency_code", s("USD"))
                    .attr("units", s(amount.to_string())),
            ),
        )
        .block(Block::new("threshold_rules", &[]).attr(
            "threshold_percent",
            raw(crate::render::alerts::slo::round(f64::from(alert_at) / f64::from(amount)).to_string()),
        ))
        .block(
            Block::new("threshold_rules", &[])
                .attr("threshold_percent", raw("1.0"))
                .attr("spend_basis", s("FORECASTED_SPEND")),
        );
    // A budget notifies only email channels; without one it still emails
    // the billing account's admins (its default IAM recipients).
    if channels(plan).contains(&AlertChannel::Email) {
        budget = budget.block(
            Block::new("all_updates_rule", &[])
                .attr(
                    "monitoring_notification_channels",
                    Value::List(vec![raw("google_monitoring_notification_channel.email.id")]),
                )
                .attr("disable_default_iam_recipients", Value::Bool(false)),
        );
    }
    vec![Item::Block(project), Item::Block(budget)]
}

/// `alerts.tf`: its variables, channels, policies, uptime check and budget.
pub(super) fn items(plan: &Plan) -> Vec<Item> {
    let slos = Slos::of(plan);
    let mut out = variables(plan);
    for channel in channels(plan) {
        out.extend(notification_channel(plan, channel).map(Item::Block));
    }
    for row in rows::rows(&slos) {
        out.push(Item::Block(policy(plan, &slos, &row)));
    }
    if slos.downtime {
        out.extend(uptime(plan));
    }
    if let Some((amount, alert_at)) = budget(plan) {
        out.extend(budget_items(plan, amount, alert_at));
    }
    out
}

/// Whether `alerts.tf` is generated: the answers ask for monitoring and
/// the stack is Terraform.
pub(super) fn applies(plan: &Plan) -> bool {
    plan.infrastructure.iac.tool == IacTool::Terraform && plan.infrastructure.monitoring.text.answered
}

/// What `InstanceDown` means on Cloud Run, for the runbook.
fn down_means(plan: &Plan) -> String {
    format!(
        "the health path `{}` has failed its uptime check from more than one region for 5 minutes: no instance answers, or none answers well",
        plan.operations.health_checks.path
    )
}

/// Without Terraform nothing can hold the alerts: they are set by hand.
/// A budget reaches only email channels.
pub(super) fn resolve(ctx: &mut Ctx<'_>, plan: &Plan) {
    let answered = &plan.infrastructure.monitoring.alert_channels;
    if applies(plan) && budget(plan).is_some() && !answered.contains(&AlertChannel::Email) {
        ctx.warning(
            Code::BudgetChannelEmailOnly,
            "infrastructure.monitoring.alert_channels",
            "a Cloud Billing budget notifies only email channels: the budget links none of the answered channels and emails the billing account's admins and users instead",
            "add `email` to `alert_channels` to have the budget email the team",
        );
    }
    if plan.infrastructure.monitoring.text.answered && plan.infrastructure.iac.tool != IacTool::Terraform {
        ctx.warning(
            Code::AlertsByHand,
            "infrastructure.iac.tool",
            "Cloud Run's service YAML holds no alerts: the SLO alert policies, the uptime check and the budget are set up by hand in Cloud Monitoring and Cloud Billing",
            "docs/runbooks/incident-response.md lists each with its query; answer `iac.tool: terraform` to have them as code in deploy/terraform/alerts.tf",
        );
    }
}

/// The runbook's steps when the alerts are set up by hand: each policy
/// with its PromQL for the production service, the uptime check, and
/// the budget as a `gcloud` command.
fn by_hand(plan: &Plan) -> Alerting {
    let slos = Slos::of(plan);
    let app = production_app(plan);
    let mut evaluator = "Nothing in the repository creates these alerts (warning SS130: Cloud Run's service YAML holds none; `iac.tool: terraform` writes them into `deploy/terraform/alerts.tf`). Set them up in the console: Monitoring > Alerting > Create policy, the PromQL editor, one policy per row below, notifying the answered channels (Edit notification channels) as pages or tickets, with its runbook section as documentation".to_owned();
    let mut steps = Vec::new();
    for row in rows::rows(&slos) {
        steps.push(format!(
            "`{app}-slo-{}` ({}): `{}`",
            row.id(),
            row.burn.severity.as_str(),
            query(&row, &slos).replace(APP, app)
        ));
    }
    if slos.downtime {
        steps.push(format!(
            "`{app}-instance-down` (page): Monitoring > Uptime checks > Create uptime check, HTTPS to the service's host, path `{}`, every minute; then its Create alert, firing when the check fails from more than one region for 5 minutes",
            plan.operations.health_checks.path
        ));
    }
    if !steps.is_empty() {
        evaluator.push_str(":\n");
        for step in steps {
            evaluator.push_str(&format!("\n- {step}"));
        }
    }
    let cost = &plan.infrastructure.cost;
    Alerting {
        files: Vec::new(),
        evaluator,
        instance_down: true,
        instance_down_means: Some(down_means(plan)),
        // The steps are the budget's whole story here; SS130 already says
        // it is set by hand, so no SS121 on top.
        budget: budget(plan).map(|(amount, at)| {
            format!(
                "Create the Cloud Billing budget by hand: `gcloud billing budgets create --billing-account=<billing-account-id> --display-name={app}-monthly --budget-amount={amount}USD --threshold-rule=percent={} --threshold-rule=percent=1.0,basis=forecasted-spend --filter-projects=projects/<project-id>` (${at} spent, and the forecast passing ${amount}; Billing > Budgets & alerts > Manage notifications links it to an email channel, the only kind a budget notifies)",
                crate::render::alerts::slo::round(f64::from(at) / f64::from(cost.monthly_budget_usd))
            )
        }),
        budget_by_hand: None,
    }
}

/// What the runbook says of the alerts: the generated policies, or how to
/// set them up by hand without Terraform.
pub(super) fn alerting(plan: &Plan) -> Option<Alerting> {
    if plan.infrastructure.iac.tool != IacTool::Terraform {
        return Some(by_hand(plan));
    }
    let slos = Slos::of(plan);
    let names: Vec<&str> = channels(plan).iter().map(|c| c.label()).collect();
    let mut evaluator = format!(
        "Cloud Monitoring evaluates the alert policies in `deploy/terraform/{FILE}`: each burn-rate row below is one policy (`<app>-slo-availability-1h`, `<app>-slo-latency-1h`, …) whose PromQL condition reads Cloud Run's `run.googleapis.com/request_count` (by `response_code_class`) or `request_latencies` over both windows"
    );
    if slos.downtime {
        evaluator.push_str(&format!(
            "; `{INSTANCE_DOWN}` is the policy `<app>-instance-down` on the uptime check of `https://<service URL>{}`, failing from more than one region for 5 minutes",
            plan.operations.health_checks.path
        ));
    }
    if names.is_empty() {
        evaluator.push_str(". No channel is answered: the policies notify nobody until one is added");
    } else {
        evaluator.push_str(&format!(
            ". They notify {} (one notification channel each; tickets skip PagerDuty and Opsgenie when a quieter channel is answered; PagerDuty and Opsgenie exist in the {} stack only, so other environments page nobody)",
            names.join(", "),
            production(plan)
        ));
    }
    Some(Alerting {
        files: Vec::new(),
        evaluator,
        instance_down: true,
        instance_down_means: Some(down_means(plan)),
        budget: budget(plan).map(|(amount, at)| {
            format!(
                "Cloud Billing: the budget `<app>-monthly` in the {} stack, ${amount} a month on the project, notifying at ${at} spent and when the forecast passes ${amount}, in the billing account given as the stack's `billing_account_id`; it emails {}",
                production(plan),
                if channels(plan).contains(&AlertChannel::Email) {
                    "the alert email and the billing account's admins"
                } else {
                    "the billing account's admins only (a budget notifies no Slack, PagerDuty or Opsgenie channel)"
                }
            )
        }),
        budget_by_hand: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::alerts::slo::BURNS;

    #[test]
    fn a_row_reads_both_windows() {
        let slos = Slos {
            error_budget: Some(0.01),
            latency_seconds: Some(0.2),
            downtime: false,
        };
        let rows = rows::rows(&slos);
        assert_eq!(
            query(&rows[0], &slos),
            "(sum(rate(run_googleapis_com:request_count{monitored_resource=\"cloud_run_revision\",service_name=\"@APP@\",response_code_class=\"5xx\"}[1h])) / sum(rate(run_googleapis_com:request_count{monitored_resource=\"cloud_run_revision\",service_name=\"@APP@\"}[1h])) > 0.144) and (sum(rate(run_googleapis_com:request_count{monitored_resource=\"cloud_run_revision\",service_name=\"@APP@\",response_code_class=\"5xx\"}[5m])) / sum(rate(run_googleapis_com:request_count{monitored_resource=\"cloud_run_revision\",service_name=\"@APP@\"}[5m])) > 0.144)"
        );
        let last = rows.last().unwrap();
        assert_eq!(last.burn.long, BURNS[3].long);
        assert!(query(last, &slos).starts_with(
            "(histogram_quantile(0.95, sum by (le) (rate(run_googleapis_com:request_latencies_bucket{"
        ));
        assert!(query(last, &slos).ends_with("[6h]))) > 200)"));
        // Quoted for HCL, only the app name interpolates.
        let Value::Raw(text) = with_app("a \"${x}\" @APP@") else {
            panic!()
        };
        assert_eq!(text, "\"a \\\"$${x}\\\" ${local.app}\"");
    }

    /// Every edit of a question `alerts.tf` reads changes it, and it names
    /// that question (so `explain` lists it).
    #[test]
    fn alerts_tf_names_the_questions_it_reads() {
        let example = include_str!("../../../examples/gcp-cloudrun/shipspec.yaml")
            .replace("tool: platform-config", "tool: terraform");
        crate::platforms::testing::check_questions(
            &example,
            super::super::terraform::render,
            &[
                (
                    "infrastructure.monitoring",
                    "alert_channels: [email]",
                    "alert_channels: [email, pagerduty]",
                ),
                ("infrastructure.cost", "alert_at_usd: 240", "alert_at_usd: 200"),
                ("operations.performance", "p95_ms: 200", "p95_ms: 300"),
            ],
        );
    }
}
