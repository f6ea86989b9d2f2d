//! Fly.io: machines started and stopped by load, `fly.toml` merged into the
//! user's own, deploys through flyctl.

pub mod config;
mod limits;
pub mod regions;
mod restore;

use super::Platform;
use crate::answers::vocab::{DatabaseService, ScalingMode};
use crate::render::Artifact;
use crate::render::runbooks::restore::Step;
use crate::render::specs::blocks::{production_app, soft_limit};
use crate::render::workflows::pins::{Pin, SETUP_FLYCTL};
use crate::render::workflows::settings::BackupSource;
use crate::resolve::Plan;
use crate::resolve::context::Ctx;

/// Fly.io regions inside the European Union.
const EU: [&str; 4] = ["ams", "arn", "cdg", "fra"];

pub struct Fly;

impl Platform for Fly {
    fn resolve(&self, ctx: &mut Ctx<'_>, plan: &mut Plan) {
        limits::resolve(ctx, plan);
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

    fn setup_action(&self) -> Option<&'static Pin> {
        Some(&SETUP_FLYCTL)
    }

    fn backup_source(&self, service: DatabaseService) -> Option<BackupSource> {
        match service {
            DatabaseService::FlyManagedPostgres => Some(BackupSource::Mpg),
            DatabaseService::FlyPostgres | DatabaseService::SelfHosted => Some(BackupSource::Volume),
            _ => None,
        }
    }

    fn backup_location(&self, service: DatabaseService, app: &str) -> Option<String> {
        Some(match service {
            DatabaseService::FlyManagedPostgres => "Fly Managed Postgres backups of the cluster (cluster id: `fly mpg list`; kept in the repository variable `FLY_MPG_CLUSTER_ID`)".to_owned(),
            DatabaseService::FlyPostgres => format!("daily snapshots of the Fly volume under the `{app}-db` Postgres app (`fly volumes list --app {app}-db`)"),
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
