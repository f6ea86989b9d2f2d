//! Kubernetes (GKE, EKS, AKS, k3s or self-managed): a Kustomize base and
//! one overlay per environment, applied by the deploy workflow with
//! kubectl and rolled back with `kubectl rollout undo`.

mod names;
mod restore;
mod runbooks;
mod workflows;

use std::collections::BTreeMap;

use super::{Credential, Platform, RollbackRunbook};
use crate::answers::vocab::{Database, DatabaseService};
use crate::render::runbooks::restore::Step;
use crate::render::specs::blocks::production_environment;
use crate::render::workflows::pins::Pin;
use crate::resolve::Plan;
use crate::resolve::plan::EnvironmentPlan;

pub struct Kubernetes;

/// The namespace of production, where runbook commands point.
fn production_namespace(plan: &Plan) -> String {
    production_environment(plan).map_or_else(|| plan.project.name.clone(), |e| names::namespace(e).to_owned())
}

impl Platform for Kubernetes {
    fn workflow_templates(&self) -> &'static [(&'static str, &'static str)] {
        workflows::TEMPLATES
    }

    fn workflow_pins(&self) -> &'static [(&'static str, &'static Pin)] {
        workflows::PINS
    }

    fn workflow_names(&self) -> &'static [(&'static str, &'static str)] {
        workflows::NAMES
    }

    fn environment_values(&self, plan: &Plan, env: &EnvironmentPlan) -> BTreeMap<&'static str, String> {
        workflows::values(plan, env)
    }

    fn deploy_secrets(&self, env: &EnvironmentPlan) -> Vec<Credential> {
        workflows::deploy_secrets(env)
    }

    fn backup_source(&self, plan: &Plan) -> Option<&'static str> {
        let in_cluster = plan.infrastructure.hosting.database_service == DatabaseService::SelfHosted
            && plan.project.database == Database::Postgres;
        in_cluster.then_some(workflows::CNPG)
    }

    fn backup_check_secrets(&self) -> Vec<Credential> {
        workflows::backup_check_secrets()
    }

    fn sign_in(&self) -> Option<&'static str> {
        Some("kubectl (a\nkubeconfig for the cluster)")
    }

    fn manual_deploy(&self) -> Option<&'static str> {
        Some("`kubectl apply -k deploy/k8s/overlays/<environment>` by hand")
    }

    fn rollback_runbook(&self, plan: &Plan, _app: &str) -> Option<RollbackRunbook> {
        Some(runbooks::rollback(
            names::deployment(plan),
            &production_namespace(plan),
            &names::rollout_timeout(plan),
        ))
    }

    fn first_look(&self, plan: &Plan, _app: &str) -> Vec<String> {
        runbooks::first_look(names::deployment(plan), &production_namespace(plan))
    }

    fn backup_location(&self, plan: &Plan, _app: &str) -> Option<String> {
        restore::location(plan, &production_namespace(plan))
    }

    fn restore_steps(&self, plan: &Plan, _app: &str, minutes: &[u64], verify: &str) -> Option<Vec<Step>> {
        restore::steps(plan, &production_namespace(plan), minutes, verify)
    }
}
