//! The alarms the answers ask for, on the load balancer's own CloudWatch
//! metrics: one pair of single-window alarms per burn-rate row (the 5xx
//! share by metric math, or the percentile of `TargetResponseTime` that
//! passes the target exactly when the latency budget burns that fast),
//! joined by a composite alarm that notifies; an instance-down alarm on
//! healthy targets; and the AWS Budget of Q5. Terraform and CloudFormation
//! are each written from this, so they cannot disagree.

use crate::answers::vocab::{AlertChannel, IacTool};
use crate::render::alerts::slo::{Burn, Slos, latency_quantile};
use crate::resolve::Plan;

/// The 5xx share of an availability window, in CloudWatch metric math over
/// [`RATIO_METRICS`]. `RequestCount` counts every request the load balancer
/// chose a target for, its own 502s and 504s included; only those refused
/// before a target is chosen (its 503 with no healthy target) are missing,
/// so they alone are added to the denominator: a whole outage reads 1.
pub(super) const RATIO: &str = "(FILL(target, 0) + FILL(elb, 0)) / (FILL(requests, 0) + FILL(rejected, 0))";

/// The `AWS/ApplicationELB` metrics (id, name; summed) [`RATIO`] reads.
pub(super) const RATIO_METRICS: [(&str, &str); 4] = [
    ("target", "HTTPCode_Target_5XX_Count"),
    ("elb", "HTTPCode_ELB_5XX_Count"),
    ("requests", "RequestCount"),
    ("rejected", "HTTPCode_ELB_503_Count"),
];

/// One single-window alarm (no action of its own).
pub(super) struct Window {
    /// Unique within the stack: `availability-1h-long`.
    pub id: String,
    pub period: u64,
    pub threshold: String,
    /// `None`: the 5xx share; `Some("p28")`: that percentile of the
    /// response time.
    pub percentile: Option<String>,
}

/// Both windows of a burn-rate row in ALARM: this one notifies.
pub(super) struct Composite {
    /// `availability-1h`: the alarm is `<app>-slo-availability-1h`.
    pub id: String,
    pub long: String,
    pub short: String,
    pub description: String,
}

pub(super) struct Alarms {
    pub windows: Vec<Window>,
    pub composites: Vec<Composite>,
    pub instance_down: bool,
    /// The monthly budget and the amount its alert fires at, in USD.
    pub budget: Option<(u32, u32)>,
    /// An email subscription to the alarm topic.
    pub email: bool,
    /// The other answered channels, each subscribed to the topic (see
    /// [`Routes`]).
    pub routes: Routes,
    /// The environment the budget is created in (the account's one budget).
    pub production: String,
}

impl Alarms {
    pub(super) fn of(plan: &Plan) -> Alarms {
        let slos = Slos::of(plan);
        let mut windows = Vec::new();
        let mut composites = Vec::new();
        let mut pair = |slo: &str,
                        burn: &Burn,
                        threshold: String,
                        percentile: Option<String>,
                        what: String| {
            let id = format!("{slo}-{}", burn.long);
            for (end, period) in [("long", burn.long_seconds), ("short", burn.short_seconds)] {
                windows.push(Window {
                    id: format!("{id}-{end}"),
                    period,
                    threshold: threshold.clone(),
                    percentile: percentile.clone(),
                });
            }
            composites.push(Composite {
                long: format!("{id}-long"),
                short: format!("{id}-short"),
                description: format!(
                    "{}: {what} over {} and {} ({}× the 30-day budget's pace). See docs/runbooks/incident-response.md.",
                    burn.severity.as_str(),
                    burn.long,
                    burn.short,
                    burn.factor
                ),
                id,
            });
        };
        if let Some(budget) = slos.error_budget {
            for burn in slos.availability_burns() {
                let threshold = crate::render::alerts::slo::round(burn.factor * budget);
                pair(
                    "availability",
                    &burn,
                    threshold.to_string(),
                    None,
                    format!("5xx share above {threshold}"),
                );
            }
        }
        if let Some(target) = slos.latency_seconds {
            for burn in crate::render::alerts::slo::BURNS {
                let q = crate::render::alerts::slo::round(latency_quantile(burn.factor) * 100.0);
                pair(
                    "latency",
                    &burn,
                    target.to_string(),
                    Some(format!("p{q}")),
                    format!("p{q} response time above {target} s"),
                );
            }
        }
        let cost = &plan.infrastructure.cost;
        Alarms {
            windows,
            composites,
            instance_down: slos.downtime,
            budget: (cost.text.answered && cost.monthly_budget_usd > 0)
                .then_some((cost.monthly_budget_usd, cost.alert_at_usd)),
            email: plan
                .infrastructure
                .monitoring
                .alert_channels
                .contains(&AlertChannel::Email),
            routes: Routes::of(plan),
            production: crate::render::specs::blocks::production_environment(plan)
                .map_or_else(|| "production".to_owned(), |e| e.name.clone()),
        }
    }
}

/// The alert channels besides email: Slack through AWS Chatbot (Amazon
/// Q Developer in chat applications), PagerDuty and Opsgenie through an
/// HTTPS subscription whose URL carries the integration key, so it comes
/// in as a secret input of the stack, never a value in the file.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Routes {
    pub slack: bool,
    pub pagerduty: bool,
    pub opsgenie: bool,
}

impl Routes {
    fn of(plan: &Plan) -> Routes {
        let channels = &plan.infrastructure.monitoring.alert_channels;
        Routes {
            slack: channels.contains(&AlertChannel::Slack),
            pagerduty: channels.contains(&AlertChannel::Pagerduty),
            opsgenie: channels.contains(&AlertChannel::Opsgenie),
        }
    }
}

/// The questions the alarms are built from, besides the stack's.
pub(super) const QUESTIONS: &[&str] = &[
    "infrastructure.monitoring",
    "infrastructure.cost",
    "operations.performance",
];

/// What the runbook says of the alarms; `None` where no IaC holds them.
pub(super) fn alerting(plan: &Plan) -> Option<crate::render::alerts::Alerting> {
    let file = match plan.infrastructure.iac.tool {
        IacTool::Terraform => format!("{}/alarms.tf", super::names::TERRAFORM_DIR),
        IacTool::Cloudformation => super::names::CLOUDFORMATION.to_owned(),
        _ => return None,
    };
    let alarms = Alarms::of(plan);
    let mut evaluator = format!(
        "CloudWatch evaluates the alarms in `{file}`: each burn-rate row below is a composite alarm (`<app>-slo-availability-1h`, `<app>-slo-latency-1h`, …) over a long-window and a short-window alarm on the load balancer's metrics, and it and `<app>-instance-down` notify the SNS topic `<app>-alerts`"
    );
    let mut routes = Vec::new();
    if alarms.email {
        routes.push("emails the address given as the stack's alert email".to_owned());
    }
    if alarms.routes.slack {
        routes.push(
            "posts to the Slack channel given by its workspace and channel ids through AWS Chatbot (authorize the workspace once in the Chatbot console first)"
                .to_owned(),
        );
    }
    for (on, name) in [
        (alarms.routes.pagerduty, "PagerDuty"),
        (alarms.routes.opsgenie, "Opsgenie"),
    ] {
        if on {
            routes.push(format!(
                "calls the {name} integration URL given as a secret input of the stack (in the {} stack only: other environments page nobody)",
                alarms.production
            ));
        }
    }
    if !routes.is_empty() {
        evaluator.push_str(", which ");
        evaluator.push_str(&routes.join(", "));
    }
    Some(crate::render::alerts::Alerting {
        files: Vec::new(),
        evaluator,
        instance_down: true,
        instance_down_means: None,
        budget: alarms.budget.map(|(amount, at)| {
            format!(
                "AWS Budgets: `<app>-monthly` in the {} stack, ${amount} a month, notifying the alarm topic at ${at} spent and when the forecast passes ${amount}. It covers the whole account's cost",
                alarms.production
            )
        }),
        budget_by_hand: None,
    })
}

#[cfg(test)]
mod ratio_tests {
    use super::*;

    /// With every request a load balancer 502 (`RequestCount` = `elb` = n,
    /// no 503), the share is n / n: the outage reads 1, not 0.5.
    #[test]
    fn a_total_outage_reads_one() {
        assert_eq!(
            RATIO,
            "(FILL(target, 0) + FILL(elb, 0)) / (FILL(requests, 0) + FILL(rejected, 0))"
        );
        assert!(RATIO_METRICS.contains(&("rejected", "HTTPCode_ELB_503_Count")));
        assert!(RATIO_METRICS.contains(&("elb", "HTTPCode_ELB_5XX_Count")));
    }
}
