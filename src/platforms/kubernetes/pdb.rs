//! `base/pdb.yaml`: with two pods or more, node drains and upgrades take at
//! most one away at a time. With one pod a budget would block drains.

use serde_json::json;

use crate::answers::vocab::ScalingMode;
use crate::resolve::Plan;

use super::manifest::Manifest;
use super::names;

pub(super) fn manifest(plan: &Plan) -> Option<Manifest> {
    let s = &plan.infrastructure.scaling;
    let fewest = match s.mode {
        ScalingMode::Manual => s.min_instances,
        ScalingMode::Auto | ScalingMode::Serverless => s.min_instances.max(1),
    };
    if fewest < 2 {
        return None;
    }
    Some(Manifest::new(
        "base/pdb.yaml",
        json!({
            "apiVersion": "policy/v1",
            "kind": "PodDisruptionBudget",
            "metadata": names::metadata(plan, &plan.project.name, "server"),
            "spec": {
                "maxUnavailable": 1,
                "selector": { "matchLabels": names::selector(plan) },
            },
        }),
        &["infrastructure.scaling"],
    ))
}
