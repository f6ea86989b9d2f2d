//! The two SLOs the answers set (Q20) and the burn-rate table their alerts
//! follow. Availability: at most `error_rate_percent` of requests answer
//! 5xx. Latency: 95% of requests answer within `p95_ms`, so 5% may be
//! slower. Both over a 30-day period.

use crate::resolve::Plan;

/// The SLO period the error budget is spent over.
pub const PERIOD_DAYS: u32 = 30;

/// The share of requests the latency SLO lets be slower than the target:
/// a p95 target is "95% within", so 5%.
pub const LATENCY_BUDGET: f64 = 0.05;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// Wakes someone: the budget goes in days.
    Page,
    /// Waits for working hours: the budget goes within the period.
    Ticket,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Page => "page",
            Severity::Ticket => "ticket",
        }
    }
}

/// One row of the burn-rate table: the alert fires when the budget burns
/// `factor` times faster than the period allows over both windows (the
/// long one for significance, the short one so it stops soon after the
/// burn does).
#[derive(Clone, Copy, Debug)]
pub struct Burn {
    pub severity: Severity,
    pub long: &'static str,
    pub short: &'static str,
    pub long_seconds: u64,
    pub short_seconds: u64,
    pub factor: f64,
}

/// The Google SRE workbook's multiwindow, multi-burn-rate table ("Alerting
/// on SLOs", table 5-8: 14.4× over 1h and 5m and 6× over 6h and 30m page,
/// 1× over 3d and 6h tickets; 2%, 5% and 10% of a 30-day budget), with
/// the 3× over 1d and 2h ticket Sloth adds between them (10% in a day).
pub const BURNS: [Burn; 4] = [
    Burn {
        severity: Severity::Page,
        long: "1h",
        short: "5m",
        long_seconds: 3600,
        short_seconds: 300,
        factor: 14.4,
    },
    Burn {
        severity: Severity::Page,
        long: "6h",
        short: "30m",
        long_seconds: 6 * 3600,
        short_seconds: 1800,
        factor: 6.0,
    },
    Burn {
        severity: Severity::Ticket,
        long: "1d",
        short: "2h",
        long_seconds: 86_400,
        short_seconds: 7200,
        factor: 3.0,
    },
    Burn {
        severity: Severity::Ticket,
        long: "3d",
        short: "6h",
        long_seconds: 3 * 86_400,
        short_seconds: 6 * 3600,
        factor: 1.0,
    },
];

/// Every window a burn reads, shortest first.
pub fn windows() -> Vec<(&'static str, u64)> {
    let mut all: Vec<(&str, u64)> = BURNS
        .iter()
        .flat_map(|b| [(b.long, b.long_seconds), (b.short, b.short_seconds)])
        .collect();
    all.sort_by_key(|w| w.1);
    all.dedup();
    all
}

/// What the answers ask alerts for.
#[derive(Clone, Debug, PartialEq)]
pub struct Slos {
    /// The availability SLO's error budget: the answered error rate as a
    /// fraction (0.01 for 1%); `None` when there is none to burn.
    pub error_budget: Option<f64>,
    /// The latency target in seconds (the answered p95).
    pub latency_seconds: Option<f64>,
    /// `downtime` is among `alert_on`: an instance-down alert too.
    pub downtime: bool,
}

impl Slos {
    pub fn of(plan: &Plan) -> Slos {
        let performance = &plan.operations.performance;
        let rate = performance.error_rate_percent;
        Slos {
            error_budget: (rate > 0.0 && rate < 100.0).then(|| round(rate / 100.0)),
            latency_seconds: (performance.p95_ms > 0).then(|| f64::from(performance.p95_ms) / 1000.0),
            downtime: plan
                .infrastructure
                .monitoring
                .alert_on
                .contains(&crate::answers::vocab::AlertOn::Downtime),
        }
    }

    /// The availability SLO as a percentage (99 for a 1% error budget).
    pub fn availability_percent(&self) -> Option<f64> {
        self.error_budget.map(|b| round(100.0 - b * 100.0))
    }

    /// The burns the availability SLO can reach: a burn whose threshold is
    /// an error ratio of 1 or more can never fire (a 10% budget burns at
    /// most 10×), so it is left out.
    pub fn availability_burns(&self) -> Vec<Burn> {
        match self.error_budget {
            Some(b) => BURNS
                .iter()
                .copied()
                .filter(|burn| burn.factor * b < 1.0)
                .collect(),
            None => Vec::new(),
        }
    }
}

/// The quantile whose latency passes the target exactly when more than
/// `factor` × 5% of requests are slower than it: with 72% slower (14.4×),
/// the 28th percentile is already over the target.
pub fn latency_quantile(factor: f64) -> f64 {
    round(1.0 - factor * LATENCY_BUDGET)
}

/// `value` without binary noise (0.28, not 0.28000000000000003).
pub fn round(value: f64) -> f64 {
    (value * 1e9).round() / 1e9
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_spends_the_budget_it_says() {
        // Budget spent = factor × long window / period.
        let spent: Vec<f64> = BURNS
            .iter()
            .map(|b| round(b.factor * b.long_seconds as f64 / f64::from(PERIOD_DAYS * 86_400) * 100.0))
            .collect();
        assert_eq!(spent, [2.0, 5.0, 10.0, 10.0]);
        for b in BURNS {
            assert_eq!(
                b.long_seconds,
                b.short_seconds * 12,
                "{b:?}: the short window is 1/12 of the long"
            );
        }
    }

    #[test]
    fn quantiles_mirror_the_burn_factors() {
        let q: Vec<f64> = BURNS.iter().map(|b| latency_quantile(b.factor)).collect();
        assert_eq!(q, [0.28, 0.7, 0.85, 0.95]);
        assert_eq!(
            windows().iter().map(|w| w.0).collect::<Vec<_>>(),
            ["5m", "30m", "1h", "2h", "6h", "1d", "3d"]
        );
    }

    #[test]
    fn unreachable_burns_are_left_out() {
        let slos = |b: f64| Slos {
            error_budget: Some(b),
            latency_seconds: None,
            downtime: false,
        };
        assert_eq!(slos(0.01).availability_burns().len(), 4);
        assert_eq!(slos(0.1).availability_burns().len(), 3, "14.4 × 10% is over 100%");
        assert_eq!(slos(0.5).availability_burns().len(), 1);
        assert_eq!(slos(0.001).availability_percent(), Some(99.9));
    }
}
