//! Fly.io: machines started and stopped by load, `fly.toml` merged into the
//! user's own, deploys through flyctl.

mod alerts;
pub mod config;
mod limits;
pub mod regions;
mod restore;
mod runbooks;
pub mod workflows;

use super::{Credential, Platform, RollbackRunbook, Workflows};
use crate::answers::vocab::{DatabaseService, ScalingMode};
use crate::render::Artifact;
use crate::render::runbooks::restore::Step;
use crate::render::specs::blocks::{production_app, soft_limit};
use crate::resolve::Plan;
use crate::resolve::context::Ctx;
use crate::resolve::plan::EnvironmentPlan;

/// Fly.io regions inside the European Union.
const EU: [&str; 4] = ["ams", "arn", "cdg", "fra"];

pub struct Fly;

impl Platform for Fly {
    fn alerts(&self, plan: &Plan) -> Option<crate::render::alerts::Alerting> {
        Some(alerts::alerting(plan))
    }

    fn resolve(&self, ctx: &mut Ctx<'_>, plan: &mut Plan) {
        limits::resolve(ctx, plan);
        alerts::resolve(ctx, plan);
    }

    fn in_eu(&self, region: &str) -> bool {
        EU.contains(&region)
    }

    fn region_names(&self) -> Vec<(String, &'static str)> {
        let names = regions::NAMES.iter().map(|(n, c)| ((*n).to_owned(), *c));
        let codes = regions::REGIONS.iter().map(|(c, _)| ((*c).to_owned(), *c));
        names.chain(codes).collect()
    }

    fn region_label(&self, code: &str) -> String {
        format!("`{code}` ({})", regions::city(code))
    }

    fn region_notes(&self, plan: &Plan) -> Vec<(&'static str, String)> {
        let app = production_app(plan);
        let count = plan.infrastructure.scaling.min_instances.max(1);
        plan.infrastructure
            .regions
            .secondary
            .iter()
            .map(|code| {
                (
                    "Place machines",
                    format!(
                        "`fly scale count {count} --region {code} --app {app}` (fly.toml names only the primary region)"
                    ),
                )
            })
            .collect()
    }

    fn scaling_notes(&self, plan: &Plan) -> Vec<(&'static str, String)> {
        let s = &plan.infrastructure.scaling;
        let mut notes = vec![
            ("CPU kind", s.cpu_kind.label().into()),
            (
                "Concurrency per machine",
                format!(
                    "{} requests (soft limit {})",
                    s.max_concurrent_requests,
                    soft_limit(s.max_concurrent_requests)
                ),
            ),
        ];
        if s.mode == ScalingMode::Auto {
            notes.push((
                "On Fly.io",
                format!(
                    "no CPU-based autoscaling: fly.toml keeps {} machines running, stops idle ones and starts them again under load; create the machines once with `fly scale count {} --region {} --app {}`",
                    s.min_instances,
                    s.max_instances,
                    plan.infrastructure.regions.primary,
                    production_app(plan)
                ),
            ));
        }
        notes
    }

    fn app_url(&self, app: &str) -> Option<String> {
        Some(format!("https://{app}.fly.dev"))
    }

    fn workflows(&self) -> &'static Workflows {
        &workflows::WORKFLOWS
    }

    fn deploy_secrets(&self, env: &EnvironmentPlan) -> Vec<Credential> {
        workflows::deploy_secrets(env)
    }

    fn backup_source(&self, plan: &Plan) -> Option<&'static str> {
        match plan.infrastructure.hosting.database_service {
            DatabaseService::FlyManagedPostgres => Some(workflows::MPG),
            DatabaseService::FlyPostgres | DatabaseService::SelfHosted => Some(workflows::VOLUME_SNAPSHOTS),
            _ => None,
        }
    }

    fn backup_check_secrets(&self) -> Vec<Credential> {
        workflows::backup_check_secrets()
    }

    fn backup_check_variables(&self, source: &str) -> Vec<Credential> {
        workflows::backup_check_variables(source)
    }

    fn sign_in(&self) -> Option<&'static str> {
        Some("flyctl\n(`fly auth login`)")
    }

    fn manual_deploy(&self) -> Option<&'static str> {
        Some("`fly deploy` by hand")
    }

    fn rollback_runbook(&self, _plan: &Plan, app: &str) -> Option<RollbackRunbook> {
        Some(runbooks::rollback(app))
    }

    fn first_look(&self, _plan: &Plan, app: &str) -> Vec<String> {
        runbooks::first_look(app)
    }

    fn backup_location(&self, plan: &Plan, app: &str) -> Option<String> {
        Some(match plan.infrastructure.hosting.database_service {
            DatabaseService::FlyManagedPostgres => format!(
                "Fly Managed Postgres backups of the cluster (cluster id: `fly mpg list`; kept in the repository variable `{}`)",
                workflows::MPG_CLUSTER
            ),
            DatabaseService::FlyPostgres => format!(
                "daily snapshots of the Fly volume under the `{app}-db` Postgres app (`fly volumes list --app {app}-db`)"
            ),
            _ => format!("snapshots of the app's Fly volume (`fly volumes list --app {app}`)"),
        })
    }

    fn restore_steps(&self, plan: &Plan, app: &str, minutes: &[u64], verify: &str) -> Option<Vec<Step>> {
        restore::steps(plan, app, minutes, verify)
    }

    fn config_files(&self, plan: &Plan) -> Vec<Artifact> {
        config::render(plan)
    }
}
