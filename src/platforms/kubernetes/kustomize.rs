//! The Kustomize layout: `base/kustomization.yaml` lists the manifests and
//! generates the ConfigMap (its name carries a hash of its content, so a
//! change rolls the pods and a rollback brings the old values back); each
//! `overlays/<env>/kustomization.yaml` puts the base in the environment's
//! namespace, with its image and its host.

use serde_json::{Value, json};

use crate::resolve::Plan;
use crate::resolve::plan::EnvironmentPlan;

use super::manifest::Manifest;
use super::{alerts, database, env, external_secret, ingress, names};

const API_VERSION: &str = "kustomize.config.k8s.io/v1beta1";

/// The tag each overlay gives the image until a deploy sets the image it
/// built, by registry path and digest, around the overlay. The name stays
/// the base's, so that the deploy's `images:` entry still finds it.
const IMAGE_TAG: &str = "set-when-deploying";

/// `base/kustomization.yaml`, listing the base's other files.
pub(super) fn base(plan: &Plan, files: &[&Manifest]) -> Manifest {
    let resources: Vec<&str> = files
        .iter()
        .filter_map(|m| m.path.strip_prefix("base/"))
        .collect();
    Manifest::new(
        "base/kustomization.yaml",
        json!({
            "apiVersion": API_VERSION,
            "kind": "Kustomization",
            "resources": resources,
            "configMapGenerator": [{
                "name": names::config_map(plan),
                "literals": env::config_literals(plan),
                "options": { "labels": names::labels(plan, "server") },
            }],
        }),
        &[
            "infrastructure.scaling",
            "operations.logging",
            "operations.configuration",
        ],
    )
}

/// `overlays/<env>/kustomization.yaml`.
pub(super) fn overlay(plan: &Plan, env: &EnvironmentPlan) -> Manifest {
    let name = &plan.project.name;
    let mut patches = vec![patch(
        "networking.k8s.io",
        "v1",
        "Ingress",
        name,
        ingress::host_patch(plan, env),
    )];
    if let Some(ops) = external_secret::overlay_patch(plan, env) {
        patches.push(patch("external-secrets.io", "v1", "ExternalSecret", name, ops));
    }
    if env::in_cluster_database(plan) {
        let ops = json!([{
            "op": "replace",
            "path": "/spec/configuration/destinationPath",
            "value": database::destination(plan, Some(env)),
        }]);
        patches.push(patch(
            "barmancloud.cnpg.io",
            "v1",
            "ObjectStore",
            &database::object_store(plan),
            ops,
        ));
    }
    let mut resources = vec!["../../base"];
    if alerts::in_overlay(plan, env) {
        resources.push(alerts::RULE_FILE);
    }
    Manifest::new(
        format!("overlays/{}/kustomization.yaml", env.name),
        json!({
            "apiVersion": API_VERSION,
            "kind": "Kustomization",
            "namespace": names::namespace(env),
            "resources": resources,
            "images": [{ "name": names::image(plan), "newTag": IMAGE_TAG }],
            "patches": patches,
        }),
        &[
            "operations.deployment",
            "operations.configuration",
            "security.encryption",
        ],
    )
}

/// A JSON 6902 patch of one object, written as YAML text.
fn patch(group: &str, version: &str, kind: &str, name: &str, ops: Value) -> Value {
    let text = serde_norway::to_string(&ops).expect("a JSON value serializes to YAML");
    json!({
        "target": { "group": group, "version": version, "kind": kind, "name": name },
        "patch": text,
    })
}
