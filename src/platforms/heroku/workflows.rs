//! What the Heroku workflow templates (`templates/platforms/heroku/workflows/`)
//! read: the API key of each GitHub environment (Heroku has no OIDC), and
//! the health path the smoke test polls.

use std::collections::BTreeMap;

use crate::answers::vocab::Strategy;
use crate::platforms::{Credential, Workflows};
use crate::resolve::Plan;
use crate::resolve::plan::EnvironmentPlan;

/// The API key git and the Heroku CLI read.
pub(super) const API_KEY: &str = "HEROKU_API_KEY";

/// Seconds a deploy key lives before it must be rotated: 90 days.
pub(super) const KEY_LIFETIME_SECONDS: u32 = 90 * 24 * 3600;

const TEMPLATES: &[(&str, &str)] = &[
    (
        "workflows/deploy.yml",
        include_str!("../../../templates/platforms/heroku/workflows/deploy.yml"),
    ),
    (
        "workflows/rollback.yml",
        include_str!("../../../templates/platforms/heroku/workflows/rollback.yml"),
    ),
];

pub(super) const WORKFLOWS: Workflows = Workflows {
    templates: TEMPLATES,
    pins: &[],
    names: &[("api_key", API_KEY)],
};

pub(super) fn values(plan: &Plan, _env: &EnvironmentPlan) -> BTreeMap<&'static str, String> {
    let health = &plan.operations.health_checks;
    let strategy = match plan.operations.deployment.strategy {
        Strategy::Immediate => "dynos restart with the new release",
        Strategy::Rolling | Strategy::Bluegreen | Strategy::Canary => "preboot",
    };
    BTreeMap::from([
        (
            "health_path",
            if health.enabled {
                health.path.clone()
            } else {
                "/".to_owned()
            },
        ),
        ("strategy", strategy.to_owned()),
    ])
}

pub(super) fn deploy_secrets(env: &EnvironmentPlan) -> Vec<Credential> {
    vec![Credential {
        name: API_KEY,
        command: format!(
            "heroku authorizations:create --description \"GitHub Actions: deploy {}\" --expires-in {KEY_LIFETIME_SECONDS} --short | gh secret set {API_KEY} --env {}",
            env.app, env.name
        ),
        what: "an API key of a deploy account that is a collaborator on this environment's app only, expiring in 90 days (see Heroku deploy key below)",
    }]
}
