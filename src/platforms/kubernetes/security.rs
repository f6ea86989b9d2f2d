//! Security contexts meeting the Pod Security Standard "restricted", plus a
//! read-only root filesystem (the app writes only to the /tmp emptyDir).

use serde_json::{Value, json};

/// A non-root user and group no image ships with: never root, and above
/// 10000 so it cannot collide with a user on the node.
const UID: u32 = 10001;

/// The first port a non-root process binds without a capability.
const UNPRIVILEGED_PORTS: u32 = 1024;

pub(super) fn pod(port: u32) -> Value {
    let mut context = json!({
        "runAsNonRoot": true,
        "runAsUser": UID,
        "runAsGroup": UID,
        "fsGroup": UID,
        "seccompProfile": { "type": "RuntimeDefault" },
    });
    // A non-root process gets no capability to bind a low port (Kubernetes
    // sets no ambient capabilities); this namespaced sysctl, a "safe" one
    // the restricted profile allows, lets it bind that port in its pod only.
    if port < UNPRIVILEGED_PORTS {
        context["sysctls"] = json!([{
            "name": "net.ipv4.ip_unprivileged_port_start",
            "value": port.to_string(),
        }]);
    }
    context
}

pub(super) fn container() -> Value {
    json!({
        "allowPrivilegeEscalation": false,
        "privileged": false,
        "readOnlyRootFilesystem": true,
        "runAsNonRoot": true,
        "capabilities": { "drop": ["ALL"] },
        "seccompProfile": { "type": "RuntimeDefault" },
    })
}
