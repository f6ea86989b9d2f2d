//! What the Datadog monitors hold, worked out from the plan: the APM
//! service they read, the availability SLO and the burn-rate rows Datadog
//! takes, the latency target, the uptime test, and who each alert reaches.

use crate::answers::vocab::{AlertChannel, Framework};
use crate::render::alerts::slo::{Burn, Severity, Slos};
use crate::resolve::Plan;

/// Datadog's longest burn-rate long window (its burn-rate docs: "1 hour
/// <= long window <= 48 hours"): the 3-day row is left out.
pub(super) const MAX_LONG_WINDOW_SECONDS: u64 = 48 * 3600;

/// The span name Datadog's tracer gives a framework's incoming requests
/// (`trace.<span>.hits`); Rust has no Datadog tracer, so axum gets the
/// name OpenTelemetry's HTTP server spans take in Datadog (`SS133`).
pub fn default_span(framework: Framework) -> &'static str {
    match framework {
        Framework::Fastapi => "fastapi.request",
        Framework::Flask => "flask.request",
        Framework::Django => "django.request",
        Framework::Express => "express.request",
        Framework::NetHttp => "http.request",
        Framework::Axum => "http.server.request",
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Channels {
    pub email: bool,
    pub slack: bool,
    pub pagerduty: bool,
    pub opsgenie: bool,
}

pub struct Monitors {
    /// The `service` and `env` tags and the span name the queries read.
    pub service: String,
    pub env: String,
    pub span: String,
    /// The availability SLO in percent and the error budget as a fraction.
    pub availability: Option<(f64, f64)>,
    /// The availability burn rows Datadog can alert on.
    pub burns: Vec<Burn>,
    pub latency_seconds: Option<f64>,
    /// The health path an uptime test calls, when `downtime` is answered.
    pub uptime: Option<String>,
    pub channels: Channels,
    /// The Slack channel answered for incidents, without its `#`.
    pub slack_channel: Option<String>,
}

impl Monitors {
    pub fn of(plan: &Plan) -> Monitors {
        let slos = Slos::of(plan);
        let given = &plan.outputs.datadog;
        let production = crate::render::specs::blocks::production_environment(plan);
        let service = given.service.clone().unwrap_or_else(|| {
            production
                .map_or_else(|| plan.project.name.clone(), |e| e.app.clone())
                .to_lowercase()
        });
        let env = given
            .env
            .clone()
            .unwrap_or_else(|| production.map_or_else(|| "production".to_owned(), |e| e.name.to_lowercase()));
        let span = given
            .span_name
            .clone()
            .unwrap_or_else(|| default_span(plan.project.framework).to_owned());
        let answered = &plan.infrastructure.monitoring.alert_channels;
        let health = &plan.operations.health_checks.path;
        let channel = &plan.operations.incident_response.channel;
        Monitors {
            service,
            env,
            span,
            availability: slos
                .availability_percent()
                .zip(slos.error_budget)
                .filter(|_| !slos.availability_burns().is_empty()),
            burns: slos
                .availability_burns()
                .into_iter()
                .filter(|b| b.long_seconds <= MAX_LONG_WINDOW_SECONDS)
                .collect(),
            latency_seconds: slos.latency_seconds,
            uptime: slos.downtime.then(|| {
                if health.starts_with('/') {
                    health.clone()
                } else {
                    "/".to_owned()
                }
            }),
            channels: Channels {
                email: answered.contains(&AlertChannel::Email),
                slack: answered.contains(&AlertChannel::Slack),
                pagerduty: answered.contains(&AlertChannel::Pagerduty),
                opsgenie: answered.contains(&AlertChannel::Opsgenie),
            },
            slack_channel: channel
                .strip_prefix('#')
                .filter(|c| !c.is_empty())
                .map(str::to_owned),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.burns.is_empty() && self.latency_seconds.is_none() && self.uptime.is_none()
    }

    /// Who a page reaches: every answered channel. A ticket waits for
    /// working hours: email and Slack when one of them is answered, so
    /// PagerDuty and Opsgenie wake nobody for it.
    pub fn reaches(&self, severity: Severity) -> Channels {
        let all = self.channels.clone();
        match severity {
            Severity::Page => all,
            Severity::Ticket if all.email || all.slack => Channels {
                pagerduty: false,
                opsgenie: false,
                ..all
            },
            Severity::Ticket => all,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickets_wake_nobody_when_a_quiet_channel_is_answered() {
        let m = Monitors {
            service: "s".into(),
            env: "e".into(),
            span: "x.request".into(),
            availability: None,
            burns: Vec::new(),
            latency_seconds: None,
            uptime: None,
            channels: Channels {
                email: false,
                slack: true,
                pagerduty: true,
                opsgenie: false,
            },
            slack_channel: None,
        };
        assert!(m.reaches(Severity::Page).pagerduty);
        let ticket = m.reaches(Severity::Ticket);
        assert!(ticket.slack && !ticket.pagerduty);
        assert!(m.is_empty());
    }

    #[test]
    fn the_three_day_row_is_longer_than_datadog_takes() {
        let kept: Vec<&str> = crate::render::alerts::slo::BURNS
            .iter()
            .filter(|b| b.long_seconds <= MAX_LONG_WINDOW_SECONDS)
            .map(|b| b.long)
            .collect();
        assert_eq!(kept, ["1h", "6h", "1d"]);
    }
}
