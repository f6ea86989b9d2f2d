//! What each environment's Google Cloud resources are called: the names the
//! service YAML, the workflows and the runbooks must agree on. Every
//! environment gets its own Cloud Run service, Artifact Registry
//! repository, runtime service account and Cloud SQL instance, named as the
//! environment's app.

use crate::resolve::plan::EnvironmentPlan;

/// The folder of the generated service YAML.
pub(super) const DIR: &str = "deploy/cloudrun";

/// Written where the project's id goes; the deploy workflow puts the
/// project (a variable of the GitHub environment) in its place. In angle
/// brackets, so no variable name (`GCP_PROJECT_ID`) can contain it.
pub(super) const PROJECT: &str = "<project-id>";

/// The variables of each GitHub environment the workflows read.
pub(super) const PROJECT_VAR: &str = "GCP_PROJECT_ID";
pub(super) const PROVIDER_VAR: &str = "GCP_WORKLOAD_IDENTITY_PROVIDER";
pub(super) const DEPLOYER_VAR: &str = "GCP_SERVICE_ACCOUNT";

/// The longest service name: each deploy names its revision
/// `<service>-<commit>-<run number>-<attempt>`, within the 63 characters a
/// revision name may have (run number and attempt together 7 digits).
pub(super) const SERVICE_MAX: usize = 46;

pub(super) fn file(env: &EnvironmentPlan) -> String {
    format!("{DIR}/{}.service.yaml", env.name)
}

pub(super) fn service(env: &EnvironmentPlan) -> &str {
    &env.app
}

/// The Artifact Registry repository (Docker format) the images go to.
pub(super) fn repository(env: &EnvironmentPlan) -> &str {
    &env.app
}

/// The image, without its tag or digest, in `project`.
pub(super) fn image(region: &str, project: &str, env: &EnvironmentPlan) -> String {
    format!(
        "{region}-docker.pkg.dev/{project}/{}/{}",
        repository(env),
        service(env)
    )
}

/// A service account id: 6 to 30 characters, ending in a letter or digit.
fn account_id(app: &str, suffix: &str) -> String {
    let room = 30 - suffix.len() - 1;
    let head: String = app.chars().take(room).collect();
    format!("{}-{suffix}", head.trim_end_matches('-'))
}

/// The service account the service runs as (reads its secrets, connects
/// to its database), without the `@project…` part.
pub(super) fn runtime_account(env: &EnvironmentPlan) -> String {
    account_id(&env.app, "run")
}

/// The service account the environment's deploy jobs impersonate.
pub(super) fn deploy_account(env: &EnvironmentPlan) -> String {
    account_id(&env.app, "deploy")
}

/// The read-only service account the backup check acts as: it may only
/// list the production instance's backups.
pub(super) fn backup_check_account(production: &EnvironmentPlan) -> String {
    account_id(&production.app, "backup-check")
}

pub(super) fn email(account: &str, project: &str) -> String {
    format!("{account}@{project}.iam.gserviceaccount.com")
}

/// The Cloud SQL instance.
pub(super) fn database(app: &str) -> String {
    format!("{app}-db")
}

/// A secret in Secret Manager: one per variable and environment.
pub(super) fn secret(app: &str, variable: &str) -> String {
    format!("{app}-{variable}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_ids_fit_thirty_characters() {
        assert_eq!(account_id("notes-api", "run"), "notes-api-run");
        let long = account_id("a-very-long-application-name-staging", "deploy");
        assert!(long.len() <= 30 && long.ends_with("-deploy"), "{long}");
        assert_eq!(
            account_id("abcdefghijklmnopqrstuvw-xyz", "deploy"),
            "abcdefghijklmnopqrstuvw-deploy"
        );
    }
}
