//! Cross-checks between answers: what a careful reviewer would catch when
//! reading two answers side by side. Field-level checks live with their
//! question; these need the whole plan.

use crate::answers::vocab::*;
use crate::diagnostic::Code;

use super::context::Ctx;
use super::plan::Plan;

/// The longest gap between two backups at a frequency, in seconds.
fn backup_interval(frequency: BackupFrequency) -> u64 {
    match frequency {
        BackupFrequency::Continuous => 0,
        BackupFrequency::Hourly => 3600,
        BackupFrequency::Daily => 86_400,
        BackupFrequency::Weekly => 7 * 86_400,
    }
}

pub fn run(ctx: &mut Ctx<'_>, plan: &Plan) {
    let backup = &plan.operations.backup;
    if backup.text.answered && plan.project.database != Database::None {
        let interval = backup_interval(backup.frequency);
        if interval > backup.rpo.seconds() {
            ctx.error(
                Code::BackupMissesRpo,
                "operations.backup.rpo",
                format!(
                    "{} backups cannot meet an RPO of {}: a failure just before the next backup loses up to {} of data",
                    backup.frequency.label(),
                    backup.rpo,
                    crate::answers::units::Duration(interval)
                ),
                "back up more often (`frequency: hourly` or `continuous`), or accept a longer `rpo`",
            );
        }
    }
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
