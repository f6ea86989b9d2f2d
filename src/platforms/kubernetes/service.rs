//! `base/service.yaml`: a ClusterIP Service on the app's port; the Ingress
//! (or whatever the cluster exposes it with) reaches the pods through it.

use serde_json::json;

use crate::resolve::Plan;

use super::manifest::Manifest;
use super::names;

/// The port the Service listens on; it forwards to the container's port.
pub(super) const PORT: u16 = 80;

pub(super) fn manifest(plan: &Plan) -> Manifest {
    Manifest::new(
        "base/service.yaml",
        json!({
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": names::metadata(plan, &plan.project.name, "server"),
            "spec": {
                "type": "ClusterIP",
                "selector": names::selector(plan),
                "ports": [{ "name": "http", "port": PORT, "targetPort": "http", "protocol": "TCP" }],
            },
        }),
        &[],
    )
}
