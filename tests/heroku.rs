//! Heroku: `app.json` against Heroku's published schema (check-jsonschema),
//! `heroku.yml` through yamllint, and the files, runbook commands and
//! warnings the answers make.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::support::{Test, validate};

const EXAMPLE: &str = include_str!("../examples/heroku-django/shipspec.yaml");

/// Heroku's app.json schema as `@heroku/mcp-server` 1.2.8 ships it
/// (`dist/utils/app-json.schema.json`, Apache-2.0), unmodified.
const SCHEMA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/schemas/heroku-app.schema.json"
);

/// Dyno types Heroku sells that the vendored schema's `dynoSize` list
/// predates; added to the copy the tests validate with.
const NEWER_DYNOS: [&str; 3] = ["performance-l-ram", "performance-xl", "performance-2xl"];

const YAMLLINT: &str =
    "{extends: default, rules: {document-start: disable, indentation: {indent-sequences: consistent}}}";

fn example() -> Test {
    Test::new().answers(EXAMPLE)
}

fn with(edits: &[(&str, &str)]) -> Test {
    let t = example();
    for (from, to) in edits {
        t.edit_answers(from, to);
    }
    t
}

/// The example's backup answers, to swap whole: the words, frequency and
/// RPO are cross-checked against each other.
const BACKUP: &str = "    answer: \"Continuous protection on Heroku Postgres, backups kept 7 days. Back within 1 hour, at most 15 minutes of data lost. Restores tested quarterly.\"\n    frequency: continuous\n    retention_days: 7\n    rto: 1h\n    rpo: 15m\n";

/// The edit that answers backups `frequency`, kept `days`, with an RPO the
/// frequency can meet.
fn backups(frequency: &str, days: u32) -> (&'static str, String) {
    let rpo = match frequency {
        "continuous" => "15m",
        "hourly" => "1h",
        "daily" => "24h",
        _ => "168h",
    };
    (
        BACKUP,
        format!(
            "    answer: \"Heroku Postgres backups as the fields say. Restores tested quarterly.\"\n    frequency: {frequency}\n    retention_days: {days}\n    rto: 1h\n    rpo: {rpo}\n"
        ),
    )
}

fn app_json(t: &Test) -> Value {
    serde_json::from_str(&t.read("app.json")).unwrap()
}

/// The vendored schema with [`NEWER_DYNOS`] added, written into `dir`.
fn schema(dir: &Path) -> PathBuf {
    let mut schema: Value = serde_json::from_str(&std::fs::read_to_string(SCHEMA).unwrap()).unwrap();
    let sizes = schema["definitions"]["dynoSize"]["enum"].as_array_mut().unwrap();
    assert!(
        sizes.iter().any(|s| s == "performance-l"),
        "not the schema expected"
    );
    sizes.extend(NEWER_DYNOS.iter().map(|s| Value::from(*s)));
    let path = dir.join("heroku-app.schema.json");
    std::fs::write(&path, serde_json::to_string(&schema).unwrap()).unwrap();
    path
}

/// Variants that reach every branch of app.json and the build files.
fn variants() -> Vec<(&'static str, Test)> {
    let daily = backups("daily", 7);
    let daily_30 = backups("daily", 30);
    vec![
        ("example", example()),
        (
            "standard-essential",
            with(&[
                ("memory: 2560mb", "memory: 512mb"),
                ("cpu_kind: performance", "cpu_kind: shared"),
                ("mode: auto", "mode: manual"),
                (daily.0, &daily.1),
            ]),
        ),
        (
            "largest-no-database",
            with(&[
                ("memory: 2560mb", "memory: 120gb"),
                ("database: postgres", "database: none"),
                ("database_service: heroku-postgres", "database_service: none"),
                ("variables: [DATABASE_URL, ", "variables: ["),
                ("checks: [database]", "checks: []"),
            ]),
        ),
        (
            "container-rds",
            with(&[
                ("built by the Python buildpack", "built from its Dockerfile"),
                ("database_service: heroku-postgres", "database_service: rds"),
            ]),
        ),
        (
            "rust",
            with(&[
                ("language: python", "language: rust"),
                ("framework: django", "framework: axum"),
                (daily_30.0, &daily_30.1),
            ]),
        ),
    ]
}

#[test]
fn the_example_and_its_variants_pass_heroku_s_app_json_schema_and_yamllint() {
    let checked = tempfile::tempdir().unwrap();
    let schema = schema(checked.path());
    let mut files = Vec::new();
    for (name, t) in variants() {
        t.run(&["apply", "--yes"]).expect(0);
        let to = checked.path().join(format!("{name}.app.json"));
        std::fs::copy(t.path("app.json"), &to).unwrap();
        files.push(to.to_string_lossy().into_owned());
        if t.path("heroku.yml").exists() {
            validate(
                t.dir.path(),
                "yamllint",
                &["--strict", "-d", YAMLLINT, "heroku.yml"],
            );
        }
    }
    let schema = schema.to_string_lossy().into_owned();
    let mut args = vec!["--schemafile", schema.as_str()];
    args.extend(files.iter().map(String::as_str));
    validate(checked.path(), "check-jsonschema", &args);

    // The schema refuses what Heroku would: an autoscale key in a formation.
    let bad = checked.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"formation": {"web": {"quantity": 1, "size": "performance-m", "autoscale": true}}}"#,
    )
    .unwrap();
    let out = std::process::Command::new(crate::support::tool("check-jsonschema"))
        .args(["--schemafile", &schema, bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success(), "the schema accepted an autoscale key");
}

#[test]
fn app_json_follows_the_answers() {
    let t = example();
    t.run(&["apply", "--yes"]).expect(0);
    let app = app_json(&t);
    assert_eq!(app["formation"]["web"]["quantity"], 2);
    assert_eq!(app["formation"]["web"]["size"], "performance-m");
    // Continuous protection for 7 days: Premium's week-long rollback.
    assert_eq!(app["addons"][0]["plan"], "heroku-postgresql:premium-0");
    assert_eq!(app["addons"][0]["as"], "DATABASE");
    assert_eq!(app["stack"], "heroku-24");
    let env = app["env"].as_object().unwrap();
    assert!(!env.contains_key("DATABASE_URL"), "the add-on sets it: {env:?}");
    assert!(!env.contains_key("PORT"), "Heroku sets it: {env:?}");
    assert_eq!(env["DJANGO_SECRET_KEY"]["required"], true);
    assert!(env["DJANGO_SECRET_KEY"].get("value").is_none());
    assert_eq!(env["LOG_LEVEL"]["value"], "INFO");
    assert_eq!(env["LOG_FORMAT"]["value"], "json");

    for (frequency, days, plan) in [
        ("daily", 7, "essential-0"),
        ("weekly", 28, "standard-0"),
        ("daily", 29, "premium-0"),
        ("continuous", 4, "standard-0"),
        ("continuous", 5, "premium-0"),
        ("hourly", 4, "standard-0"),
    ] {
        let edit = backups(frequency, days);
        let t = with(&[(edit.0, &edit.1)]);
        t.run(&["apply", "--yes"]).expect(0);
        assert_eq!(
            app_json(&t)["addons"][0]["plan"],
            format!("heroku-postgresql:{plan}"),
            "{frequency} {days}"
        );
    }

    for (memory, kind, size) in [
        ("512mb", "shared", "standard-1x"),
        ("1gb", "shared", "standard-2x"),
        ("512mb", "performance", "performance-m"),
        ("3gb", "shared", "performance-l"),
        ("64gb", "shared", "performance-2xl"),
    ] {
        let t = with(&[
            ("memory: 2560mb", &format!("memory: {memory}")),
            ("cpu_kind: performance", &format!("cpu_kind: {kind}")),
            ("mode: auto", "mode: manual"),
        ]);
        t.run(&["apply", "--yes"]).expect(0);
        assert_eq!(app_json(&t)["formation"]["web"]["size"], size, "{memory} {kind}");
    }

    // Another database service: DATABASE_URL is the team's to set.
    let t = with(&[("database_service: heroku-postgres", "database_service: rds")]);
    t.run(&["apply", "--yes"]).expect(0);
    let app = app_json(&t);
    assert!(app.get("addons").is_none(), "{app}");
    assert_eq!(app["env"]["DATABASE_URL"]["required"], true);
}

#[test]
fn the_procfile_or_heroku_yml_runs_the_web_process_on_port_and_the_migrations() {
    let t = example();
    t.run(&["apply", "--yes"]).expect(0);
    assert_eq!(
        t.read("Procfile"),
        "web: gunicorn recipes.wsgi --bind 0.0.0.0:$PORT\nrelease: python manage.py migrate --noinput\n"
    );
    assert!(!t.path("heroku.yml").exists());

    let t = with(&[
        ("database: postgres", "database: none"),
        ("database_service: heroku-postgres", "database_service: none"),
        ("variables: [DATABASE_URL, ", "variables: ["),
        ("checks: [database]", "checks: []"),
    ]);
    t.run(&["apply", "--yes"]).expect(0);
    assert!(!t.read("Procfile").contains("release:"));

    // A Dockerfile build: heroku.yml, no Procfile, no buildpack stack.
    let t = with(&[("built by the Python buildpack", "built from its Dockerfile")]);
    t.run(&["apply", "--yes"]).expect(0);
    let yml: serde_norway::Value = serde_norway::from_str(&t.read("heroku.yml")).unwrap();
    assert_eq!(yml["build"]["docker"]["web"], "Dockerfile");
    assert_eq!(yml["release"]["image"], "web");
    assert_eq!(
        yml["release"]["command"],
        serde_norway::to_value(["python", "manage.py", "migrate", "--noinput"]).unwrap()
    );
    assert!(!t.path("Procfile").exists());
    assert!(app_json(&t).get("stack").is_none());

    // The Procfile is the team's once written: a hand edit survives.
    let t = example();
    t.run(&["apply", "--yes"]).expect(0);
    t.write("Procfile", "web: bin/start\n");
    t.edit_answers("min_instances: 2", "min_instances: 3");
    t.run(&["apply", "--yes"]).expect(0);
    assert_eq!(t.read("Procfile"), "web: bin/start\n");
    assert_eq!(app_json(&t)["formation"]["web"]["quantity"], 3);
}

#[test]
fn runbooks_use_the_heroku_cli() {
    let t = example();
    t.run(&["apply", "--yes"]).expect(0);
    let setup = t.read("docs/runbooks/setup.md");
    for line in [
        "heroku create recipes --region eu\n",
        "heroku addons:create heroku-postgresql:premium-0 --as DATABASE --app recipes\n",
        // Read without echo: a value on the command line stays in the shell's history.
        "read -rs value && heroku config:set \"DJANGO_SECRET_KEY=$value\" --app recipes\n",
        "heroku ps:scale web=2:performance-m --app recipes\n",
        "heroku features:enable preboot --app recipes\n",
        "heroku ps:autoscale:enable --min 2 --max 4 --p95 300 --app recipes\n",
        "heroku pg:backups:schedule DATABASE_URL --at '02:00 UTC' --app recipes\n",
        "heroku authorizations:create --description \"GitHub Actions: deploy recipes\" --expires-in 7776000 --short | gh secret set HEROKU_API_KEY --env production\n",
        "heroku authorizations:revoke <old-authorization-id>\n",
    ] {
        assert!(setup.contains(line), "setup.md lacks {line:?}:\n{setup}");
    }
    assert!(!setup.contains("heroku config:set DATABASE_URL"), "{setup}");
    assert!(!setup.contains("<value>"), "{setup}");

    let rollback = t.read("docs/runbooks/rollback.md");
    assert!(rollback.contains("heroku releases:rollback v<NN> --app recipes\n"));
    assert!(rollback.contains("never the database"), "{rollback}");

    let backup = t.read("docs/runbooks/backup-and-recovery.md");
    for line in [
        "heroku addons:create heroku-postgresql:premium-0 --rollback DATABASE_URL --to '<UTC time, e.g. 2026-01-01 00:00+00>' --app recipes\n",
        "heroku pg:backups:restore <backup-id> HEROKU_POSTGRESQL_<COLOR>_URL --app recipes --confirm recipes\n",
        "heroku pg:promote HEROKU_POSTGRESQL_<COLOR>_URL --app recipes\n",
    ] {
        assert!(backup.contains(line), "backup runbook lacks {line:?}:\n{backup}");
    }

    // Essential has no continuous protection: no rollback add-on, no autoscaling
    // on a Standard dyno, and no preboot for an immediate deploy.
    let daily = backups("daily", 7);
    let t = with(&[
        (daily.0, &daily.1),
        ("memory: 2560mb", "memory: 1gb"),
        ("cpu_kind: performance", "cpu_kind: shared"),
        ("strategy: rolling", "strategy: immediate"),
    ]);
    t.run(&["apply", "--yes"]).expect(0);
    let backup = t.read("docs/runbooks/backup-and-recovery.md");
    assert!(!backup.contains("--rollback"), "{backup}");
    let setup = t.read("docs/runbooks/setup.md");
    assert!(!setup.contains("ps:autoscale"), "{setup}");
    assert!(!setup.contains("preboot"), "{setup}");
    assert!(
        setup.contains("heroku ps:scale web=2:standard-2x --app recipes\n"),
        "{setup}"
    );
}

/// The rollback step's script, run by bash as GitHub runs it, against a
/// fake `curl` answering the Platform API from files in `$FAKE` (one JSON
/// line per call, the last one repeated) and a `sleep` that returns at once.
struct Rollback {
    t: Test,
    script: String,
}

const RELEASE_ID: &str = "00000000-0000-0000-0000-0000000000";

impl Rollback {
    fn new() -> Self {
        let t = example();
        t.run(&["apply", "--yes"]).expect(0);
        let workflow: serde_norway::Value =
            serde_norway::from_str(&t.read(".github/workflows/rollback.yml")).unwrap();
        let script = workflow["jobs"]["rollback"]["steps"][0]["run"]
            .as_str()
            .unwrap()
            .to_owned();
        let bin = t.path(".test-bin");
        std::fs::create_dir_all(&bin).unwrap();
        for (name, text) in [
            (
                "curl",
                "#!/usr/bin/env bash\nprintf '%s\\n' \"$*\" >> \"$FAKE/log\"\nurl=\"${!#}\"\ncase \"$*\" in\n  *'--request POST'*) key=post ;;\n  *'Range: version ..; max=10, order=desc'*) key=list ;;\n  *) key=\"${url##*/}\" ;;\nesac\nfile=\"$FAKE/$key\"\n[ -f \"$file\" ] || { echo \"curl: (22) 404 $url\" >&2; exit 22; }\nhead -n 1 \"$file\"\nif [ \"$(wc -l < \"$file\")\" -gt 1 ]; then sed -i 1d \"$file\"; fi\n",
            ),
            ("sleep", "#!/bin/sh\n"),
        ] {
            std::fs::write(bin.join(name), text).unwrap();
            std::fs::set_permissions(
                bin.join(name),
                std::os::unix::fs::PermissionsExt::from_mode(0o755),
            )
            .unwrap();
        }
        Rollback { t, script }
    }

    /// Runs the script with the release input `release`, the releases
    /// listed newest first as (version, status), and the statuses the
    /// rollback's new release v13 reports poll after poll. Returns whether
    /// it succeeded, its output and the curl calls.
    fn run(&self, release: &str, releases: &[(u32, &str)], new: &[&str]) -> (bool, String, String) {
        let fake = self.t.path(".test-fake");
        let _ = std::fs::remove_dir_all(&fake);
        std::fs::create_dir_all(&fake).unwrap();
        let release_json = |version: u32, status: &str| {
            format!(
                "{{\"id\": \"{RELEASE_ID}{version:02}\", \"version\": {version}, \"status\": \"{status}\", \"description\": \"Deploy v{version}\"}}"
            )
        };
        let list: Vec<String> = releases.iter().map(|(v, s)| release_json(*v, s)).collect();
        std::fs::write(fake.join("list"), format!("[{}]\n", list.join(", "))).unwrap();
        for (v, s) in releases {
            std::fs::write(fake.join(v.to_string()), release_json(*v, s) + "\n").unwrap();
        }
        std::fs::write(fake.join("post"), release_json(13, "pending") + "\n").unwrap();
        let polls: Vec<String> = new.iter().map(|s| release_json(13, s)).collect();
        std::fs::write(fake.join(format!("{RELEASE_ID}13")), polls.join("\n") + "\n").unwrap();
        let out = Command::new("bash")
            .args([
                "--noprofile",
                "--norc",
                "-e",
                "-o",
                "pipefail",
                "-c",
                &self.script,
            ])
            .env(
                "PATH",
                format!(
                    "{}:{}",
                    self.t.path(".test-bin").display(),
                    std::env::var("PATH").unwrap()
                ),
            )
            .env("FAKE", &fake)
            .env("HEROKU_API_KEY", "key")
            .env("TARGET", "production")
            .env("RELEASE", release)
            .output()
            .unwrap();
        (
            out.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
            std::fs::read_to_string(fake.join("log")).unwrap_or_default(),
        )
    }
}

#[test]
fn the_rollback_returns_to_the_last_succeeded_release_and_waits_for_it() {
    let r = Rollback::new();
    let posted = |calls: &str| {
        calls
            .lines()
            .find(|l| l.contains("--request POST"))
            .map(|l| l.split("\"release\": \"").nth(1).unwrap()[..36].to_owned())
    };
    // v11 failed in its release phase, so v12 runs on v10's successor
    // code: the rollback goes to v10, not v11.
    let history = [
        (12, "succeeded"),
        (11, "failed"),
        (10, "succeeded"),
        (9, "succeeded"),
    ];
    let (ok, out, calls) = r.run("", &history, &["pending", "pending", "succeeded"]);
    assert!(ok, "{out}\n{calls}");
    assert_eq!(posted(&calls), Some(format!("{RELEASE_ID}10")), "{calls}");
    assert!(out.contains("Rolling recipes back to v10"), "{out}");
    assert!(out.contains("now v13: Deploy v13"), "{out}");
    assert_eq!(
        calls.matches(&format!("releases/{RELEASE_ID}13")).count(),
        3,
        "{calls}"
    );
    assert!(
        calls.contains("https://api.heroku.com/apps/recipes/releases"),
        "{calls}"
    );

    // A pending newest release is not the running one either.
    let (ok, out, calls) = r.run(
        "",
        &[(12, "pending"), (11, "succeeded"), (10, "succeeded")],
        &["succeeded"],
    );
    assert!(ok, "{out}\n{calls}");
    assert_eq!(posted(&calls), Some(format!("{RELEASE_ID}10")), "{calls}");

    // A release given by hand, and one that failed.
    let (ok, out, calls) = r.run("v9", &history, &["succeeded"]);
    assert!(ok, "{out}\n{calls}");
    assert_eq!(posted(&calls), Some(format!("{RELEASE_ID}09")), "{calls}");
    let (ok, out, calls) = r.run("11", &history, &["succeeded"]);
    assert!(!ok && posted(&calls).is_none(), "{out}\n{calls}");
    assert!(out.contains("v11 of recipes did not succeed"), "{out}");

    // Nothing to return to: no POST.
    let (ok, out, calls) = r.run("", &[(2, "succeeded"), (1, "failed")], &["succeeded"]);
    assert!(!ok && posted(&calls).is_none(), "{out}\n{calls}");
    assert!(
        out.contains("no succeeded release before the running one"),
        "{out}"
    );

    // The rollback release fails, or never goes live: the job fails.
    let (ok, out, _) = r.run("", &history, &["pending", "failed"]);
    assert!(!ok && out.contains("the rollback release v13 failed"), "{out}");
    let (ok, out, calls) = r.run("", &history, &["pending"]);
    assert!(!ok && out.contains("still not live after 10 minutes"), "{out}");
    assert_eq!(
        calls.matches(&format!("releases/{RELEASE_ID}13")).count(),
        60,
        "{calls}"
    );

    // The input is still only a version.
    for bad in ["3\nevil", "latest", "0", "-1", "3; rm -rf /", "v"] {
        let (ok, out, calls) = r.run(bad, &history, &["succeeded"]);
        assert!(!ok && calls.is_empty(), "{bad:?}: {out}\n{calls}");
    }
}

mod checks {
    use super::{example, with};

    #[test]
    fn autoscaling_is_on_p95_and_only_on_performance_dynos() {
        let run = example().run(&["apply", "--yes"]).expect(0);
        assert!(run.stderr.contains("warning[SS110]"), "{}", run.stderr);
        assert!(
            run.stderr.contains("keeps p95 under the answered 300 ms"),
            "{}",
            run.stderr
        );
        let t = with(&[
            ("memory: 2560mb", "memory: 1gb"),
            ("cpu_kind: performance", "cpu_kind: shared"),
        ]);
        let run = t.run(&["apply", "--yes"]).expect(0);
        assert!(
            run.stderr.contains("generated: a fixed formation of 2 web dynos"),
            "{}",
            run.stderr
        );
        assert!(!t.read("docs/runbooks/setup.md").contains("ps:autoscale"));
        let run = with(&[("mode: auto", "mode: manual")])
            .run(&["apply", "--yes"])
            .expect(0);
        assert!(!run.stderr.contains("SS110"), "{}", run.stderr);
    }

    #[test]
    fn health_checks_have_no_setting_and_a_long_grace_period_is_said() {
        let run = example().run(&["apply", "--yes"]).expect(0);
        assert!(run.stderr.contains("warning[SS111]"), "{}", run.stderr);
        assert!(!run.stderr.contains("R10"), "{}", run.stderr);
        let run = with(&[("grace_period_seconds: 20", "grace_period_seconds: 90")])
            .run(&["apply", "--yes"])
            .expect(0);
        assert!(run.stderr.contains("killed (R10)"), "{}", run.stderr);
    }

    #[test]
    fn bluegreen_and_canary_become_preboot() {
        for strategy in ["bluegreen", "canary"] {
            let t = with(&[("strategy: rolling", &format!("strategy: {strategy}"))]);
            let run = t.run(&["apply", "--yes"]).expect(0);
            assert!(run.stderr.contains("warning[SS112]"), "{}", run.stderr);
            assert!(
                t.read("docs/runbooks/setup.md")
                    .contains("features:enable preboot")
            );
        }
    }

    #[test]
    fn memory_beyond_the_largest_dyno_is_a_located_error() {
        let run = with(&[("memory: 2560mb", "memory: 200gb")])
            .run(&["validate"])
            .expect(2);
        assert!(run.stderr.contains("error[SS113]"), "{}", run.stderr);
        assert!(run.stderr.contains("performance-2xl"), "{}", run.stderr);
        assert!(run.stderr.contains("--> shipspec.yaml:27:"), "{}", run.stderr);
    }

    #[test]
    fn hourly_backups_and_retention_beyond_a_year_are_said() {
        let hourly = super::backups("hourly", 4);
        let run = with(&[(hourly.0, &hourly.1)]).run(&["apply", "--yes"]).expect(0);
        assert!(run.stderr.contains("warning[SS114]"), "{}", run.stderr);
        assert!(run.stderr.contains("once a day"), "{}", run.stderr);
        let long = super::backups("daily", 400);
        let run = with(&[(long.0, &long.1)]).run(&["apply", "--yes"]).expect(0);
        assert!(run.stderr.contains("warning[SS114]"), "{}", run.stderr);
        assert!(run.stderr.contains("at most a year"), "{}", run.stderr);
    }

    #[test]
    fn regions_are_us_or_eu_and_one_per_app() {
        let run = with(&[("primary: eu", "primary: eu-west-1")])
            .run(&["validate"])
            .expect(2);
        assert!(run.stderr.contains("error[SS115]"), "{}", run.stderr);
        let run = with(&[("secondary: []", "secondary: [us]")])
            .run(&["apply", "--yes"])
            .expect(0);
        assert!(run.stderr.contains("warning[SS115]"), "{}", run.stderr);
    }
}

mod answers_heroku_refuses {
    use super::{app_json, example, with};

    #[test]
    fn sqlite_on_a_dyno_is_a_located_error() {
        for service in ["heroku-postgres", "none"] {
            let run = with(&[
                ("database: postgres", "database: sqlite"),
                (
                    "database_service: heroku-postgres",
                    &format!("database_service: {service}"),
                ),
            ])
            .run(&["validate"])
            .expect(2);
            assert!(
                run.stderr
                    .contains("error[SS108]: SQLite keeps its data in a file"),
                "{}",
                run.stderr
            );
            assert!(run.stderr.contains("ephemeral"), "{}", run.stderr);
            assert!(run.stderr.contains("--> shipspec.yaml:11:"), "{}", run.stderr);
            assert!(run.stderr.contains("use `database: postgres`"), "{}", run.stderr);
        }
    }

    #[test]
    fn mysql_on_heroku_postgres_is_a_located_error_and_fine_elsewhere() {
        let run = with(&[("database: postgres", "database: mysql")])
            .run(&["validate"])
            .expect(2);
        assert!(
            run.stderr
                .contains("error[SS108]: Heroku Postgres runs PostgreSQL only, not MySQL"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("--> shipspec.yaml:17:"), "{}", run.stderr);
        assert!(
            run.stderr.contains("database_service: self-hosted"),
            "{}",
            run.stderr
        );

        let t = with(&[
            ("database: postgres", "database: mysql"),
            (
                "database_service: heroku-postgres",
                "database_service: self-hosted",
            ),
        ]);
        let run = t.run(&["apply", "--yes"]).expect(0);
        assert!(!run.stderr.contains("SS108"), "{}", run.stderr);
        let app = app_json(&t);
        assert!(app.get("addons").is_none(), "{app}");
        assert_eq!(app["env"]["DATABASE_URL"]["required"], true);
    }

    #[test]
    fn an_app_name_over_30_characters_is_a_located_error() {
        // 30 characters for staging: Heroku's limit, accepted.
        let run = with(&[("  name: recipes\n", "  name: recipes-for-everyone-2\n")])
            .run(&["validate"])
            .expect(0);
        assert!(!run.stderr.contains("SS109"), "{}", run.stderr);
        let run = with(&[("  name: recipes\n", "  name: recipes-for-everyone-23\n")])
            .run(&["validate"])
            .expect(2);
        assert!(
            run.stderr.contains(
                "error[SS109]: the staging environment's Heroku app would be named `recipes-for-everyone-23-staging`, 31 characters: Heroku takes at most 30"
            ),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("by 1 characters"), "{}", run.stderr);
        assert!(run.stderr.contains("--> shipspec.yaml:6:"), "{}", run.stderr);
    }

    #[test]
    fn a_secret_store_heroku_does_not_read_warns_with_what_is_generated() {
        let run = example().run(&["apply", "--yes"]).expect(0);
        assert!(!run.stderr.contains("SS119"), "{}", run.stderr);
        let t = example();
        let text = t
            .read("shipspec.yaml")
            .replace("production: heroku-config-vars", "production: vault");
        t.write("shipspec.yaml", text);
        let run = t.run(&["apply", "--yes"]).expect(0);
        assert!(
            run.stderr.contains(
                "warning[SS119]: dynos read their configuration from Heroku config vars only, and nothing generated reads HashiCorp Vault; generated: the config vars `DJANGO_SECRET_KEY`, `SENTRY_DSN` as required in `app.json`, their values set with `heroku config:set` in the setup runbook; syncing them from HashiCorp Vault is yours to do"
            ),
            "{}",
            run.stderr
        );
        let description = app_json(&t)["env"]["DJANGO_SECRET_KEY"]["description"].clone();
        assert_eq!(
            description,
            "a config var, copied from HashiCorp Vault with heroku config:set"
        );
    }
}
