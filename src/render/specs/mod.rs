//! The four spec documents (ownership mode `sections`). Each section is a
//! list of question blocks; the table below is the single place that says
//! which answer feeds which section.

pub mod blocks;

use serde::Serialize;

use self::blocks::{Block, BlockId, block};
use super::artifact::{Artifact, Body, Mode, Region, SectionDoc};
use super::templates;
use crate::resolve::Plan;

pub struct SectionSpec {
    pub id: &'static str,
    pub heading: &'static str,
    pub aliases: &'static [&'static str],
    pub blocks: &'static [BlockId],
}

pub struct SpecFile {
    pub path: &'static str,
    pub title: &'static str,
    pub sections: &'static [SectionSpec],
}

use BlockId::*;

pub const SPEC_FILES: &[SpecFile] = &[
    SpecFile {
        path: "docs/specs/codebase_spec.md",
        title: "Codebase Spec",
        sections: &[
            SectionSpec {
                id: "infrastructure",
                heading: "Infrastructure",
                aliases: &["Infrastructure (if deployed)", "Deployment Infrastructure"],
                blocks: &[Hosting, Regions, Scaling, Monitoring, Cost, Iac, Backup],
            },
            SectionSpec {
                id: "security",
                heading: "Security",
                aliases: &["Security Considerations"],
                blocks: &[Secrets, Audits],
            },
            SectionSpec {
                id: "configuration",
                heading: "Configuration",
                aliases: &[],
                blocks: &[Configuration],
            },
            SectionSpec {
                id: "observability",
                heading: "Observability",
                aliases: &["Logging & Monitoring", "Logging and Observability"],
                blocks: &[Logging, Monitoring],
            },
            SectionSpec {
                id: "ci-cd",
                heading: "CI/CD",
                aliases: &[
                    "CI/CD Pipeline",
                    "Continuous Integration",
                    "Continuous Integration & Deployment",
                ],
                blocks: &[Deployment],
            },
        ],
    },
    SpecFile {
        path: "docs/specs/implementation_options_spec.md",
        title: "Implementation Options Spec",
        sections: &[SectionSpec {
            id: "infrastructure-hosting",
            heading: "Infrastructure & Hosting",
            aliases: &["Hosting", "Infrastructure and Hosting Options"],
            blocks: &[Hosting],
        }],
    },
    SpecFile {
        path: "docs/specs/security_spec.md",
        title: "Security Spec",
        sections: &[
            SectionSpec {
                id: "authentication",
                heading: "Authentication",
                aliases: &["Authentication Requirements"],
                blocks: &[Authentication],
            },
            SectionSpec {
                id: "authorization",
                heading: "Authorization",
                aliases: &["Authorization Requirements", "Access Control"],
                blocks: &[Authorization],
            },
            SectionSpec {
                id: "data-protection",
                heading: "Data Protection",
                aliases: &["Encryption", "Data Protection & Encryption"],
                blocks: &[Encryption],
            },
            SectionSpec {
                id: "input-validation",
                heading: "Input Validation",
                aliases: &["Input Validation & Sanitization"],
                blocks: &[InputValidation],
            },
            SectionSpec {
                id: "secrets-management",
                heading: "Secrets Management",
                aliases: &["Secrets"],
                blocks: &[Secrets],
            },
            SectionSpec {
                id: "rate-limiting",
                heading: "Rate Limiting",
                aliases: &[
                    "Rate Limiting & DDoS Protection",
                    "Rate Limiting & DDoS Protection Attempts",
                ],
                blocks: &[RateLimiting],
            },
            SectionSpec {
                id: "monitoring-logging",
                heading: "Monitoring & Logging",
                aliases: &["Security Monitoring", "Security Logging & Monitoring"],
                blocks: &[Monitoring, Logging],
            },
            SectionSpec {
                id: "incident-response",
                heading: "Incident Response",
                aliases: &["Incident Response Plan", "Security Incident Response"],
                blocks: &[IncidentResponse],
            },
            SectionSpec {
                id: "audits",
                heading: "Security Audits",
                aliases: &["Audits", "Security Testing"],
                blocks: &[Audits],
            },
        ],
    },
    SpecFile {
        path: "docs/specs/technical_design_spec.md",
        title: "Technical Design Spec",
        sections: &[
            SectionSpec {
                id: "configuration",
                heading: "Configuration",
                aliases: &["Configuration Management"],
                blocks: &[Configuration, Secrets, Iac],
            },
            SectionSpec {
                id: "error-handling",
                heading: "Error Handling & Resilience",
                aliases: &["Error Handling", "Resilience"],
                blocks: &[IncidentResponse],
            },
            SectionSpec {
                id: "performance-scalability",
                heading: "Performance & Scalability",
                aliases: &["Performance", "Scalability", "Performance Requirements"],
                blocks: &[Scaling, Performance],
            },
            SectionSpec {
                id: "security-privacy",
                heading: "Security & Privacy",
                aliases: &["Security", "Security Considerations"],
                blocks: &[Authentication, Encryption],
            },
            SectionSpec {
                id: "observability",
                heading: "Observability",
                aliases: &["Monitoring", "Logging & Monitoring"],
                blocks: &[Logging, Monitoring, Performance],
            },
            SectionSpec {
                id: "rollout-migration",
                heading: "Rollout & Migration",
                aliases: &["Rollout", "Deployment & Rollout", "Rollout Plan"],
                blocks: &[Deployment, HealthChecks, Rollback],
            },
            SectionSpec {
                id: "open-questions",
                heading: "Open Questions",
                aliases: &["Open Issues", "Risks & Open Questions"],
                blocks: &[OpenQuestions],
            },
        ],
    },
];

#[derive(Serialize)]
struct SectionContext {
    blocks: Vec<Block>,
}

pub fn render(plan: &Plan) -> Vec<Artifact> {
    SPEC_FILES
        .iter()
        .map(|file| Artifact {
            path: file.path.to_owned(),
            mode: Mode::Sections,
            questions: Vec::new(),
            body: Body::Sections(SectionDoc {
                title: file.title.to_owned(),
                regions: file
                    .sections
                    .iter()
                    .map(|section| Region {
                        id: section.id.to_owned(),
                        heading: section.heading.to_owned(),
                        aliases: section.aliases,
                        questions: section
                            .blocks
                            .iter()
                            .flat_map(|b| std::iter::once(b.question()).chain(b.also_reads().iter().copied()))
                            .filter(|q| !q.is_empty())
                            .collect(),
                        body: trim_leading_blank_lines(templates::render(
                            "specs/section.md",
                            &SectionContext {
                                blocks: section.blocks.iter().map(|b| block(plan, *b)).collect(),
                            },
                        )),
                    })
                    .collect(),
            }),
        })
        .collect()
}

/// A region starts right under its begin marker.
fn trim_leading_blank_lines(text: String) -> String {
    text.trim_start_matches('\n').to_owned()
}
