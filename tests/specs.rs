//! `--specs DIR`: the answers read from the filled spec files.

use serde_json::Value;

use crate::support::{Test, outside_regions};

const EXAMPLES: [&str; 8] = [
    include_str!("../examples/aws-terraform/shipspec.yaml"),
    include_str!("../examples/fly-axum/shipspec.yaml"),
    include_str!("../examples/gcp-cloudrun/shipspec.yaml"),
    include_str!("../examples/azure-containerapps/shipspec.yaml"),
    include_str!("../examples/fly-express-secure/shipspec.yaml"),
    include_str!("../examples/fly-fastapi/shipspec.yaml"),
    include_str!("../examples/fly-fastapi-prose/shipspec.yaml"),
    include_str!("../examples/fly-go-manual/shipspec.yaml"),
];

/// Every resolved value by dotted path, without the answers' own words.
fn values(tree: &Value, prefix: &str, out: &mut Vec<(String, Value)>) {
    match tree {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "answer" || k == "answered" {
                    continue;
                }
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                values(v, &path, out);
            }
        }
        other => out.push((prefix.to_owned(), other.clone())),
    }
}

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}\n{stdout}"))
}

#[test]
fn every_example_reads_back_from_its_generated_specs() {
    for (i, example) in EXAMPLES.iter().enumerate() {
        let t = Test::new().answers(example);
        t.run(&["apply", "--yes"]).expect(0);
        let yaml = json(&t.run(&["explain", "--format", "json"]).expect(0).stdout);
        let specs = json(
            &t.run(&["explain", "--specs", "docs/specs", "--format", "json"])
                .expect(0)
                .stdout,
        );
        let (mut want, mut got) = (Vec::new(), Vec::new());
        values(&yaml["answers"], "", &mut want);
        values(&specs["answers"], "", &mut got);
        assert_eq!(want.len(), got.len(), "example {i}");
        for ((path, a), (_, b)) in want.iter().zip(&got) {
            assert_eq!(a, b, "example {i}: `{path}` from YAML vs from the specs");
        }
        // Every value read from the specs says so, and where.
        let sources = specs["sources"].as_object().unwrap();
        assert!(sources.len() > 40, "example {i}: {} sources", sources.len());
        for (path, at) in sources {
            assert_eq!(specs["provenance"][path], "interpreted", "{path}");
            assert!(at["file"].as_str().unwrap().starts_with("docs/specs/"), "{at}");
            assert!(at["line"].as_u64().unwrap() > 1 && at["column"].as_u64().unwrap() >= 1);
            assert!(!at["text"].as_str().unwrap().is_empty());
        }
    }
}

#[test]
fn plan_from_the_specs_changes_nothing_after_an_apply_from_yaml() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    let run = t.run(&["plan", "--specs", "docs/specs"]).expect(0);
    assert!(run.stdout.contains("fly.toml"), "{}", run.stdout);
    t.run(&["validate", "--specs", "docs/specs"]).expect(0);
}

const SCALING: &str = "# Codebase Spec\n\n## Scaling\n\n- **Min instances:** 2\n- **Max instances:** 4\n";

#[test]
fn answers_and_specs_together_are_an_error() {
    let t = Test::example().file("docs/specs/codebase_spec.md", SCALING);
    let before = t.tree();
    let run = t
        .run(&["plan", "--answers", "shipspec.yaml", "--specs", "docs/specs"])
        .expect(2);
    assert!(run.stderr.contains("error[SS054]"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`--answers shipspec.yaml` and `--specs docs/specs`"),
        "{}",
        run.stderr
    );
    assert_eq!(t.tree(), before);
}

#[test]
fn bad_spec_directories_name_the_path_and_write_nothing() {
    let t = Test::new();
    let run = t.run(&["apply", "--yes", "--specs", "nowhere"]).expect(2);
    assert!(
        run.stderr
            .contains("the specs directory `nowhere` does not exist"),
        "{}",
        run.stderr
    );
    let t = Test::new().file("specs/readme.md", "# hi\n");
    let run = t.run(&["plan", "--specs", "specs/readme.md"]).expect(2);
    assert!(
        run.stderr.contains("`specs/readme.md` is not a directory"),
        "{}",
        run.stderr
    );
    let run = t.run(&["apply", "--yes", "--specs", "specs"]).expect(2);
    assert!(
        run.stderr
            .contains("error[SS052]: `specs` holds none of the spec files"),
        "{}",
        run.stderr
    );
    let t = Test::new();
    t.write(
        "specs/security_spec.md",
        b"# Security\n\n## Authentication\n\nOAuth \xff\n",
    );
    let before = t.tree();
    let run = t.run(&["apply", "--yes", "--specs", "specs"]).expect(2);
    assert!(
        run.stderr
            .contains("error[SS002]: the spec file is not valid UTF-8"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("specs/security_spec.md:5:7"),
        "{}",
        run.stderr
    );
    assert_eq!(t.tree(), before, "nothing written");
}

#[test]
fn questions_not_found_are_listed_with_the_headings_looked_for() {
    let t = Test::new().file("docs/specs/codebase_spec.md", SCALING);
    let before = t.tree();
    let run = t
        .run(&["explain", "--specs", "docs/specs", "--format", "json"])
        .expect(2);
    // What was read is still printed.
    let v = json(&run.stdout);
    assert_eq!(v["answers"]["infrastructure"]["scaling"]["min_instances"], 2);
    assert_eq!(
        v["provenance"]["infrastructure.scaling.min_instances"],
        "interpreted"
    );
    assert_eq!(v["sources"]["infrastructure.scaling.min_instances"]["line"], 5);
    assert_eq!(
        v["sources"]["infrastructure.scaling.min_instances"]["text"],
        "Min instances: 2"
    );
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes.iter().filter(|c| **c == "SS051").count(), 19, "{codes:?}");
    assert!(codes.contains(&"SS053"), "{codes:?}");
    assert!(
        run.stderr
            .contains("Q1 `infrastructure.hosting` was not found in the specs")
            && run.stderr.contains("Hosting, Hosting Platform, Platform"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(
        "the specs do not state the project's `name`, `language`, `framework`, `port`, `database`"
    ));
    let run = t.run(&["apply", "--yes", "--specs", "docs/specs"]).expect(2);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert_eq!(t.tree(), before);
}

const MIXED: &str = "# Codebase Spec — notes-api

- **Stack:** FastAPI (Python), listening on port 8080
- **Database:** PostgreSQL

## Infrastructure

### Scaling (Q3)

<!-- - **Min instances:** 7 -->
- **Min instances:** ~~1~~ 2
- [ ] 3 machines at all times
- **Max instances:** 6
- **Staging instances:** 1

### Cost

- **Monthly budget:** $150

## Observability

### Monitoring

- **Tools:** Sentry

## Open Questions

- **Monthly budget:** $300?

<!-- shipspec:begin read-scaling -->
- **Max instances:** 9
<!-- shipspec:end read-scaling -->
";

const OTHER: &str = "# Technical Design Spec

## Performance & Scalability

### Scaling

- **Max instances:** 8

### Cost

- **Monthly budget:** $150
";

#[test]
fn what_is_never_read_and_where_two_places_disagree() {
    let t = Test::new()
        .file("docs/specs/codebase_spec.md", MIXED)
        .file("docs/specs/technical_design_spec.md", OTHER);
    let run = t
        .run(&["explain", "--specs", "docs/specs", "--format", "json"])
        .expect(2);
    let v = json(&run.stdout);
    let sources = &v["sources"];
    assert_eq!(
        sources["infrastructure.scaling.min_instances"]["text"],
        "Min instances: 2"
    );
    assert_eq!(sources["infrastructure.cost.monthly_budget_usd"]["line"], 18);
    assert_eq!(v["answers"]["infrastructure"]["cost"]["monthly_budget_usd"], 150);
    assert_eq!(v["answers"]["project"]["name"], "notes-api");
    assert!(
        sources.get("infrastructure.scaling.max_instances").is_none(),
        "{sources}"
    );
    let conflict = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "SS050")
        .expect("a conflict");
    assert_eq!(
        conflict["message"],
        "the specs disagree on `infrastructure.scaling.max_instances`: docs/specs/codebase_spec.md:13 says 6 (\"Max instances: 6\") but docs/specs/technical_design_spec.md:7 says 8 (\"Max instances: 8\"); neither is read"
    );
}

#[test]
fn import_writes_the_answers_the_specs_say() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    let yaml = json(&t.run(&["explain", "--format", "json"]).expect(0).stdout);
    std::fs::remove_file(t.path("shipspec.yaml")).unwrap();
    // A diff first; no terminal and no --yes: nothing written.
    let run = t.run(&["import"]).expect(1);
    assert!(run.stdout.contains("+++ b/shipspec.yaml"), "{}", run.stdout);
    assert!(!t.path("shipspec.yaml").exists());
    t.run(&["import", "--yes"]).expect(0);
    let written = t.read("shipspec.yaml");
    assert!(
        written.contains("    min_instances: 2  # docs/specs/codebase_spec.md:"),
        "{written}"
    );
    assert!(
        written.contains("    answer: \"Two instances with 1 GB of RAM each"),
        "{written}"
    );
    // The answers file it wrote gives the same plan.
    let back = json(&t.run(&["explain", "--format", "json"]).expect(0).stdout);
    let (mut want, mut got) = (Vec::new(), Vec::new());
    values(&yaml["answers"], "", &mut want);
    values(&back["answers"], "", &mut got);
    assert_eq!(want, got);
    t.run(&["import", "--yes"]).expect(0);
}

#[test]
fn import_lists_what_could_not_be_read() {
    let t = Test::new()
        .file("docs/specs/codebase_spec.md", MIXED)
        .file("docs/specs/technical_design_spec.md", OTHER);
    t.run(&["import", "--yes"]).expect(0);
    let written = t.read("shipspec.yaml");
    assert!(written.contains("# Not read from the specs"), "{written}");
    assert!(
        written.contains("an unchecked box — \"3 machines at all times\""),
        "{written}"
    );
    assert!(
        written.contains("a staging value; production is asked"),
        "{written}"
    );
    assert!(
        written.contains("SS051: Q7 `security.authentication` was not found"),
        "{written}"
    );
    assert!(!written.contains("max_instances:"), "{written}");
}

/// A project whose answers are its four hand-written spec files.
fn hand_written() -> Test {
    let dir = "tests/corpus/specs/terse-fly";
    let mut t = Test::new();
    for name in [
        "codebase_spec.md",
        "technical_design_spec.md",
        "security_spec.md",
        "implementation_options_spec.md",
    ] {
        let text = std::fs::read_to_string(format!("{}/{dir}/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        // pip-audit checks dependencies: a code-scanning step is not known for it.
        t = t.file(
            &format!("docs/specs/{name}"),
            &text.replace("bandit, pip-audit", "bandit"),
        );
    }
    t
}

#[test]
fn the_specs_get_what_was_read_beside_the_words_and_nothing_else() {
    let t = hand_written();
    let before = t.read("docs/specs/codebase_spec.md");
    t.run(&["apply", "--yes", "--specs", "docs/specs"]).expect(0);
    let spec = t.read("docs/specs/codebase_spec.md");
    // Under each heading that gave values, a region listing them in the
    // order the words stand; no generated spec section is added.
    let scaling = spec
        .find("### Scaling (Q3)\n\n<!-- shipspec:begin read-scaling -->\n")
        .expect(&spec);
    let region = &spec[scaling..spec.find("<!-- shipspec:end read-scaling -->").unwrap()];
    let min = region.find("> - `scaling.min_instances`: 2\n").expect(region);
    let max = region.find("> - `scaling.max_instances`: 6\n").expect(region);
    assert!(min < max, "{region}");
    assert!(region.contains("> - `scaling.memory`: 512mb\n"), "{region}");
    assert!(region.contains("`shipspec apply --specs docs/specs`"), "{region}");
    assert!(
        spec.contains("<!-- shipspec:begin read-hosting -->\n> **Read by shipspec**"),
        "{spec}"
    );
    assert!(spec.contains("> - `hosting.platform`: fly\n"), "{spec}");
    assert!(spec.contains("> - `regions.primary`: ams\n"), "{spec}");
    assert!(!spec.contains("shipspec:begin infrastructure"), "{spec}");
    assert!(spec.contains("<!-- shipspec:begin read-overview -->\n"), "{spec}");
    assert!(spec.contains("> - `name`: ledger-api\n"), "{spec}");
    // Not one byte outside the regions changed, and the regions keep the
    // specs as clean Markdown as they were.
    assert_eq!(outside_regions(&spec, None), before);
    crate::support::validate(
        t.dir.path(),
        "markdownlint-cli2",
        &[
            "--config",
            concat!(env!("CARGO_MANIFEST_DIR"), "/.markdownlint-cli2.jsonc"),
            "docs/specs/*.md",
        ],
    );
    let security = t.read("docs/specs/security_spec.md");
    assert!(
        security.contains("<!-- shipspec:begin read-authentication"),
        "{security}"
    );
    assert!(t.read("fly.toml").contains("min_machines_running = 2"));
    // Read again, the regions are not input: nothing changes.
    let run = t.run(&["check", "--specs", "docs/specs"]).expect(0);
    assert!(
        run.stderr.contains("up to date with docs/specs"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_edit_to_the_words_shows_as_a_change_of_values_and_fails_check() {
    let t = hand_written();
    t.run(&["apply", "--yes", "--specs", "docs/specs"]).expect(0);
    let spec = t.read("docs/specs/codebase_spec.md");
    t.write(
        "docs/specs/codebase_spec.md",
        spec.replace("- **Min instances:** 2", "- **Min instances:** 3"),
    );
    let run = t.run(&["check", "--specs", "docs/specs"]).expect(1);
    assert!(
        run.stdout
            .contains("-> - `scaling.min_instances`: 2\n+> - `scaling.min_instances`: 3\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("+min_machines_running = 3"), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("run `shipspec apply --specs docs/specs` and commit the result"),
        "{}",
        run.stderr
    );
    t.run(&["apply", "--yes", "--specs", "docs/specs"]).expect(0);
    t.run(&["check", "--specs", "docs/specs"]).expect(0);
    // Words that no longer give a value take the value out of the region.
    let spec = t.read("docs/specs/codebase_spec.md");
    t.write(
        "docs/specs/codebase_spec.md",
        spec.replace(
            "- **Memory:** 512mb\n",
            "- **Memory:** 512mb, or 1gb if we can afford it\n",
        ),
    );
    let run = t.run(&["plan", "--specs", "docs/specs"]).expect(0);
    assert!(
        run.stdout.contains("-> - `scaling.memory`: 512mb\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn ci_checks_against_the_specs_when_they_are_the_answers() {
    let t = hand_written().answers(
            "outputs:\n  shipspec_install:\n    cargo_git: https://example.com/shipspec.git\n    rev: 0123456789abcdef0123456789abcdef01234567\n",
        );
    t.run(&["apply", "--yes", "--specs", "docs/specs"]).expect(0);
    let ci = t.read(".github/workflows/ci.yml");
    assert!(
        ci.contains("          SHIPSPEC_SPECS: \"docs/specs\"\n        run: shipspec check --specs \"$SHIPSPEC_SPECS\" --format github\n"),
        "{ci}"
    );
}
