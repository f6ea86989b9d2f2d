//! Startup and liveness probes from the health answers. Cloud Run sends a
//! revision traffic once its startup probe passes, so the startup probe
//! waits out the grace period; readiness probes are not generally
//! available, so the readiness path is not probed (a warning says so).

use serde_json::{Map, Value, json};

use crate::resolve::Plan;

/// How often the startup probe asks, so a quick start is noticed quickly.
const STARTUP_PERIOD: u32 = 5;

/// The longest a startup probe may wait: its failures times its period.
pub(super) const STARTUP_MAX: u32 = 240;

/// Failures in a row before liveness restarts an instance.
const FAILURES: u32 = 3;

fn startup_period(plan: &Plan) -> u32 {
    STARTUP_PERIOD
        .min(plan.operations.health_checks.interval_seconds)
        .max(1)
}

/// Enough failures that the last comes after the grace period (the first
/// probe runs as the container starts), never fewer than three, and within
/// Cloud Run's limit.
fn startup_failures(plan: &Plan) -> u32 {
    let period = startup_period(plan);
    let wanted = (plan
        .operations
        .health_checks
        .grace_period_seconds
        .div_ceil(period)
        + 1)
    .max(FAILURES);
    wanted.min(STARTUP_MAX / period)
}

/// Whether the grace period is longer than the startup probe may wait.
pub(super) fn startup_capped(plan: &Plan) -> bool {
    let period = startup_period(plan);
    (startup_failures(plan) - 1) * period < plan.operations.health_checks.grace_period_seconds
}

/// The probes of the container, keyed by field name; none when health
/// checks are off (Cloud Run then checks that the port opens).
pub(super) fn probes(plan: &Plan) -> Map<String, Value> {
    let h = &plan.operations.health_checks;
    let mut out = Map::new();
    if !h.enabled {
        return out;
    }
    let port = plan.project.port;
    let period = startup_period(plan);
    out.insert(
        "startupProbe".into(),
        probe(
            &h.path,
            port,
            period,
            h.timeout_seconds.min(period),
            startup_failures(plan),
        ),
    );
    out.insert(
        "livenessProbe".into(),
        probe(
            &h.path,
            port,
            h.interval_seconds,
            h.timeout_seconds.min(h.interval_seconds),
            FAILURES,
        ),
    );
    out
}

fn probe(path: &str, port: u32, period: u32, timeout: u32, failures: u32) -> Value {
    json!({
        "httpGet": { "path": path, "port": port },
        "periodSeconds": period,
        "timeoutSeconds": timeout.max(1),
        "failureThreshold": failures,
    })
}
