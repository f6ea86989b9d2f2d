//! The kubectl commands the rollback and incident runbooks print.

use crate::platforms::RollbackRunbook;

pub(super) fn rollback(deployment: &str, namespace: &str, timeout: &str) -> RollbackRunbook {
    let target = format!("deployment/{deployment} --namespace {namespace}");
    RollbackRunbook {
        workflow_inputs: "optionally, the revision to return to (`kubectl rollout history`); left\nempty, it returns to the revision before the current one",
        intro: "Kubernetes keeps the Deployment's earlier pod templates as ReplicaSets: undo\nreturns to one of them.".to_owned(),
        commands: vec![
            format!("kubectl rollout history {target}"),
            format!("kubectl rollout undo {target} --to-revision=<revision>"),
            format!("kubectl rollout status {target} --timeout={timeout}"),
        ],
        after: "An undo restores the pod template only: ConfigMaps and Secrets are not\nversioned with it. If the bad release changed them, revert the commits that\nchanged them and let the Deploy workflow run: it builds the image and applies\nthe overlay with it (the overlay alone names no image that exists). Under\nGitOps (Argo CD, Flux), revert the commit rather than undo by hand, or the\ncontroller puts the bad release back.".to_owned(),
    }
}

pub(super) fn first_look(deployment: &str, namespace: &str) -> Vec<String> {
    vec![
        format!("kubectl get pods --namespace {namespace} -l app.kubernetes.io/name={deployment}"),
        format!("kubectl describe deployment/{deployment} --namespace {namespace}"),
        format!("kubectl logs deployment/{deployment} --namespace {namespace} --since=30m"),
        format!("kubectl get events --namespace {namespace} --sort-by=.lastTimestamp"),
    ]
}
