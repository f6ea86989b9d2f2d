//! The closed vocabularies of the answers file. Each value has its YAML
//! spelling (kebab-case, the contract) and a label for the spec documents.

macro_rules! vocab {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $spelling:literal / $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash,
            serde::Deserialize, serde::Serialize, schemars::JsonSchema,
        )]
        pub enum $name {
            $(#[serde(rename = $spelling)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The spelling used in `shipspec.yaml`.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $spelling),+ }
            }

            /// How the value reads in a spec document.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }

        impl Default for $name {
            /// The first value listed; only used as a placeholder after an
            /// error has already stopped generation.
            fn default() -> Self {
                Self::ALL[0]
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocab!(Quality { Production = "production" / "production", Secure = "secure" / "secure" });

vocab!(Language {
    Python = "python" / "Python",
    Node = "node" / "Node.js",
    Rust = "rust" / "Rust",
    Go = "go" / "Go",
});

vocab!(Framework {
    Fastapi = "fastapi" / "FastAPI",
    Flask = "flask" / "Flask",
    Django = "django" / "Django",
    Express = "express" / "Express",
    Axum = "axum" / "axum",
    NetHttp = "net-http" / "Go net/http",
});

vocab!(Database {
    Postgres = "postgres" / "PostgreSQL",
    Mysql = "mysql" / "MySQL",
    Sqlite = "sqlite" / "SQLite",
    None = "none" / "none",
});

vocab!(Platform {
    Fly = "fly" / "Fly.io",
    Aws = "aws" / "AWS",
    Gcp = "gcp" / "Google Cloud",
    Azure = "azure" / "Azure",
    Heroku = "heroku" / "Heroku",
    Kubernetes = "kubernetes" / "Kubernetes",
    OnPrem = "on-prem" / "on-premises servers",
});

vocab!(DatabaseService {
    FlyManagedPostgres = "fly-managed-postgres" / "Fly Managed Postgres",
    FlyPostgres = "fly-postgres" / "Fly Postgres (unmanaged, on Fly Machines)",
    Rds = "rds" / "Amazon RDS",
    Aurora = "aurora" / "Amazon Aurora",
    CloudSql = "cloud-sql" / "Cloud SQL",
    AzurePostgres = "azure-postgres" / "Azure Database for PostgreSQL",
    HerokuPostgres = "heroku-postgres" / "Heroku Postgres",
    SelfHosted = "self-hosted" / "self-hosted",
    None = "none" / "no database",
});

vocab!(ScalingMode {
    Manual = "manual" / "manual",
    Auto = "auto" / "automatic",
    Serverless = "serverless" / "serverless (platform-managed)",
});

vocab!(CpuKind {
    Shared = "shared" / "shared",
    Performance = "performance" / "performance",
});

vocab!(MonitoringTool {
    FlyMetrics = "fly-metrics" / "Fly.io metrics",
    Cloudwatch = "cloudwatch" / "CloudWatch",
    Stackdriver = "stackdriver" / "Google Cloud Monitoring (Stackdriver)",
    Datadog = "datadog" / "Datadog",
    NewRelic = "new-relic" / "New Relic",
    Sentry = "sentry" / "Sentry",
    Uptimerobot = "uptimerobot" / "UptimeRobot",
    Prometheus = "prometheus" / "Prometheus",
    Grafana = "grafana" / "Grafana",
    Honeycomb = "honeycomb" / "Honeycomb",
});

vocab!(AlertChannel {
    Email = "email" / "email",
    Slack = "slack" / "Slack",
    Pagerduty = "pagerduty" / "PagerDuty",
    Opsgenie = "opsgenie" / "Opsgenie",
    Sms = "sms" / "SMS",
});

vocab!(AlertOn {
    Downtime = "downtime" / "downtime",
    ErrorRate = "error-rate" / "error rate",
    Latency = "latency" / "latency",
    Cpu = "cpu" / "CPU",
    Memory = "memory" / "memory",
    Disk = "disk" / "disk",
});

vocab!(IacTool {
    None = "none" / "none (console and CLI)",
    Terraform = "terraform" / "Terraform",
    Pulumi = "pulumi" / "Pulumi",
    Cloudformation = "cloudformation" / "CloudFormation",
    PlatformConfig = "platform-config" / "the platform's own config file",
});

vocab!(AuthMethod {
    Password = "password" / "username and password",
    Oauth = "oauth" / "OAuth",
    MagicLink = "magic-link" / "magic links",
    ApiKeys = "api-keys" / "API keys",
    Mfa = "mfa" / "multi-factor",
});

vocab!(AuthzModel {
    None = "none" / "none (every user has the same permissions)",
    Rbac = "rbac" / "role-based (RBAC)",
    Permissions = "permissions" / "permission-based",
    Resource = "resource" / "resource-level ownership",
});

vocab!(SecretStore {
    FlySecrets = "fly-secrets" / "Fly.io secrets",
    HerokuConfigVars = "heroku-config-vars" / "Heroku config vars",
    AwsSecretsManager = "aws-secrets-manager" / "AWS Secrets Manager",
    AwsSsmParameterStore = "aws-ssm-parameter-store" / "AWS SSM Parameter Store",
    GcpSecretManager = "gcp-secret-manager" / "GCP Secret Manager",
    AzureKeyVault = "azure-key-vault" / "Azure Key Vault",
    Vault = "vault" / "HashiCorp Vault",
    KubernetesSecrets = "kubernetes-secrets" / "Kubernetes Secrets",
    Doppler = "doppler" / "Doppler",
    EnvVars = "env-vars" / "environment variables",
});

vocab!(DevSecretStore {
    Dotenv = "dotenv" / ".env file (gitignored)",
    EnvVars = "env-vars" / "environment variables",
    Doppler = "doppler" / "Doppler",
    Vault = "vault" / "HashiCorp Vault",
});

vocab!(InTransit { Tls = "tls" / "TLS (HTTPS)", None = "none" / "none" });

vocab!(PasswordHashing {
    Bcrypt = "bcrypt" / "bcrypt",
    Argon2 = "argon2" / "Argon2",
    Scrypt = "scrypt" / "scrypt",
    Pbkdf2 = "pbkdf2" / "PBKDF2",
    None = "none" / "none (no passwords stored)",
});

vocab!(ScanCadence {
    Daily = "daily" / "daily",
    Weekly = "weekly" / "weekly",
    Monthly = "monthly" / "monthly",
    OnPush = "on-push" / "on every push",
});

vocab!(DeployMethod { CiCd = "ci-cd" / "CI/CD", Manual = "manual" / "manual" });

vocab!(Strategy {
    Rolling = "rolling" / "rolling",
    Bluegreen = "bluegreen" / "blue-green",
    Canary = "canary" / "canary",
    Immediate = "immediate" / "immediate",
});

vocab!(Trigger {
    Push = "push" / "on push",
    Manual = "manual" / "manual approval",
    Tag = "tag" / "on tag",
});

vocab!(HealthDependency { Database = "database" / "database", Redis = "redis" / "Redis" });

vocab!(BackupFrequency {
    Continuous = "continuous" / "continuous (point-in-time recovery)",
    Hourly = "hourly" / "hourly",
    Daily = "daily" / "daily",
    Weekly = "weekly" / "weekly",
});

vocab!(RestoreTest {
    Weekly = "weekly" / "weekly",
    Monthly = "monthly" / "monthly",
    Quarterly = "quarterly" / "quarterly",
    Yearly = "yearly" / "yearly",
    Never = "never" / "never (no restore test planned)",
});

vocab!(LogLevel {
    Debug = "debug" / "DEBUG",
    Info = "info" / "INFO",
    Warning = "warning" / "WARNING",
    Error = "error" / "ERROR",
});

vocab!(LogFormat { Json = "json" / "structured JSON", Text = "text" / "plain text" });

vocab!(Severity {
    P0 = "P0" / "P0",
    P1 = "P1" / "P1",
    P2 = "P2" / "P2",
    P3 = "P3" / "P3",
});

/// A vocabulary value that exists on some platforms only: a platform's own
/// database, secret store, metrics or logs. Values that work from anywhere
/// (Datadog, Vault, Amazon RDS reached from Fly.io, …) list no platform.
pub trait PlatformBound: Copy + std::fmt::Display {
    /// The platforms the value belongs to; empty: every platform.
    fn platforms(self) -> &'static [Platform];
}

impl PlatformBound for DatabaseService {
    fn platforms(self) -> &'static [Platform] {
        match self {
            DatabaseService::FlyManagedPostgres | DatabaseService::FlyPostgres => &[Platform::Fly],
            DatabaseService::HerokuPostgres => &[Platform::Heroku],
            _ => &[],
        }
    }
}

impl PlatformBound for SecretStore {
    fn platforms(self) -> &'static [Platform] {
        match self {
            SecretStore::FlySecrets => &[Platform::Fly],
            SecretStore::HerokuConfigVars => &[Platform::Heroku],
            SecretStore::KubernetesSecrets => &[Platform::Kubernetes],
            _ => &[],
        }
    }
}

impl PlatformBound for MonitoringTool {
    fn platforms(self) -> &'static [Platform] {
        match self {
            MonitoringTool::FlyMetrics => &[Platform::Fly],
            MonitoringTool::Cloudwatch => &[Platform::Aws],
            MonitoringTool::Stackdriver => &[Platform::Gcp],
            _ => &[],
        }
    }
}

/// The platforms a log destination belongs to (`operations.logging.destination`
/// is free text; the platforms' own names are known); empty: every platform.
pub fn log_destination_platforms(destination: &str) -> &'static [Platform] {
    match destination {
        "fly-logs" => &[Platform::Fly],
        "heroku-logplex" => &[Platform::Heroku],
        "cloudwatch" => &[Platform::Aws],
        "cloud-logging" => &[Platform::Gcp],
        "azure-monitor" => &[Platform::Azure],
        _ => &[],
    }
}
