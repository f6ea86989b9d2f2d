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

/// Words that say data must stay in a jurisdiction.
const RESIDENCY: [&str; 4] = ["gdpr", "data residency", "data sovereignty", "residency"];

fn in_eu(platform: Platform, region: &str) -> bool {
    crate::platforms::of(platform).in_eu(region)
}

/// Every answer written in the person's own words.
fn answer_texts(plan: &Plan) -> Vec<String> {
    fn walk(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    match (k.as_str(), v) {
                        ("answer", serde_json::Value::String(s)) => out.push(s.to_lowercase()),
                        _ => walk(v, out),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&serde_json::to_value(plan).unwrap_or_default(), &mut out);
    out
}

pub fn run(ctx: &mut Ctx<'_>, plan: &Plan) {
    let security = &plan.security;
    if security.encryption.in_transit == InTransit::None && security.encryption.text.answered {
        ctx.error(
            Code::NoTls,
            "security.encryption.in_transit",
            "traffic to a production service is not encrypted in transit",
            "set `in_transit: tls`; every platform shipspec targets terminates TLS for you",
        );
    }
    if plan.project.quality == Quality::Secure
        && security.authentication.text.answered
        && !security.authentication.methods.is_empty()
        && !security.authentication.methods.contains(&AuthMethod::Mfa)
    {
        ctx.warning(
            Code::SecureWithoutMfa,
            "security.authentication.methods",
            "`quality: secure` without multi-factor authentication",
            "add `mfa` to `methods`, or record in the spec why it is not needed",
        );
    }
    let cost = &plan.infrastructure.cost;
    if cost.text.answered && cost.monthly_budget_usd == 0 && cost.alert_at_usd > 0 {
        ctx.warning(
            Code::BudgetAlertTooHigh,
            "infrastructure.cost.alert_at_usd",
            format!(
                "a monthly budget of $0 is no budget: the ${} cost alert is not generated",
                cost.alert_at_usd
            ),
            "answer the monthly budget, e.g. `monthly_budget_usd: 150`",
        );
    }
    if cost.text.answered && cost.monthly_budget_usd > 0 && cost.alert_at_usd >= cost.monthly_budget_usd {
        ctx.warning(
            Code::BudgetAlertTooHigh,
            "infrastructure.cost.alert_at_usd",
            format!(
                "the cost alert (${}) fires only once the budget (${}) is spent",
                cost.alert_at_usd, cost.monthly_budget_usd
            ),
            "alert below the budget, e.g. at 80% of it",
        );
    }
    let monitoring = &plan.infrastructure.monitoring;
    if monitoring.text.answered && monitoring.alert_channels.is_empty() {
        ctx.warning(
            Code::NoAlertChannel,
            "infrastructure.monitoring.alert_channels",
            "monitoring has no alert channel: nobody hears about an outage until a user does",
            "add `alert_channels`, e.g. `[email]` or `[slack, pagerduty]`",
        );
    }
    let regions = &plan.infrastructure.regions;
    let platform = plan.infrastructure.hosting.platform;
    if ctx.platform.is_some()
        && answer_texts(plan)
            .iter()
            .any(|a| RESIDENCY.iter().any(|w| a.contains(w)))
    {
        let outside: Vec<&str> = std::iter::once(&regions.primary)
            .chain(&regions.secondary)
            .filter(|r| !r.is_empty() && !in_eu(platform, r))
            .map(String::as_str)
            .collect();
        if !outside.is_empty() {
            ctx.warning(
                Code::RegionOutsideResidency,
                "infrastructure.regions",
                format!(
                    "the answers mention GDPR or data residency, but {} outside the EU: {}",
                    if outside.len() == 1 {
                        "this region is"
                    } else {
                        "these regions are"
                    },
                    outside.join(", ")
                ),
                "keep personal data in EU regions, or record in the spec why these regions are allowed",
            );
        }
    }
    let backup = &plan.operations.backup;
    if backup.text.answered
        && plan.project.database != Database::None
        && backup.restore_test == RestoreTest::Never
    {
        ctx.warning(
            Code::NoRestoreTest,
            "operations.backup.restore_test",
            "no restore test is planned: a backup never restored is a hope, not a backup",
            "set `restore_test: monthly` (or `quarterly`); the backup workflow then opens a reminder issue",
        );
    }
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
    if plan.project.database != Database::None && plan.operations.backup.retention_days == 0 {
        ctx.error(
            Code::Inconsistent,
            "operations.backup.retention_days",
            "backups kept 0 days are deleted as they are taken: there would be nothing to restore",
            "keep them at least a day (`retention_days: 7` is a common start)",
        );
    }
    if matches!(plan.project.database, Database::Postgres | Database::Mysql)
        && plan.infrastructure.hosting.database_service == DatabaseService::None
    {
        ctx.warning(
            Code::DatabaseWithoutService,
            "infrastructure.hosting.database_service",
            format!(
                "the app uses {} but no database service is answered: nothing generated creates, backs up or restores it, and DATABASE_URL must point at one you run",
                plan.project.database.label()
            ),
            "name the service (`database_service: rds`, `cloud-sql`, `self-hosted`, ...), or `project.database: none` if the app has none",
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
