use crate::support::Test;

#[test]
fn check_fails_on_missing_outputs_and_passes_after_apply() {
    let t = Test::example();
    let before = t.tree();
    let run = t.run(&["check"]).expect(1);
    assert!(run.stdout.contains("+++ b/docs/specs/codebase_spec.md"));
    assert!(run.stderr.contains("18 files drifted"), "{}", run.stderr);
    assert_eq!(t.tree(), before, "check never writes");
    t.run(&["apply", "--yes"]).expect(0);
    let run = t.run(&["check"]).expect(0);
    assert!(
        run.stderr.contains("All 18 generated files are up to date"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_github_annotates_and_writes_the_step_summary() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    t.edit_answers("retention_days: 30\n    rto", "retention_days: 14\n    rto");
    let summary = t.path("summary.md");
    let t = t.env("GITHUB_STEP_SUMMARY", summary.to_str().unwrap());
    let run = t.run(&["check", "--format", "github"]).expect(1);
    assert!(
        run.stdout.contains("::error file=docs/specs/codebase_spec.md,title=shipspec drift::out of date with shipspec.yaml (1 section)"),
        "{}",
        run.stdout
    );
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.contains("| `docs/specs/codebase_spec.md` | update |"), "{md}");
}

#[test]
fn check_json_reports_statuses() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    let run = t.run(&["check", "--format", "json"]).expect(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["summary"]["unchanged"], 15);
}
