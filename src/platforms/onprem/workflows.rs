//! What the on-prem workflow templates (`templates/platforms/on-prem/workflows/`)
//! read: an SSH key and the host keys of each GitHub environment, and the
//! deploy host that holds a checkout, Kamal (or Docker Compose) and the
//! secret store's CLI, so no app secret passes through GitHub.

use std::collections::BTreeMap;

use super::names;
use super::tool;
use crate::platforms::{Credential, Workflows};
use crate::resolve::Plan;
use crate::resolve::plan::EnvironmentPlan;

pub(super) const SSH_KEY: &str = "SSH_PRIVATE_KEY";
pub(super) const KNOWN_HOSTS: &str = "SSH_KNOWN_HOSTS";
pub(super) const DEPLOY_HOST: &str = "DEPLOY_HOST";

const TEMPLATES: &[(&str, &str)] = &[
    (
        "workflows/deploy.yml",
        include_str!("../../../templates/platforms/on-prem/workflows/deploy.yml"),
    ),
    (
        "workflows/rollback.yml",
        include_str!("../../../templates/platforms/on-prem/workflows/rollback.yml"),
    ),
];

pub(super) const WORKFLOWS: Workflows = Workflows {
    templates: TEMPLATES,
    pins: &[],
    names: &[
        ("ssh_key", SSH_KEY),
        ("known_hosts", KNOWN_HOSTS),
        ("deploy_host", DEPLOY_HOST),
    ],
};

pub(super) fn values(plan: &Plan, env: &EnvironmentPlan) -> BTreeMap<&'static str, String> {
    BTreeMap::from([
        ("tool", tool::of(plan).as_str().to_owned()),
        ("checkout", names::checkout(env)),
    ])
}

pub(super) fn deploy_secrets(env: &EnvironmentPlan) -> Vec<Credential> {
    let key = format!("{}-deploy-key", env.app);
    vec![
        Credential {
            name: SSH_KEY,
            command: format!(
                "ssh-keygen -t ed25519 -N '' -C \"GitHub Actions deploy of {}\" -f {key} && cat {key} | gh secret set {SSH_KEY} --env {}",
                env.app, env.name
            ),
            what: "an SSH key of the deploy user on this environment's deploy host only (see Servers below for where its public half goes, and how to rotate it)",
        },
        Credential {
            name: KNOWN_HOSTS,
            command: format!(
                "ssh-keyscan -t ed25519 <deploy-host> | gh secret set {KNOWN_HOSTS} --env {}",
                env.name
            ),
            what: "the deploy host's public key, so the job refuses any other host (check its fingerprint on the host before trusting it)",
        },
    ]
}

pub(super) fn deploy_variables(env: &EnvironmentPlan) -> Vec<Credential> {
    vec![Credential {
        name: DEPLOY_HOST,
        command: format!(
            "gh variable set {DEPLOY_HOST} --env {} --body \"<deploy host name or address>\"",
            env.name
        ),
        what: "the host the job signs in to: it holds the checkout, Kamal or Docker Compose, and the secret store's CLI",
    }]
}
