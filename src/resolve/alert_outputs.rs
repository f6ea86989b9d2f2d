//! `outputs.alerts`: the metrics the Prometheus alert rules read instead
//! of the platform's own. Each goes into a PromQL expression, so each must
//! be what PromQL reads there: a metric or label name, or label matchers.

use std::sync::LazyLock;

use regex::Regex;

use crate::answers::model::AlertOutputs;
use crate::diagnostic::Code;
use crate::resolve::context::Ctx;
use crate::resolve::plan::AlertOutputsPlan;

static METRIC: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$").expect("valid"));
static LABEL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[a-zA-Z_][a-zA-Z0-9_]*$").expect("valid"));
/// `name="value"` matchers (`=`, `!=`, `=~`, `!~`) separated by commas.
static SELECTOR: LazyLock<Regex> = LazyLock::new(|| {
    let matcher = r#"\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(?:=|!=|=~|!~)\s*"(?:[^"\\\n]|\\.)*"\s*"#;
    Regex::new(&format!("^{matcher}(?:,{matcher})*$")).expect("valid")
});

pub(super) fn resolve(ctx: &mut Ctx<'_>, given: Option<&AlertOutputs>) -> AlertOutputsPlan {
    let Some(given) = given else {
        return AlertOutputsPlan::default();
    };
    let mut check = |key: &str, value: &Option<String>, pattern: &Regex, what: &str, example: &str| {
        if let Some(v) = value.as_deref().filter(|v| !pattern.is_match(v)) {
            ctx.error(
                Code::InvalidMetric,
                &format!("outputs.alerts.{key}"),
                format!("`{v}` is not {what}"),
                format!("write {what}, e.g. `{example}`"),
            );
        }
    };
    check(
        "requests_metric",
        &given.requests_metric,
        &METRIC,
        "a Prometheus metric name",
        "http_requests_total",
    );
    check(
        "latency_metric",
        &given.latency_metric,
        &METRIC,
        "a Prometheus metric name",
        "http_request_duration_seconds",
    );
    check(
        "status_label",
        &given.status_label,
        &LABEL,
        "a Prometheus label name",
        "code",
    );
    check(
        "selector",
        &given.selector,
        &SELECTOR,
        "PromQL label matchers",
        "service=\"shop\",namespace=\"shop\"",
    );
    AlertOutputsPlan {
        requests_metric: given.requests_metric.clone(),
        status_label: given.status_label.clone(),
        latency_metric: given.latency_metric.clone(),
        selector: given.selector.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_are_label_matchers_only() {
        for ok in [
            r#"service="shop""#,
            r#"service="shop", namespace=~"shop|shop-canary""#,
            r#"job!="x",path!~"/health.*""#,
            r#"name="a \"quoted\" value""#,
        ] {
            assert!(SELECTOR.is_match(ok), "{ok}");
        }
        for bad in [
            "",
            r#"service="shop"} or vector(1) {x="y""#,
            r#"service=shop"#,
            r#"service="shop",,"#,
            "service=\"a\nb\"",
        ] {
            assert!(!SELECTOR.is_match(bad), "{bad}");
        }
        assert!(METRIC.is_match("nginx_ingress_controller_requests"));
        assert!(!METRIC.is_match("http_requests_total{a=\"b\"}"));
    }
}
