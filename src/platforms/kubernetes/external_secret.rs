//! `base/externalsecret.yaml`: when the variables live in an outside store
//! (AWS, GCP, Azure, Vault, Doppler), an External Secrets Operator
//! `ExternalSecret` copies each into the app's Secret by name. A custom
//! resource: kubernetes-validate has no schema for it. The store itself is
//! a `ClusterSecretStore` named after the answer (`vault`), the cluster's.

use serde_json::{Value, json};

use crate::answers::vocab::SecretStore;
use crate::resolve::Plan;
use crate::resolve::plan::EnvironmentPlan;

use super::manifest::Manifest;
use super::{env, names};

/// Whether the answered store is outside the cluster, reached through the
/// External Secrets Operator.
pub(super) fn external(store: SecretStore) -> bool {
    !matches!(
        store,
        SecretStore::KubernetesSecrets
            | SecretStore::EnvVars
            | SecretStore::FlySecrets
            | SecretStore::HerokuConfigVars
    )
}

pub(super) fn manifest(plan: &Plan) -> Option<Manifest> {
    let store = plan.operations.configuration.production;
    let vars = env::secret_variables(plan);
    if !external(store) || vars.is_empty() {
        return None;
    }
    let name = &plan.project.name;
    Some(
        Manifest::new(
            "base/externalsecret.yaml",
            json!({
                "apiVersion": "external-secrets.io/v1",
                "kind": "ExternalSecret",
                "metadata": names::metadata(plan, name, "server"),
                "spec": {
                    "refreshInterval": "1h",
                    "secretStoreRef": { "kind": "ClusterSecretStore", "name": store.as_str() },
                    "target": { "name": names::secret(plan), "creationPolicy": "Owner" },
                    "data": data(plan, name),
                },
            }),
            &["operations.configuration", "security.secrets"],
        )
        .custom(),
    )
}

/// Each variable from the store, where an environment (`app`) keeps it:
/// one secret per environment holding every variable as a property, a
/// parameter per variable in SSM, a key of the store's config in Doppler.
fn data(plan: &Plan, app: &str) -> Value {
    let store = plan.operations.configuration.production;
    let refs = env::secret_variables(plan)
        .into_iter()
        .map(|var| {
            let remote = match store {
                SecretStore::AwsSsmParameterStore => json!({ "key": format!("/{app}/{var}") }),
                SecretStore::Doppler => json!({ "key": var }),
                _ => json!({ "key": app, "property": var }),
            };
            json!({ "secretKey": var, "remoteRef": remote })
        })
        .collect();
    Value::Array(refs)
}

/// The overlay's JSON patch reading the environment's own variables: its
/// secret (or parameters) by its app name; in Doppler, whose store picks
/// the project and config, the store `doppler-<environment>`.
pub(super) fn overlay_patch(plan: &Plan, env: &EnvironmentPlan) -> Option<Value> {
    manifest(plan)?;
    let store = plan.operations.configuration.production;
    Some(if store == SecretStore::Doppler {
        json!([{
            "op": "replace",
            "path": "/spec/secretStoreRef/name",
            "value": format!("{store}-{}", env.name),
        }])
    } else {
        json!([{ "op": "replace", "path": "/spec/data", "value": data(plan, &env.app) }])
    })
}
