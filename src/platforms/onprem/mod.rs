//! Own servers (`platform: on-prem`): Kamal 2 by default
//! (`config/deploy.yml`, a destination file and a secrets file per
//! environment), or Docker Compose (`compose.yaml`) when the answers name
//! it; PostgreSQL backups as a script and systemd timer; deploys and
//! rollbacks run over SSH on each environment's deploy host. See
//! `docs/outputs/on-prem.md`.

mod backup;
mod checks;
mod compose;
mod env;
mod kamal;
mod names;
mod restore;
mod runbooks;
mod secrets;
mod tool;
mod workflows;
mod yaml;

use std::collections::BTreeMap;

use super::{Credential, Platform, RollbackRunbook, Workflows};
use crate::render::Artifact;
use crate::render::artifact::{Body, Mode};
use crate::render::runbooks::restore::Step;
use crate::resolve::Plan;
use crate::resolve::context::Ctx;
use crate::resolve::plan::EnvironmentPlan;
use tool::Tool;

pub struct OnPrem;

fn managed(path: String, text: String, questions: &[&'static str]) -> Artifact {
    Artifact {
        path,
        mode: Mode::Managed,
        body: Body::Whole(text),
        questions: questions.to_vec(),
    }
}

impl Platform for OnPrem {
    fn resolve(&self, ctx: &mut Ctx<'_>, plan: &mut Plan) {
        checks::resolve(ctx, plan);
    }

    fn scaling_notes(&self, plan: &Plan) -> Vec<(&'static str, String)> {
        let n = names::instances(plan);
        let note = match tool::of(plan) {
            Tool::Kamal => format!("{n} hosts per environment, one container each (Kamal); no autoscaling"),
            Tool::Compose => {
                format!("{n} replicas on one host per environment (Docker Compose); no autoscaling")
            }
        };
        vec![("On own servers", note)]
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

    fn deploy_variables(&self, env: &EnvironmentPlan) -> Vec<Credential> {
        workflows::deploy_variables(env)
    }

    fn setup_steps(&self, plan: &Plan, deploys: bool, _backup_check: bool) -> Option<String> {
        Some(runbooks::steps(plan, deploys))
    }

    fn sign_in(&self) -> Option<&'static str> {
        Some("SSH access to\nthe servers")
    }

    fn manual_deploy(&self) -> Option<&'static str> {
        Some(
            "`kamal deploy -d <environment>` (or `docker compose up --detach --build --wait`) on the deploy host by hand",
        )
    }

    fn rollback_runbook(&self, plan: &Plan, _app: &str) -> Option<RollbackRunbook> {
        Some(runbooks::rollback(plan))
    }

    fn first_look(&self, plan: &Plan, _app: &str) -> Vec<String> {
        runbooks::first_look(plan)
    }

    fn backup_location(&self, plan: &Plan, _app: &str) -> Option<String> {
        restore::location(plan)
    }

    fn restore_steps(&self, plan: &Plan, _app: &str, minutes: &[u64], verify: &str) -> Option<Vec<Step>> {
        restore::steps(plan, minutes, verify)
    }

    fn config_files(&self, plan: &Plan) -> Vec<Artifact> {
        let mut out = Vec::new();
        match tool::of(plan) {
            Tool::Kamal => {
                out.push(managed(
                    "config/deploy.yml".to_owned(),
                    kamal::base(plan),
                    &[
                        "infrastructure.hosting",
                        "infrastructure.scaling",
                        "operations.deployment",
                        "operations.health_checks",
                        "operations.rollback",
                        "operations.logging",
                        "operations.configuration",
                    ],
                ));
                for (index, env) in plan.operations.deployment.environments.iter().enumerate() {
                    out.push(managed(
                        format!("config/deploy.{}.yml", env.name),
                        kamal::destination(plan, index, env),
                        &[
                            "infrastructure.hosting",
                            "infrastructure.scaling",
                            "operations.deployment",
                        ],
                    ));
                    out.push(managed(
                        format!(".kamal/secrets.{}", env.name),
                        secrets::render(plan, env),
                        &[
                            "infrastructure.hosting",
                            "infrastructure.scaling",
                            "operations.deployment",
                            "operations.configuration",
                        ],
                    ));
                }
            }
            Tool::Compose => out.push(managed(
                "compose.yaml".to_owned(),
                compose::render(plan),
                &[
                    "infrastructure.hosting",
                    "infrastructure.scaling",
                    "operations.health_checks",
                    "operations.logging",
                ],
            )),
        }
        if names::postgres(plan) {
            let unit = backup::unit(plan);
            out.push(managed(
                format!("{}/{}", backup::DIR, backup::SCRIPT),
                backup::script(plan),
                &["project", "operations.backup"],
            ));
            out.push(managed(
                format!("{}/{unit}.service", backup::DIR),
                backup::service(plan),
                &["operations.backup"],
            ));
            out.push(managed(
                format!("{}/{unit}.timer", backup::DIR),
                backup::timer(plan),
                &["operations.backup"],
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::{OnPrem, Platform};
    use crate::platforms::testing::check_questions;

    const EXAMPLE: &str = include_str!("../../../examples/onprem-kamal/shipspec.yaml");

    #[test]
    fn every_file_an_answer_changes_names_it() {
        let compose = EXAMPLE.replacen("deployed with Kamal;", "deployed with Docker Compose;", 1);
        let edits: &[(&str, &str, &str)] = &[
            (
                "infrastructure.hosting",
                "database_service: self-hosted",
                "database_service: rds",
            ),
            ("infrastructure.scaling", "min_instances: 2", "min_instances: 1"),
            ("infrastructure.scaling", "memory: 1gb", "memory: 2gb"),
            (
                "operations.deployment",
                "strategy: rolling",
                "strategy: immediate",
            ),
            ("operations.deployment", "{name: staging,", "{name: qa,"),
            (
                "operations.health_checks",
                "readiness_path: /ready",
                "readiness_path: /readyz",
            ),
            ("operations.rollback", "keep_releases: 3", "keep_releases: 5"),
            (
                "operations.backup",
                "retention_days: 30\n    rto",
                "retention_days: 7\n    rto",
            ),
            ("operations.logging", "level: info", "level: debug"),
            (
                "operations.configuration",
                "variables: [DATABASE_URL, API_KEYS, SENTRY_DSN]",
                "variables: [SENTRY_DSN]",
            ),
        ];
        check_questions(EXAMPLE, |plan| OnPrem.config_files(plan), edits);
        // Compose writes no strategy, releases kept or secret names (they
        // are in the host's .env).
        let compose_edits: Vec<_> = edits
            .iter()
            .copied()
            .filter(|(q, _, _)| {
                !matches!(
                    *q,
                    "operations.deployment" | "operations.rollback" | "operations.configuration"
                )
            })
            .collect();
        check_questions(&compose, |plan| OnPrem.config_files(plan), &compose_edits);
    }
}
