//! `app.json`: the app's manifest for Heroku's app setups, review apps and
//! Heroku CI (a `git push` does not read it): the web formation with its
//! dyno size, the Postgres add-on on the plan the backups need, and every
//! configuration variable by name, with a value only for the ones shipspec
//! decides (log level and format). Built as a JSON value.

use serde_json::{Map, Value, json};

use super::{build, dyno, postgres};
use crate::answers::vocab::{Database, SecretStore};
use crate::resolve::Plan;

/// Heroku's newest stack, for buildpack builds (a Dockerfile build runs on
/// the `container` stack, set by `heroku stack:set`).
const STACK: &str = "heroku-24";

/// Variables Heroku sets itself.
const SET_BY_HEROKU: &[&str] = &["PORT"];

/// Whether the Heroku Postgres add-on gives `DATABASE_URL`.
pub(super) fn addon(plan: &Plan) -> bool {
    postgres::on_heroku(plan) && plan.project.database == Database::Postgres
}

/// The config vars shipspec sets, each with its value.
pub(super) fn decided(plan: &Plan) -> Vec<(&'static str, String)> {
    let logging = &plan.operations.logging;
    vec![
        ("LOG_FORMAT", logging.format.as_str().to_owned()),
        ("LOG_LEVEL", logging.level.as_str().to_uppercase()),
    ]
}

/// The answered variables the team sets, in the answers' order, with
/// `DATABASE_URL` when a database outside Heroku must be reached.
pub(super) fn required(plan: &Plan) -> Vec<String> {
    let decided: Vec<&str> = decided(plan).iter().map(|(k, _)| *k).collect();
    let mut vars: Vec<String> = plan
        .operations
        .configuration
        .variables
        .iter()
        .filter(|v| !decided.contains(&v.as_str()) && !SET_BY_HEROKU.contains(&v.as_str()))
        .cloned()
        .collect();
    let database = !matches!(plan.project.database, Database::None | Database::Sqlite);
    if database && !vars.iter().any(|v| v == "DATABASE_URL") {
        vars.insert(0, "DATABASE_URL".to_owned());
    }
    if addon(plan) {
        vars.retain(|v| v != "DATABASE_URL");
    }
    vars
}

pub(super) fn render(plan: &Plan) -> String {
    let s = &plan.infrastructure.scaling;
    let mut env = Map::new();
    for (name, value) in decided(plan) {
        env.insert(
            name.to_owned(),
            json!({"description": "set by shipspec from the answers", "value": value}),
        );
    }
    let store = plan.operations.configuration.production;
    // Dynos see config vars only: a value kept elsewhere is copied in by hand (SS119).
    let description = if matches!(store, SecretStore::HerokuConfigVars | SecretStore::EnvVars) {
        format!("set in {}", store.label())
    } else {
        format!(
            "a config var, copied from {} with heroku config:set",
            store.label()
        )
    };
    for name in required(plan) {
        env.insert(name, json!({"description": description, "required": true}));
    }
    let mut doc = json!({
        "name": plan.project.name,
        "env": env,
        "formation": {
            "web": {
                "quantity": s.min_instances.max(1),
                "size": dyno::size(s).unwrap_or(dyno::largest().0),
            },
        },
    });
    if addon(plan) {
        doc["addons"] = json!([{
            "plan": format!("heroku-postgresql:{}", postgres::of(plan).plan),
            "as": "DATABASE",
        }]);
    }
    if !build::container(plan) {
        doc["stack"] = Value::from(STACK);
    }
    let mut text = serde_json::to_string_pretty(&doc)
        .unwrap_or_else(|e| panic!("bug in shipspec: app.json does not serialize: {e}"));
    text.push('\n');
    text
}
