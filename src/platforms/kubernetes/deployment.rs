//! `base/deployment.yaml`: the app's pods, sized, probed and locked down as
//! answered.

use serde_json::{Value, json};

use crate::answers::vocab::{ScalingMode, Strategy};
use crate::resolve::Plan;

use super::manifest::{Manifest, checkov_skips};
use super::{env, names, probes, quantity, security};

/// Time for a pod to be scheduled and pull its image, on top of its
/// startup window, before a rollout counts as stuck.
const SCHEDULE_AND_PULL_SECONDS: u32 = 120;

const QUESTIONS: &[&str] = &[
    "infrastructure.scaling",
    "operations.deployment",
    "operations.health_checks",
    "operations.rollback",
    "operations.configuration",
];

pub(super) fn manifest(plan: &Plan) -> Manifest {
    let scaling = &plan.infrastructure.scaling;
    let name = &plan.project.name;
    let memory = quantity::memory(scaling.memory).unwrap_or_default();
    let cpus = quantity::cpus(scaling.cpus);
    let resources = json!({ "cpu": cpus, "memory": memory });

    let mut container = json!({
        "name": names::CONTAINER,
        "image": names::image(plan),
        "imagePullPolicy": "Always",
        "ports": [{ "name": "http", "containerPort": plan.project.port, "protocol": "TCP" }],
        "envFrom": [{ "configMapRef": { "name": names::config_map(plan) } }],
        "resources": { "requests": resources, "limits": resources },
        "securityContext": security::container(),
        "volumeMounts": [{ "name": "tmp", "mountPath": "/tmp" }],
    });
    let secret_env = env::container_env(plan);
    let reads_secrets = !secret_env.is_empty();
    if reads_secrets {
        container["env"] = Value::Array(secret_env);
    }
    for (field, probe) in probes::probes(plan) {
        container[field] = probe;
    }

    let mut skips = vec![(
        "CKV_K8S_43",
        "the overlay's images entry is set to the built image's digest when deploying",
    )];
    if reads_secrets {
        skips.push((
            "CKV_K8S_35",
            "the app reads its configuration from environment variables (Q19), secrets included",
        ));
    }
    if !plan.operations.health_checks.enabled {
        skips.push(("CKV_K8S_8", "health checks are off in the answers (Q14)"));
        skips.push(("CKV_K8S_9", "health checks are off in the answers (Q14)"));
    }

    let mut metadata = names::metadata(plan, name, "server");
    metadata["annotations"] = checkov_skips(&skips);

    let mut spec = json!({
        "revisionHistoryLimit": plan.operations.rollback.keep_releases,
        "progressDeadlineSeconds": probes::startup_window(plan) + SCHEDULE_AND_PULL_SECONDS,
        "selector": { "matchLabels": names::selector(plan) },
        "strategy": strategy(plan.operations.deployment.strategy),
        "template": {
            "metadata": { "labels": names::labels(plan, "server") },
            "spec": {
                "automountServiceAccountToken": false,
                "securityContext": security::pod(plan.project.port),
                "topologySpreadConstraints": spread(plan),
                "containers": [container],
                "volumes": [{ "name": "tmp", "emptyDir": {} }],
            },
        },
    });
    // An autoscaler owns the replica count: a count here would reset it on
    // every apply.
    if scaling.mode == ScalingMode::Manual {
        spec["replicas"] = json!(scaling.min_instances);
    }

    Manifest::new(
        "base/deployment.yaml",
        json!({
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": metadata,
            "spec": spec,
        }),
        QUESTIONS,
    )
}

/// Pods spread over nodes and zones where the cluster has room, so one
/// node or zone going down takes at most its share (a preference: a
/// single-node cluster still schedules every pod).
fn spread(plan: &Plan) -> Value {
    let constraint = |key: &str| {
        json!({
            "maxSkew": 1,
            "topologyKey": key,
            "whenUnsatisfiable": "ScheduleAnyway",
            "labelSelector": { "matchLabels": names::selector(plan) },
        })
    };
    json!([
        constraint("kubernetes.io/hostname"),
        constraint("topology.kubernetes.io/zone")
    ])
}

/// `immediate` replaces every pod at once; everything else rolls, starting
/// each new pod before stopping an old one (blue-green and canary need
/// Argo Rollouts or Flagger: warned about in resolve).
fn strategy(strategy: Strategy) -> Value {
    match strategy {
        Strategy::Immediate => json!({ "type": "Recreate" }),
        Strategy::Rolling | Strategy::Bluegreen | Strategy::Canary => json!({
            "type": "RollingUpdate",
            "rollingUpdate": { "maxSurge": "25%", "maxUnavailable": 0 },
        }),
    }
}
