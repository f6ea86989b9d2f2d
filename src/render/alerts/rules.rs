//! Prometheus rules for the SLOs: recording rules for the error ratio and
//! the latency quantiles per window, then one alert per burn-rate row, and
//! an instance-down alert. Built as data from a platform's [`Source`], so
//! the same rules serve Fly's edge metrics and an ingress controller's.

use std::collections::BTreeMap;

use serde::Serialize;

use super::slo::{Burn, Slos, latency_quantile, windows};

/// Where a platform's request metrics are, and what says it is down.
pub struct Source {
    /// The value of the `app` label every recorded series and alert gets.
    pub app: String,
    /// A counter of every response.
    pub requests_metric: String,
    /// The counter's label holding the HTTP status.
    pub status_label: String,
    /// A response-time histogram in seconds (without `_bucket`).
    pub latency_metric: String,
    /// Label matchers narrowing both to the app (`app="shop"`).
    pub selector: String,
    /// An expression with a value while no instance of the app runs;
    /// `None` where none is expected to run at times (scaled to zero).
    pub down: Option<String>,
    /// What `down` reads, for the alert's description.
    pub down_means: &'static str,
}

impl Source {
    /// The source with what `outputs.alerts` names instead.
    pub fn with(mut self, given: &crate::resolve::plan::AlertOutputsPlan) -> Source {
        let set = |field: &mut String, value: &Option<String>| {
            if let Some(v) = value {
                field.clone_from(v);
            }
        };
        set(&mut self.requests_metric, &given.requests_metric);
        set(&mut self.status_label, &given.status_label);
        set(&mut self.latency_metric, &given.latency_metric);
        set(&mut self.selector, &given.selector);
        self
    }

    fn requests(&self) -> String {
        format!("{}{{{}}}", self.requests_metric, self.selector)
    }

    fn errors(&self) -> String {
        format!(
            "{}{{{},{}=~\"5..\"}}",
            self.requests_metric, self.selector, self.status_label
        )
    }

    fn latency_buckets(&self) -> String {
        format!("{}_bucket{{{}}}", self.latency_metric, self.selector)
    }
}

/// The alert names, which the runbook links to.
pub const ERROR_BURN: &str = "ErrorBudgetBurn";
pub const LATENCY_BURN: &str = "LatencyBudgetBurn";
pub const INSTANCE_DOWN: &str = "InstanceDown";

/// The recorded series, named as Prometheus recommends (`level:metric:operations`).
const ERROR_RATIO: &str = "shipspec:http_error_ratio:rate";
const LATENCY: &str = "shipspec:http_response_time_seconds:quantile_rate";

#[derive(Serialize)]
pub struct RuleFile {
    pub groups: Vec<Group>,
}

#[derive(Serialize)]
pub struct Group {
    pub name: String,
    pub rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(untagged)]
pub enum Rule {
    Record {
        record: String,
        expr: String,
        labels: BTreeMap<&'static str, String>,
    },
    Alert {
        alert: &'static str,
        expr: String,
        #[serde(rename = "for", skip_serializing_if = "Option::is_none")]
        for_: Option<&'static str>,
        labels: BTreeMap<&'static str, String>,
        annotations: BTreeMap<&'static str, String>,
    },
}

/// The rule groups for `slos` on `source`; `runbook` is where the
/// incident-response runbook is, for each alert's `runbook` annotation.
pub fn groups(slos: &Slos, source: &Source, runbook: &str) -> Vec<Group> {
    let app = &source.app;
    let mut recordings = Vec::new();
    let mut alerts = Vec::new();
    let availability = slos.availability_burns();
    if let Some(budget) = slos.error_budget.filter(|_| !availability.is_empty()) {
        for (window, _) in windows() {
            recordings.push(record(
                format!("{ERROR_RATIO}{window}"),
                format!(
                    "sum(rate({}[{window}]))\n/\nsum(rate({}[{window}]))",
                    source.errors(),
                    source.requests()
                ),
                app,
                None,
            ));
        }
        let percent = super::slo::round(budget * 100.0);
        for burn in &availability {
            let threshold = format!("({} * {budget})", burn.factor);
            let series = |w: &str| format!("{ERROR_RATIO}{w}{{app=\"{app}\"}}");
            alerts.push(alert(
                ERROR_BURN,
                format!(
                    "{} > {threshold}\nand\n{} > {threshold}",
                    series(burn.long),
                    series(burn.short)
                ),
                None,
                app,
                burn,
                "availability",
                format!("{app} is spending its error budget {}× too fast", burn.factor),
                format!(
                    "5xx over {}× the {percent}% allowed, for {} and {}: at this rate the 30-day budget lasts {}.",
                    burn.factor,
                    burn.long,
                    burn.short,
                    exhausted_in(burn)
                ),
                runbook,
            ));
        }
    }
    if let Some(target) = slos.latency_seconds {
        let mut quantile_windows: Vec<(String, &str)> = Vec::new();
        for burn in super::slo::BURNS {
            let q = latency_quantile(burn.factor).to_string();
            for w in [burn.short, burn.long] {
                quantile_windows.push((q.clone(), w));
            }
        }
        for (window, _) in windows() {
            for (q, _) in quantile_windows.iter().filter(|(_, w)| *w == window) {
                recordings.push(record(
                    format!("{LATENCY}{window}"),
                    format!(
                        "histogram_quantile({q},\n  sum by (le) (rate({}[{window}]))\n)",
                        source.latency_buckets()
                    ),
                    app,
                    Some(q.clone()),
                ));
            }
        }
        let ms = super::slo::round(target * 1000.0);
        for burn in &super::slo::BURNS {
            let q = latency_quantile(burn.factor);
            let series = |w: &str| format!("{LATENCY}{w}{{app=\"{app}\",quantile=\"{q}\"}}");
            alerts.push(alert(
                LATENCY_BURN,
                format!(
                    "{} > {target}\nand\n{} > {target}",
                    series(burn.long),
                    series(burn.short)
                ),
                None,
                app,
                burn,
                "latency",
                format!("{app} is spending its latency budget {}× too fast", burn.factor),
                format!(
                    "Over {}% of requests slower than {ms} ms (p{} above it), for {} and {}: at this rate the 30-day budget lasts {}.",
                    super::slo::round(burn.factor * 5.0),
                    super::slo::round(q * 100.0),
                    burn.long,
                    burn.short,
                    exhausted_in(burn)
                ),
                runbook,
            ));
        }
    }
    if let Some(down) = source.down.as_ref().filter(|_| slos.downtime) {
        alerts.push(Rule::Alert {
            alert: INSTANCE_DOWN,
            expr: down.clone(),
            for_: Some("5m"),
            labels: [("app", app.clone()), ("severity", "page".to_owned())].into(),
            annotations: [
                ("summary", format!("{app} has no running instance")),
                ("description", format!("For 5 minutes {}.", source.down_means)),
                ("runbook", format!("{runbook}#{}", anchor(INSTANCE_DOWN))),
            ]
            .into(),
        });
    }
    let mut groups = Vec::new();
    if !recordings.is_empty() {
        groups.push(Group {
            name: format!("{app}-slo-recordings"),
            rules: recordings,
        });
    }
    if !alerts.is_empty() {
        groups.push(Group {
            name: format!("{app}-slo-alerts"),
            rules: alerts,
        });
    }
    groups
}

/// The runbook section of an alert (its heading is the alert's name).
pub fn anchor(alert: &str) -> String {
    alert.to_ascii_lowercase()
}

fn record(record: String, expr: String, app: &str, quantile: Option<String>) -> Rule {
    let mut labels = BTreeMap::from([("app", app.to_owned())]);
    if let Some(q) = quantile {
        labels.insert("quantile", q);
    }
    Rule::Record { record, expr, labels }
}

#[allow(clippy::too_many_arguments)]
fn alert(
    name: &'static str,
    expr: String,
    for_: Option<&'static str>,
    app: &str,
    burn: &Burn,
    slo: &str,
    summary: String,
    description: String,
    runbook: &str,
) -> Rule {
    Rule::Alert {
        alert: name,
        expr,
        for_,
        labels: [
            ("app", app.to_owned()),
            ("severity", burn.severity.as_str().to_owned()),
            ("slo", slo.to_owned()),
            ("window", burn.long.to_owned()),
        ]
        .into(),
        annotations: [
            ("summary", summary),
            ("description", description),
            ("runbook", format!("{runbook}#{}", anchor(name))),
        ]
        .into(),
    }
}

/// How long the whole budget lasts at the burn's rate.
fn exhausted_in(burn: &Burn) -> String {
    let hours = f64::from(super::slo::PERIOD_DAYS) * 24.0 / burn.factor;
    if hours < 72.0 {
        format!("{} hours", hours.round())
    } else {
        format!("{} days", (hours / 24.0).round())
    }
}
