//! Own servers: Kamal's config through `kamal config` (Kamal refuses
//! unknown keys), compose.yaml against the compose-spec schema, the backup
//! script through shellcheck, and the backup and the restore runbook's
//! commands run against a real PostgreSQL.

use std::path::Path;
use std::process::Command;

use crate::support::{Test, tool, validate};

const EXAMPLE: &str = include_str!("../examples/onprem-kamal/shipspec.yaml");

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

/// The example with Docker Compose named in the hosting answer.
fn compose(edits: &[(&str, &str)]) -> Test {
    let t = with(&[("deployed with Kamal;", "deployed with Docker Compose;")]);
    for (from, to) in edits {
        t.edit_answers(from, to);
    }
    t
}

fn run(program: &Path, args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()))
}

/// `kamal config -d <environment>` for every environment of `t`, in a git
/// repository holding its config and secrets files with dummy values (the
/// real ones are commands for the secret store's CLI). Returns Kamal's
/// output per environment.
fn kamal_config(t: &Test, environments: &[&str]) -> Vec<String> {
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path();
    std::fs::create_dir_all(dir.join(".kamal")).unwrap();
    std::fs::create_dir_all(dir.join("config")).unwrap();
    std::fs::copy(t.path("config/deploy.yml"), dir.join("config/deploy.yml")).unwrap();
    let mut out = Vec::new();
    for env in environments {
        let file = format!("config/deploy.{env}.yml");
        std::fs::copy(t.path(&file), dir.join(&file)).unwrap();
        let secrets = t.read(&format!(".kamal/secrets.{env}"));
        let dummy: String = secrets
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| format!("{}=dummy-value\n", l.split_once('=').unwrap().0))
            .collect();
        std::fs::write(dir.join(format!(".kamal/secrets.{env}")), dummy).unwrap();
    }
    let git = |args: &[&str]| {
        let o = Command::new("git").args(args).current_dir(dir).output().unwrap();
        assert!(
            o.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    git(&["init", "--quiet"]);
    git(&[
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.com",
        "commit",
        "--quiet",
        "--allow-empty",
        "-m",
        "t",
    ]);
    for env in environments {
        let o = run(&tool("kamal"), &["config", "-d", env], dir);
        let text = String::from_utf8_lossy(&o.stdout).into_owned();
        assert!(
            o.status.success(),
            "kamal config -d {env} failed:\n{text}\n{}",
            String::from_utf8_lossy(&o.stderr)
        );
        out.push(text);
    }
    out
}

#[test]
fn kamal_accepts_the_config_of_the_example_and_its_variants() {
    let t = example();
    t.run(&["apply", "--yes"]).expect(0);
    let shown = kamal_config(&t, &["staging", "production"]);
    for text in &shown {
        assert!(text.contains(":service_with_version: ledger-"), "{text}");
        assert!(
            text.contains("- 198.51.100.11") || text.contains("- 192.0.2.11"),
            "{text}"
        );
    }
    for edits in [
        // One host: Let's Encrypt; no boot limit; an outside database.
        vec![
            ("min_instances: 2", "min_instances: 1"),
            ("max_instances: 2", "max_instances: 1"),
            ("database_service: self-hosted", "database_service: rds"),
        ],
        vec![("strategy: rolling", "strategy: immediate")],
        vec![("    path: /health\n", "    enabled: false\n    path: /health\n")],
    ] {
        let t = with(&edits);
        t.run(&["apply", "--yes"]).expect(0);
        kamal_config(&t, &["staging", "production"]);
    }

    // Kamal refuses what it does not know: the check bites.
    let t = example();
    t.run(&["apply", "--yes"]).expect(0);
    let text = t.read("config/deploy.yml");
    t.write("config/deploy.yml", format!("{text}bogus_key: 1\n"));
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path();
    std::fs::create_dir_all(dir.join("config")).unwrap();
    std::fs::create_dir_all(dir.join(".kamal")).unwrap();
    std::fs::copy(t.path("config/deploy.yml"), dir.join("config/deploy.yml")).unwrap();
    std::fs::copy(
        t.path("config/deploy.staging.yml"),
        dir.join("config/deploy.staging.yml"),
    )
    .unwrap();
    std::fs::write(dir.join(".kamal/secrets.staging"), "").unwrap();
    Command::new("git")
        .args(["init", "--quiet"])
        .current_dir(dir)
        .status()
        .unwrap();
    let o = run(&tool("kamal"), &["config", "-d", "staging"], dir);
    assert!(!o.status.success(), "kamal accepted an unknown key");
}

#[test]
fn kamal_config_follows_the_answers() {
    let t = example();
    t.run(&["apply", "--yes"]).expect(0);
    let base: serde_norway::Value = serde_norway::from_str(&t.read("config/deploy.yml")).unwrap();
    assert_eq!(base["service"], "ledger");
    assert_eq!(base["retain_containers"], 3);
    assert_eq!(base["proxy"]["app_port"], 8080);
    assert_eq!(base["proxy"]["healthcheck"]["path"], "/ready");
    assert_eq!(base["proxy"]["healthcheck"]["interval"], 15);
    assert_eq!(base["boot"]["limit"], 1);
    let secret: Vec<&str> = base["env"]["secret"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(secret, ["DATABASE_URL", "API_KEYS", "SENTRY_DSN"]);
    let prod: serde_norway::Value = serde_norway::from_str(&t.read("config/deploy.production.yml")).unwrap();
    assert_eq!(prod["servers"]["web"]["hosts"].as_sequence().unwrap().len(), 2);
    assert_eq!(prod["servers"]["web"]["options"]["memory"], "1024m");
    assert_eq!(prod["proxy"]["host"], "ledger.example.com");
    assert_eq!(prod["proxy"]["ssl"]["certificate_pem"], "CERTIFICATE_PEM");
    assert_eq!(prod["accessories"]["db"]["image"], "postgres:16");
    let secrets = t.read(".kamal/secrets.production");
    assert!(
        secrets.contains("DATABASE_URL=$(vault kv get -field=DATABASE_URL secret/ledger)\n"),
        "{secrets}"
    );
    assert!(secrets.contains("POSTGRES_PASSWORD=$(vault kv get"), "{secrets}");
    assert!(
        t.read(".kamal/secrets.staging")
            .contains("secret/ledger-staging)\n")
    );
    assert!(!t.path("compose.yaml").exists());

    let t = with(&[
        ("min_instances: 2", "min_instances: 1"),
        ("max_instances: 2", "max_instances: 1"),
        ("keep_releases: 3", "keep_releases: 7"),
        (
            "production: vault\n    development: dotenv\n  performance",
            "production: doppler\n    development: dotenv\n  performance",
        ),
    ]);
    t.run(&["apply", "--yes"]).expect(0);
    let base: serde_norway::Value = serde_norway::from_str(&t.read("config/deploy.yml")).unwrap();
    assert_eq!(base["retain_containers"], 7);
    assert!(base.get("boot").is_none());
    let prod: serde_norway::Value = serde_norway::from_str(&t.read("config/deploy.production.yml")).unwrap();
    assert_eq!(prod["proxy"]["ssl"], true);
    let secrets = t.read(".kamal/secrets.production");
    assert!(
        secrets.contains("$(doppler secrets get DATABASE_URL --plain"),
        "{secrets}"
    );
    assert!(!secrets.contains("CERTIFICATE_PEM"), "{secrets}");
}

#[test]
fn compose_yaml_passes_the_compose_spec_schema() {
    let checked = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (name, t) in [
        ("example", compose(&[])),
        (
            "no-database-no-health",
            compose(&[
                ("database: postgres", "database: none"),
                ("database_service: self-hosted", "database_service: none"),
                ("variables: [DATABASE_URL, ", "variables: ["),
                ("checks: [database]", "checks: []"),
                ("    path: /health\n", "    enabled: false\n    path: /health\n"),
                ("min_instances: 2", "min_instances: 1"),
                ("max_instances: 2", "max_instances: 1"),
            ]),
        ),
    ] {
        t.run(&["apply", "--yes"]).expect(0);
        assert!(!t.path("config/deploy.yml").exists());
        let to = checked.path().join(format!("{name}.compose.yaml"));
        std::fs::copy(t.path("compose.yaml"), &to).unwrap();
        files.push(to.to_string_lossy().into_owned());
    }
    let mut args = vec!["--builtin-schema", "vendor.compose-spec"];
    args.extend(files.iter().map(String::as_str));
    validate(checked.path(), "check-jsonschema", &args);

    let t = compose(&[]);
    t.run(&["apply", "--yes"]).expect(0);
    let c: serde_norway::Value = serde_norway::from_str(&t.read("compose.yaml")).unwrap();
    let app = &c["services"]["app"];
    assert_eq!(app["restart"], "unless-stopped");
    assert_eq!(app["deploy"]["replicas"], 2);
    assert_eq!(app["deploy"]["resources"]["limits"]["memory"], "1024M");
    assert_eq!(app["healthcheck"]["interval"], "15s");
    assert_eq!(app["depends_on"]["db"]["condition"], "service_healthy");
    assert_eq!(c["services"]["db"]["image"], "postgres:16");
    let deploy = t.read(".github/workflows/deploy.yml");
    assert!(
        deploy.contains("docker compose up --detach --build --wait"),
        "{deploy}"
    );

    // The compose branch of the workflows, which no bundled example takes.
    let files = [
        ".github/workflows/deploy.yml".to_owned(),
        ".github/workflows/rollback.yml".to_owned(),
    ];
    crate::workflows::actionlint(t.dir.path(), &files);
    let out = run(
        &tool("zizmor"),
        &[
            "--offline",
            "--persona",
            "auditor",
            "--no-progress",
            ".github/workflows",
        ],
        t.dir.path(),
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && text.contains("No findings to report"),
        "zizmor:\n{text}"
    );
    for file in &files {
        let w: serde_norway::Value = serde_norway::from_str(&t.read(file)).unwrap();
        for (job, body) in w["jobs"].as_mapping().unwrap() {
            for (i, step) in body["steps"].as_sequence().unwrap().iter().enumerate() {
                if let Some(script) = step["run"].as_str() {
                    let path = t.path(&format!(
                        "{}-{}-{i}.sh",
                        file.replace('/', "_"),
                        job.as_str().unwrap()
                    ));
                    std::fs::write(&path, format!("#!/usr/bin/env bash\nset -eo pipefail\n{script}"))
                        .unwrap();
                    validate(
                        t.dir.path(),
                        "shellcheck",
                        &["--shell=bash", path.to_str().unwrap()],
                    );
                }
            }
        }
    }
}

/// The server the suite runs against (`scripts/test` starts it).
fn database_url() -> String {
    std::env::var("SHIPSPEC_TEST_DATABASE_URL")
        .expect("SHIPSPEC_TEST_DATABASE_URL is not set: run scripts/test, which starts PostgreSQL")
}

/// `url` with its database replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (server, _) = url.rsplit_once('/').unwrap();
    format!("{server}/{name}")
}

fn sh(script: &str, envs: &[(&str, &str)], dir: &Path) -> String {
    let o = Command::new("bash")
        .args(["-euo", "pipefail", "-c", script])
        .envs(envs.iter().copied())
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{script}\n{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The commands in a runbook's ```sh blocks.
fn commands(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        match line.trim() {
            "```sh" => inside = true,
            "```" => inside = false,
            command if inside => out.push(command.to_owned()),
            _ => {}
        }
    }
    out
}

#[test]
fn the_backup_script_and_the_restore_runbook_work_against_postgresql() {
    let t = example();
    t.run(&["apply", "--yes"]).expect(0);
    validate(t.dir.path(), "shellcheck", &["deploy/backup/pg-backup.sh"]);
    assert!(
        t.read("deploy/backup/ledger-backup.timer")
            .contains("OnCalendar=*-*-* 02:00:00\n")
    );

    let server = database_url();
    let source = "ledger_backup_source";
    let restored = "ledger_restore";
    let maintenance = [("URL", server.as_str())];
    sh(
        &format!(
            "psql \"$URL\" -qc 'DROP DATABASE IF EXISTS {source}' -c 'DROP DATABASE IF EXISTS {restored}' -c 'CREATE DATABASE {source}'"
        ),
        &maintenance,
        t.dir.path(),
    );
    let source_url = with_database(&server, source);
    sh(
        "psql \"$DATABASE_URL\" -qc 'CREATE TABLE entries (id serial PRIMARY KEY, amount int)' -c 'INSERT INTO entries (amount) SELECT g FROM generate_series(1, 250) g'",
        &[("DATABASE_URL", source_url.as_str())],
        t.dir.path(),
    );

    // The backup, as the timer runs it, into a folder of the test's.
    let backups = tempfile::tempdir().unwrap();
    let out = sh(
        "bash deploy/backup/pg-backup.sh",
        &[
            ("DATABASE_URL", source_url.as_str()),
            ("BACKUP_DIR", backups.path().to_str().unwrap()),
        ],
        t.dir.path(),
    );
    let dumps: Vec<_> = std::fs::read_dir(backups.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(dumps.len(), 1, "{dumps:?}\n{out}");
    assert!(
        dumps[0].starts_with("ledger-") && dumps[0].ends_with(".dump"),
        "{dumps:?}"
    );

    // Pruning takes only the script's own dumps past the retention: never
    // the one just written, never a file of the team's beside them.
    let old_dump = backups.path().join("ledger-20200101T000000Z.dump");
    let own_file = backups.path().join("ledger-pre-migration.dump");
    for file in [&old_dump, &own_file] {
        std::fs::write(file, "old").unwrap();
        sh(
            &format!("touch -d '10 days ago' '{}'", file.display()),
            &[],
            t.dir.path(),
        );
    }
    sh(
        "bash deploy/backup/pg-backup.sh",
        &[
            ("DATABASE_URL", source_url.as_str()),
            ("BACKUP_DIR", backups.path().to_str().unwrap()),
            ("RETENTION_DAYS", "1"),
        ],
        t.dir.path(),
    );
    assert!(!old_dump.exists(), "a dump past the retention is pruned");
    assert!(own_file.exists(), "a file of the team's is kept");
    let kept = std::fs::read_dir(backups.path())
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name().into_string().unwrap();
            name.starts_with("ledger-2") && name.ends_with("Z.dump")
        })
        .count();
    assert!(kept >= 1, "the new dumps are kept");
    std::fs::remove_file(&own_file).unwrap();
    // A retention under a day would prune what was just written: refused.
    let refused = std::process::Command::new("bash")
        .arg("deploy/backup/pg-backup.sh")
        .env("DATABASE_URL", &source_url)
        .env("BACKUP_DIR", backups.path())
        .env("RETENTION_DAYS", "0")
        .current_dir(t.dir.path())
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let dumps: Vec<_> = std::fs::read_dir(backups.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with("Z.dump"))
        .collect();

    // The restore runbook's database commands, as written, with the dump's
    // path for the placeholder.
    let runbook = t.read("docs/runbooks/backup-and-recovery.md");
    let steps: Vec<String> = commands(&runbook)
        .into_iter()
        .filter(|c| {
            ["pg_restore", "createdb", "psql"]
                .iter()
                .any(|p| c.starts_with(p))
        })
        .map(|c| {
            c.replace(
                "/var/backups/ledger/<backup-file>",
                &backups.path().join(&dumps[0]).to_string_lossy(),
            )
        })
        .collect();
    assert_eq!(steps.len(), 4, "{steps:?}");
    let restore_url = with_database(&server, restored);
    for step in &steps {
        assert!(!step.contains('<'), "a placeholder is left: {step}");
        sh(
            step,
            &[
                ("DATABASE_URL", source_url.as_str()),
                ("RESTORE_URL", restore_url.as_str()),
            ],
            t.dir.path(),
        );
    }
    let count = sh(
        "psql \"$RESTORE_URL\" -tAc 'SELECT count(*), sum(amount) FROM entries'",
        &[("RESTORE_URL", restore_url.as_str())],
        t.dir.path(),
    );
    assert_eq!(count.trim(), "250|31375");
    sh(
        &format!("psql \"$URL\" -qc 'DROP DATABASE {source}' -c 'DROP DATABASE {restored}'"),
        &maintenance,
        t.dir.path(),
    );
}

#[test]
fn runbooks_and_setup_use_kamal_and_ssh() {
    let t = example();
    t.run(&["apply", "--yes"]).expect(0);
    let rollback = t.read("docs/runbooks/rollback.md");
    assert!(
        rollback.contains("kamal rollback -d production <version>\n"),
        "{rollback}"
    );
    let setup = t.read("docs/runbooks/setup.md");
    for line in [
        "git clone <repository-url> /srv/ledger/deploy\n",
        "kamal setup -d production\n",
        "sudo systemctl enable --now ledger-backup.timer\n",
        "| `SSH_PRIVATE_KEY` | `production` |",
        "gh variable set DEPLOY_HOST --env production",
    ] {
        assert!(setup.contains(line), "setup.md lacks {line:?}:\n{setup}");
    }
    let deploy = t.read(".github/workflows/deploy.yml");
    assert!(
        deploy.contains("kamal deploy -d $DESTINATION --version $VERSION"),
        "{deploy}"
    );
    assert!(deploy.contains("StrictHostKeyChecking=yes"), "{deploy}");
    let rollback = t.read(".github/workflows/rollback.yml");
    assert!(
        rollback.contains("kamal rollback -d $TARGET $VERSION"),
        "{rollback}"
    );
    // The database port is published on the database host's own address
    // only (Docker's published ports bypass the host firewall).
    let production = t.read("config/deploy.production.yml");
    assert!(
        production.contains("port: 198.51.100.10:5432:5432"),
        "{production}"
    );
    assert!(!production.contains("port: 5432:5432"), "{production}");
    // The full SHA only: deploys run as it, and a short one names no release.
    assert!(rollback.contains("^[0-9a-f]{40}$"), "{rollback}");
}

mod checks {
    use super::{compose, with};

    #[test]
    fn autoscaling_is_a_warning_the_hosts_are_the_instances() {
        let t = with(&[
            ("mode: manual", "mode: auto"),
            ("max_instances: 2", "max_instances: 4"),
        ]);
        let run = t.run(&["apply", "--yes"]).expect(0);
        assert!(run.stderr.contains("warning[SS116]"), "{}", run.stderr);
        assert!(
            run.stderr.contains("2 placeholder hosts per environment"),
            "{}",
            run.stderr
        );
    }

    #[test]
    fn strategies_kamal_and_compose_cannot_run_are_said() {
        let run = with(&[("strategy: rolling", "strategy: canary")])
            .run(&["apply", "--yes"])
            .expect(0);
        assert!(run.stderr.contains("warning[SS117]"), "{}", run.stderr);
        let run = compose(&[]).run(&["apply", "--yes"]).expect(0);
        assert!(run.stderr.contains("warning[SS117]"), "{}", run.stderr);
        let run = compose(&[("strategy: rolling", "strategy: immediate")])
            .run(&["apply", "--yes"])
            .expect(0);
        assert!(!run.stderr.contains("SS117"), "{}", run.stderr);
    }

    #[test]
    fn databases_and_backups_not_generated_are_said() {
        let run = with(&[("database: postgres", "database: mysql")])
            .run(&["apply", "--yes"])
            .expect(0);
        assert!(run.stderr.contains("warning[SS118]"), "{}", run.stderr);
        assert!(!run.stderr.contains("lost on every deploy"), "{}", run.stderr);
        let run = with(&[("database: postgres", "database: sqlite")])
            .run(&["validate"])
            .expect(0);
        assert!(
            run.stderr
                .contains("a SQLite file inside the app's container is lost on every deploy"),
            "{}",
            run.stderr
        );
        let t = with(&[
            ("frequency: daily", "frequency: continuous"),
            ("rpo: 24h", "rpo: 1h"),
            ("Daily pg_dump backups", "Continuous backups"),
            ("at most 24 hours of data lost", "at most 1 hour of data lost"),
        ]);
        let run = t.run(&["apply", "--yes"]).expect(0);
        assert!(run.stderr.contains("warning[SS118]"), "{}", run.stderr);
        assert!(
            t.read("deploy/backup/ledger-backup.timer")
                .contains("OnCalendar=hourly\n")
        );
    }
}

#[test]
fn backups_kept_zero_days_are_an_error() {
    let t = example();
    let edited = with_zero_retention(&t.read("shipspec.yaml"));
    t.write("shipspec.yaml", edited);
    let run = t.run(&["validate"]).expect(2);
    assert!(
        run.stderr
            .contains("error[SS018]: backups kept 0 days are deleted as they are taken"),
        "{}",
        run.stderr
    );
}

/// The answers with the backup section's retention set to 0 days.
fn with_zero_retention(text: &str) -> String {
    let start = text.find("  backup:").expect("a backup section");
    let at = start + text[start..].find("retention_days:").expect("a retention");
    let end = at + text[at..].find('\n').unwrap();
    format!("{}retention_days: 0{}", &text[..at], &text[end..])
}
