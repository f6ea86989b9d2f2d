//! Cross-checks a careful reviewer would make: each fires on the answers
//! that earn it and stays quiet otherwise.

use crate::support::Test;
use crate::workflows::example;

fn validate(t: &Test) -> crate::support::Run {
    t.run(&["validate"])
}

#[test]
fn no_restore_test_is_a_warning() {
    let t = Test::example();
    assert!(!validate(&t).expect(0).stderr.contains("SS027"));
    t.edit_answers("    restore_test: monthly\n", "");
    // The words said it too; without them nothing is planned.
    t.edit_answers(" Restores tested monthly.", "");
    let run = validate(&t).expect(0);
    assert!(
        run.stderr.contains("warning[SS027]: no restore test is planned"),
        "{}",
        run.stderr
    );
    // Warnings land in the spec's Open Questions.
    t.run(&["apply", "--yes"]).expect(0);
    let spec = t.read("docs/specs/technical_design_spec.md");
    assert!(
        spec.contains("## Open Questions\n\n<!-- shipspec:begin open-questions -->\n"),
        "{spec}"
    );
    assert!(
        spec.contains("- **Warning:** SS027 (`operations.backup.restore_test`): no restore test is planned"),
        "{spec}"
    );
}

#[test]
fn secure_without_mfa_is_a_warning() {
    let t = example("fly-express-secure");
    assert!(!validate(&t).expect(0).stderr.contains("SS028"));
    t.edit_answers(
        "methods: [password, mfa, api-keys]",
        "methods: [password, api-keys]",
    );
    assert!(
        validate(&t)
            .expect(0)
            .stderr
            .contains("warning[SS028]: `quality: secure` without multi-factor authentication")
    );
    // Production quality does not ask for MFA.
    let t = Test::example();
    assert!(!validate(&t).expect(0).stderr.contains("SS028"));
}

#[test]
fn no_tls_is_an_error() {
    let t = Test::example();
    t.edit_answers("in_transit: tls", "in_transit: none");
    let run = validate(&t).expect(2);
    assert!(
        run.stderr
            .contains("error[SS029]: traffic to a production service is not encrypted in transit"),
        "{}",
        run.stderr
    );
}

#[test]
fn budget_alert_at_or_above_the_budget_is_a_warning() {
    let t = Test::example();
    assert!(!validate(&t).expect(0).stderr.contains("SS031"));
    t.edit_answers("alert_at_usd: 120", "alert_at_usd: 150");
    let run = validate(&t).expect(0);
    assert!(
        run.stderr
            .contains("warning[SS031]: the cost alert ($150) fires only once the budget ($150) is spent"),
        "{}",
        run.stderr
    );
}

#[test]
fn monitoring_without_an_alert_channel_is_a_warning() {
    let t = Test::example();
    assert!(!validate(&t).expect(0).stderr.contains("SS032"));
    t.edit_answers("alert_channels: [email]", "alert_channels: []");
    assert!(
        validate(&t)
            .expect(0)
            .stderr
            .contains("warning[SS032]: monitoring has no alert channel")
    );
}

#[test]
fn data_residency_with_regions_outside_the_eu_is_a_warning() {
    let t = example("fly-express-secure");
    // GDPR is answered and every region is in the EU.
    assert!(!validate(&t).expect(0).stderr.contains("SS033"));
    t.edit_answers("secondary: [cdg]", "secondary: [cdg, lhr, iad]");
    let run = validate(&t).expect(0);
    assert!(
        run.stderr.contains("warning[SS033]: the answers mention GDPR or data residency, but these regions are outside the EU: lhr, iad"),
        "{}",
        run.stderr
    );
    // Without a residency answer, any region is fine.
    let t = Test::example();
    t.edit_answers("secondary: []", "secondary: [lhr]");
    assert!(!validate(&t).expect(0).stderr.contains("SS033"));
}

#[test]
fn secrets_pasted_into_answers_are_refused_and_never_repeated() {
    let secrets = [
        ("AKIA", format!("AKIA{}", "Q3EXAMPLEKEY7ZX2")),
        ("Stripe", format!("sk_live_{}", "51Hx9EXAMPLEq8wKd2")),
        (
            "GitHub",
            format!("ghp_{}", "z9Y8x7W6v5U4t3S2r1Q0p9O8n7M6l5K4j3I2"),
        ),
        ("private key", "-----BEGIN RSA PRIVATE KEY-----".to_owned()),
        (
            "URL password",
            "postgres://app:s3cr3t-pa55@db.internal/app".to_owned(),
        ),
    ];
    for (what, secret) in secrets {
        let t = Test::example();
        t.edit_answers(
            "answer: \"Fly.io secrets in production; a gitignored .env file on laptops.\"",
            &format!("answer: \"Fly.io secrets, e.g. {secret}\""),
        );
        let before = t.tree();
        for args in [
            &["validate"][..],
            &["validate", "--format", "json"],
            &["plan"],
            &["plan", "--format", "json"],
            &["apply", "--yes"],
            &["check", "--format", "github"],
            &["explain", "--format", "json"],
        ] {
            let run = t.run(args);
            assert_eq!(run.code, 2, "{what} {args:?}");
            assert!(
                run.stderr.contains("SS030") || run.stdout.contains("SS030"),
                "{what} {args:?}: {}",
                run.stderr
            );
            assert!(
                !run.stdout.contains(&secret) && !run.stderr.contains(&secret),
                "{what} {args:?} echoed the secret"
            );
        }
        let run = t.run(&["validate"]);
        assert!(
            run.stderr.contains("--> shipspec.yaml:56:13"),
            "{what}: located: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("= at: security.secrets.answer"),
            "{}",
            run.stderr
        );
        assert_eq!(t.tree(), before, "{what}: nothing written");
    }
}

#[test]
fn checks_that_stay_quiet_on_good_answers() {
    // SS013 (secure without audits), SS029 (no TLS), SS030 (secret) and
    // SS022 (strategy without health check) on answers that satisfy them.
    for name in crate::workflows::EXAMPLES {
        let run = validate(&example(name)).expect(0);
        for code in ["SS013", "SS022", "SS026", "SS029", "SS030"] {
            assert!(
                !run.stderr.contains(code),
                "{name}: {code} fired:\n{}",
                run.stderr
            );
        }
    }
    // The secure example answers audits; removing them fires SS013.
    let t = example("fly-express-secure");
    let text = t.read("shipspec.yaml");
    let start = text.find("  audits:\n").unwrap();
    let end = text[start..].find("\noperations:").unwrap() + start;
    t.write("shipspec.yaml", format!("{}{}", &text[..start], &text[end + 1..]));
    assert!(validate(&t).expect(2).stderr.contains("error[SS013]"));
}

/// The fly-fastapi example moved to another platform, `edits` applied on top.
fn on_platform(platform: &str, edits: &[(&str, &str)]) -> Test {
    let t = Test::example();
    t.edit_answers("platform: fly", &format!("platform: {platform}"));
    for (from, to) in edits {
        t.edit_answers(from, to);
    }
    t
}

#[test]
fn fly_values_on_another_platform_are_errors() {
    let t = on_platform("aws", &[("primary: iad", "primary: us-east-1")]);
    let run = validate(&t).expect(2);
    for (value, path) in [
        ("fly-managed-postgres", "infrastructure.hosting.database_service"),
        ("fly-metrics", "infrastructure.monitoring.tools[0]"),
        ("fly-secrets", "security.secrets.production"),
        ("fly-logs", "operations.logging.destination"),
        ("fly-secrets", "operations.configuration.production"),
    ] {
        let message = format!("error[SS040]: `{value}` belongs to Fly.io, but the platform is AWS");
        let at = format!("   = at: {path}\n");
        assert!(
            run.stderr
                .split("\n\n")
                .any(|d| d.contains(&message) && d.contains(&at)),
            "{value} at {path}:\n{}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains(
            "= help: use a value that works on AWS, such as `rds` (the default for `platform: aws`)"
        ),
        "{}",
        run.stderr
    );
    // Nothing is generated, so no runbook can tell anyone to `fly mpg restore`.
    t.run(&["apply", "--yes"]).expect(2);
    assert!(!t.path("docs").exists());
}

#[test]
fn platform_values_are_checked_on_every_platform() {
    let t = on_platform(
        "gcp",
        &[
            ("primary: iad", "primary: us-east1"),
            (
                "database_service: fly-managed-postgres",
                "database_service: heroku-postgres",
            ),
            ("tools: [fly-metrics, sentry]", "tools: [sentry, cloudwatch]"),
            (
                "    production: fly-secrets\n    development: dotenv\n",
                "    production: kubernetes-secrets\n    development: dotenv\n",
            ),
            ("destination: fly-logs", "destination: heroku-logplex"),
        ],
    );
    let run = validate(&t).expect(2);
    for message in [
        "`heroku-postgres` belongs to Heroku, but the platform is Google Cloud",
        "`cloudwatch` belongs to AWS, but the platform is Google Cloud",
        "`kubernetes-secrets` belongs to Kubernetes, but the platform is Google Cloud",
        "`heroku-logplex` belongs to Heroku, but the platform is Google Cloud",
    ] {
        assert!(run.stderr.contains(message), "{message}:\n{}", run.stderr);
    }
}

#[test]
fn values_that_work_anywhere_are_accepted_everywhere() {
    // Fly with a database elsewhere and cross-platform tools: no SS040.
    let t = Test::example();
    t.edit_answers("database_service: fly-managed-postgres", "database_service: rds");
    t.edit_answers(
        "tools: [fly-metrics, sentry]",
        "tools: [fly-metrics, datadog, sentry]",
    );
    let run = validate(&t).expect(0);
    assert!(!run.stderr.contains("SS040"), "{}", run.stderr);
    // Another platform with its defaults: nothing Fly-only, no `fly mpg`.
    let t = on_platform(
        "aws",
        &[
            ("primary: iad", "primary: us-east-1"),
            // Fargate has no 1 vCPU task with 1 GB.
            ("memory: 1gb", "memory: 2gb"),
            ("    database_service: fly-managed-postgres\n", ""),
            ("tools: [fly-metrics, sentry]", "tools: [cloudwatch, sentry]"),
            ("    destination: fly-logs\n", ""),
            // The words would name Fly.io's logs: an AWS team says otherwise.
            ("shipped to Fly.io logs and kept 30 days", "kept 30 days"),
        ],
    );
    let text = t
        .read("shipspec.yaml")
        .replace("production: fly-secrets", "production: aws-secrets-manager");
    t.write("shipspec.yaml", text);
    let run = validate(&t).expect(0);
    assert!(!run.stderr.contains("SS040"), "{}", run.stderr);
    let v: serde_json::Value =
        serde_json::from_str(&t.run(&["explain", "--format", "json"]).expect(0).stdout).unwrap();
    assert_eq!(
        v["answers"]["infrastructure"]["hosting"]["database_service"],
        "rds"
    );
    assert_eq!(v["answers"]["operations"]["logging"]["destination"], "cloudwatch");
    t.run(&["apply", "--yes"]).expect(0);
    let runbook = t.read("docs/runbooks/backup-and-recovery.md");
    assert!(
        runbook.contains("- **Database:** PostgreSQL on Amazon RDS."),
        "{runbook}"
    );
    // AWS restores RDS itself: a point-in-time restore into a new instance.
    assert!(
        runbook.contains(
            "aws rds restore-db-instance-to-point-in-time --source-db-instance-identifier notes-api-db"
        ),
        "{runbook}"
    );
    assert!(
        !runbook.contains("fly mpg") && !runbook.contains("fly secrets"),
        "{runbook}"
    );
}

#[test]
fn huge_numbers_are_refused_not_wrapped() {
    // The default alert is 80% of the budget: computed without overflow,
    // and the budget itself is bounded.
    let t = Test::example();
    t.edit_answers("    alert_at_usd: 120\n", "");
    // The words name the alert too; without them the default applies.
    t.edit_answers(" with an alert at $120", "");
    t.edit_answers("monthly_budget_usd: 150", "monthly_budget_usd: 2000000000");
    let run = validate(&t).expect(2);
    assert!(
        run.stderr
            .contains("error[SS010]: monthly_budget_usd 2000000000 is above 100000000"),
        "{}",
        run.stderr
    );
    t.edit_answers("monthly_budget_usd: 2000000000", "monthly_budget_usd: 100000000");
    let v: serde_json::Value =
        serde_json::from_str(&t.run(&["explain", "--format", "json"]).expect(0).stdout).unwrap();
    assert_eq!(v["answers"]["infrastructure"]["cost"]["alert_at_usd"], 80_000_000);

    // The soft limit is 80% of the hard limit, on the largest value too.
    let t = Test::example();
    t.edit_answers(
        "    cpus: 1\n",
        "    cpus: 1\n    max_concurrent_requests: 4294967295\n",
    );
    let run = validate(&t).expect(2);
    assert!(
        run.stderr
            .contains("error[SS010]: max_concurrent_requests 4294967295 is above 100000"),
        "{}",
        run.stderr
    );
    t.edit_answers(
        "max_concurrent_requests: 4294967295",
        "max_concurrent_requests: 100000",
    );
    t.run(&["apply", "--yes"]).expect(0);
    let fly = t.read("fly.toml");
    assert!(fly.contains("soft_limit = 80000\nhard_limit = 100000\n"), "{fly}");

    // Durations in the restore budget: a huge RTO is refused, not wrapped.
    let t = Test::example();
    t.edit_answers("rto: 2h", "rto: 99999999999999d");
    let run = t.run(&["apply", "--yes"]).expect(2);
    assert!(
        run.stderr
            .contains("expected a duration such as `90s`, `15m`, `2h` or `1d`, at most `3650d`"),
        "{}",
        run.stderr
    );
    assert!(!t.path("docs").exists());
}

#[test]
fn a_database_with_no_service_is_a_warning() {
    let t = Test::example();
    assert!(!validate(&t).expect(0).stderr.contains("SS075"));
    t.edit_answers("database_service: fly-managed-postgres", "database_service: none");
    let run = validate(&t).expect(0);
    assert!(
        run.stderr
            .contains("warning[SS075]: the app uses PostgreSQL but no database service is answered"),
        "{}",
        run.stderr
    );
    t.run(&["apply", "--yes"]).expect(0);
    let runbook = t.read("docs/runbooks/backup-and-recovery.md");
    assert!(
        runbook.contains("- **Database:** PostgreSQL, run outside what shipspec generates"),
        "{runbook}"
    );
    // No database, no service: nothing to say about it (readiness still
    // names the database, which is an error of its own).
    t.edit_answers("  database: postgres\n", "  database: none\n");
    let run = validate(&t).expect(2);
    assert!(run.stderr.contains("error[SS018]"), "{}", run.stderr);
    assert!(!run.stderr.contains("SS075"), "{}", run.stderr);
}
