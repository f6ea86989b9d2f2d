//! What the Datadog monitors cannot be sure of or cannot route, when Q4
//! names Datadog: a warning for each, saying what is generated instead.

use crate::answers::vocab::{AlertChannel, Framework};
use crate::diagnostic::Code;
use crate::platforms::datadog;
use crate::resolve::Plan;
use crate::resolve::context::Ctx;

pub(super) fn check(ctx: &mut Ctx<'_>, plan: &Plan) {
    if !datadog::applies(plan) || datadog::Monitors::of(plan).is_empty() {
        return;
    }
    let framework = plan.project.framework;
    if framework == Framework::Axum && plan.outputs.datadog.span_name.is_none() {
        ctx.warning(
            Code::DatadogSpanAssumed,
            "project.framework",
            format!(
                "Datadog has no tracer for Rust: the Datadog monitors assume the app's requests are `{}` spans (OpenTelemetry's HTTP server spans in Datadog)",
                datadog::default_span(framework)
            ),
            "check the span name in Datadog APM and set `outputs.datadog.span_name` if it differs",
        );
    }
    if plan
        .infrastructure
        .monitoring
        .alert_channels
        .contains(&AlertChannel::Sms)
    {
        ctx.warning(
            Code::DatadogChannelNotGenerated,
            "infrastructure.monitoring.alert_channels",
            "Datadog notifies through @ handles and has none for SMS: the Datadog monitors text nobody",
            "send SMS through PagerDuty or Opsgenie (add `pagerduty` or `opsgenie`)",
        );
    }
}
