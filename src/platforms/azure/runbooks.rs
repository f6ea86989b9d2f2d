//! The az commands the rollback and incident runbooks print.

use super::names;
use crate::platforms::RollbackRunbook;
use crate::resolve::Plan;
use crate::resolve::plan::EnvironmentPlan;

pub(super) fn rollback(env: &EnvironmentPlan) -> RollbackRunbook {
    let app = names::app(env);
    let at = format!("--name {app} --resource-group <resource-group>");
    RollbackRunbook {
        workflow_inputs: "optionally, the revision to send all traffic to (`az containerapp\nrevision list`); left empty, it picks the revision the last deploy\nreplaced, which that deploy labelled `previous` before moving the traffic\n(a rejected canary is never labelled). With no labelled revision, or the\nlabelled one serving, it picks the newest revision created before the\nserving one and says so in its output",
        intro: "The app runs in multiple-revision mode: every deploy is a revision, the\nprevious one stays active, and older ones are kept inactive. A rollback\nmoves the traffic back to an earlier revision, activating it first if it\nwas stopped. The revision the last deploy replaced carries the label\n`previous` (the first command prints it); the list shows the others, a\nrejected canary among them.".to_owned(),
        commands: vec![
            format!(
                "az containerapp ingress traffic show {at} --query \"[?label=='previous'].revisionName\" --output tsv"
            ),
            format!("az containerapp revision list {at} --all --output table"),
            format!("az containerapp revision activate {at} --revision <revision>"),
            format!("az containerapp ingress traffic set {at} --revision-weight latest=0 <serving-revision>=0 <revision>=100"),
            format!("az containerapp ingress traffic show {at}"),
        ],
        after: "The traffic stays on that revision until the next deploy sends it to the\nnew one. A revision reads its Key Vault secrets when a replica starts, so a\nsecret changed since is read in its new version. A revision that never\nbecame healthy never took traffic: these commands are for a release that\nis healthy but wrong.".to_owned(),
    }
}

pub(super) fn first_look(plan: &Plan, env: &EnvironmentPlan) -> Vec<String> {
    let app = names::app(env);
    let at = format!("--name {app} --resource-group <resource-group>");
    let mut out = vec![
        format!(
            "az containerapp show {at} --query '{{state:properties.runningStatus,latest:properties.latestReadyRevisionName,traffic:properties.configuration.ingress.traffic}}'"
        ),
        format!("az containerapp revision list {at} --output table"),
        format!("az containerapp replica list {at} --output table"),
        format!("az containerapp logs show {at} --tail 100"),
        format!("az containerapp logs show {at} --type system --tail 50"),
    ];
    if super::restore::applies(plan) {
        out.push(format!(
            "az postgres flexible-server show --resource-group <resource-group> --name {} --query '{{state:state,ha:highAvailability}}'",
            names::database(&env.app)
        ));
    }
    out
}
