//! Platforms: what each hosting platform can honour, the config files it
//! owns, and the commands the workflows and runbooks run on it. One folder
//! per platform, each behind [`Platform`]; resolve and render ask
//! [`of`] for the answered platform and never name one themselves.
//! `docs/platforms.md` says how to add a platform.

pub mod fly;
mod generic;
pub mod kubernetes;

use crate::answers::vocab;
use crate::render::Artifact;
use crate::render::runbooks::restore::Step;
use crate::render::workflows::pins::Pin;
use crate::render::workflows::settings::BackupSource;
use crate::resolve::Plan;
use crate::resolve::context::Ctx;

/// One hosting platform. The defaults are what shipspec does for a
/// platform it has no folder for yet: no config files, no deploy workflow,
/// generic commands; a platform overrides what it does better.
pub trait Platform: Sync {
    // What the platform can honour.

    /// Holds the resolved plan to what the platform can do: sizes, region
    /// codes, the autoscaling signal. Errors where an output would be
    /// wrong, warnings saying what is generated instead.
    fn resolve(&self, _ctx: &mut Ctx<'_>, _plan: &mut Plan) {}

    /// Whether `region` (a resolved code) lies inside the European Union.
    fn in_eu(&self, region: &str) -> bool {
        let r = region.to_ascii_lowercase();
        r.starts_with("eu") || r.contains("europe")
    }

    /// Place names and codes the answers' words may use for a region, each
    /// with the code it means.
    fn region_names(&self) -> Vec<(String, &'static str)> {
        Vec::new()
    }

    /// A region as the spec shows it.
    fn region_label(&self, code: &str) -> String {
        format!("`{code}`")
    }

    // What the specs say about it.

    /// Bullets the Regions block adds (where instances go).
    fn region_notes(&self, _plan: &Plan) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    /// Bullets the Scaling block adds (what scaling becomes here).
    fn scaling_notes(&self, _plan: &Plan) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    /// Where the app is served from, without a trailing slash, when the
    /// platform gives it an address of its own.
    fn app_url(&self, _app: &str) -> Option<String> {
        None
    }

    // What the workflow templates run.

    /// The pinned action that sets up the platform's CLI in a workflow.
    /// A platform with one gets deploy and rollback workflows.
    fn setup_action(&self) -> Option<&'static Pin> {
        None
    }

    /// Where the backup check reads the backups of `service` from, when
    /// the platform can list them.
    fn backup_source(&self, _service: vocab::DatabaseService) -> Option<BackupSource> {
        None
    }

    // What the runbooks print.

    /// Where the backups of `service` are kept and how to list them.
    fn backup_location(&self, _service: vocab::DatabaseService, _app: &str) -> Option<String> {
        None
    }

    /// The restore procedure, when the platform has one of its own for the
    /// answered database; `verify` is the readiness check it ends with.
    fn restore_steps(&self, _plan: &Plan, _app: &str, _minutes: &[u64], _verify: &str) -> Option<Vec<Step>> {
        None
    }

    // The config files it owns, each with its ownership mode.

    fn config_files(&self, _plan: &Plan) -> Vec<Artifact> {
        Vec::new()
    }
}

/// The platform folder for `platform`.
pub fn of(platform: vocab::Platform) -> &'static dyn Platform {
    match platform {
        vocab::Platform::Fly => &fly::Fly,
        vocab::Platform::Kubernetes => &kubernetes::Kubernetes,
        _ => &generic::Generic,
    }
}
