//! What the Kubernetes workflow templates
//! (`templates/platforms/kubernetes/workflows/`) read: kubectl, the image
//! build, one kubeconfig per GitHub environment, and CloudNativePG's
//! backup list.

use std::collections::BTreeMap;

use super::names;
use crate::platforms::{Credential, Workflows};
use crate::render::workflows::pins::{BUILD_PUSH, DOCKER_LOGIN, Pin, SETUP_BUILDX, SETUP_KUBECTL};
use crate::render::workflows::settings::BACKUP_ENVIRONMENT;
use crate::resolve::Plan;
use crate::resolve::plan::EnvironmentPlan;

/// The kubeconfig kubectl reads, one per GitHub environment.
pub(super) const KUBECONFIG: &str = "KUBECONFIG_DATA";

/// Backups CloudNativePG records as `Backup` resources.
pub(super) const CNPG: &str = "cnpg";

pub(super) const TEMPLATES: &[(&str, &str)] = &[
    (
        "workflows/deploy.yml",
        include_str!("../../../templates/platforms/kubernetes/workflows/deploy.yml"),
    ),
    (
        "workflows/rollback.yml",
        include_str!("../../../templates/platforms/kubernetes/workflows/rollback.yml"),
    ),
    (
        "workflows/backup-check.yml",
        include_str!("../../../templates/platforms/kubernetes/workflows/backup-check.yml"),
    ),
];

pub(super) const PINS: &[(&str, &Pin)] = &[
    ("setup_kubectl", &SETUP_KUBECTL),
    ("login", &DOCKER_LOGIN),
    ("setup_buildx", &SETUP_BUILDX),
    ("build_push", &BUILD_PUSH),
];

pub(super) const NAMES: &[(&str, &str)] = &[("kubeconfig", KUBECONFIG)];

pub(super) fn values(plan: &Plan, env: &EnvironmentPlan) -> BTreeMap<&'static str, String> {
    BTreeMap::from([
        ("overlay", names::overlay(env)),
        ("namespace", names::namespace(env).to_owned()),
        ("deployment", names::deployment(plan).to_owned()),
        ("image", names::image(plan).to_owned()),
        ("database", names::database(plan)),
        ("timeout", names::rollout_timeout(plan)),
    ])
}

pub(super) fn deploy_secrets(env: &EnvironmentPlan) -> Vec<Credential> {
    let namespace = names::namespace(env);
    vec![Credential {
        name: KUBECONFIG,
        command: format!(
            "kubectl config view --minify --flatten --context <deployer-in-{namespace}> | gh secret set {KUBECONFIG} --env {}",
            env.name
        ),
        what: "a kubeconfig for a ServiceAccount whose Role allows applying the overlay in this environment's namespace only, never a cluster admin's",
    }]
}

pub(super) fn backup_check_secrets() -> Vec<Credential> {
    vec![Credential {
        name: KUBECONFIG,
        command: format!(
            "kubectl config view --minify --flatten --context <backup-reader> | gh secret set {KUBECONFIG} --env {BACKUP_ENVIRONMENT}"
        ),
        what: "a kubeconfig for a ServiceAccount that may only get and list `backups.postgresql.cnpg.io` in the production namespace",
    }]
}

pub(super) const WORKFLOWS: Workflows = Workflows {
    templates: TEMPLATES,
    pins: PINS,
    names: NAMES,
};
