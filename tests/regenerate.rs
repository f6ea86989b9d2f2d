//! Regenerate after an answer changes: only the sections that answer feeds.

use crate::support::Test;

#[test]
fn changing_one_answer_touches_only_the_sections_it_feeds() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    t.edit_answers("min_instances: 2", "min_instances: 3");
    let run = t.run(&["plan", "--format", "json"]).expect(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let changed: Vec<(String, Vec<String>)> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] != "unchanged" && f["status"] != "skip")
        .map(|f| {
            let sections = f["sections"]
                .as_array()
                .map(|s| s.iter().map(|s| s.as_str().unwrap().to_owned()).collect())
                .unwrap_or_default();
            (f["path"].as_str().unwrap().to_owned(), sections)
        })
        .collect();
    assert_eq!(
        changed,
        [
            (
                "docs/specs/codebase_spec.md".to_owned(),
                vec!["infrastructure".to_owned()]
            ),
            // The Fly CPU-autoscaling warning quotes min_instances, so the
            // Open Questions region is fed by this answer too.
            (
                "docs/specs/technical_design_spec.md".to_owned(),
                vec!["performance-scalability".to_owned(), "open-questions".to_owned()]
            ),
            ("fly.toml".to_owned(), vec![]),
        ]
    );
    let text = t.run(&["plan"]).expect(0).stdout;
    assert!(text.contains("  update    fly.toml  (1 key)\n"), "{text}");
    assert!(
        text.contains("-min_machines_running = 2\n+min_machines_running = 3\n"),
        "{text}"
    );
    assert!(
        text.contains("  update    docs/specs/codebase_spec.md  (1 section)\n"),
        "{text}"
    );
    assert!(
        text.contains("-- **Instances:** 2 to 5\n+- **Instances:** 3 to 5\n"),
        "{text}"
    );
    t.run(&["apply", "--yes"]).expect(0);
    t.run(&["check"]).expect(0);
    t.edit_answers("min_instances: 3", "min_instances: 4");
    let run = t.run(&["check"]).expect(1);
    assert!(run.stdout.contains("+- **Instances:** 4 to 5"), "{}", run.stdout);
}
