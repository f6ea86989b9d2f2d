//! The Heroku CLI commands the setup, rollback and incident runbooks print.

use std::fmt::Write;

use super::{app_json, build, checks, dyno, postgres, workflows};
use crate::answers::vocab::{ScalingMode, Strategy};
use crate::platforms::RollbackRunbook;
use crate::resolve::Plan;

pub(super) fn rollback(app: &str) -> RollbackRunbook {
    RollbackRunbook {
        workflow_inputs: "optionally, the release to return to (`heroku releases`, e.g. `v42`);\nleft empty, it returns to the last succeeded release before the running one",
        intro: "Heroku keeps every release: a rollback creates a new release from an\nearlier one's build (slug) and config vars. Pick one that succeeded:\n`heroku releases` marks those whose release phase failed, which never ran.".to_owned(),
        commands: vec![
            format!("heroku releases --app {app} --num 10"),
            format!("heroku releases:rollback v<NN> --app {app}"),
            format!("heroku ps --app {app}"),
        ],
        after: "A rollback restores code and config vars only, never the database or the\nadd-ons: a migration the bad release ran stays applied, so the older code\nmust work with the newer schema (or restore the database, see the backup\nrunbook). The release phase runs again for the rolled-back release. The\nnext push deploys the branch again: revert the bad commit first.".to_owned(),
    }
}

pub(super) fn first_look(plan: &Plan, app: &str) -> Vec<String> {
    let mut out = vec![
        format!("heroku ps --app {app}"),
        format!("heroku logs --num 300 --app {app}"),
        format!("heroku releases --app {app} --num 5"),
    ];
    if app_json::addon(plan) {
        out.push(format!("heroku pg:info --app {app}"));
    }
    out
}

/// The setup runbook's Heroku part: the apps, add-ons and config vars, what
/// the dynos do after the first deploy, and the deploy key.
pub(super) fn steps(plan: &Plan, deploys: bool) -> String {
    let s = &plan.infrastructure.scaling;
    let size = dyno::size(s).unwrap_or(dyno::largest().0);
    let region = &plan.infrastructure.regions.primary;
    let mut out = String::from(
        "## Heroku apps\n\nOne app per environment, with what `app.json` describes (Heroku reads\n`app.json` only for app setups and review apps, so these commands do the\nsame by hand; each `read -rs value` waits for a value typed without echo, so\nno secret lands in the shell's history):\n\n```sh\n",
    );
    let envs = &plan.operations.deployment.environments;
    for env in envs {
        let app = &env.app;
        let _ = writeln!(out, "heroku create {app} --region {region}");
        if build::container(plan) {
            let _ = writeln!(out, "heroku stack:set container --app {app}");
        }
        if app_json::addon(plan) {
            let _ = writeln!(
                out,
                "heroku addons:create heroku-postgresql:{} --as DATABASE --app {app}",
                postgres::of(plan).plan
            );
        }
        let decided: Vec<String> = app_json::decided(plan)
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let _ = writeln!(out, "heroku config:set {} --app {app}", decided.join(" "));
        for var in app_json::required(plan) {
            // Typed without echo: a value on the command line stays in the shell's history.
            let _ = writeln!(
                out,
                "read -rs value && heroku config:set \"{var}=$value\" --app {app}"
            );
        }
    }
    out.push_str("```\n\nAfter the first deploy (a formation exists only once the web process has\nbeen released):\n\n```sh\n");
    for env in envs {
        let app = &env.app;
        let _ = writeln!(
            out,
            "heroku ps:scale web={}:{size} --app {app}",
            s.min_instances.max(1)
        );
        if plan.operations.deployment.strategy != Strategy::Immediate {
            let _ = writeln!(out, "heroku features:enable preboot --app {app}");
        }
        if s.mode != ScalingMode::Manual && dyno::is_performance(size) {
            let _ = writeln!(
                out,
                "heroku ps:autoscale:enable --min {} --max {} --p95 {} --app {app}",
                s.min_instances.max(1),
                s.max_instances.max(1),
                plan.operations.performance.p95_ms
            );
        }
        if app_json::addon(plan) {
            let _ = writeln!(
                out,
                "heroku pg:backups:schedule DATABASE_URL --at '02:00 UTC' --app {app}"
            );
        }
    }
    let _ = write!(
        out,
        "```\n\nHeroku has no health-check settings: a web dyno is healthy once it binds\n`$PORT`, within {} seconds of starting.",
        checks::BOOT_TIMEOUT_SECONDS
    );
    if plan.operations.deployment.strategy != Strategy::Immediate {
        out.push_str(
            " Preboot starts the new dynos and moves\ntraffic to them before the old ones stop; both releases serve for a few\nminutes.",
        );
    }
    out.push('\n');
    if deploys {
        let _ = write!(
            out,
            "\n## Heroku deploy key\n\nHeroku has no OIDC federation: the workflows read a long-lived API key,\n`{key}`, from each environment. Its scopes do not narrow a git push,\nso scope it by account: a deploy account per environment, a collaborator on\nthat environment's app only, signed in when the key is created with the\ncommand under Secrets above (it expires in {days} days):\n\n```sh\nheroku access:add <deploy-account-email> --app <app>\n```\n\nRotate it before it expires: create a new key the same way (it replaces the\nsecret), then revoke the old one:\n\n```sh\nheroku authorizations\nheroku authorizations:revoke <old-authorization-id>\n```\n",
            key = workflows::API_KEY,
            days = workflows::KEY_LIFETIME_SECONDS / 86_400
        );
    }
    out
}
