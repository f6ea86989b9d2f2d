//! What each answer feeds, for `explain`: read from the artifacts a plan
//! renders to, where each renderer names the questions behind a file, a
//! spec region or a merged key as it assembles them. The test below checks
//! those names against what really changes when an answer changes.

use std::collections::{BTreeMap, BTreeSet};

use super::Body;
use crate::resolve::Plan;
/// Question key path → every output the plan's answer to it feeds: spec
/// sections (`path#region`) first, in document order, then whole files and
/// merged keys (`fly.toml#http_service.min_machines_running`), sorted; each
/// once. Read from the artifacts `render` produces, so it lists exactly
/// what this plan generates.
pub fn feeds(plan: &Plan) -> BTreeMap<&'static str, Vec<String>> {
    let mut sections: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    let mut files: BTreeMap<&'static str, BTreeSet<String>> = BTreeMap::new();
    for artifact in super::render(plan) {
        for question in &artifact.questions {
            files.entry(question).or_default().insert(artifact.path.clone());
        }
        match &artifact.body {
            Body::Sections(doc) => {
                for region in &doc.regions {
                    for question in &region.questions {
                        let output = format!("{}#{}", artifact.path, region.id);
                        let list = sections.entry(question).or_default();
                        if !list.contains(&output) {
                            list.push(output);
                        }
                    }
                }
            }
            Body::Toml(doc) => {
                for key in &doc.keys {
                    for question in key.questions {
                        let output = format!("{}#{}", artifact.path, key.address);
                        files.entry(question).or_default().insert(output);
                    }
                }
            }
            Body::Whole(_) => {}
        }
    }
    for (question, outputs) in files {
        sections.entry(question).or_default().extend(outputs);
    }
    sections
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::feeds;
    use crate::render::{Artifact, Body};
    use crate::resolve::Plan;

    const EXAMPLE: &str = include_str!("../../examples/fly-fastapi/shipspec.yaml");

    fn plan(yaml: &str) -> Plan {
        let loaded = crate::answers::load("shipspec.yaml", yaml.as_bytes()).expect("loads");
        let resolved = crate::resolve::resolve(&loaded);
        assert!(resolved.ok(), "{yaml}\n{:?}", resolved.diagnostics);
        resolved.plan
    }

    /// Every output of a rendered plan as `path`, `path#region` or
    /// `path#key`, with its content.
    fn outputs(plan: &Plan) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for Artifact { path, body, .. } in crate::render::render(plan) {
            match body {
                Body::Whole(text) => {
                    out.insert(path, text);
                }
                Body::Sections(doc) => {
                    for region in doc.regions {
                        // Warnings land here whatever caused them.
                        if region.id != "open-questions" {
                            out.insert(format!("{path}#{}", region.id), region.body);
                        }
                    }
                }
                Body::Toml(doc) => {
                    for key in doc.keys {
                        out.insert(format!("{path}#{}", key.address), key.value.to_string());
                    }
                    out.insert(path, String::new());
                }
            }
        }
        out
    }

    /// One edit of the example per question; whatever output it changes
    /// must be listed as fed by that question.
    const EDITS: &[(&str, &str, &str)] = &[
        (
            "infrastructure.hosting",
            "database_service: fly-managed-postgres",
            "database_service: fly-postgres",
        ),
        (
            "infrastructure.hosting",
            "Fly.io for simplicity: the app",
            "Fly.io: the app",
        ),
        ("infrastructure.regions", "primary: iad", "primary: ams"),
        ("infrastructure.regions", "secondary: []", "secondary: [nrt]"),
        ("infrastructure.scaling", "min_instances: 2", "min_instances: 3"),
        ("infrastructure.scaling", "memory: 1gb", "memory: 2gb"),
        (
            "infrastructure.scaling",
            "mode: auto\n    min_instances: 2\n    max_instances: 5",
            "mode: manual\n    min_instances: 1\n    max_instances: 1",
        ),
        (
            "infrastructure.scaling",
            "cpus: 1\n",
            "cpus: 2\n    max_concurrent_requests: 100\n",
        ),
        (
            "infrastructure.monitoring",
            "tools: [fly-metrics, sentry]",
            "tools: [prometheus]",
        ),
        (
            "infrastructure.monitoring",
            "alert_channels: [email]",
            "alert_channels: [slack]",
        ),
        (
            "infrastructure.monitoring",
            "alert_on: [downtime, error-rate]",
            "alert_on: [latency]",
        ),
        (
            "infrastructure.cost",
            "monthly_budget_usd: 150",
            "monthly_budget_usd: 200",
        ),
        ("infrastructure.iac", "tool: platform-config", "tool: terraform"),
        (
            "security.authentication",
            "methods: [oauth, api-keys]",
            "methods: [oauth, api-keys, mfa]",
        ),
        (
            "security.authorization",
            "description: read-only",
            "description: reads",
        ),
        (
            "security.secrets",
            "development: dotenv\n  encryption",
            "development: env-vars\n  encryption",
        ),
        (
            "security.encryption",
            "password_hashing: bcrypt",
            "password_hashing: argon2",
        ),
        ("security.encryption", "at_rest: true", "at_rest: false"),
        (
            "security.input_validation",
            "rate_limiting: slowapi",
            "rate_limiting: nginx",
        ),
        (
            "security.audits",
            "\noperations:",
            "  audits:\n    answer: \"Weekly scans.\"\n    dependency_scanning: daily\n    code_scanning: [bandit]\n\noperations:",
        ),
        (
            "operations.deployment",
            "strategy: rolling",
            "strategy: bluegreen",
        ),
        (
            "operations.deployment",
            "trigger: push, branch: main}",
            "trigger: push, branch: develop}",
        ),
        (
            "operations.deployment",
            "{name: production, trigger: manual}",
            "{name: live, trigger: tag}",
        ),
        ("operations.health_checks", "path: /health", "path: /healthz"),
        (
            "operations.health_checks",
            "readiness_path: /ready",
            "readiness_path: /readyz",
        ),
        (
            "operations.health_checks",
            "interval_seconds: 15",
            "interval_seconds: 20",
        ),
        (
            "operations.health_checks",
            "checks: [database]",
            "checks: [database, redis]",
        ),
        ("operations.rollback", "keep_releases: 3", "keep_releases: 5"),
        ("operations.rollback", "target_minutes: 2", "target_minutes: 5"),
        (
            "operations.rollback",
            "feature_flags: true",
            "feature_flags: false",
        ),
        ("operations.logging", "level: info", "level: debug"),
        (
            "operations.logging",
            "retention_days: 30\n  incident",
            "retention_days: 14\n  incident",
        ),
        (
            "operations.incident_response",
            "channel: \"#incidents\"",
            "channel: \"#ops\"",
        ),
        (
            "operations.incident_response",
            "response_minutes: 30",
            "response_minutes: 15",
        ),
        (
            "operations.incident_response",
            "postmortem_for: [P0, P1]",
            "postmortem_for: [P0]",
        ),
        ("operations.backup", "rto: 2h", "rto: 4h"),
        ("operations.backup", "frequency: daily", "frequency: hourly"),
        (
            "operations.backup",
            "restore_test: monthly",
            "restore_test: quarterly",
        ),
        (
            "operations.backup",
            "Restores tested monthly.",
            "Restores tested.",
        ),
        (
            "operations.configuration",
            "variables: [DATABASE_URL, API_KEYS, SENTRY_DSN]",
            "variables: [DATABASE_URL]",
        ),
        ("operations.performance", "p95_ms: 200", "p95_ms: 300"),
    ];

    #[test]
    fn every_output_an_answer_changes_is_listed_as_fed_by_it() {
        let base_plan = plan(EXAMPLE);
        let base = outputs(&base_plan);
        let mut missing = Vec::new();
        for (question, from, to) in EDITS {
            assert!(EXAMPLE.contains(from), "{from:?} is not in the example");
            let edited_plan = plan(&EXAMPLE.replacen(from, to, 1));
            let edited = outputs(&edited_plan);
            let listed: Vec<String> = [&base_plan, &edited_plan]
                .iter()
                .flat_map(|p| feeds(p).remove(question).unwrap_or_default())
                .collect();
            let changed: std::collections::BTreeSet<&String> = base
                .keys()
                .chain(edited.keys())
                .filter(|k| base.get(*k) != edited.get(*k))
                .collect();
            for output in changed {
                if !listed.contains(output) {
                    missing.push(format!("{question} ({from:?} → {to:?}) changes {output}"));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "not listed by explain:\n{}",
            missing.join("\n")
        );
    }
}
