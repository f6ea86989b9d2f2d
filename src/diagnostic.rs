//! Diagnostics: what load, resolve and reconcile say about the user's input.
//!
//! Every diagnostic has a stable code (documented in `docs/diagnostics.md`),
//! a key path into the answers file and, where known, a line and column.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Stable diagnostic codes. Never renumber: users grep for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Code {
    /// The file is not valid YAML.
    Syntax,
    /// The file is not UTF-8.
    NotUtf8,
    /// The file is empty or holds only comments.
    Empty,
    /// A key the answers file does not have.
    UnknownKey,
    /// A value of the wrong type (a list where a number goes, …).
    WrongType,
    /// A value outside a field's vocabulary.
    UnknownValue,
    /// `version` is missing or not one this shipspec reads.
    Version,
    /// A question that must be answered for the project's quality level.
    MissingAnswer,
    /// A structured field an output needs, with no default.
    MissingField,
    /// A number, duration or size outside its allowed range.
    OutOfRange,
    /// `project.name` is not DNS-safe.
    InvalidName,
    /// `max_instances` below `min_instances`.
    ScalingBounds,
    /// `quality: secure` without an audits answer.
    SecureNeedsAudits,
    /// A value too long to be an answer (guards against pasted files).
    TooLong,
    /// A spec file's shipspec markers are broken (unclosed, duplicated).
    BrokenMarkers,
    /// The answers file could not be read.
    Io,
    /// A list holds the same value twice.
    Duplicate,
    /// Two answers contradict each other.
    Inconsistent,
    /// A region the platform does not have.
    UnknownRegion,
    /// A region the platform retired; its replacement is used.
    RetiredRegion,
    /// The platform cannot scale on CPU; what is generated instead.
    NoCpuAutoscaling,
    /// A deploy strategy that needs a health check, without one.
    StrategyNeedsHealthCheck,
    /// Canary deploys with volumes mounted.
    CanaryWithVolumes,
    /// A size outside what the platform offers.
    PlatformLimit,
    /// An existing platform config that cannot be merged into.
    UnmergeableConfig,
    /// Backups further apart than the RPO allows.
    BackupMissesRpo,
    /// Backups with no restore test planned.
    NoRestoreTest,
    /// `quality: secure` without multi-factor authentication.
    SecureWithoutMfa,
    /// No encryption in transit.
    NoTls,
    /// A secret value pasted into an answer.
    SecretInAnswers,
    /// The budget alert is at or above the budget.
    BudgetAlertTooHigh,
    /// Monitoring with nobody to alert.
    NoAlertChannel,
    /// Data residency answered, regions outside it.
    RegionOutsideResidency,
    /// A glob that does not parse (`outputs.skip`, `--only`).
    InvalidGlob,
    /// A URL path or a path in the project that shipspec cannot use.
    InvalidPath,
    /// A git branch name shipspec does not accept.
    InvalidBranch,
    /// An environment variable name that is not one.
    InvalidVariableName,
    /// A region that is not written as a region code.
    InvalidRegionCode,
    /// An incident channel that is not one short, plain line.
    InvalidChannel,
    /// A value that belongs to another platform (`fly-secrets` on AWS).
    PlatformValue,
    /// The answer's words state one value, the structured field another.
    WordsDisagree,
    /// A default was used although the answer's words speak of that field.
    DefaultDespiteWords,
    /// No shipspec release to pin and no `outputs.shipspec_install`.
    NoShipspecSource,
    /// Two places in the spec files state different values for one field.
    SpecsDisagree,
    /// A question no heading in the spec files names.
    SpecQuestionNotFound,
    /// A `--specs` directory with none of the four spec files.
    NoSpecFiles,
    /// Project facts neither the specs nor a `shipspec.yaml` state.
    ProjectFactsMissing,
    /// `--specs` and `--answers` given together.
    SpecsWithAnswers,
    /// fly.toml's machine size preset gives other CPUs (or less memory
    /// than a CPU count takes) than the answers say.
    MachinePresetDiffers,
    /// fly.toml has several services or processes the answers could mean.
    AmbiguousService,
    /// `outputs.fly` names a process or service fly.toml does not have.
    FlyNameMissing,
    /// fly.toml names a machine size Fly does not offer.
    UnknownMachineSize,
    /// The answers file is over the input budget (size, nesting, aliases).
    InputBudget,
    /// Another shipspec run holds the lock on `.shipspec/`.
    Locked,
    /// An interrupted apply that could not be finished.
    Interrupted,
    /// `--all` found no service, or was given a single service's flags.
    Workspace,
    /// An `--only` glob that matches no output.
    OnlyMatchesNothing,
    /// A memory answer that makes no Kubernetes quantity.
    KubernetesQuantity,
    /// A deploy strategy a Deployment cannot do; rolling is generated.
    KubernetesStrategy,
    /// Health checks off: the Deployment gets no probes.
    KubernetesNoProbes,
    /// A name longer than Kubernetes or CloudNativePG takes.
    KubernetesNameTooLong,
    /// Serverless scaling: an HPA that never scales to zero is generated.
    KubernetesServerless,
    /// A self-hosted database shipspec generates no in-cluster manifest for.
    KubernetesDatabase,
    /// A CPU and memory answer that is no Fargate task size.
    FargateSize,
    /// Log retention rounded to a value CloudWatch Logs accepts.
    LogRetentionRounded,
    /// Backups kept longer than the database service's automated backups allow.
    BackupRetentionTooLong,
    /// An infrastructure-as-code answer shipspec does not generate for.
    IacNotGenerated,
    /// Secondary regions on a platform whose stack lives in one region.
    SingleRegionStack,
    /// A secret store the platform's tasks cannot read secrets from.
    SecretStoreUnreadable,
    /// A deploy strategy generated as another one.
    StrategyNotGenerated,
    /// A name longer than AWS allows for one of the stack's resources.
    AwsNameTooLong,
    /// The app has a database and no database service is answered.
    DatabaseWithoutService,
    /// Autoscaling asked to keep no pods, which a HorizontalPodAutoscaler cannot.
    KubernetesMinimumReplicas,
    /// A database the AWS stack does not create.
    AwsDatabase,
    /// Scaling to zero tasks, which ECS autoscaling cannot come back from.
    AwsMinimumTasks,
    /// Autoscaling Heroku does not do as answered (CPU, or a dyno tier without autoscaling).
    HerokuAutoscaling,
    /// Health-check answers Heroku has no setting for.
    HerokuHealthCheck,
    /// A deploy strategy Heroku runs as preboot.
    HerokuStrategy,
    /// Memory beyond Heroku's largest dyno.
    HerokuDynoSize,
    /// Backups Heroku Postgres keeps otherwise than answered.
    HerokuBackups,
    /// A region Heroku's Common Runtime does not have.
    HerokuRegion,
    /// A database Heroku cannot keep as answered (SQLite on a dyno, not PostgreSQL on Heroku Postgres).
    HerokuDatabase,
    /// An app name Heroku refuses (more than 30 characters).
    HerokuAppName,
    /// A secret store nothing syncs into Heroku's config vars.
    HerokuSecretStore,
    /// Autoscaling on own servers, whose hosts are the instances.
    OnPremScaling,
    /// A deploy strategy own servers run otherwise.
    OnPremStrategy,
    /// A database or backup own servers' config does not run.
    OnPremDatabase,
    /// A platform shipspec generates no alert rules for.
    AlertsNotGenerated,
    /// A budget alert the platform cannot take as code: set by hand.
    BudgetAlertByHand,
    /// An `alert_on` value no rule is generated for.
    AlertOnNotGenerated,
    /// An alert channel Alertmanager has no receiver for.
    AlertChannelNotGenerated,
    /// An error-rate target that leaves burn-rate alerts nothing to burn.
    NoErrorBudget,
    /// `outputs.alerts` names a metric or selector PromQL cannot read.
    InvalidMetric,
    /// A health path the platform does not probe (Cloud Run readiness), or a probe it caps.
    ReadinessNotProbed,
    /// What the answered autoscaling target becomes on a serverless platform.
    ScalingSignal,
    /// A CPU and memory answer (or concurrency) the serverless platform has no size for.
    ContainerSize,
    /// A service name longer than the platform allows.
    ServiceNameTooLong,
    /// A secret store the serverless platform cannot reference secrets from.
    SecretStoreNotReferenced,
    /// An infrastructure-as-code answer a serverless platform generates only its app config for.
    ServerlessIacNotGenerated,
    /// Backup retention outside what the managed database allows.
    BackupRetentionRange,
    /// Secondary regions on a platform whose service lives in one region.
    SingleRegionService,
    /// More instances than the platform runs one service or app on.
    TooManyInstances,
    /// A Datadog monitor reads a span name shipspec can only assume.
    DatadogSpanAssumed,
    /// `outputs.datadog` names a service, env or span Datadog cannot tag.
    InvalidDatadogName,
    /// An alert channel Datadog has no notification handle for.
    DatadogChannelNotGenerated,
    /// Alerts a cloud takes as code only through Terraform: set by hand.
    AlertsByHand,
    /// A Cloud Billing budget notifies only email channels.
    BudgetChannelEmailOnly,
    /// A budget threshold outside what the platform accepts: clamped.
    BudgetThresholdClamped,
    /// A burn-rate window longer than the platform's alerts look back.
    BurnWindowTooLong,
    /// An alert channel the platform's alerting cannot reach as code.
    AlertChannelByHand,
    /// Another cloud's database answered on Cloud Run or Container Apps.
    ForeignDatabase,
    /// More instances than the region's baseline quota lets Cloud Run start.
    InstancesOverQuota,
    /// Cloud SQL or Azure's flexible server answered for an app that does not use PostgreSQL.
    ManagedDatabaseEngine,
}

impl Code {
    pub const ALL: [Code; 113] = [
        Code::Syntax,
        Code::NotUtf8,
        Code::Empty,
        Code::UnknownKey,
        Code::WrongType,
        Code::UnknownValue,
        Code::Version,
        Code::MissingAnswer,
        Code::MissingField,
        Code::OutOfRange,
        Code::InvalidName,
        Code::ScalingBounds,
        Code::SecureNeedsAudits,
        Code::TooLong,
        Code::BrokenMarkers,
        Code::Io,
        Code::Duplicate,
        Code::Inconsistent,
        Code::UnknownRegion,
        Code::RetiredRegion,
        Code::NoCpuAutoscaling,
        Code::StrategyNeedsHealthCheck,
        Code::CanaryWithVolumes,
        Code::PlatformLimit,
        Code::UnmergeableConfig,
        Code::BackupMissesRpo,
        Code::NoRestoreTest,
        Code::SecureWithoutMfa,
        Code::NoTls,
        Code::SecretInAnswers,
        Code::BudgetAlertTooHigh,
        Code::NoAlertChannel,
        Code::RegionOutsideResidency,
        Code::InvalidGlob,
        Code::InvalidPath,
        Code::InvalidBranch,
        Code::InvalidVariableName,
        Code::InvalidRegionCode,
        Code::InvalidChannel,
        Code::PlatformValue,
        Code::WordsDisagree,
        Code::DefaultDespiteWords,
        Code::NoShipspecSource,
        Code::SpecsDisagree,
        Code::SpecQuestionNotFound,
        Code::NoSpecFiles,
        Code::ProjectFactsMissing,
        Code::SpecsWithAnswers,
        Code::MachinePresetDiffers,
        Code::AmbiguousService,
        Code::FlyNameMissing,
        Code::UnknownMachineSize,
        Code::InputBudget,
        Code::Locked,
        Code::Interrupted,
        Code::Workspace,
        Code::OnlyMatchesNothing,
        Code::KubernetesQuantity,
        Code::KubernetesStrategy,
        Code::KubernetesNoProbes,
        Code::KubernetesNameTooLong,
        Code::KubernetesServerless,
        Code::KubernetesDatabase,
        Code::FargateSize,
        Code::LogRetentionRounded,
        Code::BackupRetentionTooLong,
        Code::IacNotGenerated,
        Code::SingleRegionStack,
        Code::SecretStoreUnreadable,
        Code::StrategyNotGenerated,
        Code::AwsNameTooLong,
        Code::DatabaseWithoutService,
        Code::KubernetesMinimumReplicas,
        Code::AwsDatabase,
        Code::AwsMinimumTasks,
        Code::HerokuAutoscaling,
        Code::HerokuHealthCheck,
        Code::HerokuStrategy,
        Code::HerokuDynoSize,
        Code::HerokuBackups,
        Code::HerokuRegion,
        Code::HerokuDatabase,
        Code::HerokuAppName,
        Code::HerokuSecretStore,
        Code::OnPremScaling,
        Code::OnPremStrategy,
        Code::OnPremDatabase,
        Code::AlertsNotGenerated,
        Code::BudgetAlertByHand,
        Code::AlertOnNotGenerated,
        Code::AlertChannelNotGenerated,
        Code::NoErrorBudget,
        Code::InvalidMetric,
        Code::ReadinessNotProbed,
        Code::ScalingSignal,
        Code::ContainerSize,
        Code::ServiceNameTooLong,
        Code::SecretStoreNotReferenced,
        Code::ServerlessIacNotGenerated,
        Code::BackupRetentionRange,
        Code::SingleRegionService,
        Code::TooManyInstances,
        Code::DatadogSpanAssumed,
        Code::InvalidDatadogName,
        Code::DatadogChannelNotGenerated,
        Code::AlertsByHand,
        Code::BudgetChannelEmailOnly,
        Code::BudgetThresholdClamped,
        Code::BurnWindowTooLong,
        Code::AlertChannelByHand,
        Code::ForeignDatabase,
        Code::InstancesOverQuota,
        Code::ManagedDatabaseEngine,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::Syntax => "SS001",
            Code::NotUtf8 => "SS002",
            Code::Empty => "SS003",
            Code::UnknownKey => "SS004",
            Code::WrongType => "SS005",
            Code::UnknownValue => "SS006",
            Code::Version => "SS007",
            Code::MissingAnswer => "SS008",
            Code::MissingField => "SS009",
            Code::OutOfRange => "SS010",
            Code::InvalidName => "SS011",
            Code::ScalingBounds => "SS012",
            Code::SecureNeedsAudits => "SS013",
            Code::TooLong => "SS014",
            Code::BrokenMarkers => "SS015",
            Code::Io => "SS016",
            Code::Duplicate => "SS017",
            Code::Inconsistent => "SS018",
            Code::UnknownRegion => "SS019",
            Code::RetiredRegion => "SS020",
            Code::NoCpuAutoscaling => "SS021",
            Code::StrategyNeedsHealthCheck => "SS022",
            Code::CanaryWithVolumes => "SS023",
            Code::PlatformLimit => "SS024",
            Code::UnmergeableConfig => "SS025",
            Code::BackupMissesRpo => "SS026",
            Code::NoRestoreTest => "SS027",
            Code::SecureWithoutMfa => "SS028",
            Code::NoTls => "SS029",
            Code::SecretInAnswers => "SS030",
            Code::BudgetAlertTooHigh => "SS031",
            Code::NoAlertChannel => "SS032",
            Code::RegionOutsideResidency => "SS033",
            Code::InvalidGlob => "SS034",
            Code::InvalidPath => "SS035",
            Code::InvalidBranch => "SS036",
            Code::InvalidVariableName => "SS037",
            Code::InvalidRegionCode => "SS038",
            Code::InvalidChannel => "SS039",
            Code::PlatformValue => "SS040",
            Code::WordsDisagree => "SS041",
            Code::DefaultDespiteWords => "SS042",
            Code::NoShipspecSource => "SS043",
            Code::SpecsDisagree => "SS050",
            Code::SpecQuestionNotFound => "SS051",
            Code::NoSpecFiles => "SS052",
            Code::ProjectFactsMissing => "SS053",
            Code::SpecsWithAnswers => "SS054",
            Code::MachinePresetDiffers => "SS060",
            Code::AmbiguousService => "SS061",
            Code::FlyNameMissing => "SS062",
            Code::UnknownMachineSize => "SS063",
            Code::InputBudget => "SS070",
            Code::Locked => "SS071",
            Code::Interrupted => "SS072",
            Code::Workspace => "SS073",
            Code::OnlyMatchesNothing => "SS074",
            Code::KubernetesQuantity => "SS080",
            Code::KubernetesStrategy => "SS081",
            Code::KubernetesNoProbes => "SS082",
            Code::KubernetesNameTooLong => "SS083",
            Code::KubernetesServerless => "SS084",
            Code::KubernetesDatabase => "SS085",
            Code::FargateSize => "SS090",
            Code::LogRetentionRounded => "SS091",
            Code::BackupRetentionTooLong => "SS092",
            Code::IacNotGenerated => "SS093",
            Code::SingleRegionStack => "SS094",
            Code::SecretStoreUnreadable => "SS095",
            Code::StrategyNotGenerated => "SS096",
            Code::AwsNameTooLong => "SS097",
            Code::DatabaseWithoutService => "SS075",
            Code::KubernetesMinimumReplicas => "SS086",
            Code::AwsDatabase => "SS098",
            Code::AwsMinimumTasks => "SS099",
            Code::HerokuAutoscaling => "SS110",
            Code::HerokuHealthCheck => "SS111",
            Code::HerokuStrategy => "SS112",
            Code::HerokuDynoSize => "SS113",
            Code::HerokuBackups => "SS114",
            Code::HerokuRegion => "SS115",
            Code::HerokuDatabase => "SS108",
            Code::HerokuAppName => "SS109",
            Code::HerokuSecretStore => "SS119",
            Code::OnPremScaling => "SS116",
            Code::OnPremStrategy => "SS117",
            Code::OnPremDatabase => "SS118",
            Code::AlertsNotGenerated => "SS120",
            Code::BudgetAlertByHand => "SS121",
            Code::AlertOnNotGenerated => "SS122",
            Code::AlertChannelNotGenerated => "SS123",
            Code::NoErrorBudget => "SS124",
            Code::InvalidMetric => "SS125",
            Code::ReadinessNotProbed => "SS100",
            Code::ScalingSignal => "SS101",
            Code::ContainerSize => "SS102",
            Code::ServiceNameTooLong => "SS103",
            Code::SecretStoreNotReferenced => "SS104",
            Code::ServerlessIacNotGenerated => "SS105",
            Code::BackupRetentionRange => "SS106",
            Code::SingleRegionService => "SS107",
            Code::TooManyInstances => "SS126",
            Code::DatadogSpanAssumed => "SS133",
            Code::InvalidDatadogName => "SS134",
            Code::DatadogChannelNotGenerated => "SS135",
            Code::AlertsByHand => "SS130",
            Code::BudgetChannelEmailOnly => "SS136",
            Code::BudgetThresholdClamped => "SS137",
            Code::BurnWindowTooLong => "SS131",
            Code::AlertChannelByHand => "SS132",
            Code::ForeignDatabase => "SS127",
            Code::InstancesOverQuota => "SS128",
            Code::ManagedDatabaseEngine => "SS129",
        }
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Serialized through [`Diagnostic::redacted`], so JSON never repeats a
/// secret either.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    /// The file the diagnostic is about (the answers file, or a spec file).
    pub file: Option<String>,
    /// The command-line flag the diagnostic is about (`--only`), when it is
    /// about the command line rather than a file.
    pub argument: Option<String>,
    /// Dotted key path in the answers file (`operations.deployment.strategy`).
    pub path: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub hint: Option<String>,
    /// The offending line holds a secret: never print it.
    pub redact: bool,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            file: None,
            argument: None,
            path: None,
            line: None,
            column: None,
            hint: None,
            redact: false,
        }
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn path(mut self, path: impl Into<String>) -> Self {
        let path = path.into();
        self.path = (!path.is_empty()).then_some(path);
        self
    }

    pub fn file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// About the command line: the flag, not a file.
    pub fn argument(mut self, flag: impl Into<String>) -> Self {
        self.argument = Some(flag.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The diagnostic as it may be shown: every secret-looking span in its
    /// message, path and hint replaced. The one redaction step for every
    /// diagnostic printed, as text or JSON.
    pub fn redacted(&self) -> Diagnostic {
        use crate::answers::secrets::redact;
        Diagnostic {
            message: redact(&self.message),
            path: self.path.as_deref().map(redact),
            hint: self.hint.as_deref().map(redact),
            file: self.file.as_deref().map(redact),
            ..self.clone()
        }
    }
}

impl Serialize for Diagnostic {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Shown<'a> {
            severity: Severity,
            code: Code,
            message: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            file: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            argument: Option<&'a str>,
            path: Option<&'a str>,
            line: Option<usize>,
            column: Option<usize>,
            hint: Option<&'a str>,
        }
        let d = self.redacted();
        Shown {
            severity: d.severity,
            code: d.code,
            message: &d.message,
            file: d.file.as_deref(),
            argument: d.argument.as_deref(),
            path: d.path.as_deref(),
            line: d.line,
            column: d.column,
            hint: d.hint.as_deref(),
        }
        .serialize(s)
    }
}

/// True when any diagnostic stops generation.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}
