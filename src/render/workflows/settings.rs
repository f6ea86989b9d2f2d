//! What the generated workflows need from GitHub and the platform before
//! their first run: GitHub environments and their protection rules,
//! secrets, variables, and the actions an organisation must allow.
//!
//! The workflows take every secret and variable name from here, and the
//! setup runbook (`docs/runbooks/setup.md`) is rendered from the same list,
//! so a workflow cannot read a secret the checklist leaves out.

use serde::Serialize;

use super::Outputs;
use crate::answers::vocab::Trigger;
use crate::resolve::Plan;

/// The GitHub environment that holds the backup check's read-only token.
pub const BACKUP_ENVIRONMENT: &str = "backup-check";

#[derive(Clone, Debug, Serialize)]
pub struct Settings {
    pub environments: Vec<EnvironmentSetting>,
    pub secrets: Vec<SecretSetting>,
    pub variables: Vec<VariableSetting>,
    /// `owner/repo` of every action the workflows use, sorted.
    pub actions: Vec<String>,
    /// Whether a workflow opens issues (the restore-test reminder).
    pub opens_issues: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct EnvironmentSetting {
    pub name: String,
    /// What runs in it, for people.
    pub purpose: String,
    pub used_by: Vec<&'static str>,
    /// Required reviewers: a person approves each run (manual environments).
    pub reviewers: bool,
    /// Deployment branch rules: the only branches whose runs may use it.
    pub branches: Vec<String>,
    /// Deployment tag rules.
    pub tags: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SecretSetting {
    pub name: &'static str,
    /// The GitHub environment it belongs to (never a repository secret:
    /// a secret outside an environment is readable by every job).
    pub environment: String,
    pub used_by: Vec<&'static str>,
    /// The shell command that creates it without printing it.
    pub command: String,
    pub what: &'static str,
}

#[derive(Clone, Debug, Serialize)]
pub struct VariableSetting {
    pub name: &'static str,
    pub used_by: Vec<&'static str>,
    pub command: String,
    pub what: &'static str,
}

pub fn settings(plan: &Plan, outputs: &Outputs) -> Settings {
    let platform = crate::platforms::of(plan.infrastructure.hosting.platform);
    let envs = &plan.operations.deployment.environments;
    let mut environments = Vec::new();
    let mut secrets = Vec::new();
    let mut variables = Vec::new();
    let mut used_by_deploys = Vec::new();
    if outputs.deploy {
        used_by_deploys.push("deploy.yml");
    }
    if outputs.rollback {
        used_by_deploys.push("rollback.yml");
    }
    if !used_by_deploys.is_empty() {
        for env in envs {
            let (branches, tags) = match env.trigger {
                Trigger::Push | Trigger::Manual => (vec![env.branch.clone()], vec![]),
                // Tag deploys run on tags; rollbacks are started from the branch.
                Trigger::Tag => (vec![env.branch.clone()], vec!["v*".to_owned()]),
            };
            let purpose = match env.trigger {
                Trigger::Push => format!("deploys `{}` on every push to `{}`", env.app, env.branch),
                Trigger::Tag => format!("deploys `{}` on every `v*` tag", env.app),
                Trigger::Manual => format!(
                    "deploys `{}` only when someone runs the Deploy workflow from `{}` and a reviewer approves",
                    env.app, env.branch
                ),
            };
            environments.push(EnvironmentSetting {
                name: env.name.clone(),
                purpose,
                used_by: used_by_deploys.clone(),
                reviewers: env.trigger == Trigger::Manual,
                branches,
                tags,
            });
            secrets.extend(platform.deploy_secrets(env).into_iter().map(|c| SecretSetting {
                name: c.name,
                environment: env.name.clone(),
                used_by: used_by_deploys.clone(),
                command: c.command,
                what: c.what,
            }));
        }
    }
    if let Some(source) = outputs.backup {
        environments.push(EnvironmentSetting {
            name: BACKUP_ENVIRONMENT.to_owned(),
            purpose: "holds the read-only token the scheduled backup check uses; no reviewers, since nobody is there to approve a scheduled run".to_owned(),
            used_by: vec!["backup-check.yml"],
            reviewers: false,
            branches: vec![default_branch(plan)],
            tags: vec![],
        });
        secrets.extend(
            platform
                .backup_check_secrets()
                .into_iter()
                .map(|c| SecretSetting {
                    name: c.name,
                    environment: BACKUP_ENVIRONMENT.to_owned(),
                    used_by: vec!["backup-check.yml"],
                    command: c.command,
                    what: c.what,
                }),
        );
        variables.extend(
            platform
                .backup_check_variables(source)
                .into_iter()
                .map(|c| VariableSetting {
                    name: c.name,
                    used_by: vec!["backup-check.yml"],
                    command: c.command,
                    what: c.what,
                }),
        );
    }
    Settings {
        environments,
        secrets,
        variables,
        actions: outputs.actions.clone(),
        opens_issues: outputs.restore_reminder,
    }
}

/// The branch scheduled runs start from: the first push branch, else `main`.
pub fn default_branch(plan: &Plan) -> String {
    plan.operations
        .deployment
        .environments
        .iter()
        .find(|e| e.trigger == Trigger::Push)
        .map_or_else(|| "main".to_owned(), |e| e.branch.clone())
}
