//! What ECS on Fargate can honour: region codes, task sizes, log and
//! backup retention, the secret store, the deploy strategy, one region per
//! stack, and which infrastructure code is generated.

use super::{fargate, regions, retention};
use crate::answers::vocab::{Database, DatabaseService, IacTool, ScalingMode, SecretStore, Strategy};
use crate::diagnostic::Code;
use crate::resolve::context::Ctx;
use crate::resolve::{Plan, Source, suggest_region};

pub(super) fn resolve(ctx: &mut Ctx<'_>, plan: &mut Plan) {
    let regions = &mut plan.infrastructure.regions;
    if !regions.primary.is_empty() {
        regions.primary = region(ctx, "infrastructure.regions.primary", &regions.primary);
    }
    for (i, code) in regions.secondary.iter_mut().enumerate() {
        *code = region(ctx, &format!("infrastructure.regions.secondary[{i}]"), code);
    }
    if !regions.secondary.is_empty() {
        ctx.warning(
            Code::SingleRegionStack,
            "infrastructure.regions.secondary",
            format!(
                "an ECS service lives in one region: the stack is generated for {} only",
                regions.primary
            ),
            "each secondary region needs its own copy of the stack (its own state or stack, with the region set), \
             a cross-region read replica or backup copies of the database, and Route 53 failover or Global Accelerator in front",
        );
    }

    let scaling = &plan.infrastructure.scaling;
    let cpu = scaling.cpus.saturating_mul(1024);
    let memory = scaling.memory.megabytes();
    if !fargate::is_valid(cpu, memory) {
        let nearest: Vec<String> = fargate::nearest(cpu, memory)
            .into_iter()
            .map(|(c, m)| fargate::label(c, m))
            .collect();
        let cpu_fits = fargate::pairs().iter().any(|(c, _)| *c == cpu);
        let path = if cpu_fits {
            "infrastructure.scaling.memory"
        } else {
            "infrastructure.scaling.cpus"
        };
        ctx.error(
            Code::FargateSize,
            path,
            format!(
                "Fargate has no task with {} CPU and {}",
                scaling.cpus, scaling.memory
            ),
            format!("the nearest Fargate sizes: {}", nearest.join(", ")),
        );
    }

    let logs = plan.operations.logging.retention_days;
    let kept = retention::log_days(logs);
    if kept != logs {
        ctx.warning(
            Code::LogRetentionRounded,
            "operations.logging.retention_days",
            format!("CloudWatch Logs cannot keep logs {logs} days: the log group keeps them {kept} days"),
            format!("write `retention_days: {kept}` to silence this warning"),
        );
    }

    let backup = &plan.operations.backup;
    let managed = matches!(
        plan.infrastructure.hosting.database_service,
        DatabaseService::Rds | DatabaseService::Aurora
    );
    if managed && backup.text.answered && backup.retention_days > retention::BACKUP_MAX_DAYS {
        ctx.error(
            Code::BackupRetentionTooLong,
            "operations.backup.retention_days",
            format!(
                "{} keeps automated backups at most {} days, not {}",
                plan.infrastructure.hosting.database_service.label(),
                retention::BACKUP_MAX_DAYS,
                backup.retention_days
            ),
            "write `retention_days: 35` (or less) and keep longer copies with AWS Backup or manual snapshots",
        );
    }

    let store = plan.operations.configuration.production;
    if !matches!(
        store,
        SecretStore::AwsSecretsManager | SecretStore::AwsSsmParameterStore
    ) && !plan.operations.configuration.variables.is_empty()
    {
        ctx.warning(
            Code::SecretStoreUnreadable,
            "operations.configuration.production",
            format!(
                "ECS tasks read secrets from AWS Secrets Manager or SSM Parameter Store only, not {}: the task definition references none",
                store.label()
            ),
            "use `aws-secrets-manager` or `aws-ssm-parameter-store`, or have the app fetch its secrets itself",
        );
    }

    database(ctx, plan);
    let scaling = &plan.infrastructure.scaling;
    if scaling.min_instances == 0 || scaling.mode == ScalingMode::Serverless {
        ctx.warning(
            Code::AwsMinimumTasks,
            if scaling.min_instances == 0 {
                "infrastructure.scaling.min_instances"
            } else {
                "infrastructure.scaling.mode"
            },
            format!(
                "an ECS service does not scale to zero (target tracking has no CPU to track with no task running); generated instead: at least one task, autoscaled up to {} on CPU",
                scaling.max_instances.max(1)
            ),
            "write `min_instances: 1` (and `mode: auto`) to silence this warning; scaling to zero on AWS is Lambda or App Runner",
        );
    }

    let strategy = plan.operations.deployment.strategy;
    let generated = matches!(
        plan.infrastructure.iac.tool,
        IacTool::Terraform | IacTool::Cloudformation
    );
    if matches!(strategy, Strategy::Bluegreen | Strategy::Canary) && !generated {
        ctx.warning(
            Code::StrategyNotGenerated,
            "operations.deployment.strategy",
            format!(
                "ECS runs {strategy} deploys natively, but only on a service created with a second target group, a production listener rule and an ECS infrastructure role, and the service is not generated here: it deploys as it was created"
            ),
            "answer `tool: terraform` or `tool: cloudformation` to have them generated, or create the service with `--deployment-configuration strategy=...` and `advancedConfiguration` on its load balancer",
        );
    }
    if generated {
        names(ctx, plan);
    }

    let iac = &plan.infrastructure.iac;
    let (generated, why) = match iac.tool {
        IacTool::Terraform | IacTool::Cloudformation => return,
        IacTool::Pulumi => (
            "no Pulumi program is generated: a Pulumi program is code in your own language and project layout, which shipspec does not write",
            "write the stack from the resources in docs/outputs/aws.md, or answer `tool: terraform` or `tool: cloudformation` to have it generated",
        ),
        IacTool::None | IacTool::PlatformConfig => (
            "only the task definition (deploy/ecs/) is generated: the cluster, service, load balancer, autoscaling, log group and database are set up by hand",
            "answer `tool: terraform` or `tool: cloudformation` to have the whole stack generated",
        ),
    };
    ctx.warning(Code::IacNotGenerated, "infrastructure.iac.tool", generated, why);
}

/// The stack creates RDS or Aurora PostgreSQL: anything else would leave
/// the backup check and the runbooks naming a database that never exists.
fn database(ctx: &mut Ctx<'_>, plan: &Plan) {
    let service = plan.infrastructure.hosting.database_service;
    let database = plan.project.database;
    match service {
        DatabaseService::Rds | DatabaseService::Aurora if database != Database::Postgres => {
            if database == Database::None {
                return;
            }
            ctx.error(
                Code::AwsDatabase,
                "infrastructure.hosting.database_service",
                format!(
                    "shipspec creates {} for PostgreSQL only, and the app uses {}: no database would be created, and the backup check and runbooks would name one that does not exist",
                    service.label(),
                    database.label()
                ),
                "use PostgreSQL (`project.database: postgres`), or `database_service: self-hosted` for a database you run and back up yourself",
            );
        }
        DatabaseService::CloudSql | DatabaseService::AzurePostgres => ctx.error(
            Code::AwsDatabase,
            "infrastructure.hosting.database_service",
            format!(
                "{} is another cloud's database: an ECS stack reaches it only across the internet, and shipspec would create no database to back up or restore",
                service.label()
            ),
            "use `rds` or `aurora` on AWS, or `self-hosted` for a database you run and back up yourself",
        ),
        _ => {}
    }
}

/// The longest name a load balancer or target group may have.
const LOAD_BALANCER_NAME: usize = 32;

/// Every environment's resources are named as its app; the load balancer
/// and target groups allow the fewest characters, the alternate target
/// group of a blue/green or canary deploy adds `-alt` to the name.
fn names(ctx: &mut Ctx<'_>, plan: &Plan) {
    // RDS identifiers and parameter groups refuse two hyphens in a row.
    if let Some(env) = plan
        .operations
        .deployment
        .environments
        .iter()
        .find(|e| e.app.contains("--"))
    {
        ctx.error(
            Code::AwsNameTooLong,
            "project.name",
            format!(
                "the {} environment's resources would be named `{}`: RDS takes no name with two hyphens in a row",
                env.name, env.app
            ),
            "use single hyphens between the words of the project's and the environments' names",
        );
        return;
    }
    let suffix = if matches!(
        plan.operations.deployment.strategy,
        Strategy::Bluegreen | Strategy::Canary
    ) {
        "-alt"
    } else {
        ""
    };
    let longest = LOAD_BALANCER_NAME - suffix.len();
    let Some(env) = plan
        .operations
        .deployment
        .environments
        .iter()
        .find(|e| e.app.len() > longest)
    else {
        return;
    };
    ctx.error(
        Code::AwsNameTooLong,
        "project.name",
        format!(
            "the {} environment's resources would be named `{}{suffix}`, {} characters: AWS allows {LOAD_BALANCER_NAME} for a load balancer or target group",
            env.name,
            env.app,
            env.app.len() + suffix.len(),
        ),
        format!(
            "shorten the project name by {} characters (each environment's resources are named `<project>-<environment>`, production's `<project>`)",
            env.app.len() - longest
        ),
    );
}

/// The region code for `text`: a code or a place name. Unknown: an error
/// naming the nearest code.
fn region(ctx: &mut Ctx<'_>, path: &str, text: &str) -> String {
    match regions::lookup(text) {
        Some(code) => {
            if code != text {
                ctx.provenance.insert(path.to_owned(), Source::Interpreted);
            }
            code.to_owned()
        }
        None => {
            let codes: Vec<&str> = regions::REGIONS.iter().map(|(c, _)| *c).collect();
            let hint = match suggest_region(text, &codes) {
                Some(best) => format!("did you mean `{best}` ({})?", regions::place(best)),
                None => "write a region code such as `us-east-1` or `eu-central-1`, or a place such as \"Frankfurt\"".to_owned(),
            };
            ctx.error(
                Code::UnknownRegion,
                path,
                format!("`{text}` is not an AWS region"),
                hint,
            );
            String::new()
        }
    }
}
