//! Values that belong to one platform, answered for another: `fly-secrets`
//! with `platform: aws` would put `fly secrets set` in an AWS runbook. Each
//! vocabulary value knows its platforms ([`PlatformBound`]); a mismatch is
//! an error, because every output built on it would be wrong.

use crate::answers::vocab::*;
use crate::diagnostic::Code;

use super::context::Ctx;
use super::defaults;
use super::plan::Plan;

pub fn check(ctx: &mut Ctx<'_>, plan: &Plan) {
    let Some(platform) = ctx.platform else {
        return;
    };
    let label = platform.label();
    let default = |value: &str| {
        format!(
            "use a value that works on {label}, such as `{value}` (the default for `platform: {platform}`)"
        )
    };
    let database = defaults::database_service(platform, plan.project.database);
    one(
        ctx,
        platform,
        "infrastructure.hosting.database_service",
        plan.infrastructure.hosting.database_service,
        &default(database.as_str()),
    );
    let own_metrics = MonitoringTool::ALL.iter().find(|t| t.platforms() == [platform]);
    let tools_hint = match own_metrics {
        Some(own) => format!("remove it, or use {label}'s own `{own}`"),
        None => "remove it, or use a tool that works anywhere, such as `prometheus` or `datadog`".to_owned(),
    };
    for (i, tool) in plan.infrastructure.monitoring.tools.iter().enumerate() {
        let path = format!("infrastructure.monitoring.tools[{i}]");
        one(ctx, platform, &path, *tool, &tools_hint);
    }
    let store = default(defaults::secret_store(platform).as_str());
    let secrets = plan.security.secrets.production;
    one(ctx, platform, "security.secrets.production", secrets, &store);
    let configuration = plan.operations.configuration.production;
    one(
        ctx,
        platform,
        "operations.configuration.production",
        configuration,
        &store,
    );
    let destination = &plan.operations.logging.destination;
    let platforms = log_destination_platforms(destination);
    if !platforms.is_empty() && !platforms.contains(&platform) {
        let hint = default(defaults::log_destination(platform));
        mismatch(
            ctx,
            platform,
            "operations.logging.destination",
            destination,
            platforms,
            hint,
        );
    }
}

fn one(ctx: &mut Ctx<'_>, platform: Platform, path: &str, value: impl PlatformBound, hint: &str) {
    let platforms = value.platforms();
    if !platforms.is_empty() && !platforms.contains(&platform) {
        mismatch(
            ctx,
            platform,
            path,
            &value.to_string(),
            platforms,
            hint.to_owned(),
        );
    }
}

fn mismatch(
    ctx: &mut Ctx<'_>,
    platform: Platform,
    path: &str,
    value: &str,
    belongs: &[Platform],
    hint: String,
) {
    let owners: Vec<&str> = belongs.iter().map(|p| p.label()).collect();
    ctx.error(
        Code::PlatformValue,
        path,
        format!(
            "`{value}` belongs to {}, but the platform is {}",
            owners.join(" or "),
            platform.label()
        ),
        hint,
    );
}
