//! What each environment's Azure resources are called: the names the
//! Container App YAML, the workflows and the runbooks agree on. Every
//! environment gets its own container app, user-assigned identity and
//! PostgreSQL flexible server, named as the environment's app; the
//! resource group, Container Apps environment, registry and Key Vault are
//! the team's, named by variables of the GitHub environment.

use crate::resolve::plan::EnvironmentPlan;

/// The folder of the generated Container App YAML.
pub(super) const DIR: &str = "deploy/containerapps";

/// Written where a name only the team knows goes; the deploy workflow puts
/// the environment's values (variables below) in their places. In angle
/// brackets, so no variable name (`REGISTRY_URL`) and no value put in
/// before them can contain one.
pub(super) const SUBSCRIPTION: &str = "<subscription-id>";
pub(super) const RESOURCE_GROUP: &str = "<resource-group>";
pub(super) const MANAGED_ENVIRONMENT: &str = "<containerapps-environment>";
pub(super) const REGISTRY: &str = "<registry>";
pub(super) const KEY_VAULT: &str = "<key-vault>";

/// The variables of each GitHub environment the workflows read.
pub(super) const CLIENT_ID_VAR: &str = "AZURE_CLIENT_ID";
pub(super) const TENANT_ID_VAR: &str = "AZURE_TENANT_ID";
pub(super) const SUBSCRIPTION_VAR: &str = "AZURE_SUBSCRIPTION_ID";
pub(super) const RESOURCE_GROUP_VAR: &str = "AZURE_RESOURCE_GROUP";
pub(super) const ENVIRONMENT_VAR: &str = "AZURE_CONTAINERAPPS_ENVIRONMENT";
pub(super) const REGISTRY_VAR: &str = "AZURE_REGISTRY";
pub(super) const KEY_VAULT_VAR: &str = "AZURE_KEY_VAULT";

/// A container app's name: at most 32 characters.
pub(super) const APP_MAX: usize = 32;

pub(super) fn file(env: &EnvironmentPlan) -> String {
    format!("{DIR}/{}.containerapp.yaml", env.name)
}

pub(super) fn app(env: &EnvironmentPlan) -> &str {
    &env.app
}

/// The user-assigned identity the app pulls images and reads secrets as.
pub(super) fn identity(env: &EnvironmentPlan) -> String {
    format!("{}-identity", env.app)
}

/// The read-only identity the backup check signs in as.
pub(super) fn backup_check_identity(production: &EnvironmentPlan) -> String {
    format!("{}-backup-check", production.app)
}

/// The identity's resource id, with the placeholders the workflow fills in.
pub(super) fn identity_id(env: &EnvironmentPlan) -> String {
    format!(
        "/subscriptions/{SUBSCRIPTION}/resourceGroups/{RESOURCE_GROUP}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{}",
        identity(env)
    )
}

pub(super) fn environment_id() -> String {
    format!(
        "/subscriptions/{SUBSCRIPTION}/resourceGroups/{RESOURCE_GROUP}/providers/Microsoft.App/managedEnvironments/{MANAGED_ENVIRONMENT}"
    )
}

/// The image repository in the registry.
pub(super) fn repository(env: &EnvironmentPlan) -> &str {
    &env.app
}

/// The PostgreSQL flexible server.
pub(super) fn database(app: &str) -> String {
    format!("{app}-db")
}

/// A Key Vault secret name (letters, digits and dashes) for a variable.
pub(super) fn vault_secret(app: &str, variable: &str) -> String {
    format!("{app}-{}", variable.to_ascii_lowercase().replace('_', "-"))
}

/// The app's own name for a secret (lowercase letters, digits, dashes).
pub(super) fn app_secret(variable: &str) -> String {
    variable.to_ascii_lowercase().replace('_', "-")
}

/// The GitHub Actions identity of one environment (an Entra app or a
/// managed identity with a federated credential).
pub(super) fn deployer(env: &EnvironmentPlan) -> String {
    format!("{}-github-deploy", env.app)
}
