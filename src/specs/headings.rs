//! Which questions a heading speaks of. A question's own heading ("Scaling",
//! "Backup & Recovery (Q18)") names one; a template section ("Infrastructure",
//! "Observability") names the questions shipspec places there, from the same
//! table the spec renderer uses; "Open questions" and "Proposals" name none
//! and nothing under them is read.

use std::sync::LazyLock;

use crate::reconcile::markers::normalize_heading;
use crate::render::specs::SPEC_FILES;

/// Each question's key path and the headings that name it (the template's
/// names and the common renames).
pub const QUESTION_HEADINGS: [(&str, &[&str]); 20] = [
    (
        "infrastructure.hosting",
        &[
            "Hosting",
            "Hosting Platform",
            "Platform",
            "Cloud Provider",
            "Provider",
            "Infrastructure & Hosting",
            "Where it runs",
        ],
    ),
    (
        "infrastructure.regions",
        &[
            "Regions",
            "Region",
            "Deployment Regions",
            "Geographic Regions",
            "Data Residency",
            "Geography",
        ],
    ),
    (
        "infrastructure.scaling",
        &[
            "Scaling",
            "Scalability",
            "Auto-scaling",
            "Autoscaling",
            "Capacity",
            "Compute",
            "Instances",
            "Scaling Strategy",
        ],
    ),
    (
        "infrastructure.monitoring",
        &[
            "Monitoring & Alerting",
            "Monitoring",
            "Alerting",
            "Metrics",
            "Monitoring & Alerts",
            "Alerts",
        ],
    ),
    (
        "infrastructure.cost",
        &[
            "Cost",
            "Costs",
            "Budget",
            "Cost Management",
            "Cost & Budget",
            "Cost Constraints",
            "Cost Monitoring",
        ],
    ),
    (
        "infrastructure.iac",
        &[
            "Infrastructure as Code",
            "IaC",
            "Infrastructure Code",
            "Infrastructure as Code (IaC)",
        ],
    ),
    (
        "security.authentication",
        &[
            "Authentication",
            "Authentication Requirements",
            "Auth",
            "Login",
            "Authentication Methods",
        ],
    ),
    (
        "security.authorization",
        &[
            "Authorization",
            "Authorization Requirements",
            "Access Control",
            "Roles & Permissions",
            "Permissions",
            "RBAC",
            "Roles",
        ],
    ),
    (
        "security.secrets",
        &[
            "Secrets",
            "Secrets Management",
            "Secret Management",
            "Secret Storage",
        ],
    ),
    (
        "security.encryption",
        &[
            "Encryption",
            "Data Protection",
            "Data Protection & Encryption",
            "Encryption at Rest & in Transit",
        ],
    ),
    (
        "security.input_validation",
        &[
            "Input Validation",
            "Input Validation & Sanitization",
            "Validation",
            "Rate Limiting",
            "Rate Limiting & DDoS Protection",
            "Rate Limiting & DDoS Protection Attempts",
        ],
    ),
    (
        "security.audits",
        &[
            "Security Audits",
            "Audits",
            "Security Testing",
            "Vulnerability Scanning",
            "Dependency Scanning",
            "Supply Chain",
            "Security Scanning",
        ],
    ),
    (
        "operations.deployment",
        &[
            "Deployment",
            "CI/CD",
            "CI/CD Pipeline",
            "Deployment Process",
            "Deployments",
            "Continuous Integration & Deployment",
            "Release Process",
            "Deploy",
            "Deployment Pipeline",
        ],
    ),
    (
        "operations.health_checks",
        &["Health Checks", "Health Check", "Health", "Health Monitoring"],
    ),
    (
        "operations.rollback",
        &[
            "Rollback",
            "Rollbacks",
            "Rollback Strategy",
            "Rollback Plan",
            "Rolling Back",
        ],
    ),
    ("operations.logging", &["Logging", "Logs", "Log Management"]),
    (
        "operations.incident_response",
        &[
            "Incident Response",
            "Incidents",
            "Incident Response Plan",
            "Security Incident Response",
            "On-call",
            "Incident Management",
            "Error Handling & Resilience",
            "Error Handling",
        ],
    ),
    (
        "operations.backup",
        &[
            "Backup & Recovery",
            "Backup",
            "Backups",
            "Disaster Recovery",
            "Backup & Disaster Recovery",
            "Backups & Restore",
        ],
    ),
    (
        "operations.configuration",
        &[
            "Configuration",
            "Configuration Management",
            "Config",
            "Environment Variables",
            "Environment Configuration",
        ],
    ),
    (
        "operations.performance",
        &[
            "Performance",
            "Performance Targets",
            "Performance Monitoring",
            "SLOs",
            "Performance Requirements",
            "Service Levels",
        ],
    ),
];

/// Headings under which nothing is read.
const NOT_AGREED: [&str; 9] = [
    "open questions",
    "open issues",
    "risks open questions",
    "proposals",
    "proposal",
    "proposed",
    "alternatives considered",
    "options considered",
    "not agreed",
];

#[derive(Clone, Debug, PartialEq)]
pub enum Scope {
    /// The questions this heading speaks of.
    Questions(Vec<&'static str>),
    /// Not agreed: nothing under it is read.
    Skip,
    /// A heading that names no question: its parent's scope applies.
    Unknown,
}

/// "2.3 Scaling (Q3)" → ("scaling", Some(3)).
fn parts(heading: &str) -> (String, Option<usize>) {
    let number = heading
        .rfind("(Q")
        .and_then(|at| heading[at + 2..].split(')').next())
        .and_then(|n| n.trim().parse::<usize>().ok());
    let words = normalize_heading(heading);
    let mut words: Vec<&str> = words.split(' ').collect();
    // Leading numbering ("2", "2 3", "q3") is not part of the name.
    while words.len() > 1
        && words[0]
            .trim_start_matches('q')
            .chars()
            .all(|c| c.is_ascii_digit())
    {
        words.remove(0);
    }
    (words.join(" "), number)
}

/// Each question's headings as compared.
static QUESTION_NAMES: LazyLock<Vec<(&'static str, Vec<String>)>> = LazyLock::new(|| {
    QUESTION_HEADINGS
        .iter()
        .map(|(q, names)| (*q, names.iter().map(|n| normalize_heading(n)).collect()))
        .collect()
});

/// The scope of a heading in the spec file `file` (a file name such as
/// `codebase_spec.md`).
pub fn scope(file: &str, heading: &str) -> Scope {
    let (name, number) = parts(heading);
    if NOT_AGREED.contains(&name.as_str()) {
        return Scope::Skip;
    }
    for (question, names) in QUESTION_NAMES.iter() {
        if names.contains(&name) {
            return Scope::Questions(vec![question]);
        }
    }
    // Template sections: this file's first, then the others'.
    let mut files: Vec<_> = SPEC_FILES.iter().collect();
    files.sort_by_key(|f| !f.path.ends_with(file));
    for spec in files {
        for section in spec.sections {
            let named = std::iter::once(section.heading)
                .chain(section.aliases.iter().copied())
                .any(|n| normalize_heading(n) == name);
            if named {
                let questions: Vec<&'static str> = section
                    .blocks
                    .iter()
                    .map(|b| b.question())
                    .filter(|q| !q.is_empty())
                    .collect();
                return if questions.is_empty() {
                    Scope::Skip
                } else {
                    Scope::Questions(questions)
                };
            }
        }
    }
    match number {
        Some(n @ 1..=20) => Scope::Questions(vec![QUESTION_HEADINGS[n - 1].0]),
        _ => Scope::Unknown,
    }
}

/// The headings looked for, for a question that was not found.
pub fn looked_for(question: &str) -> Vec<&'static str> {
    QUESTION_HEADINGS
        .iter()
        .find(|(q, _)| *q == question)
        .map(|(_, names)| names.to_vec())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_name_questions() {
        assert_eq!(
            scope("x.md", "2.3 Scaling (Q3)"),
            Scope::Questions(vec!["infrastructure.scaling"])
        );
        assert_eq!(
            scope("x.md", "BACKUP & RECOVERY"),
            Scope::Questions(vec!["operations.backup"])
        );
        assert_eq!(scope("x.md", "Open Questions"), Scope::Skip);
        assert_eq!(
            scope("x.md", "Anything (Q7)"),
            Scope::Questions(vec!["security.authentication"])
        );
        assert_eq!(scope("x.md", "Notes"), Scope::Unknown);
        assert!(matches!(scope("codebase_spec.md", "Observability"), Scope::Questions(q) if q.len() == 2));
    }
}
