//! What each environment's AWS resources are called: the names the
//! infrastructure code, the workflows and the runbooks must agree on.
//! Every environment gets its own cluster, service, task family, image
//! repository and database, all named as the environment's app.

use crate::resolve::Plan;
use crate::resolve::plan::EnvironmentPlan;

/// The folder of the generated Terraform.
pub(super) const TERRAFORM_DIR: &str = "deploy/terraform";
/// The generated CloudFormation template.
pub(super) const CLOUDFORMATION: &str = "deploy/cloudformation/stack.yml";
/// The task definition written when the rest is set up by hand.
pub(super) const TASK_DEFINITION_DIR: &str = "deploy/ecs";

pub(super) fn cluster(env: &EnvironmentPlan) -> &str {
    &env.app
}

pub(super) fn service(env: &EnvironmentPlan) -> &str {
    &env.app
}

pub(super) fn family(env: &EnvironmentPlan) -> &str {
    &env.app
}

pub(super) fn repository(env: &EnvironmentPlan) -> &str {
    &env.app
}

pub(super) fn log_group(app: &str) -> String {
    format!("/ecs/{app}")
}

pub(super) fn database(app: &str) -> String {
    format!("{app}-db")
}

/// The container in every task: the project's name.
pub(super) fn container(plan: &Plan) -> &str {
    &plan.project.name
}

/// The IAM role the GitHub environment's jobs assume.
pub(super) fn deploy_role(app: &str) -> String {
    format!("{app}-github-deploy")
}

/// The read-only role the backup check assumes.
pub(super) fn backup_check_role(plan: &Plan) -> String {
    format!("{}-backup-check", plan.project.name)
}
