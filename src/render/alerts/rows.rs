//! The burn-rate rows as alerts written into a cloud's own IaC (Cloud
//! Monitoring alert policies, Azure Monitor log search alerts): one alert
//! per SLO and row, each checking both windows itself, and which answered
//! channels each severity goes to (as the Alertmanager routing does).

use crate::answers::vocab::AlertChannel;
use crate::render::alerts::slo::{BURNS, Burn, Severity, Slos, latency_quantile, round};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slo {
    Availability,
    Latency,
}

impl Slo {
    pub fn as_str(self) -> &'static str {
        match self {
            Slo::Availability => "availability",
            Slo::Latency => "latency",
        }
    }

    /// The runbook section (and alert name) the row's alert belongs to.
    pub fn alert(self) -> &'static str {
        match self {
            Slo::Availability => super::rules::ERROR_BURN,
            Slo::Latency => super::rules::LATENCY_BURN,
        }
    }
}

/// One alert: `slo` burns `burn.factor` times too fast over both windows.
#[derive(Clone, Debug)]
pub struct Row {
    pub slo: Slo,
    pub burn: Burn,
    /// Availability: the 5xx share over which the row fires. Latency: the
    /// quantile (0.28 for 14.4×) that must stay within the target.
    pub value: f64,
}

impl Row {
    /// `availability-1h`: unique per stack, used in names.
    pub fn id(&self) -> String {
        format!("{}-{}", self.slo.as_str(), self.burn.long)
    }

    /// What the alert says it means, ending with the runbook section.
    pub fn description(&self, slos: &Slos, runbook: &str) -> String {
        let what = match self.slo {
            Slo::Availability => format!("5xx share above {}", self.value),
            Slo::Latency => format!(
                "p{} response time above {} ms",
                round(self.value * 100.0),
                round(slos.latency_seconds.unwrap_or(0.0) * 1000.0)
            ),
        };
        format!(
            "{}: {what} over {} and {} ({}× the 30-day budget's pace). See {runbook}#{}.",
            self.burn.severity.as_str(),
            self.burn.long,
            self.burn.short,
            self.burn.factor,
            super::rules::anchor(self.slo.alert())
        )
    }
}

/// Every row the answers ask for: the availability burns that can fire,
/// then the four latency burns.
pub fn rows(slos: &Slos) -> Vec<Row> {
    let mut out = Vec::new();
    if let Some(budget) = slos.error_budget {
        for burn in slos.availability_burns() {
            out.push(Row {
                slo: Slo::Availability,
                burn,
                value: round(burn.factor * budget),
            });
        }
    }
    if slos.latency_seconds.is_some() {
        for burn in BURNS {
            out.push(Row {
                slo: Slo::Latency,
                burn,
                value: latency_quantile(burn.factor),
            });
        }
    }
    out
}

/// Channels that wake someone up.
pub fn wakes(channel: AlertChannel) -> bool {
    matches!(channel, AlertChannel::Pagerduty | AlertChannel::Opsgenie)
}

/// The channels alerts of `severity` go to: pages to every one, tickets
/// only to those that wake nobody when there are some.
pub fn channels_for(severity: Severity, channels: &[AlertChannel]) -> Vec<AlertChannel> {
    let quiet = channels.iter().any(|c| !wakes(*c));
    channels
        .iter()
        .copied()
        .filter(|c| severity == Severity::Page || !quiet || !wakes(*c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickets_wake_nobody_when_they_can() {
        use AlertChannel::*;
        assert_eq!(channels_for(Severity::Ticket, &[Email, Pagerduty]), [Email]);
        assert_eq!(
            channels_for(Severity::Page, &[Email, Pagerduty]),
            [Email, Pagerduty]
        );
        assert_eq!(channels_for(Severity::Ticket, &[Opsgenie]), [Opsgenie]);
    }

    #[test]
    fn rows_follow_the_slos() {
        let slos = Slos {
            error_budget: Some(0.01),
            latency_seconds: Some(0.2),
            downtime: false,
        };
        let rows = rows(&slos);
        assert_eq!(rows.len(), 8);
        assert_eq!(rows[0].id(), "availability-1h");
        assert_eq!(rows[0].value, 0.144);
        assert_eq!(rows[4].id(), "latency-1h");
        assert_eq!(rows[4].value, 0.28);
        assert_eq!(
            rows[4].description(&slos, "docs/runbooks/incident-response.md"),
            "page: p28 response time above 200 ms over 1h and 5m (14.4× the 30-day budget's pace). See docs/runbooks/incident-response.md#latencybudgetburn."
        );
    }
}
