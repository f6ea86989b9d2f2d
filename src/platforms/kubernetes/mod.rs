//! Kubernetes (GKE, EKS, AKS, k3s or self-managed): a Kustomize base and
//! one overlay per environment under `deploy/k8s/`, every manifest built as
//! data from the plan, applied by the deploy workflow with kubectl and
//! rolled back with `kubectl rollout undo`. See `docs/outputs/kubernetes.md`
//! for each file and field.

mod alerts;
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
mod restore;
mod runbooks;
mod security;
mod service;
mod workflows;

use std::collections::BTreeMap;

use super::{Credential, Platform, RollbackRunbook, Workflows};
use crate::answers::vocab::{Database, DatabaseService, ScalingMode};
use crate::render::Artifact;
use crate::render::runbooks::restore::Step;
use crate::render::specs::blocks::production_environment;
use crate::resolve::Plan;
use crate::resolve::context::Ctx;
use crate::resolve::plan::EnvironmentPlan;

pub struct Kubernetes;

/// The namespace of production, where runbook commands point.
fn production_namespace(plan: &Plan) -> String {
    production_environment(plan).map_or_else(|| plan.project.name.clone(), |e| names::namespace(e).to_owned())
}

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

    fn workflows(&self) -> &'static Workflows {
        &workflows::WORKFLOWS
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

    fn alerts(&self, plan: &Plan) -> Option<crate::render::alerts::Alerting> {
        Some(alerts::alerting(plan))
    }

    fn config_files(&self, plan: &Plan) -> Vec<Artifact> {
        manifests(plan)
            .into_iter()
            .map(|m| m.artifact(names::DIR))
            .collect()
    }
}

/// Every file under [`names::DIR`]: the base's manifests, its
/// kustomization, and an overlay per environment.
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::{Kubernetes, Platform};
    use crate::render::{Artifact, Body};
    use crate::resolve::Plan;

    const EXAMPLE: &str = include_str!("../../../examples/k8s-fastapi/shipspec.yaml");

    fn plan(yaml: &str) -> Plan {
        let loaded = crate::answers::load("shipspec.yaml", yaml.as_bytes()).expect("loads");
        let resolved = crate::resolve::resolve(&loaded);
        assert!(resolved.ok(), "{yaml}\n{:?}", resolved.diagnostics);
        resolved.plan
    }

    /// Each manifest with its text and the questions it names.
    fn files(plan: &Plan) -> BTreeMap<String, (String, Vec<&'static str>)> {
        Kubernetes
            .config_files(plan)
            .into_iter()
            .map(
                |Artifact {
                     path,
                     body,
                     questions,
                     ..
                 }| {
                    let Body::Whole(text) = body else {
                        panic!("{path} is not a whole file")
                    };
                    (path, (text, questions))
                },
            )
            .collect()
    }

    /// One edit of the example per question; every manifest it changes
    /// (or adds, or removes) must name that question, so `explain` is right.
    #[test]
    fn every_manifest_an_answer_changes_names_it() {
        let edits: &[(&str, &str, &str)] = &[
            (
                "infrastructure.hosting",
                "database_service: self-hosted",
                "database_service: rds",
            ),
            ("infrastructure.scaling", "min_instances: 2", "min_instances: 1"),
            ("infrastructure.scaling", "mode: auto", "mode: manual"),
            ("infrastructure.scaling", "memory: 1gb", "memory: 2gb"),
            (
                "infrastructure.scaling",
                "cpu_target_percent: 80",
                "cpu_target_percent: 70",
            ),
            (
                "operations.deployment",
                "strategy: rolling",
                "strategy: immediate",
            ),
            ("operations.deployment", "{name: staging,", "{name: qa,"),
            (
                "operations.health_checks",
                "readiness_path: /ready",
                "readiness_path: /readyz",
            ),
            (
                "operations.health_checks",
                "grace_period_seconds: 10",
                "grace_period_seconds: 30",
            ),
            ("operations.rollback", "keep_releases: 3", "keep_releases: 5"),
            ("operations.backup", "frequency: daily", "frequency: hourly"),
            (
                "operations.backup",
                "retention_days: 30\n    rto",
                "retention_days: 7\n    rto",
            ),
            ("operations.logging", "level: info", "level: debug"),
            (
                "operations.configuration",
                "variables: [DATABASE_URL, API_KEYS, SENTRY_DSN]",
                "variables: [SENTRY_DSN]",
            ),
            (
                "operations.configuration",
                "production: kubernetes-secrets\n    development: dotenv\n  performance",
                "production: vault\n    development: dotenv\n  performance",
            ),
        ];
        let base = plan(EXAMPLE);
        let before = files(&base);
        let mut missing = Vec::new();
        for (question, from, to) in edits {
            assert!(EXAMPLE.contains(from), "{from:?} is not in the example");
            let after = files(&plan(&EXAMPLE.replacen(from, to, 1)));
            let paths: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
            for path in paths {
                let (old, new) = (before.get(path), after.get(path));
                if old.map(|f| &f.0) == new.map(|f| &f.0) {
                    continue;
                }
                let named = [old, new].iter().flatten().any(|f| f.1.contains(question));
                if !named {
                    missing.push(format!("{question} ({from:?} → {to:?}) changes {path}"));
                }
            }
        }
        assert!(missing.is_empty(), "not named:\n{}", missing.join("\n"));
    }
}
