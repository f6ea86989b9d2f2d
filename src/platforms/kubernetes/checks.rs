//! What a Kubernetes Deployment cannot honour as answered: an error where a
//! manifest would be refused by the API server, a warning saying what is
//! generated instead.

use crate::answers::vocab::{Database, DatabaseService, ScalingMode, Strategy};
use crate::diagnostic::Code;
use crate::resolve::Plan;
use crate::resolve::context::Ctx;

use super::{names, quantity};

/// The longest Cluster name CloudNativePG's admission webhook accepts.
const CNPG_CLUSTER_NAME: usize = 50;

/// What the restore runbook appends to the Cluster's name.
const RESTORE_SUFFIX: &str = "-restore";

pub(super) fn resolve(ctx: &mut Ctx<'_>, plan: &Plan) {
    let scaling = &plan.infrastructure.scaling;
    if quantity::memory(scaling.memory).is_none() {
        ctx.error(
            Code::KubernetesQuantity,
            "infrastructure.scaling.memory",
            format!(
                "{} is more memory than a Kubernetes quantity holds (2^63-1 bytes), so no pod can request it",
                scaling.memory
            ),
            "write the memory one pod needs, e.g. `memory: 1gb`",
        );
    }
    if scaling.mode == ScalingMode::Serverless {
        ctx.warning(
            Code::KubernetesServerless,
            "infrastructure.scaling.mode",
            format!(
                "a Kubernetes Deployment does not scale to zero without Knative or KEDA; generated instead: a HorizontalPodAutoscaler from {} to {} pods at {}% CPU",
                scaling.min_instances.max(1),
                scaling.max_instances.max(1),
                scaling.cpu_target_percent
            ),
            "write `mode: auto` to silence this warning, or add KEDA's ScaledObject in an overlay",
        );
    }

    if scaling.mode == ScalingMode::Auto && scaling.min_instances == 0 {
        ctx.warning(
            Code::KubernetesMinimumReplicas,
            "infrastructure.scaling.min_instances",
            "a HorizontalPodAutoscaler keeps at least one pod (scaling to zero takes KEDA or Knative); generated instead: minReplicas 1",
            "write `min_instances: 1` to silence this warning",
        );
    }

    let strategy = plan.operations.deployment.strategy;
    if matches!(strategy, Strategy::Bluegreen | Strategy::Canary) {
        ctx.warning(
            Code::KubernetesStrategy,
            "operations.deployment.strategy",
            format!(
                "a Deployment has no {} strategy (that takes Argo Rollouts or Flagger); generated instead: a rolling update that starts new pods before stopping old ones and sends traffic only to ready pods",
                strategy.label()
            ),
            "write `strategy: rolling` to silence this warning, or replace the Deployment with an Argo Rollout in an overlay",
        );
    }

    let health = &plan.operations.health_checks;
    if !health.enabled {
        ctx.warning(
            Code::KubernetesNoProbes,
            "operations.health_checks.enabled",
            format!(
                "with health checks off the app serves neither `{}` nor `{}`, so the Deployment gets no probes: a pod takes traffic as soon as it starts and a hung one is never restarted",
                health.path, health.readiness_path
            ),
            "turn health checks on (`enabled: true`) and serve the two paths",
        );
    }

    let service = plan.infrastructure.hosting.database_service;
    if service == DatabaseService::SelfHosted {
        match plan.project.database {
            Database::Postgres => {
                let cluster = names::database(plan);
                // CloudNativePG's webhook refuses a Cluster name over 50
                // characters; the restore runbook's `<cluster>-restore`
                // must fit too (its Services add `-rw`, well inside 63).
                let restore = format!("{cluster}{RESTORE_SUFFIX}");
                if restore.len() > CNPG_CLUSTER_NAME {
                    ctx.error(
                        Code::KubernetesNameTooLong,
                        "project.name",
                        format!(
                            "the in-cluster database's restore Cluster `{restore}` is longer than the {CNPG_CLUSTER_NAME} characters CloudNativePG takes for a Cluster name"
                        ),
                        format!(
                            "shorten `project.name` to at most {} characters",
                            CNPG_CLUSTER_NAME - RESTORE_SUFFIX.len() - "-db".len()
                        ),
                    );
                }
            }
            Database::Mysql | Database::Sqlite => ctx.warning(
                Code::KubernetesDatabase,
                "infrastructure.hosting.database_service",
                format!(
                    "shipspec generates an in-cluster database for PostgreSQL only (CloudNativePG); {} runs outside these manifests{}",
                    plan.project.database.label(),
                    if plan.project.database == Database::Sqlite {
                        ", and a SQLite file needs a PersistentVolumeClaim and a single replica, which the Deployment does not have"
                    } else {
                        ""
                    }
                ),
                "add its manifests in an overlay, or use a managed database (`rds`, `cloud-sql`, `azure-postgres`)",
            ),
            Database::None => {}
        }
    }
}
