//! Questions 13–20: deployment, health checks, rollback, logging, incident
//! response, backup, configuration, performance.

use crate::answers::model::{Environment, Operations};
use crate::answers::units::Duration;
use crate::answers::vocab::*;
use crate::diagnostic::Code;

use super::context::Ctx;
use super::defaults;
use super::plan::*;
use super::project::is_dns_label;

pub fn resolve(
    ctx: &mut Ctx<'_>,
    project: &ProjectPlan,
    platform: Platform,
    security: &SecurityPlan,
    given: Option<&Operations>,
) -> OperationsPlan {
    let o = given.cloned().unwrap_or_default();

    let (q, text) = ctx.question(
        "operations.deployment",
        "Q13 (deployment)",
        o.deployment.as_ref(),
        true,
    );
    let method = ctx.or_default("operations.deployment.method", q.method, || DeployMethod::CiCd);
    let strategy = ctx.or_default("operations.deployment.strategy", q.strategy, || Strategy::Rolling);
    let environments = ctx.or_default("operations.deployment.environments", q.environments, || {
        vec![Environment {
            name: "production".into(),
            trigger: Trigger::Push,
            branch: None,
        }]
    });
    let environments = environments_plan(ctx, &project.name, environments);
    let deployment = DeploymentPlan {
        text,
        method,
        strategy,
        environments,
    };

    let (q, text) = ctx.question(
        "operations.health_checks",
        "Q14 (health checks)",
        o.health_checks.as_ref(),
        true,
    );
    let enabled = ctx.or_default("operations.health_checks.enabled", q.enabled, || true);
    let path = ctx.or_default("operations.health_checks.path", q.path, || "/health".to_owned());
    let readiness_path = ctx.or_default(
        "operations.health_checks.readiness_path",
        q.readiness_path,
        || "/ready".to_owned(),
    );
    for (key, value) in [("path", &path), ("readiness_path", &readiness_path)] {
        if !is_url_path(value) {
            ctx.error(
                Code::InvalidPath,
                &format!("operations.health_checks.{key}"),
                format!("`{value}` is not a URL path"),
                "write a path starting with `/`, letters, digits, `-`, `_`, `.` and `/` only, e.g. `/health`",
            );
        }
    }
    // One route cannot answer both: the stubs register each path once, and
    // Go's mux panics on a second registration (`/health/` is `/health` to
    // Express and FastAPI, so the trailing slash does not count).
    if is_url_path(&path) && path.trim_end_matches('/') == readiness_path.trim_end_matches('/') {
        ctx.error(
            Code::Inconsistent,
            "operations.health_checks.readiness_path",
            format!("the readiness check and the liveness check both use `{readiness_path}`"),
            "give readiness its own path, e.g. `readiness_path: /ready`",
        );
    }
    let database = project.database;
    let checks = ctx.or_default("operations.health_checks.checks", q.checks, || {
        if database == Database::None {
            Vec::new()
        } else {
            vec![HealthDependency::Database]
        }
    });
    if checks.contains(&HealthDependency::Database) && database == Database::None {
        ctx.error(
            Code::Inconsistent,
            "operations.health_checks.checks",
            "readiness checks the database but `project.database` is `none`",
            "remove `database` from `checks`, or set `project.database`",
        );
    }
    let interval_seconds = ctx.or_default(
        "operations.health_checks.interval_seconds",
        q.interval_seconds,
        || 15,
    );
    let timeout_seconds = ctx.or_default(
        "operations.health_checks.timeout_seconds",
        q.timeout_seconds,
        || 5,
    );
    let grace_period_seconds = ctx.or_default(
        "operations.health_checks.grace_period_seconds",
        q.grace_period_seconds,
        || 10,
    );
    if interval_seconds == 0 || timeout_seconds == 0 {
        ctx.error(
            Code::OutOfRange,
            "operations.health_checks",
            "health-check interval and timeout must be at least 1 second",
            "e.g. `interval_seconds: 15`, `timeout_seconds: 5`",
        );
    } else if timeout_seconds >= interval_seconds {
        ctx.error(
            Code::Inconsistent,
            "operations.health_checks.timeout_seconds",
            format!("the check timeout ({timeout_seconds}s) is not shorter than its interval ({interval_seconds}s)"),
            "make `timeout_seconds` shorter than `interval_seconds`",
        );
    }
    let health_checks = HealthChecksPlan {
        text,
        enabled,
        path,
        readiness_path,
        checks,
        interval_seconds,
        timeout_seconds,
        grace_period_seconds,
    };

    let (q, text) = ctx.question("operations.rollback", "Q15 (rollback)", o.rollback.as_ref(), true);
    let keep_releases = ctx.or_default("operations.rollback.keep_releases", q.keep_releases, || 3);
    let target_minutes = ctx.or_default("operations.rollback.target_minutes", q.target_minutes, || 10);
    let feature_flags = ctx.or_default("operations.rollback.feature_flags", q.feature_flags, || false);
    if keep_releases == 0 {
        ctx.error(
            Code::OutOfRange,
            "operations.rollback.keep_releases",
            "keep_releases must be at least 1 to roll back to anything",
            "e.g. `keep_releases: 3`",
        );
    }
    let rollback = RollbackPlan {
        text,
        keep_releases,
        target_minutes,
        feature_flags,
    };

    let (q, text) = ctx.question("operations.logging", "Q16 (logging)", o.logging.as_ref(), true);
    let format = ctx.or_default("operations.logging.format", q.format, || LogFormat::Json);
    let level = ctx.or_default("operations.logging.level", q.level, || LogLevel::Info);
    let destination = ctx.or_default("operations.logging.destination", q.destination, || {
        defaults::log_destination(platform).to_owned()
    });
    let retention_days = ctx.or_default("operations.logging.retention_days", q.retention_days, || 30);
    let logging = LoggingPlan {
        text,
        format,
        level,
        destination,
        retention_days,
    };

    let (q, text) = ctx.question(
        "operations.incident_response",
        "Q17 (incident response)",
        o.incident_response.as_ref(),
        true,
    );
    let channel = ctx.required(
        &text,
        "operations.incident_response.channel",
        q.channel,
        "channel: \"#incidents\"",
    );
    if channel.len() > 100 || channel.contains(['`', '\n', '\r', '<', '|']) {
        ctx.error(
            Code::InvalidChannel,
            "operations.incident_response.channel",
            "the incident channel must be one short line without backticks, `<` or `|`",
            "name the channel, e.g. `\"#incidents\"`",
        );
    }
    let response_minutes = ctx.or_default(
        "operations.incident_response.response_minutes",
        q.response_minutes,
        || 60,
    );
    let postmortem_for = ctx.or_default(
        "operations.incident_response.postmortem_for",
        q.postmortem_for,
        || vec![Severity::P0, Severity::P1],
    );
    let incident_response = IncidentResponsePlan {
        text,
        channel,
        response_minutes,
        postmortem_for,
    };

    let (q, text) = ctx.question("operations.backup", "Q18 (backup)", o.backup.as_ref(), true);
    // With no database there is nothing to back up; the fields are not needed.
    let needs = Answer {
        answered: text.answered && database != Database::None,
        ..text.clone()
    };
    let frequency = ctx.required(
        &needs,
        "operations.backup.frequency",
        q.frequency,
        "frequency: daily",
    );
    let retention_days = ctx.required(
        &needs,
        "operations.backup.retention_days",
        q.retention_days,
        "retention_days: 30",
    );
    let rto: Duration = ctx.required(&needs, "operations.backup.rto", q.rto, "rto: 2h");
    let rpo: Duration = ctx.required(&needs, "operations.backup.rpo", q.rpo, "rpo: 24h");
    let restore_test = ctx.or_default("operations.backup.restore_test", q.restore_test, || {
        RestoreTest::Never
    });
    let backup = BackupPlan {
        text,
        frequency,
        retention_days,
        rto,
        rpo,
        restore_test,
    };

    let (q, text) = ctx.question(
        "operations.configuration",
        "Q19 (configuration)",
        o.configuration.as_ref(),
        true,
    );
    let variables: Vec<String> = ctx.or_default("operations.configuration.variables", q.variables, Vec::new);
    for (i, name) in variables.iter().enumerate() {
        if !is_env_name(name) {
            ctx.error(
                Code::InvalidVariableName,
                &format!("operations.configuration.variables[{i}]"),
                format!("`{name}` is not an environment variable name"),
                "use upper-case letters, digits and `_`, starting with a letter, e.g. `DATABASE_URL`",
            );
        }
    }
    let production = ctx.or_default("operations.configuration.production", q.production, || {
        security.secrets.production
    });
    let development = ctx.or_default("operations.configuration.development", q.development, || {
        security.secrets.development
    });
    let configuration = ConfigurationPlan {
        text,
        variables,
        production,
        development,
    };

    /// The smallest error rate the burn-rate thresholds can express.
    const MIN_ERROR_RATE_PERCENT: f64 = 0.001;
    let (q, text) = ctx.question(
        "operations.performance",
        "Q20 (performance)",
        o.performance.as_ref(),
        true,
    );
    let p95_ms = ctx.required(&text, "operations.performance.p95_ms", q.p95_ms, "p95_ms: 200");
    let error_rate_percent = ctx.or_default(
        "operations.performance.error_rate_percent",
        q.error_rate_percent,
        || 1.0,
    );
    if !(0.0..=100.0).contains(&error_rate_percent) {
        ctx.error(
            Code::OutOfRange,
            "operations.performance.error_rate_percent",
            format!("error_rate_percent {error_rate_percent} is outside 0–100"),
            "write a percentage such as `1` or `0.5`",
        );
    } else if error_rate_percent > 0.0 && error_rate_percent < MIN_ERROR_RATE_PERCENT {
        // Below five nines the thresholds print as 0 and page on one error.
        ctx.error(
            Code::OutOfRange,
            "operations.performance.error_rate_percent",
            format!(
                "error_rate_percent {error_rate_percent} is below {MIN_ERROR_RATE_PERCENT} (99.999% of requests without error), the smallest target the alerts can measure"
            ),
            "write `0.001` or more, or `0` for no error budget",
        );
    }
    if text.answered && p95_ms == 0 {
        ctx.error(
            Code::OutOfRange,
            "operations.performance.p95_ms",
            "p95_ms 0: no request is answered in 0 ms, so the latency target can never be met",
            "write the p95 you aim for in milliseconds, e.g. `p95_ms: 200`",
        );
    }
    let performance = PerformancePlan {
        text,
        p95_ms,
        error_rate_percent,
    };

    OperationsPlan {
        deployment,
        health_checks,
        rollback,
        logging,
        incident_response,
        backup,
        configuration,
        performance,
    }
}

fn environments_plan(ctx: &mut Ctx<'_>, name: &str, environments: Vec<Environment>) -> Vec<EnvironmentPlan> {
    if environments.is_empty() {
        ctx.error(
            Code::MissingField,
            "operations.deployment.environments",
            "no deployment environment is listed",
            "add at least `- {name: production, trigger: push, branch: main}`",
        );
    }
    let mut seen = Vec::new();
    let mut plans = Vec::new();
    for (i, env) in environments.into_iter().enumerate() {
        let path = format!("operations.deployment.environments[{i}]");
        if !is_dns_label(&env.name) {
            ctx.error(
                Code::InvalidName,
                &format!("{path}.name"),
                format!("environment name `{}` is not DNS-safe", env.name),
                "use lowercase letters, digits and dashes, e.g. `staging`",
            );
        }
        if seen.contains(&env.name) {
            ctx.error(
                Code::Duplicate,
                &format!("{path}.name"),
                format!("environment `{}` is listed twice", env.name),
                "give each environment its own name",
            );
        }
        seen.push(env.name.clone());
        let branch = env.branch.clone().unwrap_or_else(|| "main".to_owned());
        if !is_branch_name(&branch) {
            ctx.error(
                Code::InvalidBranch,
                &format!("{path}.branch"),
                format!("`{branch}` is not a branch name shipspec accepts"),
                "use letters, digits, `-`, `_`, `.` and `/`, e.g. `main` or `release/v2`",
            );
        }
        let app = if env.name == "production" {
            name.to_owned()
        } else {
            format!("{name}-{}", env.name)
        };
        // Only the combined length can fail here: the project name and the
        // environment name are each checked for their characters first.
        if !name.is_empty() && is_dns_label(name) && is_dns_label(&env.name) && !is_dns_label(&app) {
            ctx.error(
                Code::InvalidName,
                &format!("{path}.name"),
                format!("the app name for this environment, `{app}`, is longer than 63 characters"),
                "shorten `project.name` or the environment name",
            );
        }
        plans.push(EnvironmentPlan {
            name: env.name,
            app,
            trigger: env.trigger,
            branch,
        });
    }
    plans
}

/// Branch names reach workflow files: accept a conservative subset of git's
/// rules so no value can change a file's structure.
fn is_branch_name(branch: &str) -> bool {
    !branch.is_empty()
        && branch.len() <= 100
        && !branch.starts_with(['-', '/', '.'])
        && !branch.ends_with(['/', '.'])
        && !branch.contains("..")
        && !branch.contains("//")
        && branch
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
}

fn is_url_path(path: &str) -> bool {
    path.starts_with('/')
        && path.len() <= 200
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
}

fn is_env_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}
