//! AWS: the app on ECS Fargate behind an Application Load Balancer,
//! autoscaled on CPU, with RDS or Aurora PostgreSQL; the infrastructure as
//! Terraform or CloudFormation (the IaC answer decides), deployed by the
//! workflows through GitHub's OIDC provider.

mod alarms;
mod cloudformation;
mod fargate;
mod limits;
mod names;
pub mod regions;
mod restore;
mod retention;
mod runbooks;
mod setup;
mod stack;
mod task_definition;
pub(super) mod terraform;
mod workflows;

use std::collections::BTreeMap;

use super::{Credential, Platform, RollbackRunbook, Workflows};
use crate::answers::vocab::{DatabaseService, IacTool};
use crate::render::Artifact;
use crate::render::artifact::{Body, Mode};
use crate::render::runbooks::restore::Step;
use crate::render::specs::blocks::production_environment;
use crate::resolve::Plan;
use crate::resolve::context::Ctx;
use crate::resolve::plan::EnvironmentPlan;

pub struct Aws;

impl Platform for Aws {
    fn resolve(&self, ctx: &mut Ctx<'_>, plan: &mut Plan) {
        limits::resolve(ctx, plan);
    }

    fn in_eu(&self, region: &str) -> bool {
        regions::EU.contains(&region)
    }

    fn region_names(&self) -> Vec<(String, &'static str)> {
        let names = regions::NAMES.iter().map(|(n, c)| ((*n).to_owned(), *c));
        let codes = regions::REGIONS.iter().map(|(c, _)| ((*c).to_owned(), *c));
        names.chain(codes).collect()
    }

    fn region_label(&self, code: &str) -> String {
        match regions::place(code) {
            "" => format!("`{code}`"),
            place => format!("`{code}` ({place})"),
        }
    }

    fn scaling_notes(&self, plan: &Plan) -> Vec<(&'static str, String)> {
        let s = &plan.infrastructure.scaling;
        let size = fargate::label(s.cpus.saturating_mul(1024), s.memory.megabytes());
        let mut notes = vec![("Fargate task size", size)];
        if s.mode != crate::answers::vocab::ScalingMode::Manual {
            notes.push((
                "On AWS",
                format!(
                    "Application Auto Scaling keeps {} to {} tasks, tracking {}% average CPU",
                    s.min_instances, s.max_instances, s.cpu_target_percent
                ),
            ));
        }
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
        matches!(
            plan.infrastructure.hosting.database_service,
            DatabaseService::Rds | DatabaseService::Aurora
        )
        .then_some(workflows::RDS)
    }

    fn backup_check_environment_variables(&self, plan: &Plan) -> Vec<Credential> {
        workflows::backup_check_variables(plan)
    }

    fn sign_in(&self) -> Option<&'static str> {
        Some("the AWS CLI\n(`aws configure sso` or `aws login`)")
    }

    fn manual_deploy(&self) -> Option<&'static str> {
        Some("`aws ecs update-service --force-new-deployment` by hand")
    }

    fn setup_steps(&self, plan: &Plan, deploys: bool, backup_check: bool) -> Option<String> {
        setup::steps(plan, deploys, backup_check)
    }

    fn rollback_runbook(&self, plan: &Plan, _app: &str) -> Option<RollbackRunbook> {
        production_environment(plan).map(|env| runbooks::rollback(plan, env))
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
        alarms::alerting(plan)
    }

    fn config_files(&self, plan: &Plan) -> Vec<Artifact> {
        let stack = stack::of(plan);
        match plan.infrastructure.iac.tool {
            IacTool::Terraform => terraform::render(&stack),
            IacTool::Cloudformation => cloudformation::render(&stack),
            IacTool::Pulumi => Vec::new(),
            IacTool::None | IacTool::PlatformConfig => stack
                .environments
                .iter()
                .map(|(env, app)| Artifact {
                    path: format!("{}/{env}.task-definition.json", names::TASK_DEFINITION_DIR),
                    mode: Mode::Managed,
                    body: Body::Whole(task_definition::json(&stack, app)),
                    questions: vec![
                        "infrastructure.hosting",
                        "infrastructure.scaling",
                        "operations.health_checks",
                        "operations.logging",
                        "operations.configuration",
                    ],
                })
                .collect(),
        }
    }
}
