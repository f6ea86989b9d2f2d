//! Azure: the app on Azure Container Apps (Consumption), one container app
//! per environment, from the YAML `az containerapp create|update --yaml`
//! applies; Azure Database for PostgreSQL flexible server; secrets from Key
//! Vault by reference; the workflows sign in with OIDC.

mod alerts;
mod app;
mod limits;
mod names;
mod probes;
mod regions;
mod restore;
mod runbooks;
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

pub struct Azure;

impl Platform for Azure {
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
        let (min, max) = app::bounds(plan);
        let rules = match s.mode {
            ScalingMode::Manual => format!("nothing: {min} replica(s) kept running, at most {max}"),
            ScalingMode::Serverless => format!(
                "{} requests at once per replica, {min} to {max} replicas",
                s.max_concurrent_requests
            ),
            ScalingMode::Auto => format!(
                "{} requests at once per replica or {}% CPU, {min} to {max} replicas (a CPU rule never scales to zero)",
                s.max_concurrent_requests, s.cpu_target_percent
            ),
        };
        vec![
            ("Size per replica", format!("{} vCPU / {}Gi", s.cpus, s.cpus * 2)),
            ("Scaled on", rules),
        ]
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
        restore::applies(plan).then_some(workflows::FLEXIBLE_SERVER)
    }

    fn backup_check_environment_variables(&self, _plan: &Plan) -> Vec<Credential> {
        workflows::backup_check_variables()
    }

    fn sign_in(&self) -> Option<&'static str> {
        Some("the Azure CLI\n(`az login`)")
    }

    fn manual_deploy(&self) -> Option<&'static str> {
        Some(
            "`az containerapp update --yaml deploy/containerapps/<environment>.containerapp.yaml` by hand, with the names in angle brackets and the image filled in",
        )
    }

    fn setup_steps(&self, plan: &Plan, deploys: bool, backup_check: bool) -> Option<String> {
        setup::steps(plan, deploys, backup_check)
    }

    fn rollback_runbook(&self, plan: &Plan, _app: &str) -> Option<RollbackRunbook> {
        production_environment(plan).map(runbooks::rollback)
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
                body: Body::Whole(app::yaml(plan, env)),
                questions: vec![
                    "infrastructure.hosting",
                    "infrastructure.regions",
                    "infrastructure.scaling",
                    "operations.health_checks",
                    "operations.rollback",
                    "operations.configuration",
                ],
            })
            .collect()
    }
}
