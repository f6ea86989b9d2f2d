//! What the answered alerts (Q4, Q5, Q20) cannot become on the platform:
//! a warning for each, saying what is generated instead.

use crate::answers::vocab::{AlertChannel, AlertOn};
use crate::diagnostic::Code;
use crate::render::alerts::slo::Slos;
use crate::resolve::Plan;
use crate::resolve::context::Ctx;

pub(super) fn check(ctx: &mut Ctx<'_>, plan: &Plan) {
    let Some(platform) = ctx.platform else { return };
    let monitoring = &plan.infrastructure.monitoring;
    if !monitoring.text.answered {
        return;
    }
    let label = platform.label();
    let Some(alerting) = crate::platforms::of(platform).alerts(plan) else {
        // The Datadog monitors are the alerts then (resolve/datadog_alerts.rs).
        if crate::platforms::datadog::applies(plan) {
            return;
        }
        ctx.warning(
            Code::AlertsNotGenerated,
            "infrastructure.monitoring.alert_on",
            format!("no alert rules are generated for {label} yet: the SLOs and budget reach the specs only"),
            "set the alerts up in your monitoring tool; docs/outputs/alerts.md lists the rules shipspec generates elsewhere",
        );
        return;
    };
    let cost = &plan.infrastructure.cost;
    if alerting.budget.is_none() && cost.text.answered && cost.monthly_budget_usd > 0 {
        ctx.warning(
            Code::BudgetAlertByHand,
            "infrastructure.cost.alert_at_usd",
            format!(
                "the ${} budget alert is not generated: {label} has no budget alert shipspec can write",
                cost.alert_at_usd
            ),
            "set it by hand; docs/runbooks/incident-response.md says where",
        );
    }
    let other: Vec<&str> = monitoring
        .alert_on
        .iter()
        .filter(|a| matches!(a, AlertOn::Cpu | AlertOn::Memory | AlertOn::Disk))
        .map(|a| a.as_str())
        .collect();
    if !other.is_empty() {
        ctx.warning(
            Code::AlertOnNotGenerated,
            "infrastructure.monitoring.alert_on",
            format!(
                "no alert is generated for {}: the rules alert on what users see (errors, latency, downtime)",
                other.join(", ")
            ),
            "add resource alerts in your monitoring tool if you want them as well",
        );
    }
    if monitoring.alert_channels.contains(&AlertChannel::Sms) {
        ctx.warning(
            Code::AlertChannelNotGenerated,
            "infrastructure.monitoring.alert_channels",
            "Alertmanager has no SMS receiver: no route is generated for `sms`",
            "send SMS through PagerDuty or Opsgenie (add `pagerduty` or `opsgenie`)",
        );
    }
    let slos = Slos::of(plan);
    let rate = plan.operations.performance.error_rate_percent;
    if plan.operations.performance.text.answered {
        if slos.error_budget.is_none() {
            ctx.warning(
                Code::NoErrorBudget,
                "operations.performance.error_rate_percent",
                if rate > 0.0 {
                    format!("an error rate of {rate}% lets every request fail: no error-rate alert can fire, so none is generated")
                } else {
                    format!("an error rate of {rate}% leaves no error budget: no error-rate alert is generated")
                },
                "answer the error rate you accept, e.g. `0.1` or `1`",
            );
        } else if slos.availability_burns().len() < crate::render::alerts::slo::BURNS.len() {
            ctx.warning(
                Code::NoErrorBudget,
                "operations.performance.error_rate_percent",
                format!(
                    "with {rate}% of errors allowed, the faster burn rates need more than every request to fail: only {} of the 4 error-rate alerts are generated",
                    slos.availability_burns().len()
                ),
                "an error-rate target of at most 6.9% keeps every burn rate reachable",
            );
        }
    }
}
