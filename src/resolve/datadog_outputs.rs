//! `outputs.datadog`: the APM service the Datadog monitors watch. Each
//! value goes into a Datadog query (a tag value or a metric name), so
//! each must be what Datadog reads there and nothing more.

use std::sync::LazyLock;

use regex::Regex;

use crate::answers::model::DatadogOutputs;
use crate::diagnostic::Code;
use crate::resolve::context::Ctx;
use crate::resolve::plan::DatadogOutputsPlan;

/// A tag value as Datadog keeps it (it lowercases the rest away), without
/// `:` and `,` which would end it inside a query's `{…}`.
static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[a-z][a-z0-9_./-]{0,99}$").expect("valid"));
/// A span name as it appears in `trace.<span>.hits`.
static SPAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*$").expect("valid"));

pub(super) fn resolve(ctx: &mut Ctx<'_>, given: Option<&DatadogOutputs>) -> DatadogOutputsPlan {
    let Some(given) = given else {
        return DatadogOutputsPlan::default();
    };
    let mut check = |key: &str, value: &Option<String>, pattern: &Regex, what: &str, example: &str| {
        if let Some(v) = value.as_deref().filter(|v| !pattern.is_match(v)) {
            ctx.error(
                Code::InvalidDatadogName,
                &format!("outputs.datadog.{key}"),
                format!("`{v}` is not {what}"),
                format!("write {what}, e.g. `{example}`"),
            );
        }
    };
    check("service", &given.service, &TAG, "a Datadog tag value", "shop-api");
    check("env", &given.env, &TAG, "a Datadog tag value", "production");
    check(
        "span_name",
        &given.span_name,
        &SPAN,
        "a span name of lowercase words joined by dots",
        "flask.request",
    );
    DatadogOutputsPlan {
        service: given.service.clone(),
        env: given.env.clone(),
        span_name: given.span_name.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_datadog_reads_whole() {
        for ok in ["shop", "shop-api", "team/shop_v2", "prod.eu"] {
            assert!(TAG.is_match(ok), "{ok}");
        }
        for bad in [
            "",
            "Shop",
            "shop,env:x",
            "shop}",
            "a b",
            "shop:x",
            "${var.x}",
            "1shop",
        ] {
            assert!(!TAG.is_match(bad), "{bad}");
        }
        for ok in ["flask.request", "http.server.request", "rack.request"] {
            assert!(SPAN.is_match(ok), "{ok}");
        }
        for bad in ["flask..request", "flask.request{a:b}", ".x", "x.", "trace-x"] {
            assert!(!SPAN.is_match(bad), "{bad}");
        }
    }
}
