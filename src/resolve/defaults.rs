//! Defaults that follow the platform or the stack. Each is documented in
//! `docs/answers.md`; change both together.

use crate::answers::vocab::*;

pub fn database_service(platform: Platform, database: Database) -> DatabaseService {
    use DatabaseService as S;
    match (database, platform) {
        (Database::None, _) => S::None,
        (Database::Sqlite, _) => S::SelfHosted,
        (Database::Postgres, Platform::Fly) => S::FlyManagedPostgres,
        (Database::Postgres, Platform::Heroku) => S::HerokuPostgres,
        (Database::Postgres, Platform::Azure) => S::AzurePostgres,
        (_, Platform::Aws) => S::Rds,
        (_, Platform::Gcp) => S::CloudSql,
        _ => S::SelfHosted,
    }
}

pub fn secret_store(platform: Platform) -> SecretStore {
    match platform {
        Platform::Fly => SecretStore::FlySecrets,
        Platform::Heroku => SecretStore::HerokuConfigVars,
        Platform::Aws => SecretStore::AwsSecretsManager,
        Platform::Gcp => SecretStore::GcpSecretManager,
        Platform::Azure => SecretStore::AzureKeyVault,
        Platform::Kubernetes => SecretStore::KubernetesSecrets,
        Platform::OnPrem => SecretStore::Vault,
    }
}

pub fn log_destination(platform: Platform) -> &'static str {
    match platform {
        Platform::Fly => "fly-logs",
        Platform::Heroku => "heroku-logplex",
        Platform::Aws => "cloudwatch",
        Platform::Gcp => "cloud-logging",
        Platform::Azure => "azure-monitor",
        Platform::Kubernetes | Platform::OnPrem => "stdout",
    }
}

pub fn language_of(framework: Framework) -> Language {
    match framework {
        Framework::Fastapi | Framework::Flask | Framework::Django => Language::Python,
        Framework::Express => Language::Node,
        Framework::Axum => Language::Rust,
        Framework::NetHttp => Language::Go,
    }
}
