//! What own servers cannot do as answered: no autoscaling (the hosts are
//! the instances), no traffic splitting, and a database shipspec does not
//! run for you.

use super::names;
use super::tool::{self, Tool};
use crate::answers::vocab::{BackupFrequency, Database, DatabaseService, ScalingMode, Strategy};
use crate::diagnostic::Code;
use crate::resolve::Plan;
use crate::resolve::context::Ctx;

pub(super) fn resolve(ctx: &mut Ctx<'_>, plan: &Plan) {
    let s = &plan.infrastructure.scaling;
    if s.mode != ScalingMode::Manual {
        let generated = match tool::of(plan) {
            Tool::Kamal => format!(
                "{} placeholder hosts per environment (one container each), and reaching {} takes adding hosts to the list and deploying",
                names::instances(plan),
                s.max_instances.max(1)
            ),
            Tool::Compose => format!(
                "{} replicas on the environment's host, and reaching {} takes changing the count and deploying",
                names::instances(plan),
                s.max_instances.max(1)
            ),
        };
        ctx.warning(
            Code::OnPremScaling,
            "infrastructure.scaling.mode",
            format!("own servers do not autoscale: the instance count is fixed; generated: {generated}"),
            "write `mode: manual` to silence this warning",
        );
    }
    let tool = tool::of(plan);
    let strategy = plan.operations.deployment.strategy;
    match tool {
        Tool::Kamal if matches!(strategy, Strategy::Bluegreen | Strategy::Canary) => ctx.warning(
            Code::OnPremStrategy,
            "operations.deployment.strategy",
            format!(
                "Kamal has no {} deploys; generated: a rolling deploy, one host at a time, kamal-proxy moving each host's traffic to the new container once its health check passes",
                strategy.label()
            ),
            "write `strategy: rolling` to silence this warning",
        ),
        Tool::Compose if strategy != Strategy::Immediate => ctx.warning(
            Code::OnPremStrategy,
            "operations.deployment.strategy",
            format!(
                "`docker compose up` replaces containers in place, so a {} deploy is not possible; generated: a deploy that recreates the replicas (a short gap) and waits until they are healthy",
                strategy.label()
            ),
            "write `strategy: immediate`, or use Kamal for gapless deploys",
        ),
        _ => {}
    }
    if plan.infrastructure.hosting.database_service == DatabaseService::SelfHosted
        && matches!(plan.project.database, Database::Mysql | Database::Sqlite)
    {
        ctx.warning(
            Code::OnPremDatabase,
            "infrastructure.hosting.database_service",
            format!(
                "shipspec runs and backs up a self-hosted PostgreSQL only; {} is not in the generated config and has no backup script{}",
                plan.project.database.label(),
                if plan.project.database == Database::Sqlite {
                    ", and a SQLite file inside the app's container is lost on every deploy (each host has its own): mount a volume for it on one host by hand"
                } else {
                    ""
                }
            ),
            "run it yourself, or answer `database: postgres`",
        );
    }
    if names::postgres(plan) && plan.operations.backup.frequency == BackupFrequency::Continuous {
        ctx.warning(
            Code::OnPremDatabase,
            "operations.backup.frequency",
            "continuous backups need WAL archiving (pgBackRest or Barman), which shipspec does not set up on own servers; generated: an hourly pg_dump",
            "set up WAL archiving by hand, or write `frequency: hourly`",
        );
    }
}
