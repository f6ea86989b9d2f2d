//! The `Plan`: every value decided. Renderers read only this; nothing in it
//! is left for a template to guess. Field names follow the answers file so
//! `explain --format json` shows the same key paths.

use serde::Serialize;

use crate::answers::model::Role;
use crate::answers::units::{Duration, Memory};
use crate::answers::vocab::*;

#[derive(Clone, Debug, Serialize)]
pub struct Plan {
    pub version: u32,
    pub project: ProjectPlan,
    pub infrastructure: InfrastructurePlan,
    pub security: SecurityPlan,
    pub operations: OperationsPlan,
    pub outputs: OutputsPlan,
    /// Warnings, listed in the specs' Open Questions.
    #[serde(skip)]
    pub open_questions: Vec<String>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct ProjectPlan {
    pub name: String,
    pub quality: Quality,
    pub language: Language,
    pub framework: Framework,
    pub port: u32,
    pub database: Database,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct InfrastructurePlan {
    pub hosting: HostingPlan,
    pub regions: RegionsPlan,
    pub scaling: ScalingPlan,
    pub monitoring: MonitoringPlan,
    pub cost: CostPlan,
    pub iac: IacPlan,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct SecurityPlan {
    pub authentication: AuthenticationPlan,
    pub authorization: AuthorizationPlan,
    pub secrets: SecretsPlan,
    pub encryption: EncryptionPlan,
    pub input_validation: InputValidationPlan,
    pub audits: AuditsPlan,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct OperationsPlan {
    pub deployment: DeploymentPlan,
    pub health_checks: HealthChecksPlan,
    pub rollback: RollbackPlan,
    pub logging: LoggingPlan,
    pub incident_response: IncidentResponsePlan,
    pub backup: BackupPlan,
    pub configuration: ConfigurationPlan,
    pub performance: PerformancePlan,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct OutputsPlan {
    pub skip: Vec<String>,
    pub health_module: String,
    pub shipspec_install: ShipspecInstallPlan,
    pub fly: FlyOutputsPlan,
    pub alerts: AlertOutputsPlan,
    pub datadog: DatadogOutputsPlan,
    /// Set when the answers come from the spec files (`--specs DIR`, DIR
    /// relative to the project root): CI checks against them too.
    pub specs_dir: Option<String>,
}

/// The metrics the alert rules read instead of the platform's (each `None`:
/// the platform's own).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AlertOutputsPlan {
    pub requests_metric: Option<String>,
    pub status_label: Option<String>,
    pub latency_metric: Option<String>,
    pub selector: Option<String>,
}

/// `outputs.datadog` as given (each `None`: the default, which the
/// Datadog monitors work out from the plan).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DatadogOutputsPlan {
    pub service: Option<String>,
    pub env: Option<String>,
    pub span_name: Option<String>,
}

/// What the answers say about an existing fly.toml's processes and services.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FlyOutputsPlan {
    pub process: Option<String>,
    /// Counted from 1.
    pub service: Option<u32>,
}

/// Where the generated CI gets shipspec from. Every variant is immutable:
/// a commit-pinned action or a commit of a git repository.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ShipspecInstallPlan {
    /// shipspec's own action at the commit of its release, downloading
    /// this version's release archive.
    #[default]
    Release,
    /// Another action, `owner/repo@<sha>`, downloading `version`.
    Action { uses: String, version: String },
    /// `cargo install --git <url> --rev <rev>`.
    CargoGit { url: String, rev: String },
    /// No release of shipspec to pin yet and no source answered: `ci.yml`
    /// gets no drift-check job rather than one that cannot run (SS043).
    Unpublished,
}

/// Shared by every question: the person's own words, carried verbatim into
/// the specs, and whether the question was answered at all.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Answer {
    pub answer: String,
    pub answered: bool,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct HostingPlan {
    #[serde(flatten)]
    pub text: Answer,
    pub platform: Platform,
    pub database_service: DatabaseService,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct RegionsPlan {
    #[serde(flatten)]
    pub text: Answer,
    pub primary: String,
    pub secondary: Vec<String>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct ScalingPlan {
    #[serde(flatten)]
    pub text: Answer,
    pub mode: ScalingMode,
    pub min_instances: u32,
    pub max_instances: u32,
    pub memory: Memory,
    pub cpus: u32,
    pub cpu_kind: CpuKind,
    pub cpu_target_percent: u32,
    pub max_concurrent_requests: u32,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct MonitoringPlan {
    #[serde(flatten)]
    pub text: Answer,
    pub tools: Vec<MonitoringTool>,
    pub alert_channels: Vec<AlertChannel>,
    pub alert_on: Vec<AlertOn>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct CostPlan {
    #[serde(flatten)]
    pub text: Answer,
    pub monthly_budget_usd: u32,
    pub alert_at_usd: u32,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct IacPlan {
    #[serde(flatten)]
    pub text: Answer,
    pub tool: IacTool,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct AuthenticationPlan {
    #[serde(flatten)]
    pub text: Answer,
    pub methods: Vec<AuthMethod>,
    pub oauth_providers: Vec<String>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct AuthorizationPlan {
    #[serde(flatten)]
    pub text: Answer,
    pub model: AuthzModel,
    pub roles: Vec<Role>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct SecretsPlan {
    #[serde(flatten)]
    pub text: Answer,
    pub production: SecretStore,
    pub development: DevSecretStore,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct EncryptionPlan {
    #[serde(flatten)]
    pub text: Answer,
    pub in_transit: InTransit,
    pub at_rest: bool,
    pub password_hashing: PasswordHashing,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct InputValidationPlan {
    #[serde(flatten)]
    pub text: Answer,
    pub libraries: Vec<String>,
    pub rate_limiting: String,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct AuditsPlan {
    #[serde(flatten)]
    pub text: Answer,
    pub dependency_scanning: ScanCadence,
    pub code_scanning: Vec<String>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct DeploymentPlan {
    #[serde(flatten)]
    pub text: Answer,
    pub method: DeployMethod,
    pub strategy: Strategy,
    pub environments: Vec<EnvironmentPlan>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct EnvironmentPlan {
    pub name: String,
    /// The platform app this environment deploys to: the project name for
    /// `production`, `<name>-<environment>` otherwise.
    pub app: String,
    pub trigger: Trigger,
    pub branch: String,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct HealthChecksPlan {
    #[serde(flatten)]
    pub text: Answer,
    pub enabled: bool,
    pub path: String,
    pub readiness_path: String,
    pub checks: Vec<HealthDependency>,
    pub interval_seconds: u32,
    pub timeout_seconds: u32,
    pub grace_period_seconds: u32,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct RollbackPlan {
    #[serde(flatten)]
    pub text: Answer,
    pub keep_releases: u32,
    pub target_minutes: u32,
    pub feature_flags: bool,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct LoggingPlan {
    #[serde(flatten)]
    pub text: Answer,
    pub format: LogFormat,
    pub level: LogLevel,
    pub destination: String,
    pub retention_days: u32,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct IncidentResponsePlan {
    #[serde(flatten)]
    pub text: Answer,
    pub channel: String,
    pub response_minutes: u32,
    pub postmortem_for: Vec<Severity>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct BackupPlan {
    #[serde(flatten)]
    pub text: Answer,
    pub frequency: BackupFrequency,
    pub retention_days: u32,
    pub rto: Duration,
    pub rpo: Duration,
    pub restore_test: RestoreTest,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct ConfigurationPlan {
    #[serde(flatten)]
    pub text: Answer,
    pub variables: Vec<String>,
    pub production: SecretStore,
    pub development: DevSecretStore,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct PerformancePlan {
    #[serde(flatten)]
    pub text: Answer,
    pub p95_ms: u32,
    pub error_rate_percent: f64,
}
