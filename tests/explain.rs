use crate::support::Test;

#[test]
fn explain_text_shows_values_sources_and_outputs() {
    let t = Test::example();
    t.edit_answers("    database_service: fly-managed-postgres\n", "");
    let run = t.run(&["explain"]).expect(0);
    let out = &run.stdout;
    assert!(
        out.contains("Q1 infrastructure.hosting\n  answer: Fly.io for simplicity"),
        "{out}"
    );
    assert!(out.contains("  platform = fly  (structured)\n"));
    assert!(out.contains("  database_service = fly-managed-postgres  (default)\n"));
    assert!(out.contains("Q12 security.audits\n  (not answered)\n"));
    assert!(
        out.contains("  feeds: docs/specs/codebase_spec.md#infrastructure, docs/specs/implementation_options_spec.md#infrastructure-hosting, .github/workflows/backup-check.yml, .github/workflows/deploy.yml, .github/workflows/rollback.yml, deploy/alerts/prometheus.yml, deploy/alerts/rules.yml, docs/runbooks/backup-and-recovery.md, docs/runbooks/incident-response.md, docs/runbooks/rollback.md, docs/runbooks/setup.md, fly.toml\n"),
        "{out}"
    );
}

#[test]
fn explain_json_shape() {
    let run = Test::example().run(&["explain", "--format", "json"]).expect(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["answers", "diagnostics", "outputs", "provenance", "sources"]
    );
    // Every value of the example is written as a field: no words were needed.
    assert_eq!(v["sources"], serde_json::json!({}));
    assert_eq!(v["answers"]["infrastructure"]["scaling"]["memory"], "1gb");
    assert_eq!(v["answers"]["operations"]["backup"]["rpo"], "24h");
    assert_eq!(
        v["provenance"]["infrastructure.scaling.min_instances"],
        "structured"
    );
    assert_eq!(v["provenance"]["security.audits.dependency_scanning"], "default");
    assert_eq!(v["outputs"]["operations.configuration"][2], ".env.example");
}

#[test]
fn explain_with_invalid_answers_exits_2() {
    let t = Test::example();
    t.edit_answers("name: notes-api", "name: Notes API");
    let run = t.run(&["explain"]).expect(2);
    assert!(run.stderr.contains("SS011"), "{}", run.stderr);
    assert!(
        run.stderr.contains("notes-api"),
        "hint offers a DNS-safe name: {}",
        run.stderr
    );
}

#[test]
fn explain_lists_every_output_an_answer_feeds() {
    let run = Test::example().run(&["explain", "--format", "json"]).expect(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let feeds = |question: &str| -> Vec<String> {
        v["outputs"][question]
            .as_array()
            .unwrap_or_else(|| panic!("{question} feeds nothing"))
            .iter()
            .map(|o| o.as_str().unwrap().to_owned())
            .collect()
    };
    for (question, output) in [
        ("infrastructure.hosting", "fly.toml"),
        ("infrastructure.hosting", "docs/runbooks/backup-and-recovery.md"),
        ("infrastructure.regions", "fly.toml#primary_region"),
        (
            "infrastructure.scaling",
            "fly.toml#http_service.min_machines_running",
        ),
        (
            "infrastructure.scaling",
            "fly.toml#http_service.concurrency.soft_limit",
        ),
        ("infrastructure.scaling", "fly.toml#vm[0].memory"),
        ("security.encryption", "fly.toml#http_service.force_https"),
        ("operations.deployment", "fly.toml#deploy.strategy"),
        ("operations.deployment", ".github/workflows/deploy.yml"),
        ("operations.deployment", ".github/workflows/ci.yml"),
        (
            "operations.health_checks",
            "fly.toml#http_service.checks[path=\"/health\"].interval",
        ),
        ("operations.health_checks", "app/health.py"),
        ("operations.rollback", "docs/runbooks/rollback.md"),
        (
            "operations.incident_response",
            "docs/runbooks/incident-response.md",
        ),
        ("infrastructure.monitoring", "docs/runbooks/incident-response.md"),
        ("operations.backup", ".github/workflows/backup-check.yml"),
        ("operations.backup", "docs/runbooks/backup-and-recovery.md"),
        ("operations.configuration", ".env.example"),
    ] {
        assert!(
            feeds(question).contains(&output.to_owned()),
            "{question} does not list {output}: {:?}",
            feeds(question)
        );
    }
    // Only what this plan generates: no audits answered, no audit workflow.
    assert!(
        v["outputs"]["security.audits"]
            .as_array()
            .is_none_or(|list| { !list.iter().any(|o| o == ".github/workflows/security-audit.yml") })
    );
    // Spec sections first, then the other files, each once.
    let scaling = feeds("infrastructure.scaling");
    assert!(scaling[0].starts_with("docs/specs/"), "{scaling:?}");
    let mut unique = scaling.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), scaling.len(), "{scaling:?}");
}
