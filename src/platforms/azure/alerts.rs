//! Azure Monitor alerts, when the IaC answer is Terraform
//! (`deploy/terraform/alerts.tf`). A metric alert cannot divide one
//! metric by another, so the burn rows are log search alerts over the
//! ingress's own request log (`ContainerAppHTTPLogs`: one record per
//! request with its status and duration) in the Log Analytics workspace
//! the environment sends it to, each checking both windows in its query.
//! A log alert looks back at most two days: the 3-day row is left out
//! (SS131). Downtime is an Application Insights standard test of the
//! health path with its availability alert; the channels are one action
//! group (Slack has no receiver: SS132); Q5 is a resource-group budget.

use crate::answers::vocab::{AlertChannel, IacTool};
use crate::diagnostic::Code;
use crate::platforms::alert_terraform::{budget, pager_variable, production, variable};
use crate::platforms::aws::terraform::hcl::{self, Block, Item, Value, int, raw, resource, s};
use crate::render::alerts::rows::{self, Row, Slo};
use crate::render::alerts::rules::{INSTANCE_DOWN, anchor};
use crate::render::alerts::slo::{Burn, Severity, Slos};
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
];

/// The longest a log search alert looks back (`window_duration` ×
/// evaluation periods: 48 hours).
const MAX_LOOKBACK_SECONDS: u64 = 2 * 86_400;

/// Where the availability test runs from: West Europe, North Europe,
/// France Central, East US and Southeast Asia; it fails when two do.
const TEST_LOCATIONS: [&str; 5] = [
    "emea-nl-ams-azr",
    "emea-gb-db3-azr",
    "emea-fr-pra-edge",
    "us-va-ash-azr",
    "apac-sg-sin-azr",
];

/// Stands for `${local.app}` in a query until it is quoted.
const APP: &str = "@APP@";

fn with_app(text: &str) -> Value {
    raw(hcl::quote(text).replace(APP, "${local.app}"))
}

fn ident(id: &str) -> String {
    id.replace('-', "_")
}

/// Whether a log search alert can read both of the row's windows.
fn fits(burn: &Burn) -> bool {
    burn.long_seconds <= MAX_LOOKBACK_SECONDS
}

/// The rows generated here.
fn alert_rows(slos: &Slos) -> Vec<Row> {
    rows::rows(slos).into_iter().filter(|r| fits(&r.burn)).collect()
}

/// An ISO 8601 duration for a window.
fn iso(seconds: u64) -> String {
    match seconds {
        s if s % 86_400 == 0 => format!("P{}D", s / 86_400),
        s if s % 3600 == 0 => format!("PT{}H", s / 3600),
        s => format!("PT{}M", s / 60),
    }
}

/// The KQL whose `burn` column is the smaller of the row's measure over
/// the long and the short window, with no row unless both had requests
/// (no traffic is no burn). Status 0: the client left before any answer.
pub(super) fn query(row: &Row) -> String {
    let measure = match row.slo {
        Slo::Availability => "todouble(countif(toint(StatusCode) >= 500)) / count()".to_owned(),
        Slo::Latency => format!(
            "percentile(RequestDuration, {})",
            crate::render::alerts::slo::round(row.value * 100.0)
        ),
    };
    let window = |w: &str| {
        format!("(requests | where TimeGenerated > ago({w}) | summarize value = {measure}, n = count())")
    };
    format!(
        "let requests = ContainerAppHTTPLogs\n| where ContainerAppName == \"{APP}\" and toint(StatusCode) > 0;\nunion {}, {}\n| where n > 0\n| summarize burn = min(value), windows = count()\n| where windows == 2\n",
        window(row.burn.long),
        window(row.burn.short)
    )
}

/// The threshold `burn` is compared with: the 5xx share, or the latency
/// target in milliseconds (`RequestDuration` is in milliseconds).
fn threshold(row: &Row, slos: &Slos) -> String {
    match row.slo {
        Slo::Availability => row.value.to_string(),
        Slo::Latency => {
            crate::render::alerts::slo::round(slos.latency_seconds.unwrap_or(0.0) * 1000.0).to_string()
        }
    }
}

/// The answered channels an action group can reach.
fn channels(plan: &Plan) -> Vec<AlertChannel> {
    plan.infrastructure
        .monitoring
        .alert_channels
        .iter()
        .copied()
        .filter(|c| {
            matches!(
                c,
                AlertChannel::Email | AlertChannel::Pagerduty | AlertChannel::Opsgenie
            )
        })
        .collect()
}

/// The action group alerts of `severity` notify: `alerts` (every
/// channel), or `tickets` when tickets skip a pager.
fn group(plan: &Plan, severity: Severity) -> &'static str {
    let all = channels(plan);
    if rows::channels_for(severity, &all) == all {
        "alerts"
    } else {
        "tickets"
    }
}

fn group_ref(plan: &Plan, severity: Severity) -> Value {
    raw(format!(
        "azurerm_monitor_action_group.{}.id",
        group(plan, severity)
    ))
}

/// The budget notification's threshold: `alert_at` as a whole percent of
/// `amount`, which azurerm takes only from 0 to 1000 (0 would fire on the
/// first cent), so clamped into 1..=1000. The second value is the exact
/// percent when it was clamped.
fn budget_percent(amount: u32, alert_at: u32) -> (i64, Option<f64>) {
    let exact = f64::from(alert_at) * 100.0 / f64::from(amount);
    let rounded = exact.round() as i64;
    let percent = rounded.clamp(1, 1000);
    (percent, (percent != rounded).then_some(exact))
}

fn variables(plan: &Plan, slos: &Slos) -> Vec<Item> {
    let mut out = Vec::new();
    if !alert_rows(slos).is_empty() || slos.downtime {
        out.push(variable(
            "log_analytics_workspace_id",
            "The Log Analytics workspace's resource id: the Container Apps environment sends its ContainerAppHTTPLogs there (logs destination azure-monitor, with a diagnostic setting).",
            false,
        ));
    }
    for channel in channels(plan) {
        out.push(match channel {
            AlertChannel::Email => variable(
                "alert_email",
                "The address the alerts and the budget are emailed to.",
                false,
            ),
            AlertChannel::Pagerduty => pager_variable(
                "pagerduty_webhook_url",
                "The webhook URL of a PagerDuty service's Microsoft Azure integration: needed in the production stack only.",
            ),
            _ => pager_variable(
                "opsgenie_webhook_url",
                "The webhook URL of an Opsgenie Azure integration, with its apiKey: needed in the production stack only.",
            ),
        });
    }
    out
}

/// A pager's receiver, there only in production's stack: other
/// environments page nobody.
fn pager_receiver(plan: &Plan, name: &str, key: &str) -> Block {
    Block::new("dynamic", &["webhook_receiver"])
        .attr(
            "for_each",
            raw(format!(
                "var.environment == {} ? [1] : []",
                hcl::quote(&production(plan))
            )),
        )
        .block(
            Block::new("content", &[])
                .attr("name", s(name))
                .attr("service_uri", raw(format!("var.{key}")))
                .attr("use_common_alert_schema", Value::Bool(true)),
        )
}

fn action_group(plan: &Plan, name: &str, short: &str, channels: &[AlertChannel]) -> Block {
    let mut group = resource("azurerm_monitor_action_group", name)
        .attr("name", raw(format!("\"${{local.app}}-{name}\"")))
        .attr("resource_group_name", raw("var.resource_group_name"))
        .attr("short_name", s(short));
    let mut keys = Vec::new();
    for channel in channels {
        group = group.block(match channel {
            AlertChannel::Email => Block::new("email_receiver", &[])
                .attr("name", s("email"))
                .attr("email_address", raw("var.alert_email"))
                .attr("use_common_alert_schema", Value::Bool(true)),
            AlertChannel::Pagerduty => {
                keys.push("pagerduty_webhook_url");
                pager_receiver(plan, "pagerduty", "pagerduty_webhook_url")
            }
            _ => {
                keys.push("opsgenie_webhook_url");
                pager_receiver(plan, "opsgenie", "opsgenie_webhook_url")
            }
        });
    }
    if keys.is_empty() {
        return group;
    }
    let mut lifecycle = Block::new("lifecycle", &[]);
    for key in keys {
        lifecycle = lifecycle.block(
            Block::new("precondition", &[])
                .attr(
                    "condition",
                    raw(format!(
                        "var.environment != {} || var.{key} != \"\"",
                        hcl::quote(&production(plan))
                    )),
                )
                .attr(
                    "error_message",
                    s(format!("The production stack pages: give var.{key}.")),
                ),
        );
    }
    group.block(lifecycle)
}

fn log_alert(plan: &Plan, slos: &Slos, row: &Row) -> Block {
    let severity = row.burn.severity;
    let id = row.id();
    resource("azurerm_monitor_scheduled_query_rules_alert_v2", &ident(&id))
        .attr("name", raw(format!("\"${{local.app}}-slo-{id}\"")))
        .attr("resource_group_name", raw("var.resource_group_name"))
        .attr("location", raw("local.location"))
        .attr("description", s(row.description(slos, RUNBOOK)))
        .attr("severity", int(if severity == Severity::Page { 1 } else { 2 }))
        .attr("scopes", Value::List(vec![raw("var.log_analytics_workspace_id")]))
        .attr("window_duration", s(iso(row.burn.long_seconds)))
        .attr(
            "evaluation_frequency",
            s(if severity == Severity::Page {
                "PT5M"
            } else {
                "PT15M"
            }),
        )
        .attr("auto_mitigation_enabled", Value::Bool(true))
        .comment("The table appears with the first request logged: a new environment has none yet.")
        .attr("skip_query_validation", Value::Bool(true))
        .blank()
        .block(
            Block::new("criteria", &[])
                .attr("query", with_app(&query(row)))
                .attr("time_aggregation_method", s("Maximum"))
                .attr("metric_measure_column", s("burn"))
                .attr("operator", s("GreaterThan"))
                .attr("threshold", raw(threshold(row, slos)))
                .block(
                    Block::new("failing_periods", &[])
                        .attr("minimum_failing_periods_to_trigger_alert", int(1))
                        .attr("number_of_evaluation_periods", int(1)),
                ),
        )
        .block(Block::new("action", &[]).attr("action_groups", Value::List(vec![group_ref(plan, severity)])))
}

fn availability_test(plan: &Plan) -> Vec<Item> {
    let path = &plan.operations.health_checks.path;
    let insights = resource("azurerm_application_insights", "uptime")
        .comment("Holds the availability test's results, in the same workspace.")
        .attr("name", raw("\"${local.app}-uptime\""))
        .attr("resource_group_name", raw("var.resource_group_name"))
        .attr("location", raw("local.location"))
        .attr("workspace_id", raw("var.log_analytics_workspace_id"))
        .attr("application_type", s("other"));
    let url = format!(
        "\"https://${{azurerm_container_app.app.ingress[0].fqdn}}{}\"",
        hcl::quote(path).trim_matches('"')
    );
    let test = resource("azurerm_application_insights_standard_web_test", "health")
        .attr("name", raw("\"${local.app}-health\""))
        .attr("resource_group_name", raw("var.resource_group_name"))
        .attr("location", raw("local.location"))
        .attr(
            "application_insights_id",
            raw("azurerm_application_insights.uptime.id"),
        )
        .attr(
            "geo_locations",
            Value::List(TEST_LOCATIONS.iter().map(|l| s(*l)).collect()),
        )
        .attr("frequency", int(300))
        .attr("timeout", int(30))
        .attr("enabled", Value::Bool(true))
        .attr("retry_enabled", Value::Bool(true))
        .blank()
        .block(Block::new("request", &[]).attr("url", raw(url)))
        .block(
            Block::new("validation_rules", &[])
                .attr("expected_status_code", int(200))
                .attr("ssl_check_enabled", Value::Bool(true))
                .attr("ssl_cert_remaining_lifetime", int(7)),
        );
    let alert = resource("azurerm_monitor_metric_alert", "instance_down")
        .attr("name", raw("\"${local.app}-instance-down\""))
        .attr("resource_group_name", raw("var.resource_group_name"))
        .attr(
            "scopes",
            Value::List(vec![
                raw("azurerm_application_insights_standard_web_test.health.id"),
                raw("azurerm_application_insights.uptime.id"),
            ]),
        )
        .attr(
            "description",
            s(format!(
                "page: the health path {path} failed its availability test from two locations or more. See {RUNBOOK}#{}.",
                anchor(INSTANCE_DOWN)
            )),
        )
        .attr("severity", int(1))
        .attr("frequency", s("PT1M"))
        .attr("window_size", s("PT5M"))
        .blank()
        .block(
            Block::new("application_insights_web_test_location_availability_criteria", &[])
                .attr("web_test_id", raw("azurerm_application_insights_standard_web_test.health.id"))
                .attr("component_id", raw("azurerm_application_insights.uptime.id"))
                .attr("failed_location_count", int(2)),
        )
        .block(Block::new("action", &[]).attr("action_group_id", group_ref(plan, Severity::Page)));
    vec![Item::Block(insights), Item::Block(test), Item::Block(alert)]
}

fn budget_items(plan: &Plan, amount: u32, alert_at: u32) -> Vec<Item> {
    let group =
        Block::new("data", &["azurerm_resource_group", "app"]).attr("name", raw("var.resource_group_name"));
    let (percent, _) = budget_percent(amount, alert_at);
    let notify = |threshold: i64, kind: &str| {
        Block::new("notification", &[])
            .attr("enabled", Value::Bool(true))
            .attr("threshold", int(threshold))
            .attr("threshold_type", s(kind))
            .attr("operator", s("GreaterThan"))
            .attr(
                "contact_groups",
                Value::List(vec![group_ref(plan, Severity::Ticket)]),
            )
    };
    let budget = resource("azurerm_consumption_budget_resource_group", "monthly")
        .comment("The resource group's cost, created once: in the production stack only.")
        .attr(
            "count",
            raw(format!(
                "var.environment == {} ? 1 : 0",
                hcl::quote(&production(plan))
            )),
        )
        .attr("name", raw("\"${local.app}-monthly\""))
        .attr("resource_group_id", raw("data.azurerm_resource_group.app.id"))
        .comment("In the billing currency (USD answered).")
        .attr("amount", int(i64::from(amount)))
        .attr("time_grain", s("Monthly"))
        .blank()
        .block(Block::new("time_period", &[]).attr(
            "start_date",
            raw("formatdate(\"YYYY-MM-01'T'00:00:00Z\", timestamp())"),
        ))
        .block(notify(percent, "Actual"))
        .block(notify(100, "Forecasted"))
        .blank()
        .block(
            Block::new("lifecycle", &[])
                .comment("The month it was created in starts it; later plans leave it there.")
                .attr("ignore_changes", Value::List(vec![raw("time_period")])),
        );
    vec![Item::Block(group), Item::Block(budget)]
}

/// `alerts.tf`: its variables, action groups, alerts, test and budget.
pub(super) fn items(plan: &Plan) -> Vec<Item> {
    let slos = Slos::of(plan);
    let mut out = variables(plan, &slos);
    let all = channels(plan);
    out.push(Item::Block(action_group(plan, "alerts", "alerts", &all)));
    if group(plan, Severity::Ticket) == "tickets" {
        out.push(Item::Block(action_group(
            plan,
            "tickets",
            "tickets",
            &rows::channels_for(Severity::Ticket, &all),
        )));
    }
    for row in alert_rows(&slos) {
        out.push(Item::Block(log_alert(plan, &slos, &row)));
    }
    if slos.downtime {
        out.extend(availability_test(plan));
    }
    if let Some((amount, alert_at)) = budget(plan) {
        out.extend(budget_items(plan, amount, alert_at));
    }
    out
}

/// Whether `alerts.tf` is generated.
pub(super) fn applies(plan: &Plan) -> bool {
    plan.infrastructure.iac.tool == IacTool::Terraform && plan.infrastructure.monitoring.text.answered
}

/// What Azure Monitor cannot do of the answered alerts, as warnings.
pub(super) fn resolve(ctx: &mut Ctx<'_>, plan: &Plan) {
    if !plan.infrastructure.monitoring.text.answered {
        return;
    }
    if !applies(plan) {
        ctx.warning(
            Code::AlertsByHand,
            "infrastructure.iac.tool",
            "the Container App YAML holds no alerts: the SLO log search alerts, the availability test and the budget are set up by hand in Azure Monitor and Cost Management",
            "docs/runbooks/incident-response.md lists each with its query; answer `iac.tool: terraform` to have them as code in deploy/terraform/alerts.tf",
        );
    }
    if let Some((amount, alert_at)) = budget(plan).filter(|_| applies(plan))
        && let (percent, Some(exact)) = budget_percent(amount, alert_at)
    {
        ctx.warning(
            Code::BudgetThresholdClamped,
            "infrastructure.cost.alert_at_usd",
            format!(
                "an Azure budget notifies at a whole percent of the budget from 1 to 1000: ${alert_at} of ${amount} is {}%, so the budget notifies at {percent}% (${})",
                crate::render::alerts::slo::round(exact),
                u64::from(amount) * percent as u64 / 100
            ),
            "answer an `alert_at_usd` between 1% and 1000% of `monthly_budget_usd`, e.g. 80% of it",
        );
    }
    let slos = Slos::of(plan);
    let left: Vec<String> = rows::rows(&slos)
        .iter()
        .filter(|r| !fits(&r.burn))
        .map(|r| format!("{} {}", r.slo.as_str(), r.burn.long))
        .collect();
    if !left.is_empty() {
        ctx.warning(
            Code::BurnWindowTooLong,
            "operations.performance",
            format!(
                "Azure log search alerts look back at most 2 days: no alert for the 3-day burn-rate row ({}); {} of {} generated",
                left.join(", "),
                alert_rows(&slos).len(),
                rows::rows(&slos).len()
            ),
            "the 1-day ticket still catches a budget that burns 3× too fast; watch slower burns on the SLO dashboard",
        );
    }
    if plan
        .infrastructure
        .monitoring
        .alert_channels
        .contains(&AlertChannel::Slack)
    {
        ctx.warning(
            Code::AlertChannelByHand,
            "infrastructure.monitoring.alert_channels",
            "Azure Monitor action groups cannot post to Slack (a Slack webhook refuses their payload): no receiver is generated for `slack`",
            "add the Slack channel's email address to the action group by hand, or a Logic App that posts to Slack",
        );
    }
}

/// What `InstanceDown` means on Container Apps, for the runbook.
fn down_means(plan: &Plan) -> String {
    format!(
        "the health path `{}` has failed its availability test from two locations or more: no replica answers, or none answers well",
        plan.operations.health_checks.path
    )
}

/// The runbook's steps when the alerts are set up by hand: each log search
/// alert with its query for the production app, the availability test and
/// the budget.
fn by_hand(plan: &Plan) -> Alerting {
    let slos = Slos::of(plan);
    let app = production_app(plan);
    let mut evaluator = "Nothing in the repository creates these alerts (warning SS130: the Container App YAML holds none; `iac.tool: terraform` writes them into `deploy/terraform/alerts.tf`). First have the Container Apps environment send its HTTP logs to a Log Analytics workspace (Monitoring > Logging options: destination Azure Monitor, then a diagnostic setting with Container App HTTP logs). Then Monitor > Alerts > Create > Alert rule on that workspace, one custom log search per row below (the 3-day row cannot be made: a log alert looks back at most 2 days), measure `burn` aggregated by Maximum, greater than the threshold, the long window as the lookback, every 5 minutes for pages and 15 for tickets, to an action group with the answered channels, its runbook section in the description".to_owned();
    let mut steps = Vec::new();
    for row in alert_rows(&slos) {
        steps.push(format!(
            "`{app}-slo-{}` ({}, lookback {}, threshold {}): `{}`",
            row.id(),
            row.burn.severity.as_str(),
            row.burn.long,
            threshold(&row, &slos),
            query(&row).replace(APP, app).trim_end().replace('\n', " ")
        ));
    }
    if slos.downtime {
        steps.push(format!(
            "`{app}-instance-down` (page): Application Insights > Availability > Add Standard test, `https://<app FQDN>{}` from five locations every 5 minutes, with its alert firing when two locations fail",
            plan.operations.health_checks.path
        ));
    }
    if !steps.is_empty() {
        evaluator.push_str(":\n");
        for step in steps {
            evaluator.push_str(&format!("\n- {step}"));
        }
    }
    Alerting {
        files: Vec::new(),
        evaluator,
        instance_down: true,
        instance_down_means: Some(down_means(plan)),
        // SS130 already says the budget is set by hand: no SS121 on top.
        budget: budget(plan).map(|(amount, at)| {
            format!(
                "Create the budget by hand: Cost Management > Budgets > Add, scoped to the app's resource group, ${amount} monthly, alerts at ${at} actual ({}%) and 100% forecasted to the action group",
                (f64::from(at) * 100.0 / f64::from(amount)).round()
            )
        }),
        budget_by_hand: None,
    }
}

/// What the runbook says of the alerts: the generated ones, or how to set
/// them up by hand without Terraform.
pub(super) fn alerting(plan: &Plan) -> Option<Alerting> {
    if plan.infrastructure.iac.tool != IacTool::Terraform {
        return Some(by_hand(plan));
    }
    let slos = Slos::of(plan);
    let mut evaluator = format!(
        "Azure Monitor runs the log search alerts in `deploy/terraform/{FILE}` over `ContainerAppHTTPLogs` (the ingress's record of every request, with its status and duration) in the Log Analytics workspace given as the stack's `log_analytics_workspace_id`: the Container Apps environment must send them there (logs destination Azure Monitor and a diagnostic setting with the HTTP logs category), or no alert can fire. Each burn-rate row below is one alert (`<app>-slo-availability-1h`, `<app>-slo-latency-1h`, …) that checks both windows, except the 3-day row: a log alert looks back at most 2 days"
    );
    if slos.downtime {
        evaluator.push_str(&format!(
            "; `{INSTANCE_DOWN}` is the alert `<app>-instance-down` on the Application Insights availability test of `https://<app FQDN>{}`, failing from two of its five locations",
            plan.operations.health_checks.path
        ));
    }
    let names: Vec<&str> = channels(plan).iter().map(|c| c.label()).collect();
    if names.is_empty() {
        evaluator.push_str(". The action group `<app>-alerts` has no receiver: add one to be notified");
    } else {
        evaluator.push_str(&format!(
            ". They notify the action group `<app>-alerts` ({}; tickets skip PagerDuty and Opsgenie when email is answered; PagerDuty and Opsgenie are receivers in the {} stack only, so other environments page nobody)",
            names.join(", "),
            production(plan)
        ));
    }
    if plan
        .infrastructure
        .monitoring
        .alert_channels
        .contains(&AlertChannel::Slack)
    {
        evaluator.push_str("; Slack is added by hand (its channel's email address as an email receiver)");
    }
    Some(Alerting {
        files: Vec::new(),
        evaluator,
        instance_down: true,
        instance_down_means: Some(down_means(plan)),
        budget: budget(plan).map(|(amount, at)| {
            format!(
                "Azure Cost Management: the budget `<app>-monthly` on the resource group in the {} stack, ${amount} a month (in the billing currency), notifying at ${at} spent and when the forecast passes ${amount}. It covers everything in the resource group",
                production(plan)
            )
        }),
        budget_by_hand: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_percent_stays_within_what_azurerm_takes() {
        assert_eq!(budget_percent(300, 240), (80, None));
        assert_eq!(budget_percent(300, 299), (100, None));
        assert_eq!(budget_percent(300, 3), (1, None));
        assert_eq!(budget_percent(1000, 1), (1, Some(0.1)));
        assert_eq!(budget_percent(300, 99_999), (1000, Some(33333.0)));
    }

    #[test]
    fn windows_are_iso_durations() {
        assert_eq!(iso(300), "PT5M");
        assert_eq!(iso(3600), "PT1H");
        assert_eq!(iso(6 * 3600), "PT6H");
        assert_eq!(iso(86_400), "P1D");
    }

    #[test]
    fn the_three_day_row_is_left_out() {
        let slos = Slos {
            error_budget: Some(0.01),
            latency_seconds: Some(0.2),
            downtime: false,
        };
        let ids: Vec<String> = alert_rows(&slos).iter().map(Row::id).collect();
        assert_eq!(
            ids,
            [
                "availability-1h",
                "availability-6h",
                "availability-1d",
                "latency-1h",
                "latency-6h",
                "latency-1d"
            ]
        );
        let q = query(&alert_rows(&slos)[3]);
        assert!(
            q.contains("ago(1h) | summarize value = percentile(RequestDuration, 28)"),
            "{q}"
        );
        assert!(q.contains("ago(5m)"), "{q}");
    }

    /// Every edit of a question `alerts.tf` reads changes it, and it names
    /// that question (so `explain` lists it).
    #[test]
    fn alerts_tf_names_the_questions_it_reads() {
        let example = include_str!("../../../examples/azure-containerapps/shipspec.yaml")
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
