//! `base/networkpolicy.yaml`: the app's pods deny all traffic but what they
//! need. Scoped to the app's pods, not the namespace: other workloads there
//! (the in-cluster database and its operator) keep their own rules.
//!
//! Ingress: the app's port, from any source (the ingress controller's
//! namespace differs per cluster). Egress: DNS, the database, and HTTPS to
//! anywhere, since apps call APIs (OAuth, Sentry, the secret store); an
//! overlay narrows it when the app calls nothing outside.

use serde_json::{Value, json};

use crate::answers::vocab::Database;
use crate::resolve::Plan;

use super::manifest::Manifest;
use super::{env, names};

pub(super) fn manifest(plan: &Plan) -> Manifest {
    let name = &plan.project.name;
    let pods = json!({ "matchLabels": names::selector(plan) });
    let deny = json!({
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": names::metadata(plan, &format!("{name}-default-deny"), "server"),
        "spec": { "podSelector": pods, "policyTypes": ["Ingress", "Egress"] },
    });
    let allow = json!({
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": names::metadata(plan, name, "server"),
        "spec": {
            "podSelector": pods,
            "policyTypes": ["Ingress", "Egress"],
            "ingress": [{ "ports": [tcp(plan.project.port)] }],
            "egress": egress(plan),
        },
    });
    Manifest::new("base/networkpolicy.yaml", deny, &[]).and(allow)
}

fn tcp(port: u32) -> Value {
    json!({ "protocol": "TCP", "port": port })
}

fn egress(plan: &Plan) -> Vec<Value> {
    let mut rules = vec![json!({
        "to": [{
            "namespaceSelector": { "matchLabels": { "kubernetes.io/metadata.name": "kube-system" } },
            "podSelector": { "matchLabels": { "k8s-app": "kube-dns" } },
        }],
        "ports": [{ "protocol": "UDP", "port": 53 }, { "protocol": "TCP", "port": 53 }],
    })];
    let port = match plan.project.database {
        Database::Postgres => Some(5432),
        Database::Mysql => Some(3306),
        Database::Sqlite | Database::None => None,
    };
    if env::in_cluster_database(plan) {
        rules.push(json!({
            "to": [{ "podSelector": { "matchLabels": { "cnpg.io/cluster": names::database(plan) } } }],
            "ports": [tcp(5432)],
        }));
    } else if let Some(port) = port {
        // A managed database is outside the cluster, at an address the
        // answers do not give.
        rules.push(json!({ "ports": [tcp(port)] }));
    }
    rules.push(json!({ "ports": [tcp(443)] }));
    rules
}
