//! Cross-checks between answers: what a careful reviewer would catch when
//! reading two answers side by side. Field-level checks live with their
//! question; these need the whole plan.

use crate::answers::vocab::*;
use crate::diagnostic::Code;

use super::context::Ctx;
use super::plan::Plan;

pub fn run(ctx: &mut Ctx<'_>, plan: &Plan) {
    let scaling = &plan.infrastructure.scaling;
    if scaling.mode == ScalingMode::Manual && scaling.max_instances > scaling.min_instances {
        ctx.warning(
            Code::Inconsistent,
            "infrastructure.scaling.max_instances",
            format!(
                "scaling is manual, so nothing will add machines beyond {}; max_instances {} is a limit for people",
                scaling.min_instances, scaling.max_instances
            ),
            "set `mode: auto` if the platform should scale for you",
        );
    }
    let deployment = &plan.operations.deployment;
    if matches!(deployment.strategy, Strategy::Bluegreen | Strategy::Canary)
        && !plan.operations.health_checks.enabled
    {
        ctx.error(
            Code::StrategyNeedsHealthCheck,
            "operations.deployment.strategy",
            format!(
                "a {} deploy shifts traffic only to machines that pass a health check, and health checks are off",
                deployment.strategy.label()
            ),
            "turn health checks on (`operations.health_checks.enabled: true`), or use `strategy: rolling`",
        );
    }
    if deployment.method == DeployMethod::Manual
        && deployment.environments.iter().any(|e| e.trigger == Trigger::Push)
    {
        ctx.error(
            Code::Inconsistent,
            "operations.deployment.method",
            "deployment is manual but an environment deploys on push",
            "use `method: ci-cd`, or give every environment `trigger: manual`",
        );
    }
}
