//! Kubernetes: a Kustomize base and one overlay per deployment environment
//! under `deploy/k8s/`, every manifest built as data from the plan. See
//! `docs/outputs/kubernetes.md` for each file and field.

mod checks;
mod database;
mod deployment;
mod env;
mod external_secret;
mod hpa;
mod ingress;
mod kustomize;
mod manifest;
mod names;
mod network_policy;
mod pdb;
mod probes;
mod quantity;
mod security;
mod service;

use super::Platform;
use crate::answers::vocab::ScalingMode;
use crate::render::Artifact;
use crate::resolve::Plan;
use crate::resolve::context::Ctx;

/// Where the manifests go, relative to the project root, unless
/// `outputs.kubernetes.dir` says otherwise.
pub const DIR: &str = "deploy/k8s";

pub struct Kubernetes;

impl Platform for Kubernetes {
    fn resolve(&self, ctx: &mut Ctx<'_>, plan: &mut Plan) {
        checks::resolve(ctx, plan);
    }

    fn scaling_notes(&self, plan: &Plan) -> Vec<(&'static str, String)> {
        let s = &plan.infrastructure.scaling;
        let note = match s.mode {
            ScalingMode::Manual => format!("a Deployment of {} pods", s.min_instances),
            ScalingMode::Auto | ScalingMode::Serverless => format!(
                "a HorizontalPodAutoscaler keeps {} to {} pods, adding pods when their CPU use passes {}% of the CPU they request",
                s.min_instances.max(1),
                s.max_instances.max(1),
                s.cpu_target_percent
            ),
        };
        vec![("On Kubernetes", note)]
    }

    fn config_files(&self, plan: &Plan) -> Vec<Artifact> {
        let dir = &plan.outputs.kubernetes.dir;
        manifests(plan).into_iter().map(|m| m.artifact(dir)).collect()
    }
}

/// Every file under the manifests' folder: the base's manifests, its kustomization, and
/// an overlay per environment.
fn manifests(plan: &Plan) -> Vec<manifest::Manifest> {
    let mut base = vec![deployment::manifest(plan), service::manifest(plan)];
    base.extend(hpa::manifest(plan));
    base.extend(pdb::manifest(plan));
    base.push(ingress::manifest(plan));
    base.push(network_policy::manifest(plan));
    base.extend(external_secret::manifest(plan));
    base.extend(database::manifests(plan));
    let kustomization = kustomize::base(plan, &base.iter().collect::<Vec<_>>());
    let overlays = plan
        .operations
        .deployment
        .environments
        .iter()
        .map(|env| kustomize::overlay(plan, env));
    let mut all = base;
    all.push(kustomization);
    all.extend(overlays);
    all
}
