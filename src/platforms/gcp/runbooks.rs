//! The gcloud commands the rollback and incident runbooks print.

use super::names;
use crate::platforms::RollbackRunbook;
use crate::resolve::Plan;
use crate::resolve::plan::EnvironmentPlan;

pub(super) fn rollback(env: &EnvironmentPlan, region: &str) -> RollbackRunbook {
    let service = names::service(env);
    let at = format!("{service} --region {region}");
    RollbackRunbook {
        workflow_inputs: "optionally, the revision to send all traffic to (`gcloud run revisions\nlist`); left empty, it picks the revision the last deploy replaced, which\nthat deploy tagged `previous` before moving the traffic (a rejected canary\nis never tagged). With no tagged revision, or the tagged one serving, it\npicks the newest revision created before the serving one and says so in\nits output",
        intro: "Cloud Run keeps every revision a deploy created, and a revision never\nchanges: a rollback moves the traffic back to an earlier one, in seconds,\nwithout building or starting anything new. The revision the last deploy\nreplaced carries the traffic tag `previous` (the first command prints it);\nthe list shows the others, a rejected canary among them.".to_owned(),
        commands: vec![
            format!(
                "gcloud run services describe {at} --format json | jq -r '.status.traffic[] | select(.tag == \"previous\") | .revisionName'"
            ),
            format!("gcloud run revisions list --service {at}"),
            format!("gcloud run services update-traffic {at} --to-revisions <revision>=100"),
            format!("gcloud run services describe {at} --format 'value(status.traffic)'"),
        ],
        after: "The traffic stays pinned to that revision until the next deploy, which\nsends it to the new revision again. A revision reads its secrets' `latest`\nversion when an instance starts, so a secret changed since is read in its\nnew version. A revision whose startup probe failed never took traffic:\nthese commands are for a release that is healthy but wrong.".to_owned(),
    }
}

pub(super) fn first_look(plan: &Plan, env: &EnvironmentPlan) -> Vec<String> {
    let region = &plan.infrastructure.regions.primary;
    let service = names::service(env);
    let mut out = vec![
        format!(
            "gcloud run services describe {service} --region {region} --format 'yaml(status.conditions,status.traffic)'"
        ),
        format!("gcloud run revisions list --service {service} --region {region} --limit 5"),
        format!(
            "gcloud logging read 'resource.type=\"cloud_run_revision\" AND resource.labels.service_name=\"{service}\" AND severity>=ERROR' --freshness 30m --limit 50"
        ),
        format!(
            "gcloud logging read 'resource.type=\"cloud_run_revision\" AND resource.labels.service_name=\"{service}\" AND httpRequest.status>=500' --freshness 30m --limit 20"
        ),
    ];
    if super::service::cloud_sql(plan) {
        out.push(format!(
            "gcloud sql operations list --instance {} --limit 10",
            names::database(&env.app)
        ));
    }
    out
}
