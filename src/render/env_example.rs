//! `.env.example` (managed): the configuration variables by name, never a
//! value, with where each environment keeps the real ones.

use serde::Serialize;

use super::artifact::{Artifact, Body, Mode};
use super::templates;
use crate::resolve::Plan;

#[derive(Serialize)]
struct EnvContext<'a> {
    variables: &'a [String],
    production: &'static str,
    development: &'static str,
}

pub fn render(plan: &Plan) -> Vec<Artifact> {
    let c = &plan.operations.configuration;
    if c.variables.is_empty() {
        return Vec::new();
    }
    let context = EnvContext {
        variables: &c.variables,
        production: c.production.label(),
        development: c.development.label(),
    };
    vec![Artifact {
        path: ".env.example".to_owned(),
        mode: Mode::Managed,
        body: Body::Whole(templates::render("env/env.example", &context)),
        questions: vec!["operations.configuration"],
    }]
}
