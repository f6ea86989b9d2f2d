//! What Heroku cannot do as answered: an error where no dyno, region, app
//! name or database fits, a warning saying what is generated instead
//! (autoscaling on p95 response time, no health-check settings, preboot,
//! the Postgres plan's backups, config vars nothing syncs).

use super::{app_json, dyno, postgres};
use crate::answers::vocab::{BackupFrequency, Database, ScalingMode, SecretStore, Strategy};
use crate::diagnostic::Code;
use crate::resolve::Plan;
use crate::resolve::context::Ctx;

/// Heroku's Common Runtime regions; Private Spaces have more.
pub(super) const REGIONS: &[&str] = &["us", "eu"];

/// Seconds a web dyno has to bind `$PORT` before Heroku kills it (R10).
pub(super) const BOOT_TIMEOUT_SECONDS: u32 = 60;

/// The longest app name Heroku takes (`^[a-z][a-z0-9-]{1,28}[a-z0-9]$`).
const APP_NAME_MAX: usize = 30;

pub(super) fn resolve(ctx: &mut Ctx<'_>, plan: &Plan) {
    regions(ctx, plan);
    app_names(ctx, plan);
    database(ctx, plan);
    secret_store(ctx, plan);
    scaling(ctx, plan);
    health(ctx, plan);
    strategy(ctx, plan);
    backups(ctx, plan);
}

fn regions(ctx: &mut Ctx<'_>, plan: &Plan) {
    let regions = &plan.infrastructure.regions;
    if !REGIONS.contains(&regions.primary.as_str()) {
        ctx.error(
            Code::HerokuRegion,
            "infrastructure.regions.primary",
            format!(
                "`{}` is not a Heroku Common Runtime region: apps run in `us` or `eu` (Private Spaces, which shipspec does not generate, have more)",
                regions.primary
            ),
            "write `primary: us` or `primary: eu`",
        );
    }
    if !regions.secondary.is_empty() {
        ctx.warning(
            Code::HerokuRegion,
            "infrastructure.regions.secondary",
            format!(
                "a Heroku app runs in one region; generated: the apps in `{}` only, with no app in {}",
                regions.primary,
                regions.secondary.join(", ")
            ),
            "create one app per extra region by hand, or write `secondary: []`",
        );
    }
}

fn scaling(ctx: &mut Ctx<'_>, plan: &Plan) {
    let s = &plan.infrastructure.scaling;
    let Some(size) = dyno::size(s) else {
        let (largest, mb) = dyno::largest();
        ctx.error(
            Code::HerokuDynoSize,
            "infrastructure.scaling.memory",
            format!(
                "{} is more memory than Heroku's largest dyno ({largest}, {} GB) has",
                s.memory,
                mb / 1024
            ),
            "write the memory one dyno needs, at most `memory: 126gb`",
        );
        return;
    };
    if s.mode == ScalingMode::Manual {
        return;
    }
    let p95 = plan.operations.performance.p95_ms;
    let message = if dyno::is_performance(size) {
        format!(
            "Heroku autoscales web dynos on p95 response time, not CPU; generated: autoscaling from {} to {} {size} dynos that keeps p95 under the answered {p95} ms (`cpu_target_percent: {}` is not used){}",
            s.min_instances.max(1),
            s.max_instances.max(1),
            s.cpu_target_percent,
            if s.mode == ScalingMode::Serverless {
                "; dynos never scale to zero"
            } else {
                ""
            }
        )
    } else {
        format!(
            "Heroku autoscales only Performance dynos, on p95 response time, and the answered memory and CPU make {size} dynos; generated: a fixed formation of {} web dynos (`heroku ps:scale web=<n>` by hand up to {})",
            s.min_instances.max(1),
            s.max_instances.max(1)
        )
    };
    ctx.warning(
        Code::HerokuAutoscaling,
        "infrastructure.scaling.mode",
        message,
        if dyno::is_performance(size) {
            "write `mode: manual` for a fixed formation"
        } else {
            "write `cpu_kind: performance` for Performance dynos that autoscale, or `mode: manual`"
        },
    );
}

fn health(ctx: &mut Ctx<'_>, plan: &Plan) {
    let h = &plan.operations.health_checks;
    if !h.enabled {
        return;
    }
    let grace = if h.grace_period_seconds > BOOT_TIMEOUT_SECONDS {
        format!(
            "; the answered {} s grace period is longer than those {BOOT_TIMEOUT_SECONDS} s, so a dyno that takes it is killed (R10)",
            h.grace_period_seconds
        )
    } else {
        String::new()
    };
    ctx.warning(
        Code::HerokuHealthCheck,
        "operations.health_checks",
        format!(
            "Heroku has no health-check settings: a web dyno counts as healthy once it binds $PORT, within {BOOT_TIMEOUT_SECONDS} s of starting{grace}; generated: only the deploy workflow's smoke test polls `{}`, and an uptime monitor of your own can poll it every {} s as answered",
            h.path, h.interval_seconds
        ),
        "point an uptime monitor at the path; nothing in the answers changes this",
    );
}

fn strategy(ctx: &mut Ctx<'_>, plan: &Plan) {
    let strategy = plan.operations.deployment.strategy;
    if matches!(strategy, Strategy::Bluegreen | Strategy::Canary) {
        ctx.warning(
            Code::HerokuStrategy,
            "operations.deployment.strategy",
            format!(
                "Heroku has no {} deploys (no traffic splitting); generated: preboot, which starts the new web dynos and moves traffic to them before stopping the old ones",
                strategy.label()
            ),
            "write `strategy: rolling` to silence this warning",
        );
    }
}

fn backups(ctx: &mut Ctx<'_>, plan: &Plan) {
    if !postgres::on_heroku(plan) || plan.project.database != Database::Postgres {
        return;
    }
    let backup = &plan.operations.backup;
    let pg = postgres::of(plan);
    if backup.frequency == BackupFrequency::Hourly {
        ctx.warning(
            Code::HerokuBackups,
            "operations.backup.frequency",
            format!(
                "Heroku Postgres schedules backups once a day; generated: the {} plan, whose continuous protection restores any moment of the last {} days, with a daily scheduled backup",
                pg.plan,
                pg.rollback_days.unwrap_or_default()
            ),
            "write `frequency: continuous` to silence this warning",
        );
    }
    if backup.retention_days > pg.kept_days {
        ctx.warning(
            Code::HerokuBackups,
            "operations.backup.retention_days",
            format!(
                "Heroku Postgres keeps scheduled backups at most a year (Premium: 12 monthly ones); generated: the {} plan, so backups older than that are gone unless copied out (`heroku pg:backups:url`) to storage of your own for the rest of the {} days",
                pg.plan, backup.retention_days
            ),
            "write `retention_days: 365` or less, or keep the exports",
        );
    }
}

/// Each environment is an app named `<project>` or `<project>-<env>`; the
/// project and environment names are DNS labels already, so only the
/// length can still be refused (`heroku create` fails).
fn app_names(ctx: &mut Ctx<'_>, plan: &Plan) {
    let Some(env) = plan
        .operations
        .deployment
        .environments
        .iter()
        .find(|e| e.app.len() > APP_NAME_MAX)
    else {
        return;
    };
    ctx.error(
        Code::HerokuAppName,
        "project.name",
        format!(
            "the {} environment's Heroku app would be named `{}`, {} characters: Heroku takes at most {APP_NAME_MAX}",
            env.name,
            env.app,
            env.app.len()
        ),
        format!(
            "shorten the project name (or the environment's) by {} characters: apps are named `<project>-<environment>`, production's `<project>`",
            env.app.len() - APP_NAME_MAX
        ),
    );
}

/// SQLite keeps its data in a file on the dyno, and Heroku Postgres runs
/// PostgreSQL only.
fn database(ctx: &mut Ctx<'_>, plan: &Plan) {
    let database = plan.project.database;
    if database == Database::Sqlite {
        ctx.error(
            Code::HerokuDatabase,
            "project.database",
            "SQLite keeps its data in a file, and a Heroku dyno's filesystem is ephemeral: each dyno has its own, wiped on every deploy and restart (at least once a day), so the data would be lost and the release phase would migrate a throwaway copy",
            "use `database: postgres` with `database_service: heroku-postgres`",
        );
    } else if database == Database::Mysql && postgres::on_heroku(plan) {
        ctx.error(
            Code::HerokuDatabase,
            "infrastructure.hosting.database_service",
            "Heroku Postgres runs PostgreSQL only, not MySQL",
            "use `database: postgres`; or keep MySQL on a server of your own (`database_service: self-hosted`, or `rds`), set as the `DATABASE_URL` config var",
        );
    }
}

/// Heroku reads config vars only: a store of the team's own gets the names
/// listed, and nothing copies the values across.
fn secret_store(ctx: &mut Ctx<'_>, plan: &Plan) {
    let store = plan.operations.configuration.production;
    if matches!(store, SecretStore::HerokuConfigVars | SecretStore::EnvVars) {
        return;
    }
    let names = app_json::required(plan);
    if names.is_empty() {
        return;
    }
    ctx.warning(
        Code::HerokuSecretStore,
        "operations.configuration.production",
        format!(
            "dynos read their configuration from Heroku config vars only, and nothing generated reads {}; generated: the config vars {} as required in `app.json`, their values set with `heroku config:set` in the setup runbook; syncing them from {} is yours to do",
            store.label(),
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", "),
            store.label()
        ),
        "write `production: heroku-config-vars`, or sync the store into config vars (its own Heroku integration or a CI job)",
    );
}
