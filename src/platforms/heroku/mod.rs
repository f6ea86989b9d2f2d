//! Heroku: the app built by a buildpack from the `Procfile` (or from its
//! Dockerfile with `heroku.yml`), described by `app.json` (formation, the
//! Postgres add-on on the plan the backups need, config var names),
//! deployed by a git push with an API key and rolled back with
//! `heroku releases:rollback`. See `docs/outputs/heroku.md`.

mod app_json;
mod build;
mod checks;
mod dyno;
mod postgres;
mod restore;
mod runbooks;
mod workflows;

use std::collections::BTreeMap;

use super::{Credential, Platform, RollbackRunbook, Workflows};
use crate::answers::vocab::ScalingMode;
use crate::render::Artifact;
use crate::render::artifact::{Body, Mode};
use crate::render::runbooks::restore::Step;
use crate::resolve::Plan;
use crate::resolve::context::Ctx;
use crate::resolve::plan::EnvironmentPlan;

pub struct Heroku;

impl Platform for Heroku {
    fn resolve(&self, ctx: &mut Ctx<'_>, plan: &mut Plan) {
        checks::resolve(ctx, plan);
    }

    fn in_eu(&self, region: &str) -> bool {
        region == "eu"
    }

    fn scaling_notes(&self, plan: &Plan) -> Vec<(&'static str, String)> {
        let s = &plan.infrastructure.scaling;
        let size = dyno::size(s).unwrap_or(dyno::largest().0);
        let note = if s.mode != ScalingMode::Manual && dyno::is_performance(size) {
            format!(
                "{} to {} `{size}` web dynos, autoscaled on p95 response time (target {} ms); Heroku does not scale on CPU",
                s.min_instances.max(1),
                s.max_instances.max(1),
                plan.operations.performance.p95_ms
            )
        } else {
            format!("{} `{size}` web dynos", s.min_instances.max(1))
        };
        vec![("On Heroku", note)]
    }

    fn app_url(&self, _app: &str) -> Option<String> {
        // New apps get a random suffix (`<app>-<hash>.herokuapp.com`): the
        // deploy workflow asks the API for `web_url` instead.
        None
    }

    fn workflows(&self) -> &'static Workflows {
        &workflows::WORKFLOWS
    }

    fn environment_values(&self, plan: &Plan, env: &EnvironmentPlan) -> BTreeMap<&'static str, String> {
        workflows::values(plan, env)
    }

    fn deploy_secrets(&self, env: &EnvironmentPlan) -> Vec<Credential> {
        workflows::deploy_secrets(env)
    }

    fn setup_steps(&self, plan: &Plan, deploys: bool, _backup_check: bool) -> Option<String> {
        Some(runbooks::steps(plan, deploys))
    }

    fn sign_in(&self) -> Option<&'static str> {
        Some("the Heroku CLI\n(`heroku login`)")
    }

    fn manual_deploy(&self) -> Option<&'static str> {
        Some("`git push heroku main` by hand")
    }

    fn rollback_runbook(&self, _plan: &Plan, app: &str) -> Option<RollbackRunbook> {
        Some(runbooks::rollback(app))
    }

    fn first_look(&self, plan: &Plan, app: &str) -> Vec<String> {
        runbooks::first_look(plan, app)
    }

    fn backup_location(&self, plan: &Plan, app: &str) -> Option<String> {
        restore::location(plan, app)
    }

    fn restore_steps(&self, plan: &Plan, app: &str, minutes: &[u64], verify: &str) -> Option<Vec<Step>> {
        restore::steps(plan, app, minutes, verify)
    }

    fn config_files(&self, plan: &Plan) -> Vec<Artifact> {
        let (build_file, build_text) = if build::container(plan) {
            ("heroku.yml", build::heroku_yml(plan))
        } else {
            ("Procfile", build::procfile(plan))
        };
        vec![
            Artifact {
                path: "app.json".to_owned(),
                mode: Mode::Managed,
                body: Body::Whole(app_json::render(plan)),
                questions: vec![
                    "project",
                    "infrastructure.hosting",
                    "infrastructure.scaling",
                    "operations.backup",
                    "operations.logging",
                    "operations.configuration",
                ],
            },
            Artifact {
                path: build_file.to_owned(),
                mode: Mode::Scaffold,
                body: Body::Whole(build_text),
                questions: vec!["project", "infrastructure.hosting"],
            },
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::{Heroku, Platform};
    use crate::platforms::testing::check_questions;

    const EXAMPLE: &str = include_str!("../../../examples/heroku-django/shipspec.yaml");

    #[test]
    fn every_file_an_answer_changes_names_it() {
        check_questions(
            EXAMPLE,
            |plan| Heroku.config_files(plan),
            &[
                (
                    "infrastructure.hosting",
                    "database_service: heroku-postgres",
                    "database_service: rds",
                ),
                (
                    "infrastructure.hosting",
                    "built by the Python buildpack",
                    "built from its Dockerfile",
                ),
                ("infrastructure.scaling", "min_instances: 2", "min_instances: 3"),
                ("infrastructure.scaling", "memory: 2560mb", "memory: 8gb"),
                ("operations.backup", "retention_days: 7\n", "retention_days: 3\n"),
                ("operations.logging", "level: info", "level: debug"),
                (
                    "operations.configuration",
                    "variables: [DATABASE_URL, DJANGO_SECRET_KEY, SENTRY_DSN]",
                    "variables: [SENTRY_DSN]",
                ),
                ("project", "name: recipes", "name: cookbook"),
            ],
        );
    }
}
