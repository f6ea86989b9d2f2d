//! `docs/runbooks/setup.md`: the first-deploy checklist, rendered from the
//! same [`Settings`] the workflows take their secret and variable names
//! from, so the two can never disagree.

use serde::Serialize;

use crate::render::workflows::settings::{SecretSetting, Settings};

#[derive(Serialize)]
struct Rule {
    name: String,
    /// `branch` or `tag`, as GitHub's deployment-branch-policies API says.
    kind: &'static str,
}

#[derive(Serialize)]
struct Environment {
    name: String,
    purpose: String,
    used_by: String,
    reviewers: bool,
    /// "branch `main` and tags `v*`", for people.
    refs: String,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
struct Secret {
    name: &'static str,
    environment: String,
    used_by: String,
    what: &'static str,
    command: String,
}

#[derive(Serialize)]
struct Variable {
    name: &'static str,
    used_by: String,
    what: &'static str,
    command: String,
}

#[derive(Serialize)]
pub(super) struct SetupContext {
    header: &'static str,
    project: String,
    platform: &'static str,
    /// The platform CLI the commands need signed in, if any.
    sign_in: Option<&'static str>,
    environments: Vec<Environment>,
    secrets: Vec<Secret>,
    variables: Vec<Variable>,
    environment_variables: Vec<Secret>,
    platform_steps: Option<String>,
    actions: Vec<String>,
    opens_issues: bool,
}

fn files(list: &[&str]) -> String {
    list.iter()
        .map(|f| format!("`{f}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn refs(branches: &[String], tags: &[String]) -> String {
    let mut parts = Vec::new();
    if !branches.is_empty() {
        let kind = if branches.len() == 1 { "branch" } else { "branches" };
        parts.push(format!(
            "{kind} {}",
            files(&branches.iter().map(String::as_str).collect::<Vec<_>>())
        ));
    }
    if !tags.is_empty() {
        parts.push(format!(
            "tags {}",
            files(&tags.iter().map(String::as_str).collect::<Vec<_>>())
        ));
    }
    parts.join(" and ")
}

/// A secret, or an environment's variable, as the checklist lists it.
fn secret(s: &SecretSetting) -> Secret {
    Secret {
        name: s.name,
        environment: s.environment.clone(),
        used_by: files(&s.used_by),
        what: s.what,
        command: s.command.clone(),
    }
}

pub(super) fn context(
    header: &'static str,
    project: String,
    platform: &'static str,
    sign_in: Option<&'static str>,
    settings: &Settings,
) -> SetupContext {
    SetupContext {
        header,
        project,
        platform,
        sign_in,
        environments: settings
            .environments
            .iter()
            .map(|e| Environment {
                name: e.name.clone(),
                purpose: e.purpose.clone(),
                used_by: files(&e.used_by),
                reviewers: e.reviewers,
                refs: refs(&e.branches, &e.tags),
                rules: e
                    .branches
                    .iter()
                    .map(|b| Rule {
                        name: b.clone(),
                        kind: "branch",
                    })
                    .chain(e.tags.iter().map(|t| Rule {
                        name: t.clone(),
                        kind: "tag",
                    }))
                    .collect(),
            })
            .collect(),
        secrets: settings.secrets.iter().map(secret).collect(),
        variables: settings
            .variables
            .iter()
            .map(|v| Variable {
                name: v.name,
                used_by: files(&v.used_by),
                what: v.what,
                command: v.command.clone(),
            })
            .collect(),
        environment_variables: settings.environment_variables.iter().map(secret).collect(),
        platform_steps: settings.platform_steps.clone(),
        actions: settings.actions.clone(),
        opens_issues: settings.opens_issues,
    }
}
