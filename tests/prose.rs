//! Answers in words only, end to end: the worked example answered as the
//! developer said it (`examples/fly-fastapi-prose`) generates the same
//! deploy files as the structured `examples/fly-fastapi`, explain shows the
//! words behind every value, and words that contradict a field are flagged.

use serde_json::Value;

use crate::support::Test;

const PROSE: &str = include_str!("../examples/fly-fastapi-prose/shipspec.yaml");

/// Lines that quote the person's answer (`> …`) differ by design.
fn without_quotes(text: &str) -> String {
    text.lines()
        .filter(|l| !l.starts_with("> "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn answers_in_words_generate_the_same_deploy_files_as_fields() {
    let words = Test::new().answers(PROSE);
    let fields = Test::example();
    let validate = words.run(&["validate"]).expect(0);
    // The warnings are those the fields get too: Fly's own (no CPU
    // autoscaling, the budget alert set by hand) and no shipspec release
    // to pin in CI yet.
    let codes: Vec<&str> = validate
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("warning["))
        .map(|l| &l[..5])
        .collect();
    let mut codes = codes;
    codes.sort_unstable();
    assert_eq!(codes, ["SS021", "SS043", "SS121"], "{}", validate.stderr);
    words.run(&["apply", "--yes"]).expect(0);
    fields.run(&["apply", "--yes"]).expect(0);
    let (a, b) = (words.tree(), fields.tree());
    let mut compared = 0;
    for (path, content) in &b {
        let deploy = path == "fly.toml"
            || path.starts_with("deploy/alerts/")
            || path.starts_with(".github/workflows/")
            || path.starts_with("docs/runbooks/");
        if !deploy {
            continue;
        }
        let ours = a
            .get(path)
            .unwrap_or_else(|| panic!("{path} is generated from words too"));
        let (ours, theirs) = (String::from_utf8_lossy(ours), String::from_utf8_lossy(content));
        assert_eq!(without_quotes(&ours), without_quotes(&theirs), "{path} differs");
        compared += 1;
    }
    assert!(
        compared >= 8,
        "fly.toml, the workflows and the runbooks were compared ({compared})"
    );
}

#[test]
fn explain_quotes_the_words_behind_each_value() {
    let t = Test::new().answers(PROSE);
    let run = t.run(&["explain", "--format", "json"]).expect(0);
    let json: Value = serde_json::from_str(&run.stdout).expect("explain JSON");
    let provenance = &json["provenance"];
    for path in [
        "infrastructure.hosting.platform",
        "infrastructure.regions.primary",
        "infrastructure.scaling.min_instances",
        "infrastructure.scaling.max_instances",
        "infrastructure.scaling.memory",
        "infrastructure.cost.monthly_budget_usd",
        "infrastructure.cost.alert_at_usd",
        "security.authorization.roles",
        "operations.deployment.environments",
        "operations.backup.rto",
        "operations.backup.rpo",
        "operations.performance.p95_ms",
    ] {
        assert_eq!(provenance[path], "interpreted", "{path}");
        let source = &json["sources"][path];
        let (line, column) = (
            source["line"].as_u64().unwrap() as usize,
            source["column"].as_u64().unwrap() as usize,
        );
        let text = source["text"].as_str().unwrap();
        let at: String = PROSE
            .lines()
            .nth(line - 1)
            .unwrap()
            .chars()
            .skip(column - 1)
            .collect();
        assert!(at.starts_with(text), "{path}: {text:?} not at {line}:{column}");
    }
    assert_eq!(json["answers"]["infrastructure"]["scaling"]["min_instances"], 2);
    assert_eq!(json["answers"]["infrastructure"]["regions"]["primary"], "iad");
    let text = t.run(&["explain"]).expect(0).stdout;
    assert!(
        text.contains("min_instances = 2  (interpreted: \"2 instances\")"),
        "{text}"
    );
}

#[test]
fn a_plain_string_answer_is_read_not_defaulted() {
    let t = Test::example();
    let from = t.read("shipspec.yaml");
    let start = from.find("  scaling:\n").unwrap();
    let end = start + from[start..].find("  monitoring:").unwrap();
    let edited = format!(
        "{}  scaling: \"Two instances with 1GB each, up to 5 when CPU is above 80%\"\n{}",
        &from[..start],
        &from[end..]
    );
    t.write("shipspec.yaml", &edited);
    t.run(&["apply", "--yes"]).expect(0);
    let fly = t.read("fly.toml");
    assert!(fly.contains("min_machines_running = 2"), "{fly}");
    assert!(fly.contains("memory = \"1gb\""), "{fly}");
}

#[test]
fn words_that_contradict_a_field_are_a_warning_naming_both() {
    let t = Test::example();
    t.edit_answers("    min_instances: 2\n", "    min_instances: 3\n");
    let run = t.run(&["validate"]).expect(0);
    assert!(
        run.stderr.contains("warning[SS041]: the answer says 2 (\"Two instances\") but `infrastructure.scaling.min_instances` is 3; the field is used"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_default_the_words_speak_of_is_a_warning() {
    let t = Test::example();
    let from = t.read("shipspec.yaml");
    let start = from.find("  scaling:\n").unwrap();
    let end = start + from[start..].find("  monitoring:").unwrap();
    let edited = format!(
        "{}  scaling: \"Maybe two instances, we'll see\"\n{}",
        &from[..start],
        &from[end..]
    );
    t.write("shipspec.yaml", &edited);
    let run = t.run(&["validate"]).expect(0);
    assert!(run.stderr.contains("warning[SS042]"), "{}", run.stderr);
    assert!(
        run.stderr.contains("infrastructure.scaling.min_instances"),
        "{}",
        run.stderr
    );
}
