//! Health-check stubs (mode `scaffold`): a liveness and a readiness endpoint
//! for the app's framework, written once and then the user's code. The
//! paths are the resolved ones fly.toml, the deploy smoke test and the spec
//! use.

use serde::Serialize;

use super::artifact::{Artifact, Body, Mode};
use super::templates;
use crate::answers::vocab::{Framework, HealthDependency};
use crate::resolve::Plan;

/// Seconds each readiness check may take.
pub const TIMEOUT_SECONDS: u32 = 2;

fn template(framework: Framework) -> &'static str {
    match framework {
        Framework::Fastapi => "health/fastapi.py",
        Framework::Flask => "health/flask.py",
        Framework::Django => "health/django.py",
        Framework::Express => "health/express.js",
        Framework::Axum => "health/axum.rs",
        Framework::NetHttp => "health/net-http.go",
    }
}

#[derive(Serialize)]
struct HealthContext {
    project: String,
    path: String,
    readiness_path: String,
    path_no_slash: String,
    readiness_path_no_slash: String,
    database: bool,
    redis: bool,
    check_names: String,
    timeout: u32,
}

pub fn render(plan: &Plan) -> Vec<Artifact> {
    let health = &plan.operations.health_checks;
    let framework = plan.project.framework;
    let database = health.checks.contains(&HealthDependency::Database);
    let redis = health.checks.contains(&HealthDependency::Redis);
    let names: Vec<&str> = health.checks.iter().map(|c| c.as_str()).collect();
    let context = HealthContext {
        project: plan.project.name.clone(),
        path: health.path.clone(),
        readiness_path: health.readiness_path.clone(),
        path_no_slash: health.path.trim_start_matches('/').to_owned(),
        readiness_path_no_slash: health.readiness_path.trim_start_matches('/').to_owned(),
        database,
        redis,
        check_names: if names.is_empty() {
            "nothing (no dependencies declared)".to_owned()
        } else {
            names.join(" and ")
        },
        timeout: TIMEOUT_SECONDS,
    };
    vec![Artifact {
        path: plan.outputs.health_module.clone(),
        mode: Mode::Scaffold,
        body: Body::Whole(templates::render(template(framework), &context)),
        questions: vec!["operations.health_checks"],
    }]
}
