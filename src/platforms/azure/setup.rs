//! The setup runbook's Azure part: per GitHub environment, a managed
//! identity the deploy jobs sign in as through a federated credential that
//! trusts only this repository's jobs in that environment, with the roles
//! a deploy needs; the identity the app runs as; the database with the
//! answered backups.

use std::fmt::Write;

use super::{limits, names, restore};
use crate::answers::vocab::IacTool;
use crate::render::specs::blocks::production_environment;
use crate::render::workflows::settings::BACKUP_ENVIRONMENT;
use crate::resolve::Plan;
use crate::resolve::plan::EnvironmentPlan;

const RG: &str = "--resource-group <resource-group>";

fn database(plan: &Plan, env: &EnvironmentPlan) -> String {
    let backup = &plan.operations.backup;
    let days = backup
        .retention_days
        .clamp(*limits::BACKUP_DAYS.start(), *limits::BACKUP_DAYS.end());
    let geo = if plan.infrastructure.regions.secondary.is_empty() {
        "Disabled"
    } else {
        "Enabled"
    };
    let ha = if plan.infrastructure.scaling.min_instances >= 2 {
        " --high-availability ZoneRedundant"
    } else {
        ""
    };
    format!(
        "az postgres flexible-server create {RG} --name {} --location {} --version 16 --tier GeneralPurpose --sku-name <sku> \
         --backup-retention {days} --geo-redundant-backup {geo}{ha} --vnet <vnet> --subnet <database subnet>",
        names::database(&env.app),
        plan.infrastructure.regions.primary
    )
}

pub(super) fn steps(plan: &Plan, deploys: bool, backup_check: bool) -> Option<String> {
    if !deploys && !backup_check {
        return None;
    }
    let mut out = String::from(
        "## Azure: the identities the workflows and the app use\n\n\
         The workflows hold no Azure secret: each job exchanges GitHub's OIDC token\n\
         for a managed identity whose federated credential trusts only this\n\
         repository's jobs in one GitHub environment. Once, create the resource\n\
         group, the Container Apps environment, the registry and the Key Vault\n\
         (Azure RBAC) the variables above name, the environment in a virtual\n\
         network the database shares (replace `<…>`):\n\n\
         ```sh\n\
         az containerapp env create --resource-group <resource-group> --name <containerapps-environment> --location <region> \
         --infrastructure-subnet-resource-id <subnet id>\n\
         az acr create --resource-group <resource-group> --name <registry> --sku Basic\n\
         az keyvault create --resource-group <resource-group> --name <key-vault> --enable-rbac-authorization true\n\
         ```\n\n\
         A repository created (or renamed or transferred) since 2026-07-15 gets\n\
         immutable subject claims: write the subject as\n\
         `repo:<owner>@<owner-id>/<repo>@<repo-id>:environment:<name>` there.\n",
    );
    // With Terraform, the app's identity, its role assignments and the
    // database are its own: creating them by hand too would make its apply
    // fail on resources that already exist.
    let terraform = plan.infrastructure.iac.tool == IacTool::Terraform;
    if terraform {
        out.push_str(
            "\nTerraform creates each environment's app identity with its AcrPull and\n\
             Key Vault Secrets User roles, the Container App and the database: apply it\n\
             for an environment before the commands below, which add only what it does\n\
             not (the deploy identity, and the secrets' values).\n",
        );
        if restore::applies(plan) {
            out.push_str(
                "\nThe database admits Microsoft Entra identities only (no passwords): the\n\
                 group named by `database_admin_object_id` administers it. Signed in as a\n\
                 member, create the role of the app's identity in the `postgres` database\n\
                 (`SELECT * FROM pgaadauth_create_principal('<app identity>', false, false);`),\n\
                 and have the app sign in as that role with an access token of its identity\n\
                 as the password (scope `https://ossrdbms-aad.database.windows.net/.default`).\n",
            );
        }
    }
    let environments = if deploys {
        plan.operations.deployment.environments.as_slice()
    } else {
        &[]
    };
    for env in environments {
        let deployer = names::deployer(env);
        let runtime = names::identity(env);
        let _ = write!(
            out,
            "\n### Environment `{e}` (app `{app}`)\n\n\
             The app pulls its image and reads its secrets as `{runtime}`;\n\
             the deploy jobs sign in as `{deployer}`.\n\n\
             ```sh\n\
             {create}\
             az identity create {RG} --name {deployer}\n\
             az identity federated-credential create {RG} --identity-name {deployer} --name github-{e} \
             --issuer https://token.actions.githubusercontent.com --subject 'repo:<owner>/<repo>:environment:{e}' --audiences api://AzureADTokenExchange\n\
             az role assignment create --assignee <{deployer} principal id> --role 'Container Apps Contributor' --scope /subscriptions/<subscription-id>/resourceGroups/<resource-group>\n\
             az role assignment create --assignee <{deployer} principal id> --role AcrPush --scope <registry id>\n\
             az role assignment create --assignee <{deployer} principal id> --role 'Managed Identity Operator' --scope <{runtime} id>\n\
             ```\n",
            create = if terraform {
                format!(
                    "terraform -chdir={} apply -var environment={}\n",
                    super::terraform::DIR,
                    env.name
                )
            } else {
                format!(
                    "az identity create {RG} --name {runtime}\n\
                     az role assignment create --assignee <{runtime} principal id> --role AcrPull --scope <registry id>\n\
                     az role assignment create --assignee <{runtime} principal id> --role 'Key Vault Secrets User' --scope <key vault id>\n"
                )
            },
            e = env.name,
            app = names::app(env),
        );
        if restore::applies(plan) && !terraform {
            let _ = write!(
                out,
                "\nThe database, with the answered backups (kept {} days{}):\n\n```sh\n{}\n```\n",
                plan.operations.backup.retention_days,
                if plan.infrastructure.regions.secondary.is_empty() {
                    ""
                } else {
                    ", geo-redundant to the paired region"
                },
                database(plan, env)
            );
        }
        let config = &plan.operations.configuration;
        if config.production == crate::answers::vocab::SecretStore::AzureKeyVault
            && !config.variables.is_empty()
        {
            let lines: Vec<String> = config
                .variables
                .iter()
                .map(|var| {
                    format!(
                        "printf '%s' \"$VALUE\" | az keyvault secret set --vault-name <key-vault> --name {} --file /dev/stdin --output none",
                        names::vault_secret(&env.app, var)
                    )
                })
                .collect();
            let _ = write!(
                out,
                "\nThe secrets the app reads (each value piped in from `$VALUE`, never typed\non the command line):\n\n```sh\n{}\n```\n",
                lines.join("\n")
            );
        }
    }
    if let Some(production) = production_environment(plan).filter(|_| backup_check) {
        backup_check_identity(&mut out, production);
    }
    Some(out)
}

/// The backup check's identity: only jobs in the backup-check environment
/// sign in as it, and it may only read the production database server
/// (Reader on that server alone), which lists its backups.
fn backup_check_identity(out: &mut String, production: &EnvironmentPlan) {
    let identity = names::backup_check_identity(production);
    let server = names::database(&production.app);
    let _ = write!(
        out,
        "\n### The backup check (environment `{BACKUP_ENVIRONMENT}`)\n\n\
         The scheduled backup check lists the backups of `{server}` as `{identity}`,\n\
         which may read that server and nothing else; only jobs in the\n\
         `{BACKUP_ENVIRONMENT}` environment may sign in as it.\n\n\
         ```sh\n\
         az identity create {RG} --name {identity}\n\
         az identity federated-credential create {RG} --identity-name {identity} --name github-{BACKUP_ENVIRONMENT} \
         --issuer https://token.actions.githubusercontent.com --subject 'repo:<owner>/<repo>:environment:{BACKUP_ENVIRONMENT}' --audiences api://AzureADTokenExchange\n\
         az role assignment create --assignee <{identity} principal id> --role Reader \
         --scope /subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.DBforPostgreSQL/flexibleServers/{server}\n\
         ```\n"
    );
}
