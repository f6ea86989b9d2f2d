//! The setup runbook's AWS part: GitHub's OIDC provider in the account,
//! and one IAM role per GitHub environment that trusts only this
//! repository's jobs in that environment, with the least the workflows
//! need. Policies are built as JSON values, so no name can break them.

use std::fmt::Write;

use serde_json::{Value, json};

use super::names;
use crate::render::workflows::settings::BACKUP_ENVIRONMENT;
use crate::resolve::Plan;
use crate::resolve::plan::EnvironmentPlan;

const ISSUER: &str = "token.actions.githubusercontent.com";

fn trust(environment: &str) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Federated": format!("arn:aws:iam::<account-id>:oidc-provider/{ISSUER}")},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringEquals": {
                format!("{ISSUER}:aud"): "sts.amazonaws.com",
                format!("{ISSUER}:sub"): format!("repo:<owner>/<repo>:environment:{environment}"),
            }},
        }],
    })
}

fn deploy_policy(plan: &Plan, env: &EnvironmentPlan) -> Value {
    let region = &plan.infrastructure.regions.primary;
    let app = &env.app;
    let account = format!("{region}:<account-id>");
    json!({
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "EcrLogin", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
            {"Sid": "EcrPush", "Effect": "Allow",
             "Action": ["ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart",
                        "ecr:CompleteLayerUpload", "ecr:PutImage", "ecr:BatchGetImage", "ecr:DescribeImages"],
             "Resource": format!("arn:aws:ecr:{account}:repository/{}", names::repository(env))},
            {"Sid": "TaskDefinitions", "Effect": "Allow",
             "Action": ["ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition", "ecs:ListTaskDefinitions"],
             "Resource": "*"},
            // The deploy copies the family's tags onto each new revision,
            // which ECS authorizes as tagging on creation.
            {"Sid": "TagNewTaskDefinitions", "Effect": "Allow", "Action": "ecs:TagResource",
             "Resource": format!("arn:aws:ecs:{account}:task-definition/{}:*", names::family(env)),
             "Condition": {"StringEquals": {"ecs:CreateAction": "RegisterTaskDefinition"}}},
            {"Sid": "Service", "Effect": "Allow",
             "Action": ["ecs:UpdateService", "ecs:DescribeServices"],
             "Resource": format!("arn:aws:ecs:{account}:service/{}/{}", names::cluster(env), names::service(env))},
            {"Sid": "PassTaskRoles", "Effect": "Allow", "Action": "iam:PassRole",
             "Resource": [format!("arn:aws:iam::<account-id>:role/{app}-execution"),
                          format!("arn:aws:iam::<account-id>:role/{app}-task")],
             "Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}},
        ],
    })
}

fn backup_policy(plan: &Plan, env: &EnvironmentPlan) -> Value {
    let region = &plan.infrastructure.regions.primary;
    let aurora =
        plan.infrastructure.hosting.database_service == crate::answers::vocab::DatabaseService::Aurora;
    let (action, kind) = if aurora {
        ("rds:DescribeDBClusters", "cluster")
    } else {
        ("rds:DescribeDBInstances", "db")
    };
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Action": action,
            "Resource": format!("arn:aws:rds:{region}:<account-id>:{kind}:{}", names::database(&env.app)),
        }],
    })
}

/// Where each environment's secret values go: the stack creates the
/// secrets (or expects the parameters) by name, never with a value.
fn secrets(out: &mut String, plan: &Plan) {
    use crate::answers::vocab::SecretStore;
    let names = &plan.operations.configuration.variables;
    let store = plan.operations.configuration.production;
    if names.is_empty()
        || !matches!(
            store,
            SecretStore::AwsSecretsManager | SecretStore::AwsSsmParameterStore
        )
    {
        return;
    }
    let region = &plan.infrastructure.regions.primary;
    out.push_str(
        "\n## AWS: the app's secret values\n\n\
         The stack names each secret the tasks read; the values are yours to put,\n\
         before the first deploy (tasks whose secret has no value do not start).\n\
         Each command reads the value from the terminal without echoing it, so it\n\
         stays out of the shell's history and the process list:\n\n```sh\n",
    );
    for env in &plan.operations.deployment.environments {
        for name in names {
            let put = match store {
                SecretStore::AwsSecretsManager => format!(
                    "aws secretsmanager put-secret-value --secret-id {}/{name} --secret-string file:///dev/stdin --region {region}",
                    env.app
                ),
                _ => format!(
                    "aws ssm put-parameter --name /{}/{name} --type SecureString --overwrite --value file:///dev/stdin --region {region}",
                    env.app
                ),
            };
            let _ = writeln!(out, "read -rs value && printf '%s' \"$value\" | {put}");
        }
    }
    out.push_str("```\n");
    if names.iter().any(|n| n == "DATABASE_URL")
        && plan.infrastructure.hosting.database_service != crate::answers::vocab::DatabaseService::None
    {
        out.push_str(
            "\n`DATABASE_URL` is a `postgresql://` URL: the app's own database user and\n\
             its password, the endpoint from the stack's outputs, port 5432, the\n\
             database, and `sslmode=require`. Give the app a database user of its own:\n\
             the master user's password is kept by RDS in Secrets Manager and rotated\n\
             every 7 days, so a URL holding it stops working within a week.\n",
        );
    }
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

fn role(out: &mut String, role: &str, environment: &str, policy: &Value, what: &str) {
    let _ = write!(
        out,
        "\n### Role `{role}` (environment `{environment}`)\n\n{what}\n\n\
         Trust policy (`trust-{environment}.json`):\n\n```json\n{}\n```\n\n\
         Permissions (`policy-{environment}.json`):\n\n```json\n{}\n```\n\n\
         ```sh\naws iam create-role --role-name {role} --assume-role-policy-document file://trust-{environment}.json\n\
         aws iam put-role-policy --role-name {role} --policy-name github --policy-document file://policy-{environment}.json\n```\n",
        pretty(&trust(environment)),
        pretty(policy),
    );
}

pub(super) fn steps(plan: &Plan, deploys: bool, backup_check: bool) -> Option<String> {
    if !deploys && !backup_check {
        return None;
    }
    let mut out = String::from(
        "## AWS: the roles the workflows assume\n\n\
         The workflows hold no AWS key: each job exchanges GitHub's OIDC token for\n\
         a role that trusts only this repository's jobs in one GitHub environment.\n\
         Create GitHub's OIDC provider once per AWS account:\n\n\
         ```sh\naws iam create-open-id-connect-provider --url https://token.actions.githubusercontent.com --client-id-list sts.amazonaws.com\n```\n\n\
         Replace `<account-id>`, `<owner>` and `<repo>` in the policies below. A\n\
         repository created (or renamed or transferred) since 2026-07-15 gets\n\
         immutable subject claims with the owner's and the repository's numeric\n\
         ids: its `sub` reads `repo:<owner>@<owner-id>/<repo>@<repo-id>:environment:<name>`\n\
         (`gh api repos/<owner>/<repo> --jq '.owner.id, .id'` prints both). Write the\n\
         form your repository's tokens carry, or the role refuses every run.\n",
    );
    if deploys {
        for env in &plan.operations.deployment.environments {
            role(
                &mut out,
                &names::deploy_role(&env.app),
                &env.name,
                &deploy_policy(plan, env),
                &format!(
                    "Deploys and rolls back `{}`: pushes to its image repository, registers task definitions, updates its service, and passes its two task roles to ECS.",
                    env.app
                ),
            );
        }
    }
    let production = crate::render::specs::blocks::production_environment(plan).filter(|_| backup_check);
    if let Some(production) = production {
        role(
            &mut out,
            &names::backup_check_role(plan),
            BACKUP_ENVIRONMENT,
            &backup_policy(plan, production),
            "Reads the production database's latest restorable time, and nothing else.",
        );
    }
    secrets(&mut out, plan);
    Some(out)
}
