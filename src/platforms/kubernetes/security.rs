//! Security contexts meeting the Pod Security Standard "restricted", plus a
//! read-only root filesystem (the app writes only to the /tmp emptyDir).

use serde_json::{Value, json};

/// A non-root user and group no image ships with: never root, and above
/// 10000 so it cannot collide with a user on the node.
const UID: u32 = 10001;

pub(super) fn pod() -> Value {
    json!({
        "runAsNonRoot": true,
        "runAsUser": UID,
        "runAsGroup": UID,
        "fsGroup": UID,
        "seccompProfile": { "type": "RuntimeDefault" },
    })
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
