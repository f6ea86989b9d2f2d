//! Labels of `- **Label:** value` bullets and key/value table rows: which
//! field each names (with the synonyms people use) and how its value is
//! written. A value is taken here only when it is written plainly (a
//! vocabulary word, a number with its unit); anything else goes to the
//! question's interpreter with the label kept, under the same rules as
//! prose.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Value, json};

use crate::answers::units::{Duration, Memory};
use crate::answers::vocab::*;
use crate::reconcile::markers::normalize_heading;

pub type Vocab = fn() -> Vec<(&'static str, &'static str)>;

#[derive(Clone, Copy)]
pub enum Parse {
    One(Vocab),
    Many(Vocab),
    Count,
    Money,
    Percent,
    Fraction,
    Minutes,
    Seconds,
    Days,
    Millis,
    Duration,
    Memory,
    Bool,
    /// A free value such as a log destination; the interpreter goes first.
    Text,
    /// `#channel`.
    Channel,
    /// The first `/path` in the value.
    UrlPath,
    /// Comma-separated names.
    Names {
        lower: bool,
    },
    /// "2 to 5" (min and max) or "3".
    Instances,
    /// `iad` (…): a region code.
    Region,
    Regions,
    /// One `Role` bullet: appended to `roles`.
    Role,
    /// One `Environment` bullet: appended to `environments`.
    Environment,
    /// "FastAPI (Python), listening on port 8080".
    Stack,
    /// "`notes-api-staging` (staging), `notes-api` (production)".
    Apps,
    /// "off …": health checks disabled.
    Off,
    /// Said by shipspec about other values: not read.
    Ignore,
}

pub struct Field {
    /// The question's key path, or `project`.
    pub question: &'static str,
    pub field: &'static str,
    pub labels: &'static [&'static str],
    pub parse: Parse,
}

macro_rules! v {
    ($t:ident) => {
        || $t::ALL.iter().map(|v| (v.as_str(), v.label())).collect()
    };
}

const fn f(
    question: &'static str,
    field: &'static str,
    labels: &'static [&'static str],
    parse: Parse,
) -> Field {
    Field {
        question,
        field,
        labels,
        parse,
    }
}

const H: &str = "infrastructure.hosting";
const RG: &str = "infrastructure.regions";
const SC: &str = "infrastructure.scaling";
const MO: &str = "infrastructure.monitoring";
const CO: &str = "infrastructure.cost";
const IA: &str = "infrastructure.iac";
const AN: &str = "security.authentication";
const AZ: &str = "security.authorization";
const SE: &str = "security.secrets";
const EN: &str = "security.encryption";
const IV: &str = "security.input_validation";
const AU: &str = "security.audits";
const DE: &str = "operations.deployment";
const HC: &str = "operations.health_checks";
const RB: &str = "operations.rollback";
const LO: &str = "operations.logging";
const IR: &str = "operations.incident_response";
const BA: &str = "operations.backup";
const CF: &str = "operations.configuration";
const PE: &str = "operations.performance";
const PR: &str = "project";

pub static FIELDS: LazyLock<Vec<Field>> = LazyLock::new(|| {
    vec![
        f(
            PR,
            "name",
            &[
                "Project name",
                "Project",
                "App name",
                "Application name",
                "Service name",
                "Name",
            ],
            Parse::Names { lower: false },
        ),
        f(PR, "language", &["Language", "Runtime"], Parse::One(v!(Language))),
        f(
            PR,
            "framework",
            &["Framework", "Web framework"],
            Parse::One(v!(Framework)),
        ),
        f(
            PR,
            "port",
            &["Port", "Listening port", "App port", "HTTP port"],
            Parse::Count,
        ),
        f(
            PR,
            "database",
            &["Database", "DB", "Primary database"],
            Parse::One(v!(Database)),
        ),
        f(PR, "stack", &["Stack", "Tech stack"], Parse::Stack),
        f(PR, "apps", &["Apps", "App names"], Parse::Apps),
        f(
            H,
            "platform",
            &[
                "Platform",
                "Provider",
                "Hosting",
                "Cloud",
                "Cloud provider",
                "Host",
                "Hosting platform",
                "Hosted on",
            ],
            Parse::One(v!(Platform)),
        ),
        f(
            H,
            "database_service",
            &[
                "Database service",
                "Managed database",
                "Database hosting",
                "DB service",
            ],
            Parse::One(v!(DatabaseService)),
        ),
        f(
            RG,
            "primary",
            &[
                "Primary region",
                "Primary",
                "Region",
                "Main region",
                "Home region",
            ],
            Parse::Region,
        ),
        f(
            RG,
            "secondary",
            &[
                "Secondary regions",
                "Secondary region",
                "Secondary",
                "Other regions",
                "Additional regions",
                "Failover regions",
                "Failover region",
            ],
            Parse::Regions,
        ),
        f(RG, "place machines", &["Place machines"], Parse::Ignore),
        f(
            SC,
            "mode",
            &["Mode", "Scaling mode", "Scaling", "Autoscaling", "Auto-scaling"],
            Parse::One(v!(ScalingMode)),
        ),
        f(
            SC,
            "instances",
            &[
                "Instances",
                "Instance count",
                "Machines",
                "Replicas",
                "Instance range",
                "Machine count",
            ],
            Parse::Instances,
        ),
        f(
            SC,
            "min_instances",
            &[
                "Min instances",
                "Minimum instances",
                "Minimum machines",
                "Min machines",
                "Scale from",
                "Minimum",
                "Min",
                "Min replicas",
                "Minimum replicas",
            ],
            Parse::Count,
        ),
        f(
            SC,
            "max_instances",
            &[
                "Max instances",
                "Maximum instances",
                "Maximum machines",
                "Max machines",
                "Scale to",
                "Maximum",
                "Max",
                "Scale up to",
                "Max replicas",
                "Maximum replicas",
            ],
            Parse::Count,
        ),
        f(
            SC,
            "memory",
            &[
                "Memory per instance",
                "Memory",
                "RAM",
                "Memory per machine",
                "Instance memory",
                "Instance size",
            ],
            Parse::Memory,
        ),
        f(
            SC,
            "cpus",
            &["CPUs per instance", "CPUs", "vCPUs", "CPU", "CPUs per machine"],
            Parse::Count,
        ),
        f(
            SC,
            "cpu_target_percent",
            &[
                "Scale-up target",
                "CPU target",
                "Scale at",
                "Target CPU",
                "Scale-up threshold",
                "Autoscale at",
            ],
            Parse::Percent,
        ),
        f(SC, "cpu_kind", &["CPU kind", "CPU type"], Parse::One(v!(CpuKind))),
        f(
            SC,
            "max_concurrent_requests",
            &[
                "Concurrency per machine",
                "Concurrency",
                "Max concurrent requests",
                "Concurrency limit",
            ],
            Parse::Count,
        ),
        f(SC, "on fly", &["On Fly.io"], Parse::Ignore),
        f(
            MO,
            "tools",
            &[
                "Tool",
                "Tools",
                "Monitoring tools",
                "Monitoring",
                "Metrics",
                "Error tracking",
                "APM",
            ],
            Parse::Many(v!(MonitoringTool)),
        ),
        f(
            MO,
            "alert_channels",
            &[
                "Channels",
                "Channel",
                "Alert channels",
                "Alerts to",
                "Alerts go to",
                "Alerting",
                "Notify",
                "Notifications",
                "Alert via",
            ],
            Parse::Many(v!(AlertChannel)),
        ),
        f(
            MO,
            "alert_on",
            &[
                "Alert on",
                "Alerts on",
                "Alert when",
                "Alert conditions",
                "Alerts",
            ],
            Parse::Many(v!(AlertOn)),
        ),
        f(
            CO,
            "monthly_budget_usd",
            &[
                "Monthly budget",
                "Budget",
                "Budget per month",
                "Monthly cost",
                "Cost cap",
                "Monthly spend",
            ],
            Parse::Money,
        ),
        f(
            CO,
            "alert_at_usd",
            &[
                "Budget alert at",
                "Budget alert",
                "Alert at",
                "Cost alert",
                "Billing alert",
                "Spend alert",
            ],
            Parse::Money,
        ),
        f(
            IA,
            "tool",
            &["Tool", "IaC tool", "IaC", "Infrastructure as code"],
            Parse::One(v!(IacTool)),
        ),
        f(
            AN,
            "methods",
            &[
                "Method",
                "Methods",
                "Authentication methods",
                "Auth methods",
                "Login methods",
                "Authentication",
                "Sign-in",
            ],
            Parse::Many(v!(AuthMethod)),
        ),
        f(
            AN,
            "oauth_providers",
            &[
                "OAuth providers",
                "OAuth provider",
                "Identity providers",
                "Providers",
                "SSO providers",
            ],
            Parse::Names { lower: true },
        ),
        f(AN, "multi-factor", &["Multi-factor", "MFA"], Parse::Ignore),
        f(
            AZ,
            "model",
            &["Model", "Authorization model", "Access model", "Access control"],
            Parse::One(v!(AuthzModel)),
        ),
        f(AZ, "roles", &["Role"], Parse::Role),
        f(
            SE,
            "production",
            &[
                "Production",
                "Prod",
                "Production secrets",
                "Secrets in production",
                "Secret store",
            ],
            Parse::One(v!(SecretStore)),
        ),
        f(
            SE,
            "development",
            &[
                "Development",
                "Dev",
                "Development secrets",
                "Local development",
                "Locally",
            ],
            Parse::One(v!(DevSecretStore)),
        ),
        f(SE, "in the repository", &["In the repository"], Parse::Ignore),
        f(
            EN,
            "in_transit",
            &["In transit", "Encryption in transit", "Transport"],
            Parse::One(v!(InTransit)),
        ),
        f(EN, "at_rest", &["At rest", "Encryption at rest"], Parse::Bool),
        f(
            EN,
            "password_hashing",
            &["Password hashing", "Passwords", "Password storage", "Hashing"],
            Parse::One(v!(PasswordHashing)),
        ),
        f(
            IV,
            "libraries",
            &["Libraries", "Validation libraries", "Validation", "Validators"],
            Parse::Names { lower: false },
        ),
        f(
            IV,
            "rate_limiting",
            &["Rate limiting", "Rate limiter", "Rate limits"],
            Parse::Text,
        ),
        f(
            AU,
            "dependency_scanning",
            &[
                "Dependency scanning",
                "Dependency scans",
                "Dependency audit",
                "Dependencies",
            ],
            Parse::One(v!(ScanCadence)),
        ),
        f(
            AU,
            "code_scanning",
            &["Code scanning", "Static analysis", "SAST", "Code scanners"],
            Parse::Names { lower: false },
        ),
        f(AU, "status", &["Status"], Parse::Ignore),
        f(
            DE,
            "method",
            &["Method", "Deployment method", "Deploy method", "Deploys"],
            Parse::One(v!(DeployMethod)),
        ),
        f(
            DE,
            "strategy",
            &[
                "Strategy",
                "Deployment strategy",
                "Deploy strategy",
                "Rollout strategy",
            ],
            Parse::One(v!(Strategy)),
        ),
        f(DE, "environments", &["Environment"], Parse::Environment),
        f(DE, "deploy workflow", &["Deploy workflow"], Parse::Ignore),
        f(HC, "enabled", &["HTTP health checks"], Parse::Off),
        f(
            HC,
            "path",
            &[
                "Liveness",
                "Health path",
                "Health endpoint",
                "Liveness path",
                "Liveness endpoint",
                "Health check path",
            ],
            Parse::UrlPath,
        ),
        f(
            HC,
            "readiness_path",
            &["Readiness", "Readiness path", "Readiness endpoint", "Ready path"],
            Parse::UrlPath,
        ),
        f(
            HC,
            "checks",
            &["Checks", "Readiness checks", "Dependencies checked"],
            Parse::Many(v!(HealthDependency)),
        ),
        f(
            HC,
            "interval_seconds",
            &["Interval", "Check interval", "Health check interval"],
            Parse::Seconds,
        ),
        f(
            HC,
            "timeout_seconds",
            &["Timeout", "Check timeout", "Health check timeout"],
            Parse::Seconds,
        ),
        f(
            HC,
            "grace_period_seconds",
            &["Grace period", "Start-up grace period", "Startup grace period"],
            Parse::Seconds,
        ),
        f(
            RB,
            "keep_releases",
            &[
                "Releases kept",
                "Keep releases",
                "Keep",
                "Releases to keep",
                "Previous releases kept",
            ],
            Parse::Count,
        ),
        f(
            RB,
            "target_minutes",
            &[
                "Target time",
                "Rollback time",
                "Rollback target",
                "Time to roll back",
                "Target",
            ],
            Parse::Minutes,
        ),
        f(
            RB,
            "feature_flags",
            &["Feature flags", "Feature toggles"],
            Parse::Bool,
        ),
        f(LO, "format", &["Format", "Log format"], Parse::One(v!(LogFormat))),
        f(
            LO,
            "level",
            &["Level in production", "Level", "Log level", "Production level"],
            Parse::One(v!(LogLevel)),
        ),
        f(
            LO,
            "destination",
            &[
                "Destination",
                "Log destination",
                "Shipped to",
                "Logs go to",
                "Sink",
            ],
            Parse::Text,
        ),
        f(
            LO,
            "retention_days",
            &["Retention", "Log retention", "Kept for"],
            Parse::Days,
        ),
        f(
            IR,
            "channel",
            &["Channel", "Incident channel", "War room", "Slack channel"],
            Parse::Channel,
        ),
        f(
            IR,
            "response_minutes",
            &[
                "Response time",
                "Time to respond",
                "Response target",
                "Acknowledge within",
            ],
            Parse::Minutes,
        ),
        f(
            IR,
            "postmortem_for",
            &["Postmortem for", "Postmortems for", "Postmortems", "Post-mortems"],
            Parse::Many(v!(Severity)),
        ),
        f(
            BA,
            "frequency",
            &["Frequency", "Backup frequency", "Backups", "Schedule"],
            Parse::One(v!(BackupFrequency)),
        ),
        f(
            BA,
            "retention_days",
            &["Retention", "Backup retention", "Kept for"],
            Parse::Days,
        ),
        f(
            BA,
            "rto",
            &["RTO", "Recovery time objective", "Recovery time"],
            Parse::Duration,
        ),
        f(
            BA,
            "rpo",
            &["RPO", "Recovery point objective", "Data loss"],
            Parse::Duration,
        ),
        f(
            BA,
            "restore_test",
            &[
                "Restore test",
                "Restore tests",
                "Restore testing",
                "Restore drills",
            ],
            Parse::One(v!(RestoreTest)),
        ),
        f(BA, "database", &["Database"], Parse::Ignore),
        f(
            CF,
            "variables",
            &[
                "Variable",
                "Variables",
                "Environment variables",
                "Env vars",
                "Key variables",
                "Config variables",
            ],
            Parse::Names { lower: false },
        ),
        f(
            CF,
            "production",
            &["Production values", "Production", "Prod", "In production"],
            Parse::One(v!(SecretStore)),
        ),
        f(
            CF,
            "development",
            &[
                "Development values",
                "Development",
                "Dev",
                "Locally",
                "Local development",
            ],
            Parse::One(v!(DevSecretStore)),
        ),
        f(
            PE,
            "p95_ms",
            &[
                "p95 response time",
                "p95",
                "p95 latency",
                "Latency target",
                "Response time target",
            ],
            Parse::Millis,
        ),
        f(
            PE,
            "error_rate_percent",
            &["Error rate", "Error rate target", "Error budget"],
            Parse::Fraction,
        ),
    ]
});

/// Every label as headings are compared, with the fields it names in table order.
static INDEX: LazyLock<std::collections::HashMap<String, Vec<&'static Field>>> = LazyLock::new(|| {
    let mut index: std::collections::HashMap<String, Vec<&'static Field>> = std::collections::HashMap::new();
    for field in FIELDS.iter() {
        for label in field.labels {
            index.entry(normalize_heading(label)).or_default().push(field);
        }
    }
    index
});

/// The fields a label names, those of the questions in scope first.
pub fn lookup(label: &str, scope: &[&'static str]) -> Option<&'static Field> {
    let fields = INDEX.get(&normalize_heading(label))?;
    fields
        .iter()
        .find(|f| scope.contains(&f.question))
        .or_else(|| fields.iter().find(|f| f.question == PR))
        .copied()
}

static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\||_{3,}|\bTBD\b|\bTBC\b|\bTODO\b|\?|<[^>]*>|\[[^\]]*\]|\bmaybe\b|\bprobably\b|\bperhaps\b|\bproposal\b|\bproposed\b|\bnot agreed\b|\bto be (?:decided|agreed|confirmed)\b|\bn/a\b|\bundecided\b|\bunsure\b|\bor\b|\bstaging\b|\beventually\b|\blater\b|\bmight\b|\bconsider")
        .expect("a valid regex")
});

/// Why a value is not read as written, if it is a placeholder or hedged.
pub fn unsure(value: &str) -> bool {
    value.trim().is_empty() || PLACEHOLDER.is_match(value)
}

fn plain(value: &str) -> String {
    let mut v = value.replace('`', "");
    // A trailing parenthetical is a comment on the value.
    if v.trim_end().ends_with(')') {
        if let Some(open) = v.rfind('(') {
            v.truncate(open);
        }
    }
    v.trim().trim_end_matches(['.', ';']).trim().to_lowercase()
}

fn vocab_word(vocab: Vocab, text: &str) -> Option<&'static str> {
    let text = plain(text);
    vocab().into_iter().find_map(|(spelling, label)| {
        let label = plain(label);
        (text == spelling || text == label || text == label.replace('.', "")).then_some(spelling)
    })
}

fn items(text: &str) -> Vec<String> {
    static SPLIT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\s*(?:,|;|\band\b|\+|&)\s*").expect("a valid regex"));
    SPLIT
        .split(text.trim().trim_end_matches('.'))
        .map(|s| s.trim().replace('`', ""))
        .filter(|s| !s.is_empty())
        .collect()
}

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:under|below|less than|at most|within|up to|<|≤|<=|p95\s*(?:<|under)?)?\s*(\$)?\s*(\d+(?:\.\d+)?)\s*([a-z%]*)\s*(?:(?:/|a|per)\s*(?:month|mo)|cpu|usd|requests?|instances?|machines?|releases?|deployments?|builds?)?$")
        .expect("a valid regex")
});

/// A single number and its unit, the value's only content.
fn number(value: &str) -> Option<(bool, f64, String)> {
    let text = plain(value);
    let c = NUMBER.captures(&text)?;
    let n: f64 = c[2].parse().ok()?;
    Some((
        c.get(1).is_some(),
        n,
        c.get(3).map_or("", |m| m.as_str()).to_owned(),
    ))
}

fn whole(n: f64) -> Option<Value> {
    (n >= 0.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX)).then(|| json!(n as u32))
}

/// What a plainly written value gives: (field, value) pairs.
pub fn parse(field: &Field, value: &str) -> Option<Vec<(&'static str, Value)>> {
    let one = |v: Value| Some(vec![(field.field, v)]);
    match field.parse {
        Parse::Ignore => Some(Vec::new()),
        Parse::Environment | Parse::Apps | Parse::Role if PLACEHOLDER_ONLY.is_match(value) => None,
        Parse::Environment | Parse::Apps | Parse::Role => more(field, value),
        _ if unsure(value) => None,
        Parse::One(vocab) => one(json!(vocab_word(vocab, value)?)),
        Parse::Many(vocab) => {
            if plain(value) == "none" {
                return one(json!([]));
            }
            let list: Option<Vec<&str>> = items(value).iter().map(|i| vocab_word(vocab, i)).collect();
            one(json!(list?))
        }
        Parse::Count => {
            let (dollar, n, unit) = number(value)?;
            const NOUNS: [&str; 12] = [
                "",
                "requests",
                "request",
                "instances",
                "instance",
                "machines",
                "machine",
                "releases",
                "release",
                "deployments",
                "vcpus",
                "cpus",
            ];
            (!dollar && NOUNS.contains(&unit.as_str())).then_some(())?;
            one(whole(n)?)
        }
        Parse::Money => {
            let (dollar, n, unit) = number(value)?;
            (dollar || unit == "usd").then_some(())?;
            one(whole(n)?)
        }
        Parse::Percent | Parse::Fraction => {
            let (dollar, n, unit) = number(value)?;
            (!dollar && unit == "%").then_some(())?;
            if matches!(field.parse, Parse::Fraction) {
                one(json!(n))
            } else {
                one(whole(n)?)
            }
        }
        Parse::Millis => {
            let (_, n, unit) = number(value)?;
            (unit == "ms").then_some(())?;
            one(whole(n)?)
        }
        Parse::Seconds | Parse::Minutes | Parse::Days => {
            let (dollar, n, unit) = number(value)?;
            if dollar {
                return None;
            }
            let seconds = match unit.as_str() {
                "s" | "sec" | "secs" | "second" | "seconds" => n,
                "m" | "min" | "mins" | "minute" | "minutes" => n * 60.0,
                "h" | "hr" | "hrs" | "hour" | "hours" => n * 3600.0,
                "d" | "day" | "days" => n * 86400.0,
                "" => return None,
                _ => return None,
            };
            let per = match field.parse {
                Parse::Seconds => 1.0,
                Parse::Minutes => 60.0,
                _ => 86400.0,
            };
            one(whole(seconds / per)?)
        }
        Parse::Duration => {
            let d = Duration::parse(&plain(value).replace(' ', ""))?;
            one(json!(d.to_string()))
        }
        Parse::Memory => {
            let m = Memory::parse(&plain(value).replace(' ', ""))?;
            one(json!(m.to_string()))
        }
        Parse::Bool => match plain(value).as_str() {
            "yes" | "true" | "on" | "enabled" => one(json!(true)),
            "no" | "false" | "off" | "disabled" | "none" => one(json!(false)),
            _ => None,
        },
        Parse::Off => plain(value)
            .starts_with("off")
            .then(|| vec![(field.field, json!(false))]),
        Parse::Text => {
            let v = value.replace('`', "");
            let v = v.trim();
            (!v.contains(' ') && !v.is_empty()).then(|| vec![(field.field, json!(v))])
        }
        Parse::Channel => {
            let v = value.replace('`', "");
            let v = v.trim();
            // `#incidents`, or any one word written as code.
            let coded = value.trim().starts_with('`') && value.trim().ends_with('`');
            ((v.starts_with('#') || coded) && !v.is_empty() && !v.contains(' '))
                .then(|| vec![(field.field, json!(v))])
        }
        Parse::UrlPath => {
            let path = value
                .replace('`', "")
                .split_whitespace()
                .find(|w| w.starts_with('/'))?
                .trim_end_matches([',', '.', ';'])
                .to_owned();
            one(json!(path))
        }
        Parse::Names { lower } => {
            if plain(value) == "none" {
                return one(json!([]));
            }
            let list: Vec<String> = items(value)
                .into_iter()
                .map(|i| if lower { i.to_lowercase() } else { i })
                .collect();
            list.iter().all(|i| !i.contains(' ')).then_some(())?;
            if field.field == "name" {
                return (list.len() == 1).then(|| vec![(field.field, json!(list[0]))]);
            }
            one(json!(list))
        }
        Parse::Instances => instances(value),
        Parse::Region => {
            let code = backticked(value).into_iter().next()?;
            one(json!(code))
        }
        Parse::Regions => {
            if plain(value) == "none" {
                return one(json!([]));
            }
            let codes = backticked(value);
            (!codes.is_empty()).then(|| vec![(field.field, json!(codes))])
        }
        Parse::Stack => stack(value),
    }
}

/// The values whose words may name an environment ("staging").
static PLACEHOLDER_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\||_{3,}|\bTBD\b|\bTODO\b|\?|\bmaybe\b|\bprobably\b|\bproposal\b|\bproposed\b|\bnot agreed\b",
    )
    .expect("a valid regex")
});

fn more(field: &Field, value: &str) -> Option<Vec<(&'static str, Value)>> {
    match field.parse {
        Parse::Role => {
            let v = value.trim();
            let (name, description) = match v.split_once(':') {
                Some((n, d)) => (n, d.trim()),
                None => (v, ""),
            };
            let name = name.replace('`', "");
            (!name.trim().contains(' ')).then(|| {
                vec![(
                    field.field,
                    json!([{"name": name.trim(), "description": description}]),
                )]
            })
        }
        Parse::Environment => environment(value).map(|e| vec![(field.field, json!([e]))]),
        Parse::Apps => {
            static PRODUCTION: LazyLock<Regex> =
                LazyLock::new(|| Regex::new(r"`([a-z0-9-]+)`\s*\(production\)").expect("a valid regex"));
            let name = PRODUCTION.captures(value)?.get(1)?.as_str().to_owned();
            Some(vec![("name", json!(name))])
        }
        _ => None,
    }
}

/// A trigger as written in a table cell.
pub fn trigger(text: &str) -> Option<&'static str> {
    vocab_word(v!(Trigger), text)
}

fn backticked(value: &str) -> Vec<String> {
    value.split('`').skip(1).step_by(2).map(str::to_owned).collect()
}

fn instances(value: &str) -> Option<Vec<(&'static str, Value)>> {
    static RANGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(\d+)(?:\s*(?:to|-|–|\.\.)\s*(\d+))?(?:\s*(?:instances|machines))?$")
            .expect("a valid regex")
    });
    let text = plain(value);
    let c = RANGE.captures(&text)?;
    let min: u32 = c[1].parse().ok()?;
    let max: u32 = match c.get(2) {
        Some(m) => m.as_str().parse().ok()?,
        None => min,
    };
    Some(vec![("min_instances", json!(min)), ("max_instances", json!(max))])
}

fn environment(value: &str) -> Option<Value> {
    let name = backticked(value).into_iter().next()?;
    let rest = value.to_lowercase();
    static PUSH: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"on push to `([^`]+)`").expect("a valid regex"));
    if let Some(c) = PUSH.captures(value) {
        return Some(json!({"name": name, "trigger": "push", "branch": &c[1]}));
    }
    if rest.contains("on a tag") {
        return Some(json!({"name": name, "trigger": "tag"}));
    }
    if rest.contains("manual approval") {
        return Some(json!({"name": name, "trigger": "manual"}));
    }
    None
}

fn stack(value: &str) -> Option<Vec<(&'static str, Value)>> {
    static STACK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(.+?)\s*\((.+?)\)(?:,\s*listening on port\s*(\d+))?$").expect("a valid regex")
    });
    let c = STACK.captures(value.trim())?;
    let mut out = vec![
        ("framework", json!(vocab_word(v!(Framework), &c[1])?)),
        ("language", json!(vocab_word(v!(Language), &c[2])?)),
    ];
    if let Some(port) = c.get(3) {
        out.push(("port", json!(port.as_str().parse::<u32>().ok()?)));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(label: &str, value: &str) -> Option<Vec<(&'static str, Value)>> {
        parse(lookup(label, &[SC, MO, CO, BA, PE, RG, DE]).unwrap(), value)
    }

    #[test]
    fn plain_values() {
        assert_eq!(read("Instances", "2 to 5").unwrap().len(), 2);
        assert_eq!(read("Memory per instance", "1gb").unwrap()[0].1, json!("1gb"));
        assert_eq!(read("Monthly budget", "$150").unwrap()[0].1, json!(150));
        assert_eq!(read("Monthly budget", "€150"), None);
        assert_eq!(
            read("Tools", "Fly.io metrics, Sentry").unwrap()[0].1,
            json!(["fly-metrics", "sentry"])
        );
        assert_eq!(read("Retention", "30 days").unwrap()[0].1, json!(30));
        assert_eq!(read("Min instances", "2 or 3"), None);
        assert_eq!(read("Min instances", "TBD"), None);
        assert_eq!(read("p95", "under 200 ms").unwrap()[0].1, json!(200));
        assert_eq!(
            read(
                "Environment",
                "`staging` (app `a-staging`): deploys on push to `main`"
            )
            .unwrap()[0]
                .1,
            json!([{"name": "staging", "trigger": "push", "branch": "main"}])
        );
    }
}
