//! `base/hpa.yaml`: the HorizontalPodAutoscaler for `mode: auto` (and
//! `serverless`, warned about in resolve), on the answered CPU target as a
//! share of the pods' CPU request.

use serde_json::json;

use crate::answers::vocab::ScalingMode;
use crate::resolve::Plan;

use super::manifest::Manifest;
use super::names;

pub(super) fn manifest(plan: &Plan) -> Option<Manifest> {
    let s = &plan.infrastructure.scaling;
    if s.mode == ScalingMode::Manual {
        return None;
    }
    let name = &plan.project.name;
    // An HPA needs at least one pod to measure.
    let min = s.min_instances.max(1);
    Some(Manifest::new(
        "base/hpa.yaml",
        json!({
            "apiVersion": "autoscaling/v2",
            "kind": "HorizontalPodAutoscaler",
            "metadata": names::metadata(plan, name, "server"),
            "spec": {
                "scaleTargetRef": { "apiVersion": "apps/v1", "kind": "Deployment", "name": name },
                "minReplicas": min,
                "maxReplicas": s.max_instances.max(min),
                "metrics": [{
                    "type": "Resource",
                    "resource": {
                        "name": "cpu",
                        "target": { "type": "Utilization", "averageUtilization": s.cpu_target_percent },
                    },
                }],
            },
        }),
        &["infrastructure.scaling"],
    ))
}
