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

/// Where the health-check stub goes when `outputs.health_module` does not
/// say: a path the framework's own layout imports from.
pub fn health_module(framework: Framework) -> &'static str {
    match framework {
        Framework::Fastapi | Framework::Flask => "app/health.py",
        Framework::Django => "health.py",
        Framework::Express => "src/health.js",
        Framework::Axum => "src/health.rs",
        Framework::NetHttp => "health/health.go",
    }
}

/// 80% of `n`, rounded down: the default budget alert and Fly's soft limit.
/// Computed in `u64`, so no input can overflow; the result is at most `n`.
pub fn four_fifths(n: u32) -> u32 {
    u32::try_from(u64::from(n) * 4 / 5).unwrap_or(n)
}

#[cfg(test)]
mod tests {
    use super::four_fifths;

    #[test]
    fn four_fifths_never_overflows() {
        assert_eq!(four_fifths(150), 120);
        assert_eq!(four_fifths(0), 0);
        assert_eq!(four_fifths(2_000_000_000), 1_600_000_000);
        assert_eq!(four_fifths(u32::MAX), 3_435_973_836);
    }
}
