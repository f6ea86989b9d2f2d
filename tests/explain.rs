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
    assert!(out.contains("  feeds: docs/specs/codebase_spec.md#infrastructure, docs/specs/implementation_options_spec.md#infrastructure-hosting\n"));
}

#[test]
fn explain_json_shape() {
    let run = Test::example().run(&["explain", "--format", "json"]).expect(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["answers", "diagnostics", "outputs", "provenance"]);
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
