//! `base/ingress.yaml`: the app's public address. The answers name no
//! domain, so the host is a placeholder under `.invalid` (a name that can
//! never resolve) that each overlay sets per environment and the user
//! replaces; with TLS in transit the Ingress serves HTTPS from the
//! `<app>-tls` Secret (cert-manager or a certificate of their own).

use serde_json::{Value, json};

use crate::answers::vocab::InTransit;
use crate::resolve::Plan;
use crate::resolve::plan::EnvironmentPlan;

use super::manifest::Manifest;
use super::names;

/// The placeholder host of an environment (its platform app name).
pub(super) fn host(env_app: &str) -> String {
    format!("{env_app}.example.invalid")
}

fn tls(plan: &Plan) -> bool {
    plan.security.encryption.in_transit == InTransit::Tls
}

pub(super) fn manifest(plan: &Plan) -> Manifest {
    let name = &plan.project.name;
    let host = host(name);
    let mut spec = json!({
        "rules": [{
            "host": host,
            "http": {
                "paths": [{
                    "path": "/",
                    "pathType": "Prefix",
                    "backend": { "service": { "name": name, "port": { "name": "http" } } },
                }],
            },
        }],
    });
    if tls(plan) {
        spec["tls"] = json!([{ "hosts": [host], "secretName": format!("{name}-tls") }]);
    }
    Manifest::new(
        "base/ingress.yaml",
        json!({
            "apiVersion": "networking.k8s.io/v1",
            "kind": "Ingress",
            "metadata": names::metadata(plan, name, "server"),
            "spec": spec,
        }),
        &["security.encryption"],
    )
}

/// The overlay's JSON patch setting the environment's host.
pub(super) fn host_patch(plan: &Plan, env: &EnvironmentPlan) -> Value {
    let host = host(&env.app);
    let mut ops = vec![json!({ "op": "replace", "path": "/spec/rules/0/host", "value": host })];
    if tls(plan) {
        ops.push(json!({ "op": "replace", "path": "/spec/tls/0/hosts/0", "value": host }));
    }
    Value::Array(ops)
}
