//! Startup, liveness and readiness probes from the health answers. A
//! probe fails at most 10 times in a row on Container Apps, so the startup
//! probe stretches its period until ten failures outlast the grace period.

use serde_json::{Value, json};

use crate::resolve::Plan;

/// The most failures in a row a probe may allow.
const MAX_FAILURES: u32 = 10;
/// The longest period and timeout a probe may have.
const MAX_SECONDS: u32 = 240;
/// Failures in a row before liveness restarts a replica or readiness takes
/// it out of the traffic.
const FAILURES: u32 = 3;

/// The startup probe's period and failures: checked every 5 seconds when
/// ten failures cover the grace period, less often when they do not.
fn startup(grace: u32, interval: u32) -> (u32, u32) {
    let period = 5
        .min(interval)
        .max(grace.div_ceil(MAX_FAILURES - 1))
        .clamp(1, MAX_SECONDS);
    let failures = (grace.div_ceil(period) + 1).clamp(FAILURES, MAX_FAILURES);
    (period, failures)
}

/// The probes of the container; none when health checks are off (Container
/// Apps then checks that the port opens).
pub(super) fn probes(plan: &Plan) -> Vec<Value> {
    let h = &plan.operations.health_checks;
    if !h.enabled {
        return Vec::new();
    }
    let port = plan.project.port;
    let interval = h.interval_seconds.clamp(1, MAX_SECONDS);
    let timeout = h.timeout_seconds.clamp(1, MAX_SECONDS);
    let (period, failures) = startup(h.grace_period_seconds, interval);
    vec![
        probe("Startup", &h.path, port, period, timeout.min(period), failures),
        probe("Liveness", &h.path, port, interval, timeout, FAILURES),
        probe("Readiness", &h.readiness_path, port, interval, timeout, FAILURES),
    ]
}

fn probe(kind: &str, path: &str, port: u32, period: u32, timeout: u32, failures: u32) -> Value {
    json!({
        "type": kind,
        "httpGet": {"path": path, "port": port},
        "periodSeconds": period,
        "timeoutSeconds": timeout,
        "failureThreshold": failures,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_startup_window_covers_the_grace_period_within_ten_failures() {
        for (grace, interval) in [(0, 15), (10, 15), (30, 15), (90, 30), (300, 10), (7, 1)] {
            let (period, failures) = startup(grace, interval);
            assert!((FAILURES..=MAX_FAILURES).contains(&failures), "{grace}");
            assert!(
                (failures - 1) * period >= grace,
                "{grace} {interval}: {period} × {failures}"
            );
        }
        assert_eq!(startup(10, 15), (5, 3));
    }
}
