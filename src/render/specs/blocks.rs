//! One block per question as it appears in a spec section: the person's
//! answer, then the values shipspec decided, as `- **Key:** value` bullets.

use serde::Serialize;

use crate::answers::vocab::*;
use crate::resolve::plan::{Answer, Plan};

/// The app production deploys to (the last environment when none is
/// named `production`).
pub fn production_app(plan: &Plan) -> &str {
    production_environment(plan).map_or(plan.project.name.as_str(), |e| e.app.as_str())
}

/// The environment named `production`, else the last one answered.
pub fn production_environment(plan: &Plan) -> Option<&crate::resolve::plan::EnvironmentPlan> {
    let envs = &plan.operations.deployment.environments;
    envs.iter().find(|e| e.name == "production").or(envs.last())
}

/// The load at which the platform starts preferring other instances.
pub fn soft_limit(hard: u32) -> u32 {
    crate::resolve::defaults::four_fifths(hard).max(1)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockId {
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
    RateLimiting,
    Audits,
    Deployment,
    HealthChecks,
    Rollback,
    Logging,
    IncidentResponse,
    Backup,
    Configuration,
    Performance,
    /// Not a question: the warnings shipspec raised.
    OpenQuestions,
}

impl BlockId {
    /// The question's key path in the answers file; `explain` groups by it.
    pub fn question(self) -> &'static str {
        match self {
            BlockId::Hosting => "infrastructure.hosting",
            BlockId::Regions => "infrastructure.regions",
            BlockId::Scaling => "infrastructure.scaling",
            BlockId::Monitoring => "infrastructure.monitoring",
            BlockId::Cost => "infrastructure.cost",
            BlockId::Iac => "infrastructure.iac",
            BlockId::Authentication => "security.authentication",
            BlockId::Authorization => "security.authorization",
            BlockId::Secrets => "security.secrets",
            BlockId::Encryption => "security.encryption",
            BlockId::InputValidation | BlockId::RateLimiting => "security.input_validation",
            BlockId::Audits => "security.audits",
            BlockId::Deployment => "operations.deployment",
            BlockId::HealthChecks => "operations.health_checks",
            BlockId::Rollback => "operations.rollback",
            BlockId::Logging => "operations.logging",
            BlockId::IncidentResponse => "operations.incident_response",
            BlockId::Backup => "operations.backup",
            BlockId::Configuration => "operations.configuration",
            BlockId::Performance => "operations.performance",
            BlockId::OpenQuestions => "",
        }
    }

    /// Other questions whose answers the block shows (app names come from
    /// the deployment environments, `fly scale` commands need the region and
    /// the instance count); `explain` lists the block under those too.
    pub fn also_reads(self) -> &'static [&'static str] {
        match self {
            BlockId::Hosting => &["operations.deployment"],
            BlockId::Regions => &["infrastructure.scaling", "operations.deployment"],
            BlockId::Scaling => &["infrastructure.regions", "operations.deployment"],
            _ => &[],
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Block {
    pub title: &'static str,
    pub number: u8,
    pub answer: String,
    pub bullets: Vec<Bullet>,
}

#[derive(Debug, Serialize)]
pub struct Bullet {
    pub key: &'static str,
    pub value: String,
}

fn labels<T: Copy>(items: &[T], label: impl Fn(T) -> &'static str) -> String {
    if items.is_empty() {
        "none".to_owned()
    } else {
        items.iter().map(|i| label(*i)).collect::<Vec<_>>().join(", ")
    }
}

fn words(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_owned()
    } else {
        items.join(", ")
    }
}

fn yes_no(b: bool) -> String {
    if b { "yes".into() } else { "no".into() }
}

macro_rules! bullets {
    ($($key:literal => $value:expr),+ $(,)?) => {
        vec![$(Bullet { key: $key, value: $value }),+]
    };
}

/// The warnings resolve raised, for the Open Questions section.
fn open_questions(plan: &Plan) -> Block {
    let bullets = if plan.open_questions.is_empty() {
        vec![Bullet {
            key: "None",
            value: "every cross-check passed".into(),
        }]
    } else {
        plan.open_questions
            .iter()
            .map(|q| Bullet {
                key: "Warning",
                value: q.clone(),
            })
            .collect()
    };
    Block {
        title: "Open questions",
        number: 0,
        answer: String::new(),
        bullets,
    }
}

pub fn block(plan: &Plan, id: BlockId) -> Block {
    let infra = &plan.infrastructure;
    let sec = &plan.security;
    let ops = &plan.operations;
    let (title, number, text, bullets): (&str, u8, &Answer, Vec<Bullet>) = match id {
        BlockId::OpenQuestions => return open_questions(plan),
        BlockId::Hosting => {
            let h = &infra.hosting;
            let apps = ops
                .deployment
                .environments
                .iter()
                .map(|e| format!("`{}` ({})", e.app, e.name))
                .collect::<Vec<_>>()
                .join(", ");
            let b = bullets![
                "Platform" => h.platform.label().into(),
                "Apps" => apps,
                "Stack" => format!("{} ({}), listening on port {}", plan.project.framework.label(), plan.project.language.label(), plan.project.port),
                "Database" => plan.project.database.label().into(),
                "Database service" => h.database_service.label().into(),
            ];
            ("Hosting", 1, &h.text, b)
        }
        BlockId::Regions => {
            let r = &infra.regions;
            let platform = crate::platforms::of(infra.hosting.platform);
            let place = |code: &str| platform.region_label(code);
            let secondary = if r.secondary.is_empty() {
                "none".to_owned()
            } else {
                r.secondary
                    .iter()
                    .map(|s| place(s))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let mut b = bullets!["Primary region" => place(&r.primary), "Secondary regions" => secondary];
            for (key, value) in platform.region_notes(plan) {
                b.push(Bullet { key, value });
            }
            ("Regions", 2, &r.text, b)
        }
        BlockId::Scaling => {
            let s = &infra.scaling;
            let mut b = bullets![
                "Mode" => s.mode.label().into(),
                "Instances" => if s.min_instances == s.max_instances { format!("{}", s.min_instances) } else { format!("{} to {}", s.min_instances, s.max_instances) },
                "Memory per instance" => s.memory.to_string(),
                "CPUs per instance" => s.cpus.to_string(),
            ];
            if s.mode == ScalingMode::Auto {
                b.push(Bullet {
                    key: "Scale-up target",
                    value: format!("{}% CPU", s.cpu_target_percent),
                });
            }
            for (key, value) in crate::platforms::of(infra.hosting.platform).scaling_notes(plan) {
                b.push(Bullet { key, value });
            }
            ("Scaling", 3, &s.text, b)
        }
        BlockId::Monitoring => {
            let m = &infra.monitoring;
            (
                "Monitoring & alerting",
                4,
                &m.text,
                bullets![
                    "Tools" => labels(&m.tools, MonitoringTool::label),
                    "Alert channels" => labels(&m.alert_channels, AlertChannel::label),
                    "Alert on" => labels(&m.alert_on, AlertOn::label),
                ],
            )
        }
        BlockId::Cost => {
            let c = &infra.cost;
            (
                "Cost",
                5,
                &c.text,
                bullets![
                    "Monthly budget" => format!("${}", c.monthly_budget_usd),
                    "Budget alert at" => format!("${}", c.alert_at_usd),
                ],
            )
        }
        BlockId::Iac => {
            let i = &infra.iac;
            (
                "Infrastructure as code",
                6,
                &i.text,
                bullets!["Tool" => i.tool.label().into()],
            )
        }
        BlockId::Authentication => {
            let a = &sec.authentication;
            let mut b = bullets![
                "Methods" => if a.methods.is_empty() { "none (public)".into() } else { labels(&a.methods, AuthMethod::label) },
                "Multi-factor" => yes_no(a.methods.contains(&AuthMethod::Mfa)),
            ];
            if !a.oauth_providers.is_empty() {
                b.push(Bullet {
                    key: "OAuth providers",
                    value: words(&a.oauth_providers),
                });
            }
            ("Authentication", 7, &a.text, b)
        }
        BlockId::Authorization => {
            let a = &sec.authorization;
            let mut b = bullets!["Model" => a.model.label().into()];
            for role in &a.roles {
                let value = if role.description.is_empty() {
                    format!("`{}`", role.name)
                } else {
                    format!("`{}`: {}", role.name, role.description)
                };
                b.push(Bullet { key: "Role", value });
            }
            ("Authorization", 8, &a.text, b)
        }
        BlockId::Secrets => {
            let s = &sec.secrets;
            (
                "Secrets",
                9,
                &s.text,
                bullets![
                    "Production" => s.production.label().into(),
                    "Development" => s.development.label().into(),
                    "In the repository" => "never; `.env` is gitignored and `.env.example` lists names only".into(),
                ],
            )
        }
        BlockId::Encryption => {
            let e = &sec.encryption;
            (
                "Encryption",
                10,
                &e.text,
                bullets![
                    "In transit" => e.in_transit.label().into(),
                    "At rest" => yes_no(e.at_rest),
                    "Password hashing" => e.password_hashing.label().into(),
                ],
            )
        }
        BlockId::InputValidation => {
            let v = &sec.input_validation;
            (
                "Input validation",
                11,
                &v.text,
                bullets![
                    "Libraries" => words(&v.libraries),
                    "Rate limiting" => v.rate_limiting.clone(),
                ],
            )
        }
        BlockId::RateLimiting => {
            let v = &sec.input_validation;
            (
                "Rate limiting",
                11,
                &v.text,
                bullets!["Rate limiter" => v.rate_limiting.clone()],
            )
        }
        BlockId::Audits => {
            let a = &sec.audits;
            let b = if a.text.answered {
                bullets![
                    "Dependency scanning" => a.dependency_scanning.label().into(),
                    "Code scanning" => words(&a.code_scanning),
                ]
            } else {
                bullets!["Status" => "not answered (required for `quality: secure`)".into()]
            };
            ("Security audits", 12, &a.text, b)
        }
        BlockId::Deployment => {
            let d = &ops.deployment;
            let mut b = bullets![
                "Method" => d.method.label().into(),
                "Strategy" => d.strategy.label().into(),
            ];
            let platform = crate::platforms::of(infra.hosting.platform);
            let deploys = platform.workflows().has("workflows/deploy.yml");
            let workflow = if d.method == DeployMethod::Manual {
                match platform.manual_deploy() {
                    Some(how) => {
                        format!("none: deployment is manual ({how}); set `method: ci-cd` to generate one")
                    }
                    None => "none: deployment is manual; set `method: ci-cd` to generate one".to_owned(),
                }
            } else if deploys {
                "`.github/workflows/deploy.yml` (rollback: `.github/workflows/rollback.yml`)".to_owned()
            } else {
                format!(
                    "not generated for {} yet; CI runs in `.github/workflows/ci.yml`",
                    infra.hosting.platform.label()
                )
            };
            b.push(Bullet {
                key: "Deploy workflow",
                value: workflow,
            });
            for env in &d.environments {
                let value = match env.trigger {
                    Trigger::Push => format!(
                        "`{}` (app `{}`): deploys on push to `{}`",
                        env.name, env.app, env.branch
                    ),
                    Trigger::Tag => format!("`{}` (app `{}`): deploys on a tag", env.name, env.app),
                    Trigger::Manual => format!(
                        "`{}` (app `{}`): deploys after manual approval",
                        env.name, env.app
                    ),
                };
                b.push(Bullet {
                    key: "Environment",
                    value,
                });
            }
            ("Deployment", 13, &d.text, b)
        }
        BlockId::HealthChecks => {
            let h = &ops.health_checks;
            if !h.enabled {
                let off =
                    "off (`enabled: false`): the platform cannot tell a broken release from a healthy one";
                return Block {
                    title: "Health checks",
                    number: 14,
                    answer: h.text.answer.clone(),
                    bullets: bullets!["HTTP health checks" => off.into()],
                };
            }
            (
                "Health checks",
                14,
                &h.text,
                bullets![
                    "Liveness" => format!("`GET {}` answers 200 without touching dependencies", h.path),
                    "Readiness" => format!("`GET {}` checks {}", h.readiness_path, labels(&h.checks, HealthDependency::label)),
                    "Interval" => format!("{}s", h.interval_seconds),
                    "Timeout" => format!("{}s", h.timeout_seconds),
                    "Grace period" => format!("{}s", h.grace_period_seconds),
                ],
            )
        }
        BlockId::Rollback => {
            let r = &ops.rollback;
            (
                "Rollback",
                15,
                &r.text,
                bullets![
                    "Releases kept" => r.keep_releases.to_string(),
                    "Target time" => format!("{} minutes", r.target_minutes),
                    "Feature flags" => yes_no(r.feature_flags),
                ],
            )
        }
        BlockId::Logging => {
            let l = &ops.logging;
            (
                "Logging",
                16,
                &l.text,
                bullets![
                    "Format" => l.format.label().into(),
                    "Level in production" => l.level.label().into(),
                    "Destination" => l.destination.clone(),
                    "Retention" => format!("{} days", l.retention_days),
                ],
            )
        }
        BlockId::IncidentResponse => {
            let i = &ops.incident_response;
            (
                "Incident response",
                17,
                &i.text,
                bullets![
                    "Channel" => format!("`{}`", i.channel),
                    "Response time" => format!("{} minutes", i.response_minutes),
                    "Postmortem for" => labels(&i.postmortem_for, Severity::label),
                ],
            )
        }
        BlockId::Backup => {
            let b = &ops.backup;
            let bl = if plan.project.database == Database::None {
                bullets!["Database" => "none: no database to back up".into()]
            } else {
                bullets![
                    "Frequency" => b.frequency.label().into(),
                    "Retention" => format!("{} days", b.retention_days),
                    "RTO" => b.rto.to_string(),
                    "RPO" => b.rpo.to_string(),
                    "Restore test" => b.restore_test.label().into(),
                ]
            };
            ("Backup & recovery", 18, &b.text, bl)
        }
        BlockId::Configuration => {
            let c = &ops.configuration;
            (
                "Configuration",
                19,
                &c.text,
                bullets![
                    "Variables" => if c.variables.is_empty() { "none".into() } else { c.variables.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ") },
                    "Production values" => c.production.label().into(),
                    "Development values" => c.development.label().into(),
                ],
            )
        }
        BlockId::Performance => {
            let p = &ops.performance;
            (
                "Performance",
                20,
                &p.text,
                bullets![
                    "p95 response time" => format!("under {} ms", p.p95_ms),
                    "Error rate" => format!("under {}%", p.error_rate_percent),
                ],
            )
        }
    };
    Block {
        title,
        number,
        answer: text.answer.clone(),
        bullets,
    }
}
