//! What Fly.io's workflow templates (`templates/platforms/fly/workflows/`)
//! read: the flyctl action, the token, and where backups are listed.

use crate::platforms::{Credential, Workflows};
use crate::render::workflows::pins::{Pin, SETUP_FLYCTL};
use crate::render::workflows::settings::BACKUP_ENVIRONMENT;
use crate::resolve::plan::EnvironmentPlan;

/// The Fly.io token `flyctl` reads.
pub const FLY_TOKEN: &str = "FLY_API_TOKEN";
/// Fly Managed Postgres cluster id, read by the backup check.
pub const MPG_CLUSTER: &str = "FLY_MPG_CLUSTER_ID";
/// Fly volume id, read by the backup check.
pub const VOLUME: &str = "FLY_VOLUME_ID";

/// Backups of a Fly Managed Postgres cluster.
pub const MPG: &str = "mpg";
/// Snapshots of a Fly volume.
pub const VOLUME_SNAPSHOTS: &str = "volume";

pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "workflows/deploy.yml",
        include_str!("../../../templates/platforms/fly/workflows/deploy.yml"),
    ),
    (
        "workflows/rollback.yml",
        include_str!("../../../templates/platforms/fly/workflows/rollback.yml"),
    ),
    (
        "workflows/backup-check.yml",
        include_str!("../../../templates/platforms/fly/workflows/backup-check.yml"),
    ),
];

pub const PINS: &[(&str, &Pin)] = &[("setup_flyctl", &SETUP_FLYCTL)];

pub const NAMES: &[(&str, &str)] = &[
    ("fly_token", FLY_TOKEN),
    ("mpg_cluster", MPG_CLUSTER),
    ("volume", VOLUME),
];

pub fn deploy_secrets(env: &EnvironmentPlan) -> Vec<Credential> {
    vec![Credential {
        name: FLY_TOKEN,
        command: format!(
            "fly tokens create deploy --app {} | gh secret set {FLY_TOKEN} --env {}",
            env.app, env.name
        ),
        what: "a deploy token limited to this environment's app",
    }]
}

pub fn backup_check_secrets() -> Vec<Credential> {
    vec![Credential {
        name: FLY_TOKEN,
        command: format!("fly tokens create readonly | gh secret set {FLY_TOKEN} --env {BACKUP_ENVIRONMENT}"),
        what: "a read-only token: listing backups needs no more",
    }]
}

pub fn backup_check_variables(source: &str) -> Vec<Credential> {
    vec![if source == MPG {
        Credential {
            name: MPG_CLUSTER,
            command: format!("gh variable set {MPG_CLUSTER} --body \"<cluster id from fly mpg list>\""),
            what: "the Managed Postgres cluster whose backups are checked",
        }
    } else {
        Credential {
            name: VOLUME,
            command: format!("gh variable set {VOLUME} --body \"<volume id from fly volumes list>\""),
            what: "the volume whose snapshots are checked",
        }
    }]
}

pub(super) const WORKFLOWS: Workflows = Workflows {
    templates: TEMPLATES,
    pins: PINS,
    names: NAMES,
};
