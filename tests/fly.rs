//! fly.toml: the keys the answers decide, merged into the user's own file.

use crate::support::{Test, validate};

const SCHEMA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/schemas/fly.schema.json");

/// A fly.toml as a team writes it by hand before adopting shipspec.
const HAND_WRITTEN: &str = r#"# fly.toml app configuration file generated for notes-api
# See https://fly.io/docs/reference/configuration/ for information about how to use this file.

app = 'notes-api'
primary_region = 'ord'   # moved from ord soon
kill_signal = 'SIGINT'

[build]
  dockerfile = 'Dockerfile'

[env]
  LOG_LEVEL = 'info'
  PORT = '8080'

[http_service]
  internal_port = 8000 # uvicorn
  force_https = true
  processes = ['app']

  [[http_service.checks]]
    path = '/livez'
    interval = '30s'
    timeout = '2s'

[mounts]
  source = 'uploads'
  destination = '/data'

[[services]]
  protocol = 'tcp'
  internal_port = 5432

  [[services.ports]]
    port = 5432

[[statics]]
  guest_path = '/app/public'
  url_prefix = '/static/'
"#;

fn fly_keys_line(line: &str) -> bool {
    let managed = [
        "app",
        "primary_region",
        "internal_port",
        "force_https",
        "auto_stop_machines",
        "auto_start_machines",
        "min_machines_running",
        "type",
        "soft_limit",
        "hard_limit",
        "path",
        "method",
        "grace_period",
        "interval",
        "timeout",
        "headers",
        "memory",
        "cpus",
        "cpu_kind",
        "strategy",
    ];
    let t = line.trim();
    t.is_empty()
        || [
            "[http_service.concurrency]",
            "[[http_service.checks]]",
            "[[vm]]",
            "[deploy]",
        ]
        .contains(&t)
        || managed.iter().any(|k| t.starts_with(&format!("{k} =")))
}

#[test]
fn example_fly_toml_has_the_answered_values_and_passes_validators() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    let fly = t.read("fly.toml");
    for expected in [
        "app = \"notes-api\"\n",
        "primary_region = \"iad\"\n",
        "min_machines_running = 2\n",
        "auto_stop_machines = \"stop\"\n",
        "auto_start_machines = true\n",
        "memory = \"1gb\"\n",
        "[[http_service.checks]]\npath = \"/health\"\nmethod = \"GET\"\ngrace_period = \"10s\"\ninterval = \"15s\"\ntimeout = \"5s\"\nheaders = { X-Forwarded-Proto = \"https\" }\n",
        "[deploy]\nstrategy = \"rolling\"\n",
    ] {
        assert!(fly.contains(expected), "missing {expected:?} in\n{fly}");
    }
    assert!(fly.starts_with("# fly.toml for Fly.io. shipspec sets the keys it manages from shipspec.yaml\n"));
    assert!(
        !fly.contains("[metrics]"),
        "no Prometheus-style monitoring was answered"
    );
    validate(t.dir.path(), "taplo", &["check", "fly.toml"]);
    validate(t.dir.path(), "taplo", &["fmt", "--check", "fly.toml"]);
    validate(
        t.dir.path(),
        "check-jsonschema",
        &["--schemafile", SCHEMA, "fly.toml"],
    );
}

#[test]
fn merge_into_a_hand_written_file_changes_only_managed_keys() {
    let t = Test::example().file("fly.toml", HAND_WRITTEN);
    let run = t.run(&["plan"]).expect(0);
    assert!(run.stdout.contains("  update    fly.toml  ("), "{}", run.stdout);
    t.run(&["apply", "--yes"]).expect(0);
    let merged = t.read("fly.toml");

    // Every line of the user's file that is not a managed key is still there, in order.
    let mut rest = merged.lines();
    for line in HAND_WRITTEN.lines().filter(|l| !fly_keys_line(l)) {
        assert!(rest.any(|m| m == line), "lost or reordered: {line:?}\n{merged}");
    }
    // The diff touches only managed keys (and the tables shipspec adds).
    let diff = similar::TextDiff::from_lines(HAND_WRITTEN, &merged);
    for change in diff
        .iter_all_changes()
        .filter(|c| c.tag() != similar::ChangeTag::Equal)
    {
        assert!(
            fly_keys_line(change.value()),
            "unmanaged line changed: {change:?}\n{merged}"
        );
    }
    // Values are set in place, keeping the user's comments and indentation.
    assert!(
        merged.contains("primary_region = \"iad\"   # moved from ord soon\n"),
        "{merged}"
    );
    assert!(merged.contains("  internal_port = 8080 # uvicorn\n"), "{merged}");
    assert!(
        merged.contains("app = 'notes-api'\n"),
        "an equal value keeps the user's quoting"
    );
    // The user's own check stays; shipspec's is added beside it.
    assert!(merged.contains("path = '/livez'"));
    assert!(merged.contains("path = \"/health\""));

    let before = t.tree();
    let run = t.run(&["apply", "--yes"]).expect(0);
    assert!(run.stderr.contains("Nothing to do"), "{}", run.stderr);
    assert_eq!(t.tree(), before, "a second apply changes nothing");
    validate(t.dir.path(), "taplo", &["check", "fly.toml"]);
    validate(
        t.dir.path(),
        "check-jsonschema",
        &["--schemafile", SCHEMA, "fly.toml"],
    );

    // Turning the health check off removes exactly the check shipspec added.
    t.edit_answers("    path: /health\n", "    enabled: false\n    path: /health\n");
    t.run(&["apply", "--yes"]).expect(0);
    let without = t.read("fly.toml");
    let removed: Vec<String> = similar::TextDiff::from_lines(&merged, &without)
        .iter_all_changes()
        .filter(|c| c.tag() == similar::ChangeTag::Delete)
        .map(|c| c.value().to_owned())
        .collect();
    let added = similar::TextDiff::from_lines(&merged, &without)
        .iter_all_changes()
        .filter(|c| c.tag() == similar::ChangeTag::Insert)
        .count();
    assert_eq!(added, 0, "nothing added:\n{without}");
    // The check table and the blank line before it, nothing else (indented
    // as the user's file indents).
    let removed_text: Vec<&str> = removed
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(
        removed_text,
        [
            "[[http_service.checks]]",
            "path = \"/health\"",
            "method = \"GET\"",
            "grace_period = \"10s\"",
            "interval = \"15s\"",
            "timeout = \"5s\"",
            "headers = { X-Forwarded-Proto = \"https\" }",
        ],
        "{without}"
    );
    assert_eq!(removed.len(), 8, "one blank line went with the table:\n{without}");
    assert!(without.contains("path = '/livez'"), "the user's own check stays");
    t.run(&["check"]).expect(0);
}

#[test]
fn hand_edit_of_a_managed_key_is_a_conflict() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    let edited = t
        .read("fly.toml")
        .replace("min_machines_running = 2", "min_machines_running = 4");
    t.write("fly.toml", &edited);
    // Unrelated user additions are not conflicts.
    t.write("fly.toml", format!("{edited}\n[env]\nLOG_LEVEL = \"debug\"\n"));
    t.run(&["check"]).expect(1);
    let run = t.run(&["apply", "--yes"]).expect(1);
    assert!(
        run.stdout.contains(
            "conflict  fly.toml  (1 key edited since last apply: http_service.min_machines_running)"
        ),
        "{}",
        run.stdout
    );
    t.run(&["apply", "--yes", "--force"]).expect(0);
    let fly = t.read("fly.toml");
    assert!(fly.contains("min_machines_running = 2"));
    assert!(
        fly.contains("LOG_LEVEL = \"debug\""),
        "the user's table survives --force"
    );
}

#[test]
fn metrics_section_when_prometheus_is_answered() {
    let t = Test::example();
    t.edit_answers(
        "tools: [fly-metrics, sentry]",
        "tools: [fly-metrics, sentry, prometheus]",
    );
    t.run(&["apply", "--yes"]).expect(0);
    assert!(
        t.read("fly.toml")
            .contains("[metrics]\nport = 9091\npath = \"/metrics\"\n")
    );
    validate(
        t.dir.path(),
        "check-jsonschema",
        &["--schemafile", SCHEMA, "fly.toml"],
    );
    t.edit_answers(
        "tools: [fly-metrics, sentry, prometheus]",
        "tools: [fly-metrics, sentry]",
    );
    t.run(&["apply", "--yes"]).expect(0);
    assert!(
        !t.read("fly.toml").contains("[metrics]"),
        "removed with the answer"
    );
}

#[test]
fn invalid_existing_fly_toml_is_a_located_error() {
    let t = Test::example().file("fly.toml", "app = 'x'\n[http_service\n");
    let before = t.tree();
    let run = t.run(&["apply", "--yes"]).expect(2);
    assert!(
        run.stderr.contains("error[SS025]: not valid TOML"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> fly.toml:2:"), "{}", run.stderr);
    assert_eq!(t.tree(), before);
    let t = Test::example().file("fly.toml", "http_service = 'web'\n");
    let run = t.run(&["plan"]).expect(2);
    assert!(
        run.stderr
            .contains("error[SS025]: `http_service` is a string, where Fly reads a table"),
        "{}",
        run.stderr
    );
}

mod checks {
    use crate::support::Test;

    fn validate_with(from: &str, to: &str) -> crate::support::Run {
        let t = Test::example();
        t.edit_answers(from, to);
        t.run(&["validate"])
    }

    #[test]
    fn bluegreen_and_canary_need_a_health_check() {
        let t = Test::example();
        t.edit_answers("strategy: rolling", "strategy: bluegreen");
        t.edit_answers("    path: /health\n", "    enabled: false\n    path: /health\n");
        let run = t.run(&["validate"]).expect(2);
        assert!(run.stderr.contains("error[SS022]"), "{}", run.stderr);
        t.edit_answers("strategy: bluegreen", "strategy: canary");
        assert!(t.run(&["validate"]).expect(2).stderr.contains("error[SS022]"));
        // With the health check on, both are fine.
        let run = validate_with("strategy: rolling", "strategy: bluegreen").expect(0);
        assert!(!run.stderr.contains("SS022"));
    }

    #[test]
    fn canary_with_mounts_in_the_existing_file() {
        let t = Test::example().file(
            "fly.toml",
            "app = 'notes-api'\n\n[mounts]\n  source = 'data'\n  destination = '/data'\n",
        );
        t.edit_answers("strategy: rolling", "strategy: canary");
        let before = t.tree();
        let run = t.run(&["apply", "--yes"]).expect(2);
        assert!(run.stderr.contains("error[SS023]"), "{}", run.stderr);
        assert!(run.stderr.contains("--> fly.toml:3:1"), "{}", run.stderr);
        assert_eq!(t.tree(), before);
        // Without mounts, canary is fine.
        let t = Test::example();
        t.edit_answers("strategy: rolling", "strategy: canary");
        t.run(&["apply", "--yes"]).expect(0);
        assert!(t.read("fly.toml").contains("strategy = \"canary\""));
    }

    #[test]
    fn memory_must_fit_the_cpu_kind() {
        let run = validate_with("memory: 1gb", "memory: 4gb").expect(2);
        assert!(
            run.stderr.contains(
                "error[SS024]: shared Fly machines with 1 CPU take 256mb to 2048mb of memory, not 4gb"
            ),
            "{}",
            run.stderr
        );
        let run = validate_with("memory: 1gb", "memory: 128mb").expect(2);
        assert!(run.stderr.contains("error[SS024]"), "{}", run.stderr);
        let run = validate_with("    cpus: 1\n", "    cpus: 1\n    cpu_kind: performance\n").expect(2);
        assert!(
            run.stderr
                .contains("performance Fly machines with 1 CPU take 2048mb to 8192mb"),
            "{}",
            run.stderr
        );
        validate_with(
            "memory: 1gb",
            "memory: 4gb\n    cpus: 2\n    cpu_kind: performance",
        )
        .expect(2);
        validate_with(
            "memory: 1gb\n    cpus: 1",
            "memory: 4gb\n    cpus: 2\n    cpu_kind: performance",
        )
        .expect(0);
        let run = validate_with("    cpus: 1\n", "    cpus: 3\n").expect(2);
        assert!(
            run.stderr.contains("1, 2, 4, 8 or 16 CPUs, not 3"),
            "{}",
            run.stderr
        );
        validate_with("memory: 1gb", "memory: 2gb").expect(0);
    }

    #[test]
    fn cpu_autoscaling_is_explained_not_pretended() {
        let run = validate_with("mode: auto", "mode: auto").expect(0);
        assert!(
            run.stderr
                .contains("warning[SS021]: Fly.io does not scale on CPU"),
            "{}",
            run.stderr
        );
        let run = validate_with("mode: auto", "mode: manual").expect(0);
        assert!(!run.stderr.contains("SS021"));
    }
}

mod regions {
    use crate::support::Test;

    fn with_primary(primary: &str) -> (Test, crate::support::Run) {
        let t = Test::example();
        t.edit_answers("primary: iad", &format!("primary: {primary}"));
        let run = t.run(&["apply", "--yes"]);
        (t, run)
    }

    #[test]
    fn generic_names_map_to_a_code() {
        for (name, code) in [
            ("US East", "iad"),
            ("\"EU West\"", "ams"),
            ("Tokyo", "nrt"),
            ("IAD", "iad"),
        ] {
            let (t, run) = with_primary(name);
            assert_eq!(run.code, 0, "{name}: {}", run.stderr);
            assert!(
                t.read("fly.toml")
                    .contains(&format!("primary_region = \"{code}\"")),
                "{name}"
            );
        }
        let t = Test::example();
        t.edit_answers("primary: iad", "primary: US East");
        let v: serde_json::Value =
            serde_json::from_str(&t.run(&["explain", "--format", "json"]).expect(0).stdout).unwrap();
        assert_eq!(v["provenance"]["infrastructure.regions.primary"], "interpreted");
        assert_eq!(v["answers"]["infrastructure"]["regions"]["primary"], "iad");
    }

    #[test]
    fn retired_codes_map_to_the_replacement_with_a_warning() {
        let (t, run) = with_primary("sea");
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            run.stderr
                .contains("warning[SS020]: Fly.io retired `sea`; its machines moved to `sjc`"),
            "{}",
            run.stderr
        );
        assert!(t.read("fly.toml").contains("primary_region = \"sjc\""));
        let (t, _) = with_primary("hkg");
        assert!(t.read("fly.toml").contains("primary_region = \"sin\""));
    }

    #[test]
    fn unknown_regions_are_errors_listing_valid_codes() {
        let (t, run) = with_primary("mars-1");
        assert_eq!(run.code, 2);
        assert!(
            run.stderr
                .contains("error[SS019]: `mars-1` is not a Fly.io region"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains(
            "ams, arn, bom, cdg, dfw, ewr, fra, gru, iad, jnb, lax, lhr, nrt, ord, sin, sjc, syd, yyz"
        ));
        assert!(!t.path("fly.toml").exists());
        let (_, run) = with_primary("iadd");
        assert!(run.stderr.contains("did you mean `iad`"), "{}", run.stderr);
    }

    #[test]
    fn duplicate_regions_are_caught_after_normalising() {
        let t = Test::example();
        t.edit_answers("primary: iad", "primary: US East");
        t.edit_answers("secondary: []", "secondary: [iad, IAD]");
        let run = t.run(&["validate"]).expect(2);
        assert!(
            run.stderr
                .contains("error[SS017]: `iad` is both the primary and a secondary region"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains("error[SS017]: `iad` is listed twice under `secondary`"),
            "{}",
            run.stderr
        );
        // Secondary against itself: a code, its capitals, a place name and a
        // retired code that all come to the same region.
        for list in ["[ams, AMS]", "[ams, \"EU West\"]", "[sjc, sea]"] {
            let t = Test::example();
            t.edit_answers("secondary: []", &format!("secondary: {list}"));
            let run = t.run(&["apply", "--yes"]).expect(2);
            assert!(
                run.stderr.contains("is listed twice under `secondary`"),
                "{list}: {}",
                run.stderr
            );
            assert!(
                run.stderr.contains("= at: infrastructure.regions.secondary[1]"),
                "{list}: {}",
                run.stderr
            );
            assert!(!t.path("docs").exists(), "{list}: nothing written");
        }
    }

    #[test]
    fn duplicate_regions_on_other_platforms() {
        let t = Test::example();
        t.edit_answers("platform: fly", "platform: aws");
        t.edit_answers("database_service: fly-managed-postgres", "database_service: rds");
        t.edit_answers("primary: iad", "primary: us-east-1");
        t.edit_answers("secondary: []", "secondary: [eu-west-1, eu-west-1]");
        let run = t.run(&["validate"]);
        assert!(
            run.stderr
                .contains("error[SS017]: `eu-west-1` is listed twice under `secondary`"),
            "{}",
            run.stderr
        );
    }

    #[test]
    fn a_missing_platform_runs_no_fly_checks() {
        let t = Test::example();
        t.edit_answers("    platform: fly\n", "");
        // Nor do the words name a platform.
        t.edit_answers(
            "Fly.io for simplicity: the app and PostgreSQL both on Fly, Redis may come later.",
            "Simple hosting for the app and PostgreSQL.",
        );
        t.edit_answers("primary: iad", "primary: us-east-1");
        t.edit_answers("cpus: 1", "cpus: 3");
        let run = t.run(&["validate"]).expect(2);
        assert!(
            run.stderr.contains(
                "error[SS009]: `infrastructure.hosting.platform` is needed to generate the outputs and has no default"
            ),
            "{}",
            run.stderr
        );
        for fly_only in ["Fly.io region", "Fly machines", "SS019", "SS021", "SS024"] {
            assert!(
                !run.stderr.contains(fly_only),
                "a Fly check ran without a platform ({fly_only}):\n{}",
                run.stderr
            );
        }
        assert!(run.stderr.contains("invalid, 1 error"), "{}", run.stderr);
    }

    #[test]
    fn secondary_regions_become_scale_commands_in_the_spec() {
        let t = Test::example();
        t.edit_answers("secondary: []", "secondary: [ams, Tokyo]");
        t.run(&["apply", "--yes"]).expect(0);
        let fly = t.read("fly.toml");
        assert!(
            !fly.contains("ams") && !fly.contains("nrt"),
            "fly.toml holds only the primary region"
        );
        let spec = t.read("docs/specs/codebase_spec.md");
        assert!(
            spec.contains("- **Secondary regions:** `ams` (Amsterdam, Netherlands), `nrt` (Tokyo, Japan)"),
            "{spec}"
        );
        assert!(
            spec.contains("`fly scale count 2 --region ams --app notes-api`"),
            "{spec}"
        );
        assert!(spec.contains("`fly scale count 2 --region nrt --app notes-api`"));
        assert!(
            spec.contains("create the machines once with `fly scale count 5 --region iad --app notes-api`")
        );
        assert!(
            spec.contains("`notes-api-staging` (staging), `notes-api` (production)"),
            "{spec}"
        );
    }
}

#[test]
fn backups_must_be_frequent_enough_for_the_rpo() {
    let t = Test::example();
    t.edit_answers("rpo: 24h", "rpo: 1h");
    let run = t.run(&["validate"]).expect(2);
    assert!(
        run.stderr.contains("error[SS026]: daily backups cannot meet an RPO of 1h: a failure just before the next backup loses up to 24h of data"),
        "{}",
        run.stderr
    );
    t.edit_answers("frequency: daily", "frequency: hourly");
    t.run(&["validate"]).expect(0);
    t.edit_answers("frequency: hourly", "frequency: continuous");
    t.edit_answers("rpo: 1h", "rpo: 5m");
    t.run(&["apply", "--yes"]).expect(0);
    // Point-in-time recovery keeps the RPO; the workflow checks the daily base backups.
    let backup = t.read(".github/workflows/backup-check.yml");
    assert!(backup.contains("MAX_AGE_SECONDS: \"86400\""), "{backup}");
}
