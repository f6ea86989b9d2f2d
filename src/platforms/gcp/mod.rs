//! Google Cloud: the app on Cloud Run, one service per environment, from a
//! Knative-shaped service YAML that `gcloud run services replace` applies;
//! Cloud SQL for PostgreSQL; secrets from Secret Manager by reference; the
//! workflows deploy through Workload Identity Federation.

mod alerts;
mod limits;
mod names;
mod probes;
mod regions;
mod restore;
mod runbooks;
mod service;
mod setup;
mod terraform;
mod workflows;

use std::collections::BTreeMap;

use super::{Credential, Platform, RollbackRunbook, Workflows};
use crate::answers::vocab::{IacTool, ScalingMode};
use crate::render::Artifact;
use crate::render::artifact::{Body, Mode};
use crate::render::runbooks::restore::Step;
use crate::render::specs::blocks::production_environment;
use crate::resolve::Plan;
use crate::resolve::context::Ctx;
use crate::resolve::plan::EnvironmentPlan;

pub struct Gcp;

impl Platform for Gcp {
    fn resolve(&self, ctx: &mut Ctx<'_>, plan: &mut Plan) {
        limits::resolve(ctx, plan);
        alerts::resolve(ctx, plan);
    }

    fn in_eu(&self, region: &str) -> bool {
        regions::CATALOG.in_eu(region)
    }

    fn region_names(&self) -> Vec<(String, &'static str)> {
        regions::CATALOG.names()
    }

    fn region_label(&self, code: &str) -> String {
        regions::CATALOG.label(code)
    }

    fn scaling_notes(&self, plan: &Plan) -> Vec<(&'static str, String)> {
        let s = &plan.infrastructure.scaling;
        let (min, max) = service::bounds(plan);
        let mut notes = vec![
            ("Size per instance", limits::label(s.cpus, s.memory.megabytes())),
            (
                "Concurrency",
                format!(
                    "{} requests per instance (`containerConcurrency`)",
                    s.max_concurrent_requests
                ),
            ),
        ];
        notes.push((
            "Scaled on",
            if s.mode == ScalingMode::Manual {
                format!("nothing: {min} instance(s) kept running, at most {max}")
            } else {
                format!(
                    "{}% CPU and requests in flight together, {min} to {max} instances",
                    limits::CPU_TARGET
                )
            },
        ));
        notes
    }

    fn workflows(&self) -> &'static Workflows {
        &workflows::WORKFLOWS
    }

    fn environment_values(&self, plan: &Plan, env: &EnvironmentPlan) -> BTreeMap<&'static str, String> {
        workflows::values(plan, env)
    }

    fn deploy_variables(&self, env: &EnvironmentPlan) -> Vec<Credential> {
        workflows::deploy_variables(env)
    }

    fn backup_source(&self, plan: &Plan) -> Option<&'static str> {
        restore::applies(plan).then_some(workflows::CLOUD_SQL)
    }

    fn backup_check_environment_variables(&self, plan: &Plan) -> Vec<Credential> {
        production_environment(plan).map_or_else(Vec::new, workflows::backup_check_variables)
    }

    fn sign_in(&self) -> Option<&'static str> {
        Some("the Google Cloud CLI\n(`gcloud auth login`)")
    }

    fn manual_deploy(&self) -> Option<&'static str> {
        Some(
            "`gcloud run services replace deploy/cloudrun/<environment>.service.yaml` by hand, with the project id and the image filled in",
        )
    }

    fn setup_steps(&self, plan: &Plan, deploys: bool, backup_check: bool) -> Option<String> {
        setup::steps(plan, deploys, backup_check)
    }

    fn rollback_runbook(&self, plan: &Plan, _app: &str) -> Option<RollbackRunbook> {
        production_environment(plan).map(|env| runbooks::rollback(env, &plan.infrastructure.regions.primary))
    }

    fn first_look(&self, plan: &Plan, _app: &str) -> Vec<String> {
        production_environment(plan).map_or_else(Vec::new, |env| runbooks::first_look(plan, env))
    }

    fn backup_location(&self, plan: &Plan, _app: &str) -> Option<String> {
        production_environment(plan).and_then(|env| restore::location(plan, env))
    }

    fn restore_steps(&self, plan: &Plan, _app: &str, minutes: &[u64], verify: &str) -> Option<Vec<Step>> {
        production_environment(plan).and_then(|env| restore::steps(plan, env, minutes, verify))
    }

    fn alerts(&self, plan: &Plan) -> Option<crate::render::alerts::Alerting> {
        alerts::alerting(plan)
    }

    fn config_files(&self, plan: &Plan) -> Vec<Artifact> {
        if plan.infrastructure.iac.tool == IacTool::Terraform {
            return terraform::render(plan);
        }
        plan.operations
            .deployment
            .environments
            .iter()
            .map(|env| Artifact {
                path: names::file(env),
                mode: Mode::Managed,
                body: Body::Whole(service::yaml(plan, env)),
                questions: vec![
                    "infrastructure.hosting",
                    "infrastructure.regions",
                    "infrastructure.scaling",
                    "operations.health_checks",
                    "operations.configuration",
                ],
            })
            .collect()
    }
}
