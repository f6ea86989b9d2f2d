//! Platforms: what each hosting platform can honour, the config files it
//! owns, and the commands the workflows and runbooks run on it. One folder
//! per platform, each behind [`Platform`]; resolve and render ask
//! [`of`] for the answered platform and never name one themselves.
//! `docs/platforms.md` says how to add a platform.

mod alert_terraform;
pub mod aws;
pub mod azure;
mod catalog;
mod daily_backups;
pub mod datadog;
pub mod fly;
pub mod gcp;
pub mod heroku;
pub mod kubernetes;
pub mod onprem;
mod yaml;

use std::collections::BTreeMap;

use crate::answers::vocab;
use crate::render::Artifact;
use crate::render::alerts::Alerting;
use crate::render::runbooks::restore::Step;
use crate::render::workflows::pins::Pin;
use crate::resolve::Plan;
use crate::resolve::context::Ctx;
use crate::resolve::plan::EnvironmentPlan;

/// A secret or repository variable a workflow reads, with the shell
/// command that creates it (a secret is piped, never printed).
pub struct Credential {
    pub name: &'static str,
    pub command: String,
    pub what: &'static str,
}

/// A platform's workflow templates, each `(file, text)` and rendered with
/// `{= =}` for values: with a `deploy.yml` the platform deploys from CI and
/// its `rollback.yml` comes too; its `backup-check.yml` is used when
/// [`Platform::backup_source`] names a source. The templates read the
/// pinned actions as `pins.<key>` and secret and variable names as
/// `names.<key>`.
pub struct Workflows {
    pub templates: &'static [(&'static str, &'static str)],
    pub pins: &'static [(&'static str, &'static Pin)],
    pub names: &'static [(&'static str, &'static str)],
}

impl Workflows {
    /// No workflows of its own: CI only.
    pub const NONE: Workflows = Workflows {
        templates: &[],
        pins: &[],
        names: &[],
    };

    /// Whether the platform has its own template `file`.
    pub fn has(&self, file: &str) -> bool {
        self.templates.iter().any(|(f, _)| *f == file)
    }
}

/// How the rollback runbook rolls back on the platform.
pub struct RollbackRunbook {
    /// What the rollback workflow's inputs mean, after "Pick the environment and".
    pub workflow_inputs: &'static str,
    /// The first paragraph of "Roll back by hand".
    pub intro: String,
    pub commands: Vec<String>,
    /// What to know about the commands.
    pub after: String,
}

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

    /// The platform's workflow templates and what they read, when it
    /// deploys from CI (see [`Workflows`]).
    fn workflows(&self) -> &'static Workflows {
        &Workflows::NONE
    }

    /// Values the templates read per environment: `job.values.<key>` in
    /// the deploy workflow, `env.values.<key>` in the rollback workflow,
    /// `production.<key>` in the backup check.
    fn environment_values(&self, _plan: &Plan, _env: &EnvironmentPlan) -> BTreeMap<&'static str, String> {
        BTreeMap::new()
    }

    /// The secrets a deploy or rollback of `env` reads from its GitHub
    /// environment.
    fn deploy_secrets(&self, _env: &EnvironmentPlan) -> Vec<Credential> {
        Vec::new()
    }

    /// The variables (identifiers, not secrets) a deploy or rollback of
    /// `env` reads from its GitHub environment.
    fn deploy_variables(&self, _env: &EnvironmentPlan) -> Vec<Credential> {
        Vec::new()
    }

    /// Where the backup check reads the backups of the answered database
    /// from (the template's `source`), when the platform can list them.
    fn backup_source(&self, _plan: &Plan) -> Option<&'static str> {
        None
    }

    /// The secrets the backup check reads from its GitHub environment.
    fn backup_check_secrets(&self) -> Vec<Credential> {
        Vec::new()
    }

    /// The repository variables the backup check reads for `source`.
    fn backup_check_variables(&self, _source: &str) -> Vec<Credential> {
        Vec::new()
    }

    /// The variables the backup check reads from its GitHub environment.
    fn backup_check_environment_variables(&self, _plan: &Plan) -> Vec<Credential> {
        Vec::new()
    }

    /// What else the setup runbook must say before the first run (Markdown,
    /// from a `##` heading), given which workflows exist.
    fn setup_steps(&self, _plan: &Plan, _deploys: bool, _backup_check: bool) -> Option<String> {
        None
    }

    /// The platform CLI the setup commands need signed in, as the setup
    /// runbook names it.
    fn sign_in(&self) -> Option<&'static str> {
        None
    }

    /// How a manual deploy is done, for the spec's Deployment block.
    fn manual_deploy(&self) -> Option<&'static str> {
        None
    }

    // What the runbooks print.

    /// How to roll `app` back, by workflow and by hand.
    fn rollback_runbook(&self, _plan: &Plan, _app: &str) -> Option<RollbackRunbook> {
        None
    }

    /// The commands an incident starts with for `app`.
    fn first_look(&self, _plan: &Plan, _app: &str) -> Vec<String> {
        Vec::new()
    }

    /// Where the backups of the answered database are kept and how to list them.
    fn backup_location(&self, _plan: &Plan, _app: &str) -> Option<String> {
        None
    }

    /// The restore procedure, when the platform has one of its own for the
    /// answered database; `verify` is the readiness check it ends with.
    fn restore_steps(&self, _plan: &Plan, _app: &str, _minutes: &[u64], _verify: &str) -> Option<Vec<Step>> {
        None
    }

    // What watches it.

    /// The alerts the answers ask for (Q4, Q5, Q20) as this platform runs
    /// them: rule files, what evaluates them, where the budget alert is.
    /// `None`: nothing is generated and resolve says so (SS120).
    fn alerts(&self, _plan: &Plan) -> Option<Alerting> {
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
        vocab::Platform::Aws => &aws::Aws,
        vocab::Platform::Kubernetes => &kubernetes::Kubernetes,
        vocab::Platform::Heroku => &heroku::Heroku,
        vocab::Platform::OnPrem => &onprem::OnPrem,
        vocab::Platform::Gcp => &gcp::Gcp,
        vocab::Platform::Azure => &azure::Azure,
    }
}

/// Checks shared by the platforms' own tests.
#[cfg(test)]
pub(crate) mod testing {
    use std::collections::{BTreeMap, BTreeSet};

    use crate::render::{Artifact, Body};
    use crate::resolve::Plan;

    fn plan(yaml: &str) -> Plan {
        let loaded = crate::answers::load("shipspec.yaml", yaml.as_bytes()).expect("loads");
        let resolved = crate::resolve::resolve(&loaded);
        assert!(resolved.ok(), "{yaml}\n{:?}", resolved.diagnostics);
        resolved.plan
    }

    fn files(artifacts: Vec<Artifact>) -> BTreeMap<String, (String, Vec<&'static str>)> {
        artifacts
            .into_iter()
            .map(|a| {
                let Body::Whole(text) = a.body else {
                    panic!("{} is not a whole file", a.path)
                };
                (a.path, (text, a.questions))
            })
            .collect()
    }

    /// One edit of `example` per `(question, from, to)`: every file the
    /// edit changes, adds or removes must name that question, so
    /// `explain` is right.
    pub(crate) fn check_questions(
        example: &str,
        render: impl Fn(&Plan) -> Vec<Artifact>,
        edits: &[(&'static str, &str, &str)],
    ) {
        let before = files(render(&plan(example)));
        let mut missing = Vec::new();
        for (question, from, to) in edits {
            assert!(example.contains(from), "{from:?} is not in the example");
            let after = files(render(&plan(&example.replacen(from, to, 1))));
            let paths: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
            let mut changed = false;
            for path in paths {
                let (old, new) = (before.get(path), after.get(path));
                if old.map(|f| &f.0) == new.map(|f| &f.0) {
                    continue;
                }
                changed = true;
                if ![old, new].iter().flatten().any(|f| f.1.contains(question)) {
                    missing.push(format!("{question} ({from:?} → {to:?}) changes {path}"));
                }
            }
            assert!(changed, "{question} ({from:?} → {to:?}) changes no file");
        }
        assert!(missing.is_empty(), "not named:\n{}", missing.join("\n"));
    }
}
