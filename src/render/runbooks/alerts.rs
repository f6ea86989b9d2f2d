//! The Alerts section of the incident-response runbook: each generated
//! alert under a heading of its own name (the rules' `runbook` annotation
//! links to it), what it means and what to check first; then what runs
//! the rules and where the budget alert is.

use serde::Serialize;

use crate::render::alerts::Alerting;
use crate::render::alerts::rules::{ERROR_BURN, INSTANCE_DOWN, LATENCY_BURN};
use crate::render::alerts::slo::{BURNS, Slos, latency_quantile};
use crate::resolve::Plan;

#[derive(Serialize)]
pub(super) struct Section {
    evaluator: String,
    budget: String,
    alerts: Vec<Alert>,
    burns: Vec<Burn>,
}

#[derive(Serialize)]
struct Alert {
    name: &'static str,
    means: String,
    first: String,
}

#[derive(Serialize)]
struct Burn {
    severity: &'static str,
    long: &'static str,
    short: &'static str,
    factor: String,
    quantile: String,
}

pub(super) fn section(plan: &Plan, alerting: &Alerting) -> Section {
    let slos = Slos::of(plan);
    let mut alerts = Vec::new();
    if let Some(percent) = slos
        .availability_percent()
        .filter(|_| !slos.availability_burns().is_empty())
    {
        alerts.push(Alert {
            name: ERROR_BURN,
            means: format!(
                "more 5xx answers than the availability SLO ({percent}% of requests succeed over 30 days) can afford, at the burn rate of the table's row for the alert's long window"
            ),
            first: "which requests fail: the logs since the alert began (first look above), by route and status. If it began with a deploy, roll back first ([rollback](rollback.md)), then find the cause".to_owned(),
        });
    }
    if let Some(seconds) = slos.latency_seconds {
        alerts.push(Alert {
            name: LATENCY_BURN,
            means: format!(
                "more requests slower than {} ms than the latency SLO (95% within it over 30 days) can afford: the percentile in the table's row for the alert's long window is over the target",
                crate::render::alerts::slo::round(seconds * 1000.0)
            ),
            first: "whether the instances are saturated (CPU, memory, concurrency against the scaling limits) or waiting on a dependency (the database, an external API); a deploy just before it is the first suspect".to_owned(),
        });
    }
    if slos.downtime && alerting.instance_down {
        alerts.push(Alert {
            name: INSTANCE_DOWN,
            means: alerting
                .instance_down_means
                .clone()
                .unwrap_or_else(|| "no instance of the app has run for 5 minutes".to_owned()),
            first: "whether any instance runs and why the last one stopped (a crash loop, a failed health check, out of memory) with the first-look commands; then the last deploy and the platform's status page".to_owned(),
        });
    }
    let cost = &plan.infrastructure.cost;
    let budget = match (&alerting.budget, &alerting.budget_by_hand) {
        _ if cost.monthly_budget_usd == 0 => {
            "No monthly budget is answered (`monthly_budget_usd: 0`): no budget alert is generated".to_owned()
        }
        (Some(code), _) => code.clone(),
        (None, Some(by_hand)) => by_hand.clone(),
        (None, None) => format!(
            "set a budget of ${} a month with an alert at ${} in the platform's billing console",
            cost.monthly_budget_usd, cost.alert_at_usd
        ),
    };
    // The template starts a sentence with it.
    let mut chars = budget.chars();
    let budget = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    Section {
        evaluator: alerting.evaluator.clone(),
        budget,
        alerts,
        burns: BURNS
            .iter()
            .map(|b| Burn {
                severity: b.severity.as_str(),
                long: b.long,
                short: b.short,
                factor: b.factor.to_string(),
                quantile: latency_quantile(b.factor).to_string(),
            })
            .collect(),
    }
}
