//! Startup, liveness and readiness probes from the health-check answers.
//! The startup probe holds the others off for the grace period: the kubelet
//! asks the first time as the container starts, so the pod is restarted
//! after `(failureThreshold − 1) × periodSeconds`, which must cover the
//! answered grace.

use serde_json::{Map, Value, json};

use crate::resolve::Plan;

/// How often the startup probe asks, so a quick start is noticed quickly.
const STARTUP_PERIOD: u32 = 5;

/// Failures in a row before liveness restarts a pod or readiness takes it
/// out of the Service (the Kubernetes default, said explicitly).
const FAILURES: u32 = 3;

/// The probes to add to the container, keyed by field name; none when
/// health checks are off (the app then serves no health paths).
pub(super) fn probes(plan: &Plan) -> Map<String, Value> {
    let h = &plan.operations.health_checks;
    let mut out = Map::new();
    if !h.enabled {
        return out;
    }
    let period = STARTUP_PERIOD.min(h.interval_seconds).max(1);
    out.insert(
        "startupProbe".into(),
        probe(
            &h.path,
            period,
            h.timeout_seconds,
            startup_failures(h.grace_period_seconds, period),
        ),
    );
    out.insert(
        "livenessProbe".into(),
        probe(&h.path, h.interval_seconds, h.timeout_seconds, FAILURES),
    );
    out.insert(
        "readinessProbe".into(),
        probe(&h.readiness_path, h.interval_seconds, h.timeout_seconds, FAILURES),
    );
    out
}

/// The seconds a new pod has to start: the startup probe's window.
pub(super) fn startup_window(plan: &Plan) -> u32 {
    let h = &plan.operations.health_checks;
    let period = STARTUP_PERIOD.min(h.interval_seconds).max(1);
    startup_failures(h.grace_period_seconds, period) * period
}

/// The startup probe's failures in a row: enough that the last one comes
/// after the grace period, and never fewer than three, so an app that is
/// not listening at its very first instant is not restarted for ever.
fn startup_failures(grace: u32, period: u32) -> u32 {
    (grace.div_ceil(period) + 1).max(FAILURES)
}

fn probe(path: &str, period: u32, timeout: u32, failures: u32) -> Value {
    json!({
        "httpGet": { "path": path, "port": "http" },
        "periodSeconds": period,
        "timeoutSeconds": timeout,
        "failureThreshold": failures,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_startup_window_covers_the_grace_period() {
        for (grace, period) in [(0, 5), (5, 5), (10, 5), (11, 5), (60, 5), (7, 1)] {
            let failures = startup_failures(grace, period);
            // The first probe runs as the container starts: the restart
            // comes after the others, which must not be before the grace.
            assert!((failures - 1) * period >= grace, "{grace} {period}");
            assert!(failures >= 3, "{grace} {period}");
        }
        assert_eq!(startup_failures(10, 5), 3);
        assert_eq!(startup_failures(11, 5), 4);
        assert_eq!(startup_failures(0, 5), 3);
    }
}
