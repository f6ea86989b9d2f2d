//! The AWS CLI commands the rollback, incident and setup runbooks print.

use super::names;
use super::stack::Rollout;
use crate::platforms::RollbackRunbook;
use crate::resolve::Plan;
use crate::resolve::plan::EnvironmentPlan;

pub(super) fn rollback(plan: &Plan, env: &EnvironmentPlan) -> RollbackRunbook {
    let region = plan.infrastructure.regions.primary.as_str();
    let rollout = Rollout::of(plan.operations.deployment.strategy);
    let cluster = names::cluster(env);
    let service = names::service(env);
    let family = names::family(env);
    let at = format!("--cluster {cluster} --service {service} --region {region}");
    RollbackRunbook {
        workflow_inputs: "optionally, the task definition revision to return to (`aws ecs\nlist-task-definitions`); left empty, it returns to the revision before the\nrunning one",
        intro: "ECS keeps every task definition revision the deploys registered: a rollback\npoints the service at an earlier one. During a deploy that is going wrong,\nstop it instead: ECS returns to the previous service revision.".to_owned(),
        commands: vec![
            format!("aws ecs list-service-deployments {at}"),
            format!("aws ecs stop-service-deployment --service-deployment-arn <arn> --stop-type ROLLBACK --region {region}"),
            format!("aws ecs list-task-definitions --family-prefix {family} --sort DESC --max-items 5 --region {region}"),
            format!("aws ecs update-service {at} --task-definition {family}:<revision>"),
            format!("aws ecs wait services-stable --cluster {cluster} --services {service} --region {region}"),
        ],
        after: after(rollout),
    }
}

/// What a rollback changes, and what already undoes a bad deploy without
/// anyone running a command.
fn after(rollout: Rollout) -> String {
    const CHANGES: &str = "A rollback changes the image and the task settings of that revision only:\n\
        secrets are read by ARN when a task starts, so a secret changed since then\n\
        is read in its new version.";
    match rollout {
        Rollout::Rolling => format!(
            "{CHANGES} The circuit breaker already rolls back a deploy\n\
             whose tasks never become healthy; these commands are for a release that is\n\
             healthy but wrong. The next deploy registers a new revision from the\n\
             family's latest one."
        ),
        Rollout::BlueGreen { bake_minutes } | Rollout::Canary { bake_minutes, .. } => format!(
            "{CHANGES} The new tasks get traffic only once the target\n\
             group finds them healthy, and the old ones keep running for {bake_minutes} minutes\n\
             after all traffic has moved: within that time, stopping the deployment\n\
             with `--stop-type ROLLBACK` moves the traffic back at once. After it, a\n\
             rollback is a new deploy of the earlier revision. The next deploy\n\
             registers a new revision from the family's latest one."
        ),
    }
}

pub(super) fn first_look(plan: &Plan, env: &EnvironmentPlan) -> Vec<String> {
    let region = &plan.infrastructure.regions.primary;
    let cluster = names::cluster(env);
    let service = names::service(env);
    let group = names::log_group(&env.app);
    let mut out = vec![
        format!(
            "aws ecs describe-services --cluster {cluster} --services {service} --region {region} --query 'services[0].{{running:runningCount,desired:desiredCount,deployments:deployments,events:events[:10]}}'"
        ),
        format!(
            "aws ecs list-tasks --cluster {cluster} --service-name {service} --desired-status STOPPED --region {region}"
        ),
        format!(
            "aws ecs describe-tasks --cluster {cluster} --tasks <task-arn> --region {region} --query 'tasks[0].{{stopped:stoppedReason,containers:containers[].{{reason:reason,exit:exitCode,health:healthStatus}}}}'"
        ),
        format!("aws logs tail {group} --since 30m --region {region}"),
        format!("aws elbv2 describe-target-health --target-group-arn <target-group-arn> --region {region}"),
        format!(
            "aws cloudwatch get-metric-statistics --namespace AWS/ECS --metric-name CPUUtilization --dimensions Name=ClusterName,Value={cluster} Name=ServiceName,Value={service} --statistics Average --period 300 --start-time <UTC, 1 hour ago> --end-time <UTC now> --region {region}"
        ),
    ];
    if plan.infrastructure.hosting.database_service == crate::answers::vocab::DatabaseService::Rds
        || plan.infrastructure.hosting.database_service == crate::answers::vocab::DatabaseService::Aurora
    {
        out.push(format!(
            "aws rds describe-events --source-type db-instance --duration 120 --region {region}"
        ));
    }
    out
}
