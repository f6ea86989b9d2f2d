//! The setup runbook's Google Cloud part: a workload identity pool whose
//! GitHub provider admits only this repository, and per GitHub environment
//! a deploy service account that only that environment's jobs may act as,
//! with the roles a deploy needs; the runtime service account the service
//! runs as; the Artifact Registry repository.

use std::fmt::Write;

use super::names;
use crate::answers::vocab::IacTool;
use crate::render::specs::blocks::production_environment;
use crate::render::workflows::settings::BACKUP_ENVIRONMENT;
use crate::resolve::Plan;
use crate::resolve::plan::EnvironmentPlan;

pub(super) fn steps(plan: &Plan, deploys: bool, backup_check: bool) -> Option<String> {
    if !deploys && !backup_check {
        return None;
    }
    let region = &plan.infrastructure.regions.primary;
    let mut out = String::from(
        "## Google Cloud: Workload Identity Federation and the service accounts\n\n\
         The workflows hold no Google key: each job exchanges GitHub's OIDC token\n\
         through a workload identity provider that admits only this repository,\n\
         and acts as a deploy service account that only one GitHub environment's\n\
         jobs may use. Once per project (replace `<project-id>`, `<project-number>`,\n\
         `<owner>` and `<repo>`):\n\n\
         ```sh\n\
         gcloud iam workload-identity-pools create github --project <project-id> --location global --display-name GitHub\n\
         gcloud iam workload-identity-pools providers create-oidc github --project <project-id> --location global \
         --workload-identity-pool github --issuer-uri https://token.actions.githubusercontent.com \
         --attribute-mapping 'google.subject=assertion.sub,attribute.repository=assertion.repository,attribute.environment=assertion.environment' \
         --attribute-condition \"assertion.repository == '<owner>/<repo>'\"\n\
         ```\n\n\
         A repository created (or renamed or transferred) since 2026-07-15 gets\n\
         immutable subject claims (`repo:<owner>@<owner-id>/<repo>@<repo-id>:…`); the\n\
         condition above reads the `repository` claim, which keeps its plain form.\n",
    );
    // With Terraform, the repository, runtime account, secrets and Cloud SQL
    // instance are its own: creating them by hand too would make its apply
    // fail on resources that already exist.
    let terraform = plan.infrastructure.iac.tool == IacTool::Terraform;
    if terraform {
        out.push_str(
            "\nTerraform creates each environment's Artifact Registry repository, runtime\n\
             service account, secrets (without values) and Cloud SQL instance: apply it\n\
             for an environment before the commands below, which add only what it does\n\
             not (the deploy account, and the secrets' values).\n",
        );
    }
    let environments = if deploys {
        plan.operations.deployment.environments.as_slice()
    } else {
        &[]
    };
    for env in environments {
        let deployer = names::deploy_account(env);
        let runtime = names::runtime_account(env);
        let member = format!(
            "principalSet://iam.googleapis.com/projects/<project-number>/locations/global/workloadIdentityPools/github/attribute.environment/{}",
            env.name
        );
        let _ = write!(
            out,
            "\n### Environment `{env_name}` (service `{service}`)\n\n\
             The deploy account `{deployer}` pushes to the `{repo}` repository and\n\
             deploys the service as `{runtime}`; only jobs in the `{env_name}`\n\
             environment may act as it.\n\n\
             ```sh\n\
             {create}\
             gcloud iam service-accounts create {deployer} --project <project-id>\n\
             gcloud iam service-accounts add-iam-policy-binding {deployer_email} --project <project-id> \
             --role roles/iam.workloadIdentityUser --member '{member}'\n\
             gcloud projects add-iam-policy-binding <project-id> --role roles/run.developer --member serviceAccount:{deployer_email}\n\
             gcloud artifacts repositories add-iam-policy-binding {repo} --project <project-id> --location {region} \
             --role roles/artifactregistry.writer --member serviceAccount:{deployer_email}\n\
             gcloud iam service-accounts add-iam-policy-binding {runtime_email} --project <project-id> \
             --role roles/iam.serviceAccountUser --member serviceAccount:{deployer_email}\n\
             ```\n",
            create = if terraform {
                format!(
                    "terraform -chdir={} apply -var environment={}\n",
                    super::terraform::DIR,
                    env.name
                )
            } else {
                format!(
                    "gcloud artifacts repositories create {repo} --project <project-id> --location {region} --repository-format docker\n\
                     gcloud iam service-accounts create {runtime} --project <project-id>\n",
                    repo = names::repository(env),
                )
            },
            env_name = env.name,
            service = names::service(env),
            repo = names::repository(env),
            deployer_email = names::email(&deployer, "<project-id>"),
            runtime_email = names::email(&runtime, "<project-id>"),
        );
        let mut runtime_roles = Vec::new();
        if super::service::cloud_sql(plan) && !terraform {
            let _ = write!(
                out,
                "\nThe Cloud SQL instance, with the answered backups (daily, kept {} days, and point-in-time recovery):\n\n```sh\n{}\n```\n",
                plan.operations.backup.retention_days.clamp(1, 365),
                database(plan, env)
            );
            runtime_roles.push(format!(
                "gcloud projects add-iam-policy-binding <project-id> --role roles/cloudsql.client --member serviceAccount:{}",
                names::email(&runtime, "<project-id>")
            ));
        }
        if plan.operations.configuration.production == crate::answers::vocab::SecretStore::GcpSecretManager {
            for var in &plan.operations.configuration.variables {
                let secret = names::secret(&env.app, var);
                if terraform {
                    runtime_roles.push(format!(
                        "printf '%s' \"$VALUE\" | gcloud secrets versions add {secret} --project <project-id> --data-file=-"
                    ));
                    continue;
                }
                runtime_roles.push(format!(
                    "printf '%s' \"$VALUE\" | gcloud secrets create {secret} --project <project-id> --replication-policy automatic --data-file=-"
                ));
                runtime_roles.push(format!(
                    "gcloud secrets add-iam-policy-binding {secret} --project <project-id> --role roles/secretmanager.secretAccessor --member serviceAccount:{}",
                    names::email(&runtime, "<project-id>")
                ));
            }
        }
        if !runtime_roles.is_empty() {
            let _ = write!(
                out,
                "\nWhat the service reads, as `{runtime}` (each secret's value piped in from\n`$VALUE`, never typed on the command line):\n\n```sh\n{}\n```\n",
                runtime_roles.join("\n")
            );
        }
    }
    if let Some(production) = production_environment(plan).filter(|_| backup_check) {
        backup_check_account(&mut out, production);
    }
    if !deploys {
        return Some(out);
    }
    out.push_str(
        "\nA public app answers anyone: after the first deploy, let every caller invoke it\n\
         (`gcloud run services add-iam-policy-binding <service> --region <region> --member allUsers --role roles/run.invoker`);\n\
         without it, Cloud Run asks every request for a Google identity token.\n",
    );
    Some(out)
}

/// The backup check's account: only jobs in the backup-check environment
/// may act as it, and it may only read the production instance (Cloud SQL
/// Viewer, held to that instance by an IAM condition), which lists its
/// backups.
fn backup_check_account(out: &mut String, production: &EnvironmentPlan) {
    let account = names::backup_check_account(production);
    let email = names::email(&account, "<project-id>");
    let instance = names::database(&production.app);
    let _ = write!(
        out,
        "\n### The backup check (environment `{BACKUP_ENVIRONMENT}`)\n\n\
         The scheduled backup check lists the backups of `{instance}` as `{account}`,\n\
         which may read that instance and nothing else; only jobs in the\n\
         `{BACKUP_ENVIRONMENT}` environment may act as it.\n\n\
         ```sh\n\
         gcloud iam service-accounts create {account} --project <project-id>\n\
         gcloud iam service-accounts add-iam-policy-binding {email} --project <project-id> \
         --role roles/iam.workloadIdentityUser \
         --member 'principalSet://iam.googleapis.com/projects/<project-number>/locations/global/workloadIdentityPools/github/attribute.environment/{BACKUP_ENVIRONMENT}'\n\
         gcloud projects add-iam-policy-binding <project-id> --role roles/cloudsql.viewer --member serviceAccount:{email} \
         --condition 'expression=resource.name == \"projects/<project-id>/instances/{instance}\",title=backup-check-{instance}'\n\
         ```\n"
    );
}

/// The Cloud SQL instance with the answered backups: daily backups kept as
/// many days as answered, point-in-time recovery from the write-ahead log
/// (at most 7 days of it on the Enterprise edition), and a standby in a
/// second zone when the answers ask for high availability.
fn database(plan: &Plan, env: &crate::resolve::plan::EnvironmentPlan) -> String {
    let backup = &plan.operations.backup;
    let days = backup.retention_days.clamp(1, 365);
    let log_days = days.min(7);
    let regional = if plan.infrastructure.scaling.min_instances >= 2 {
        " --availability-type regional"
    } else {
        ""
    };
    format!(
        "gcloud sql instances create {} --project <project-id> --region {} --database-version POSTGRES_17 --edition enterprise --tier <tier> --backup-start-time 03:00 --retained-backups-count {days} --enable-point-in-time-recovery --retained-transaction-log-days {log_days} --deletion-protection{regional}",
        names::database(&env.app),
        plan.infrastructure.regions.primary
    )
}
