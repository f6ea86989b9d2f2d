//! The answers file, version 1, exactly as written by the user. Every field
//! is optional here; `resolve` decides what is required and fills defaults.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::question::{Q, answered, prose};
use super::units::{Duration, Memory};
use super::vocab::*;

/// `shipspec.yaml`: a project's answers to the 20 production-readiness questions.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Answers {
    /// Format version of this file. Only `1` exists.
    pub version: Option<u32>,
    pub project: Option<Project>,
    pub infrastructure: Option<Infrastructure>,
    pub security: Option<Security>,
    pub operations: Option<Operations>,
    pub outputs: Option<Outputs>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// DNS-safe: lowercase letters, digits and dashes; becomes the app name.
    pub name: Option<String>,
    pub quality: Option<Quality>,
    pub language: Option<Language>,
    pub framework: Option<Framework>,
    /// The port the app listens on inside its container.
    pub port: Option<u32>,
    pub database: Option<Database>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Infrastructure {
    /// Q1. Where will you deploy your application?
    pub hosting: Option<Q<Hosting>>,
    /// Q2. Where will the application run geographically?
    pub regions: Option<Q<Regions>>,
    /// Q3. How will the application scale?
    pub scaling: Option<Q<Scaling>>,
    /// Q4. How will you monitor and get alerted?
    pub monitoring: Option<Q<Monitoring>>,
    /// Q5. What is the budget and how are costs tracked?
    pub cost: Option<Q<Cost>>,
    /// Q6. Infrastructure as code.
    pub iac: Option<Q<Iac>>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Security {
    /// Q7. How do users prove who they are?
    pub authentication: Option<Q<Authentication>>,
    /// Q8. What may authenticated users do?
    pub authorization: Option<Q<Authorization>>,
    /// Q9. Where do secrets live?
    pub secrets: Option<Q<Secrets>>,
    /// Q10. How is data protected?
    pub encryption: Option<Q<Encryption>>,
    /// Q11. How is malicious input stopped?
    pub input_validation: Option<Q<InputValidation>>,
    /// Q12. How is security audited? Required for `quality: secure`.
    pub audits: Option<Q<Audits>>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Operations {
    /// Q13. How do updates reach production?
    pub deployment: Option<Q<Deployment>>,
    /// Q14. How is health verified?
    pub health_checks: Option<Q<HealthChecks>>,
    /// Q15. What happens when a deploy goes wrong?
    pub rollback: Option<Q<Rollback>>,
    /// Q16. How are events and errors logged?
    pub logging: Option<Q<Logging>>,
    /// Q17. What happens when production breaks?
    pub incident_response: Option<Q<IncidentResponse>>,
    /// Q18. How is data backed up and restored?
    pub backup: Option<Q<Backup>>,
    /// Q19. How is configuration managed across environments?
    pub configuration: Option<Q<Configuration>>,
    /// Q20. How is performance tracked?
    pub performance: Option<Q<Performance>>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Outputs {
    /// Globs of output paths not to generate.
    #[serde(default)]
    pub skip: Vec<String>,
    /// Where the health-check stub goes (default: the framework's usual place).
    pub health_module: Option<String>,
    /// How the generated CI gets shipspec (default: the shipspec GitHub
    /// Action of this version, pinned by commit). Either `action` (with an
    /// optional `version`) or `cargo_git` with `rev`.
    pub shipspec_install: Option<ShipspecInstall>,
    /// Which part of an existing fly.toml serves the app's HTTP, when the
    /// file has several that could.
    pub fly: Option<FlyOutputs>,
    /// The request metrics the generated Prometheus alert rules read, when
    /// not the platform's own (Fly's edge metrics, ingress-nginx's).
    pub alerts: Option<AlertOutputs>,
    /// What the Datadog monitors read when Q4 names Datadog.
    pub datadog: Option<DatadogOutputs>,
}

/// The Datadog APM service the monitors watch (default: the production
/// app, its environment, and the framework's usual span name).
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatadogOutputs {
    /// The `service` tag of the app's traces (`DD_SERVICE`).
    pub service: Option<String>,
    /// The `env` tag of the production app's traces (`DD_ENV`).
    pub env: Option<String>,
    /// The span name of the app's incoming requests, as in
    /// `trace.<span_name>.hits` (`flask.request`, `http.request`).
    pub span_name: Option<String>,
}

/// Prometheus metrics of the production app's requests.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AlertOutputs {
    /// A counter of responses (`http_requests_total`).
    pub requests_metric: Option<String>,
    /// The counter's label holding the HTTP status (`status`, `code`).
    pub status_label: Option<String>,
    /// A response-time histogram in seconds, without `_bucket`
    /// (`http_request_duration_seconds`).
    pub latency_metric: Option<String>,
    /// PromQL label matchers selecting the app's series in both
    /// (`service="shop",namespace="shop"`).
    pub selector: Option<String>,
}

/// Names what an existing fly.toml leaves open.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FlyOutputs {
    /// The `[processes]` entry that serves the app's HTTP (e.g. `web`).
    pub process: Option<String>,
    /// The `[[services]]` table that serves the app's HTTP, counted from 1
    /// in the order fly.toml lists them.
    pub service: Option<u32>,
}

/// An immutable source of shipspec that a team controls.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShipspecInstall {
    /// A GitHub Action that runs shipspec, pinned by commit:
    /// `owner/repo@<40-hex commit sha>` (a fork or mirror of shipspec's).
    pub action: Option<String>,
    /// The shipspec release that action downloads (default: this version).
    pub version: Option<String>,
    /// An https git repository to build shipspec from with `cargo install`.
    pub cargo_git: Option<String>,
    /// The commit of `cargo_git` to build: a 40-hex commit sha.
    pub rev: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Hosting {
    #[serde(default, deserialize_with = "prose")]
    pub answer: Option<String>,
    pub platform: Option<Platform>,
    pub database_service: Option<DatabaseService>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Regions {
    #[serde(default, deserialize_with = "prose")]
    pub answer: Option<String>,
    /// The platform's region code (`iad`, `us-east-1`, …).
    pub primary: Option<String>,
    pub secondary: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scaling {
    #[serde(default, deserialize_with = "prose")]
    pub answer: Option<String>,
    pub mode: Option<ScalingMode>,
    pub min_instances: Option<u32>,
    pub max_instances: Option<u32>,
    pub memory: Option<Memory>,
    pub cpus: Option<u32>,
    /// Fly.io machines: `shared` or `performance` CPUs.
    pub cpu_kind: Option<CpuKind>,
    pub cpu_target_percent: Option<u32>,
    /// Concurrent requests one instance takes before traffic goes elsewhere.
    pub max_concurrent_requests: Option<u32>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Monitoring {
    #[serde(default, deserialize_with = "prose")]
    pub answer: Option<String>,
    pub tools: Option<Vec<MonitoringTool>>,
    pub alert_channels: Option<Vec<AlertChannel>>,
    pub alert_on: Option<Vec<AlertOn>>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cost {
    #[serde(default, deserialize_with = "prose")]
    pub answer: Option<String>,
    pub monthly_budget_usd: Option<u32>,
    pub alert_at_usd: Option<u32>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Iac {
    #[serde(default, deserialize_with = "prose")]
    pub answer: Option<String>,
    pub tool: Option<IacTool>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Authentication {
    #[serde(default, deserialize_with = "prose")]
    pub answer: Option<String>,
    /// Empty list: no authentication.
    pub methods: Option<Vec<AuthMethod>>,
    pub oauth_providers: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Authorization {
    #[serde(default, deserialize_with = "prose")]
    pub answer: Option<String>,
    pub model: Option<AuthzModel>,
    pub roles: Option<Vec<Role>>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub name: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Secrets {
    #[serde(default, deserialize_with = "prose")]
    pub answer: Option<String>,
    pub production: Option<SecretStore>,
    pub development: Option<DevSecretStore>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Encryption {
    #[serde(default, deserialize_with = "prose")]
    pub answer: Option<String>,
    pub in_transit: Option<InTransit>,
    pub at_rest: Option<bool>,
    pub password_hashing: Option<PasswordHashing>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InputValidation {
    #[serde(default, deserialize_with = "prose")]
    pub answer: Option<String>,
    pub libraries: Option<Vec<String>>,
    /// The rate limiter in use (`slowapi`, `express-rate-limit`, …), or `none`.
    pub rate_limiting: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Audits {
    #[serde(default, deserialize_with = "prose")]
    pub answer: Option<String>,
    pub dependency_scanning: Option<ScanCadence>,
    pub code_scanning: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Deployment {
    #[serde(default, deserialize_with = "prose")]
    pub answer: Option<String>,
    pub method: Option<DeployMethod>,
    pub strategy: Option<Strategy>,
    pub environments: Option<Vec<Environment>>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    pub name: String,
    pub trigger: Trigger,
    /// The branch a `push` trigger follows; defaults to `main`.
    pub branch: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HealthChecks {
    #[serde(default, deserialize_with = "prose")]
    pub answer: Option<String>,
    /// `false`: the platform runs no HTTP health check.
    pub enabled: Option<bool>,
    pub path: Option<String>,
    pub readiness_path: Option<String>,
    pub checks: Option<Vec<HealthDependency>>,
    pub interval_seconds: Option<u32>,
    pub timeout_seconds: Option<u32>,
    pub grace_period_seconds: Option<u32>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rollback {
    #[serde(default, deserialize_with = "prose")]
    pub answer: Option<String>,
    pub keep_releases: Option<u32>,
    pub target_minutes: Option<u32>,
    pub feature_flags: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Logging {
    #[serde(default, deserialize_with = "prose")]
    pub answer: Option<String>,
    pub format: Option<LogFormat>,
    pub level: Option<LogLevel>,
    /// Where logs go (`fly-logs`, `cloudwatch`, `datadog`, …).
    pub destination: Option<String>,
    pub retention_days: Option<u32>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentResponse {
    #[serde(default, deserialize_with = "prose")]
    pub answer: Option<String>,
    /// Where alerts and incident talk go (`#incidents`).
    pub channel: Option<String>,
    pub response_minutes: Option<u32>,
    pub postmortem_for: Option<Vec<Severity>>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Backup {
    #[serde(default, deserialize_with = "prose")]
    pub answer: Option<String>,
    pub frequency: Option<BackupFrequency>,
    pub retention_days: Option<u32>,
    pub rto: Option<Duration>,
    pub rpo: Option<Duration>,
    pub restore_test: Option<RestoreTest>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Configuration {
    #[serde(default, deserialize_with = "prose")]
    pub answer: Option<String>,
    pub variables: Option<Vec<String>>,
    pub production: Option<SecretStore>,
    pub development: Option<DevSecretStore>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Performance {
    #[serde(default, deserialize_with = "prose")]
    pub answer: Option<String>,
    pub p95_ms: Option<u32>,
    pub error_rate_percent: Option<f64>,
}

answered!(
    Hosting,
    Regions,
    Scaling,
    Monitoring,
    Cost,
    Iac,
    Authentication,
    Authorization,
    Secrets,
    Encryption,
    InputValidation,
    Audits,
    Deployment,
    HealthChecks,
    Rollback,
    Logging,
    IncidentResponse,
    Backup,
    Configuration,
    Performance,
);
