//! Google Cloud Run: the service YAML under `deploy/cloudrun/` is parsed
//! by gcloud into the Cloud Run API's messages and linted by yamllint, for
//! the bundled example and variants of it; it carries the answers; and
//! what Cloud Run cannot honour is a located diagnostic.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_norway::Value;

use crate::support::{Test, tool};
use crate::workflows::example;

const DIR: &str = "deploy/cloudrun";

/// yamllint as for the Kubernetes manifests: sequences written as gcloud
/// and kubectl write them (not indented under their key).
const YAMLLINT: &str = "{extends: default, rules: {document-start: disable, truthy: {check-keys: false}, \
                        line-length: {max: 160}, indentation: {indent-sequences: consistent}}}";

/// gcloud is on no registry scripts/test installs from: the machine must
/// have it. Missing, the test fails saying so.
fn gcloud() -> PathBuf {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join("gcloud"))
        .find(|p| p.exists())
        .unwrap_or_else(|| {
            panic!("gcloud is not on PATH: the Cloud Run tests parse the service YAML with `gcloud run services replace --dry-run`; install the Google Cloud CLI")
        })
}

/// What `gcloud run services replace FILE --dry-run` says with no account:
/// it parses the file into the v1 API's `Service` message first (an
/// unknown or mistyped field fails there), and only then asks for
/// credentials. Its own configuration folder keeps the machine's out.
fn dry_run(config: &Path, file: &Path) -> String {
    let out = Command::new(gcloud())
        .args(["run", "services", "replace"])
        .arg(file)
        .args([
            "--dry-run",
            "--project",
            "shipspec-test",
            "--region",
            "europe-west3",
            "--quiet",
        ])
        .env("CLOUDSDK_CONFIG", config)
        .env("CLOUDSDK_CORE_DISABLE_PROMPTS", "1")
        .output()
        .expect("gcloud runs");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The file parsed: gcloud got as far as wanting an account.
#[track_caller]
fn assert_parses(config: &Path, file: &Path) {
    let said = dry_run(config, file);
    assert!(
        said.contains("do not currently have an active account") && !said.contains("Failed to parse"),
        "{}: gcloud did not parse it:\n{said}",
        file.display()
    );
}

fn with(edits: &[(&str, &str)]) -> Test {
    let t = example("gcp-cloudrun");
    for (from, to) in edits {
        t.edit_answers(from, to);
    }
    t
}

fn service(t: &Test, env: &str) -> Value {
    serde_norway::from_str(&t.read(&format!("{DIR}/{env}.service.yaml"))).unwrap()
}

#[test]
fn the_example_and_its_variants_parse_in_gcloud_and_pass_yamllint() {
    let config = tempfile::tempdir().unwrap();
    // The check itself: a field the API does not have fails.
    let bad = config.path().join("bad.yaml");
    std::fs::write(
        &bad,
        "apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: app\nspec:\n  template:\n    spec:\n      containerConcurency: 80\n      containers:\n      - image: x\n",
    )
    .unwrap();
    assert!(dry_run(config.path(), &bad).contains("Failed to parse"));

    let variants = [
        ("example", example("gcp-cloudrun")),
        (
            // Fixed instances, no health checks, secrets the service cannot
            // reference, no database service, every instance replaced at once.
            "bare",
            with(&[
                ("mode: auto", "mode: manual"),
                ("    path: /health\n", "    enabled: false\n    path: /health\n"),
                ("database_service: cloud-sql", "database_service: none"),
                ("strategy: canary", "strategy: immediate"),
                (
                    "production: gcp-secret-manager\n    development: dotenv\n  performance",
                    "production: doppler\n    development: dotenv\n  performance",
                ),
            ]),
        ),
        (
            // A large instance, serverless, blue-green.
            "large",
            with(&[
                ("memory: 1gb", "memory: 16gb"),
                ("cpus: 1", "cpus: 4"),
                ("mode: auto", "mode: serverless"),
                ("min_instances: 1", "min_instances: 0"),
                ("strategy: canary", "strategy: bluegreen"),
            ]),
        ),
    ];
    for (name, t) in &variants {
        let run = t.run(&["apply", "--yes"]).expect(0);
        // Without Terraform the alerts are the runbook's steps.
        assert!(
            run.stderr.contains("warning[SS130]") && !run.stderr.contains("SS120"),
            "{name}: the alerts are set up by hand\n{}",
            run.stderr
        );
        for env in ["staging", "production"] {
            assert_parses(config.path(), &t.path(&format!("{DIR}/{env}.service.yaml")));
        }
        let out = Command::new(tool("yamllint"))
            .args(["--strict", "-d", YAMLLINT, DIR])
            .current_dir(t.dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name}: yamllint:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    let bare = service(&variants[1].1, "production");
    let template = &bare["spec"]["template"];
    assert_eq!(
        template["metadata"]["annotations"]["autoscaling.knative.dev/maxScale"],
        "1"
    );
    assert!(
        template["metadata"]["annotations"]
            .get("run.googleapis.com/cloudsql-instances")
            .is_none()
    );
    let container = &template["spec"]["containers"][0];
    assert!(
        container.get("startupProbe").is_none() && container.get("env").is_none(),
        "{container:?}"
    );
    let large = service(&variants[2].1, "staging");
    assert_eq!(
        large["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"]["memory"],
        "16Gi"
    );
}

#[test]
fn the_service_carries_the_answers() {
    let t = example("gcp-cloudrun");
    t.run(&["apply", "--yes"]).expect(0);
    let s = service(&t, "production");
    assert_eq!(s["metadata"]["name"], "notes-api");
    assert_eq!(
        s["metadata"]["labels"]["cloud.googleapis.com/location"],
        "europe-west3"
    );
    let template = &s["spec"]["template"];
    let annotations = &template["metadata"]["annotations"];
    assert_eq!(annotations["autoscaling.knative.dev/minScale"], "1");
    assert_eq!(annotations["autoscaling.knative.dev/maxScale"], "10");
    assert_eq!(
        annotations["run.googleapis.com/cloudsql-instances"],
        "<project-id>:europe-west3:notes-api-db"
    );
    let spec = &template["spec"];
    assert_eq!(spec["containerConcurrency"], 80);
    assert_eq!(
        spec["serviceAccountName"],
        "notes-api-run@<project-id>.iam.gserviceaccount.com"
    );
    let c = &spec["containers"][0];
    assert_eq!(c["ports"][0]["containerPort"], 8080);
    assert_eq!(c["resources"]["limits"]["cpu"], "1");
    assert_eq!(c["resources"]["limits"]["memory"], "1Gi");
    // The startup probe outlasts the 10-second grace period, checking every 5 s.
    assert_eq!(c["startupProbe"]["httpGet"]["path"], "/health");
    assert_eq!(c["startupProbe"]["periodSeconds"], 5);
    assert_eq!(c["startupProbe"]["failureThreshold"], 3);
    assert_eq!(c["livenessProbe"]["periodSeconds"], 15);
    assert_eq!(c["livenessProbe"]["timeoutSeconds"], 5);
    assert!(c.get("readinessProbe").is_none());
    // Secrets by reference, never a value.
    let env = c["env"].as_sequence().unwrap();
    assert_eq!(env.len(), 3);
    assert_eq!(env[0]["name"], "DATABASE_URL");
    assert_eq!(
        env[0]["valueFrom"]["secretKeyRef"]["name"],
        "notes-api-DATABASE_URL"
    );
    assert_eq!(env[0]["valueFrom"]["secretKeyRef"]["key"], "latest");
    assert!(env.iter().all(|e| e.get("value").is_none()));
    assert_eq!(s["spec"]["traffic"][0]["latestRevision"], true);
    assert_eq!(service(&t, "staging")["metadata"]["name"], "notes-api-staging");

    // The workflows deploy by Workload Identity Federation: no key anywhere.
    let deploy = t.read(".github/workflows/deploy.yml");
    assert!(deploy.contains("workload_identity_provider: ${{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER }}"));
    assert!(!deploy.contains("credentials_json"));
    assert!(deploy.contains("--to-revisions \"$REVISION=$PERCENT\""));
    let rollback = t.read(".github/workflows/rollback.yml");
    assert!(rollback.contains("--to-revisions \"$wanted=100\""));
    let setup = t.read("docs/runbooks/setup.md");
    assert!(
        setup.contains("gcloud iam workload-identity-pools providers create-oidc"),
        "{setup}"
    );
    assert!(setup.contains("--enable-point-in-time-recovery"), "{setup}");
    let restore = t.read("docs/runbooks/backup-and-recovery.md");
    assert!(
        restore.contains("gcloud sql instances clone notes-api-db notes-api-db-restore"),
        "{restore}"
    );
    assert!(restore.contains("overwrites"), "{restore}");
    // Restoring into another instance names the backup's own instance.
    assert!(
        restore.contains(
            "gcloud sql backups restore <backup-id> --restore-instance notes-api-db-restore --backup-instance notes-api-db"
        ),
        "{restore}"
    );
}

#[test]
fn what_cloud_run_cannot_honour_is_located() {
    let t = with(&[
        ("memory: 1gb", "memory: 8gb"),
        ("primary: europe-west3", "primary: Frankfurt"),
    ]);
    let run = t.run(&["validate"]).expect(2);
    assert!(
        run.stderr
            .contains("error[SS102]: Cloud Run has no instance with 1 CPU and 8gb"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("2 CPU / 8 GiB, 4 CPU / 8 GiB"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("at: infrastructure.scaling.memory"),
        "{}",
        run.stderr
    );

    let t = with(&[
        ("cpu_target_percent: 60", "cpu_target_percent: 75"),
        ("secondary: []", "secondary: [europe-west1]"),
        ("tool: platform-config", "tool: pulumi"),
    ]);
    let run = t.run(&["validate"]).expect(0);
    for (code, words) in [
        ("SS101", "the answered 75% CPU target becomes Cloud Run's 60%"),
        ("SS107", "the service is generated for europe-west3 only"),
        (
            "SS105",
            "only the Cloud Run service YAML (deploy/cloudrun/) is generated",
        ),
        ("SS100", "`/ready` is not probed"),
    ] {
        assert!(
            run.stderr.contains(&format!("warning[{code}]")) && run.stderr.contains(words),
            "{code}: {}",
            run.stderr
        );
    }

    let t = with(&[("retention_days: 14", "retention_days: 400")]);
    let run = t.run(&["validate"]).expect(0);
    assert!(
        run.stderr.contains(
            "warning[SS106]: Cloud SQL keeps at most 365 automated daily backups, not 400: the instance keeps 365"
        ) && run.stderr.contains("at: operations.backup.retention_days"),
        "{}",
        run.stderr
    );

    let t = with(&[("primary: europe-west3", "primary: europe-west33")]);
    let run = t.run(&["validate"]).expect(2);
    assert!(
        run.stderr.contains("is not a Google Cloud region"),
        "{}",
        run.stderr
    );

    let t = with(&[(
        "name: notes-api",
        "name: a-very-long-name-for-a-notes-api-that-runs-on-cloud-run",
    )]);
    let run = t.run(&["validate"]).expect(2);
    assert!(run.stderr.contains("error[SS103]"), "{}", run.stderr);
}

/// Every variant's `deploy/terraform/`, copied under one folder, so one
/// checkov run covers them all.
#[test]
fn terraform_variants_pass_checkov_and_an_hcl_parser() {
    let variants = [
        // The example as Terraform: Cloud SQL, secrets, canary.
        ("example", with(&[("tool: platform-config", "tool: terraform")])),
        (
            // Two instances at minimum (a regional database), no secrets
            // store the service can read, blue-green.
            "regional",
            with(&[
                ("tool: platform-config", "tool: terraform"),
                ("min_instances: 1", "min_instances: 2"),
                (
                    "alert_channels: [email]",
                    "alert_channels: [email, slack, pagerduty, opsgenie]",
                ),
                ("strategy: canary", "strategy: bluegreen"),
                (
                    "production: gcp-secret-manager\n    development: dotenv\n  performance",
                    "production: doppler\n    development: dotenv\n  performance",
                ),
            ]),
        ),
        (
            // No database, no health checks, rolling.
            "bare",
            with(&[
                ("tool: platform-config", "tool: terraform"),
                // No downtime alert, no budget, a 10% error budget.
                ("alert_on: [downtime, error-rate]", "alert_on: [error-rate]"),
                ("monthly_budget_usd: 300", "monthly_budget_usd: 0"),
                ("error_rate_percent: 1", "error_rate_percent: 10"),
                ("database_service: cloud-sql", "database_service: none"),
                ("    path: /health\n", "    enabled: false\n    path: /health\n"),
                ("strategy: canary", "strategy: rolling"),
            ]),
        ),
    ];
    let all = tempfile::tempdir().unwrap();
    for (name, t) in &variants {
        let run = t.run(&["apply", "--yes"]).expect(0);
        assert!(
            !run.stderr.contains("SS120"),
            "{name}: alerts are generated\n{}",
            run.stderr
        );
        assert!(
            !t.path(DIR).exists(),
            "{name}: the service YAML is Terraform's now"
        );
        let to = all.path().join(name);
        std::fs::create_dir(&to).unwrap();
        for entry in std::fs::read_dir(t.path("deploy/terraform")).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
    let out = Command::new(tool("checkov"))
        .args([
            "--skip-download",
            "--output",
            "json",
            "--framework",
            "terraform",
            "--directory",
            ".",
        ])
        .current_dir(all.path())
        .output()
        .expect("checkov runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let report: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("checkov printed no JSON ({e}):\n{text}"));
    let summary = &report["summary"];
    assert_eq!(summary["failed"], 0, "checkov found:\n{text}");
    assert_eq!(summary["parsing_errors"], 0, "checkov could not parse:\n{text}");
    assert!(
        summary["passed"].as_u64().unwrap() > 40,
        "checkov checked too little:\n{text}"
    );
    for skipped in report["results"]["skipped_checks"].as_array().unwrap() {
        assert!(
            skipped["check_result"]["suppress_comment"]
                .as_str()
                .is_some_and(|c| c.len() > 20),
            "{skipped}"
        );
    }

    // Every file parses; the values are the answers'.
    let script = "import glob, json, sys, hcl2\n\
                  out = {}\n\
                  for f in sorted(glob.glob('*/*.tf')):\n\
                  \x20   with open(f) as h:\n\
                  \x20       out[f] = hcl2.load(h)\n\
                  json.dump(out, sys.stdout)\n";
    let out = Command::new(tool("python"))
        .args(["-c", script])
        .current_dir(all.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "hcl2:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tf: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let find = |file: &str, kind: &str| -> serde_json::Value {
        tf[file]["resource"]
            .as_array()
            .unwrap()
            .iter()
            .find_map(|r| r.get(kind).and_then(|k| k.get("app")).cloned())
            .unwrap_or_else(|| panic!("no {kind} in {file}"))
    };
    let service = find("example/service.tf", "google_cloud_run_v2_service");
    let template = &service["template"][0];
    assert_eq!(template["max_instance_request_concurrency"][0], 80);
    assert_eq!(template["scaling"][0]["max_instance_count"][0], 10);
    let container = &template["containers"][0];
    assert_eq!(container["resources"][0]["limits"][0]["memory"], "1Gi");
    assert_eq!(container["startup_probe"][0]["http_get"][0]["path"][0], "/health");
    let db = find("example/database.tf", "google_sql_database_instance");
    let backups = &db["settings"][0]["backup_configuration"][0];
    assert_eq!(backups["point_in_time_recovery_enabled"][0], true);
    assert_eq!(backups["backup_retention_settings"][0]["retained_backups"][0], 14);
    assert_eq!(db["settings"][0]["availability_type"][0], "ZONAL");
    let regional = find("regional/database.tf", "google_sql_database_instance");
    assert_eq!(regional["settings"][0]["availability_type"][0], "REGIONAL");
    assert!(tf.get("regional/secrets.tf").is_none() && tf.get("bare/database.tf").is_none());

    gcp_alerts(&tf);
    // The runbook says what evaluates them and links each alert to what to check first.
    let runbook = variants[0].1.read("docs/runbooks/incident-response.md");
    for part in [
        "Cloud Monitoring evaluates the alert policies in `deploy/terraform/alerts.tf`",
        "\n### ErrorBudgetBurn\n",
        "\n### LatencyBudgetBurn\n",
        "\n### InstanceDown\n",
        "Cloud Billing: the budget `<app>-monthly` in the production stack, $300 a month",
    ] {
        assert!(runbook.contains(part), "{part}:\n{runbook}");
    }
    if let Some(terraform) = crate::aws::terraform() {
        let out = Command::new(terraform)
            .args(["fmt", "-check", "-recursive", "."])
            .current_dir(all.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "terraform fmt:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }

    // The Terraform deploy changes only the image; its workflows pass the validators.
    let t = &variants[0].1;
    let deploy = t.read(".github/workflows/deploy.yml");
    assert!(deploy.contains("--no-traffic --tag candidate"), "{deploy}");
    assert!(!deploy.contains("services replace"), "{deploy}");
    crate::workflows::check_workflows("gcp terraform", t);
    // And the rolling deploy, which puts the traffic back on the newest revision.
    let bare = &variants[2].1;
    assert!(bare.read(".github/workflows/deploy.yml").contains("--to-latest"));
    crate::workflows::check_workflows("gcp terraform rolling", bare);
}

#[test]
fn with_terraform_the_setup_runbook_creates_only_what_terraform_does_not() {
    let t = with(&[("tool: platform-config", "tool: terraform")]);
    t.run(&["apply", "--yes"]).expect(0);
    let setup = t.read("docs/runbooks/setup.md");
    assert!(
        setup.contains("terraform -chdir=deploy/terraform apply -var environment=production"),
        "{setup}"
    );
    // Terraform's own resources are not created by hand too.
    for made_by_terraform in [
        "gcloud artifacts repositories create",
        "gcloud sql instances create",
        "gcloud secrets create",
        "--role roles/cloudsql.client",
    ] {
        assert!(
            !setup.contains(made_by_terraform),
            "{made_by_terraform}:\n{setup}"
        );
    }
    // What it does not create still is: the deploy account, the values.
    assert!(
        setup.contains("gcloud iam service-accounts create notes-api-deploy"),
        "{setup}"
    );
    assert!(setup.contains("gcloud secrets versions add"), "{setup}");
    let without = with(&[]);
    without.run(&["apply", "--yes"]).expect(0);
    let setup = without.read("docs/runbooks/setup.md");
    assert!(setup.contains("gcloud sql instances create"), "{setup}");
    assert!(!setup.contains("terraform -chdir"), "{setup}");
}

/// Runs the Terraform variant's deploy step with bash and a fake `gcloud`
/// whose `run services describe` shows the traffic a cancelled canary
/// leaves: 90% on the serving revision, 10% on the candidate.
#[test]
fn a_split_left_by_a_cancelled_canary_keeps_the_serving_revision() {
    let t = with(&[("tool: platform-config", "tool: terraform")]);
    t.run(&["apply", "--yes"]).expect(0);
    let workflow: Value = serde_norway::from_str(&t.read(".github/workflows/deploy.yml")).unwrap();
    let script = workflow["jobs"]["deploy-production"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .find_map(|s| s["run"].as_str().filter(|r| r.contains("SERVING=")))
        .unwrap()
        .to_owned();
    let bin = t.path(".test-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let stub = bin.join("gcloud");
    std::fs::write(
        &stub,
        "#!/usr/bin/env bash\nprintf '%s\\n' \"$*\" >> \"$GCLOUD_LOG\"\ncase \"$*\" in\n  'run services describe '*) cat \"$DESCRIBE\" ;;\nesac\n",
    )
    .unwrap();
    std::fs::set_permissions(&stub, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let (log, describe, github_env) = (
        t.path(".test-gcloud-log"),
        t.path(".test-describe"),
        t.path(".test-github-env"),
    );
    let run = |traffic: &str| {
        let _ = std::fs::remove_file(&log);
        let _ = std::fs::remove_file(&github_env);
        std::fs::write(&describe, format!(r#"{{"status": {{"traffic": {traffic}}}}}"#)).unwrap();
        let out = Command::new("bash")
            .args(["--noprofile", "--norc", "-e", "-o", "pipefail", "-c", &script])
            .env(
                "PATH",
                format!("{}:{}", bin.display(), std::env::var("PATH").unwrap()),
            )
            .env("GCLOUD_LOG", &log)
            .env("DESCRIBE", &describe)
            .env("GITHUB_ENV", &github_env)
            .envs([
                ("SERVICE", "notes-api"),
                ("REGION", "europe-west3"),
                ("IMAGE", "europe-west3-docker.pkg.dev/p/r/notes-api@sha256:0"),
                ("COMMIT", "0123abcdef"),
                ("RUN", "41"),
                ("ATTEMPT", "2"),
            ])
            .output()
            .unwrap();
        (
            out.status.success(),
            std::fs::read_to_string(&log).unwrap_or_default(),
            std::fs::read_to_string(&github_env).unwrap_or_default(),
        )
    };
    let (ok, calls, github_env) = run(
        r#"[{"revisionName": "notes-api-a", "percent": 90}, {"revisionName": "notes-api-b", "percent": 10, "tag": "candidate"}]"#,
    );
    assert!(ok, "{calls}");
    // A re-run is a new revision.
    assert!(
        github_env.contains("SERVING=notes-api-a\n")
            && github_env.contains("REVISION=notes-api-0123abc-41-2\n"),
        "{github_env}"
    );
    assert!(
        calls.contains("--revision-suffix 0123abc-41-2 --no-traffic --tag candidate"),
        "{calls}"
    );
    let (ok, calls, github_env) = run(r#"[{"revisionName": "notes-api-a", "percent": 100}]"#);
    assert!(ok && github_env.contains("SERVING=notes-api-a\n"), "{calls}");
    let (ok, calls, github_env) = run("[]");
    assert!(ok && github_env.contains("SERVING=\n"), "{calls}");
    assert!(calls.contains("--to-latest"), "{calls}");
}

/// The canary watch asks the candidate at its tagged address too: the
/// service's address reaches it for a tenth of the requests only. Runs the
/// step with bash, a fake `gcloud` and a `curl` whose candidate address fails.
#[test]
fn the_canary_watch_asks_the_candidate_at_its_own_address() {
    let t = with(&[]);
    t.run(&["apply", "--yes"]).expect(0);
    let workflow: Value = serde_norway::from_str(&t.read(".github/workflows/deploy.yml")).unwrap();
    let script = workflow["jobs"]["deploy-production"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .find_map(|s| s["run"].as_str().filter(|r| r.contains("during the canary")))
        .unwrap()
        .to_owned();
    let bin = t.path(".test-canary-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let log = t.path(".test-canary-log");
    let describe = t.path(".test-canary-describe");
    std::fs::write(
        &describe,
        r#"{"status": {"url": "https://notes-api-abc.a.run.app", "traffic": [
            {"revisionName": "notes-api-a", "percent": 90},
            {"revisionName": "notes-api-b", "percent": 10, "tag": "candidate", "url": "https://candidate---notes-api-abc.a.run.app"}]}}"#,
    )
    .unwrap();
    for (name, body) in [
        (
            "gcloud",
            "#!/usr/bin/env bash\nprintf '%s\\n' \"$*\" >> \"$LOG\"\ncase \"$*\" in\n  'run services describe '*) cat \"$DESCRIBE\" ;;\nesac\n",
        ),
        (
            "curl",
            "#!/usr/bin/env bash\nprintf 'curl %s\\n' \"$*\" >> \"$LOG\"\ncase \"$*\" in\n  *candidate---*) exit 22 ;;\nesac\n",
        ),
        ("sleep", "#!/usr/bin/env bash\n"),
    ] {
        let path = bin.join(name);
        std::fs::write(&path, body).unwrap();
        std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    }
    let out = Command::new("bash")
        .args(["--noprofile", "--norc", "-e", "-o", "pipefail", "-c", &script])
        .env(
            "PATH",
            format!("{}:{}", bin.display(), std::env::var("PATH").unwrap()),
        )
        .env("LOG", &log)
        .env("DESCRIBE", &describe)
        .envs([
            ("SERVICE", "notes-api"),
            ("REGION", "europe-west3"),
            ("SERVING", "notes-api-a"),
            ("REVISION", "notes-api-b"),
            ("PERCENT", "10"),
            ("MINUTES", "5"),
            ("HEALTH_PATH", "/healthz"),
        ])
        .output()
        .unwrap();
    let calls = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(!out.status.success(), "{calls}");
    assert!(
        calls.contains(
            "curl --fail --silent --show-error https://candidate---notes-api-abc.a.run.app/healthz"
        ),
        "{calls}"
    );
    assert!(
        calls.contains(
            "run services update-traffic notes-api --region europe-west3 --to-revisions notes-api-a=100"
        ),
        "{calls}"
    );
}

/// `alerts.tf` of the three variants: one policy per burn row with both
/// windows in its PromQL, the uptime check of the health path, the channels
/// (tokens from sensitive variables) and the budget, as the answers set them.
fn gcp_alerts(tf: &serde_json::Value) {
    let all = |file: &str, kind: &str| -> Vec<(String, serde_json::Value)> {
        tf[file]["resource"]
            .as_array()
            .map(|rs| {
                rs.iter()
                    .filter_map(|r| r.get(kind))
                    .flat_map(|k| k.as_object().unwrap().clone())
                    .collect()
            })
            .unwrap_or_default()
    };
    let policies = all("example/alerts.tf", "google_monitoring_alert_policy");
    let names: Vec<&str> = policies.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "availability_1h",
            "availability_6h",
            "availability_1d",
            "availability_3d",
            "latency_1h",
            "latency_6h",
            "latency_1d",
            "latency_3d",
            "instance_down"
        ]
    );
    let fast = &policies[0].1;
    assert_eq!(fast["severity"][0], "CRITICAL");
    assert!(
        fast["documentation"][0]["content"][0]
            .as_str()
            .unwrap()
            .ends_with("docs/runbooks/incident-response.md#errorbudgetburn."),
        "{fast}"
    );
    let query = fast["conditions"][0]["condition_prometheus_query_language"][0]["query"][0]
        .as_str()
        .unwrap();
    for part in [
        "run_googleapis_com:request_count{",
        "response_code_class=",
        "${local.app}",
        "[1h])) > 0.144) and (",
        "[5m])) > 0.144)",
    ] {
        assert!(query.contains(part), "{part}: {query}");
    }
    let slow_latency = &policies[7].1;
    assert_eq!(slow_latency["severity"][0], "WARNING");
    let query = slow_latency["conditions"][0]["condition_prometheus_query_language"][0]["query"][0]
        .as_str()
        .unwrap();
    assert!(
        query.starts_with(
            "(histogram_quantile(0.95, sum by (le) (rate(run_googleapis_com:request_latencies_bucket{"
        ) && query.contains("[3d]))) > 200) and (")
            && query.ends_with("[6h]))) > 200)"),
        "{query}"
    );
    let check = &all("example/alerts.tf", "google_monitoring_uptime_check_config")[0].1;
    assert_eq!(check["http_check"][0]["path"][0], "/health");
    let budget = &all("example/alerts.tf", "google_billing_budget")[0].1;
    assert_eq!(budget["amount"][0]["specified_amount"][0]["units"][0], "300");
    assert_eq!(budget["threshold_rules"][0]["threshold_percent"][0], 0.8);
    assert_eq!(budget["count"][0], "${var.environment == \"production\" ? 1 : 0}");
    let channels = all("example/alerts.tf", "google_monitoring_notification_channel");
    assert_eq!(channels.len(), 1);
    assert_eq!(channels[0].1["labels"][0]["email_address"], "${var.alert_email}");

    // Every channel: the tokens are sensitive variables; tickets skip the pagers.
    let channels = all("regional/alerts.tf", "google_monitoring_notification_channel");
    let kinds: Vec<&str> = channels
        .iter()
        .map(|(_, c)| c["type"][0].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["email", "slack", "pagerduty", "webhook_tokenauth"]);
    assert_eq!(
        channels[1].1["sensitive_labels"][0]["auth_token"][0],
        "${var.slack_auth_token}"
    );
    let variables = tf["regional/alerts.tf"]["variable"].as_array().unwrap();
    let sensitive: Vec<&String> = variables
        .iter()
        .flat_map(|v| v.as_object().unwrap())
        .filter(|(_, v)| v["sensitive"][0] == true)
        .map(|(k, _)| k)
        .collect();
    assert_eq!(
        sensitive,
        [
            "slack_auth_token",
            "pagerduty_service_key",
            "opsgenie_webhook_url"
        ]
    );
    let policies = all("regional/alerts.tf", "google_monitoring_alert_policy");
    // Pages reach all four, the pagers only in production (their channels
    // exist there only); tickets email and Slack.
    let pages = policies[0].1["notification_channels"][0].as_str().unwrap();
    assert!(pages.starts_with("${concat(["), "{pages}");
    for part in [
        "google_monitoring_notification_channel.email.name",
        "google_monitoring_notification_channel.slack.name",
        "google_monitoring_notification_channel.pagerduty[*].name",
        "google_monitoring_notification_channel.opsgenie[*].name",
    ] {
        assert!(pages.contains(part), "{part}: {pages}");
    }
    assert_eq!(
        policies[2].1["notification_channels"][0]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    for (name, channel) in &channels {
        let count = &channel["count"];
        if ["pagerduty", "opsgenie"].contains(&name.as_str()) {
            assert_eq!(count[0], "${var.environment == \"production\" ? 1 : 0}", "{name}");
            assert!(channel["lifecycle"][0]["precondition"].is_array(), "{name}");
        } else {
            assert!(count.is_null(), "{name}");
        }
    }
    for (name, v) in variables.iter().flat_map(|v| v.as_object().unwrap()) {
        let pager = ["pagerduty_service_key", "opsgenie_webhook_url"].contains(&name.as_str());
        assert_eq!(
            v["default"].get(0) == Some(&serde_json::json!("")),
            pager,
            "{name}"
        );
    }
    // A budget notifies only email channels.
    let budget = &all("regional/alerts.tf", "google_billing_budget")[0].1;
    assert_eq!(
        budget["all_updates_rule"][0]["monitoring_notification_channels"][0],
        serde_json::json!(["${google_monitoring_notification_channel.email.id}"])
    );

    // No downtime, no budget; 14.4 × 10% is over every request failing.
    let bare = all("bare/alerts.tf", "google_monitoring_alert_policy");
    assert_eq!(bare.len(), 7, "{bare:?}");
    assert!(all("bare/alerts.tf", "google_monitoring_uptime_check_config").is_empty());
    assert!(all("bare/alerts.tf", "google_billing_budget").is_empty());
}

#[test]
fn a_budget_without_email_links_no_channel_and_says_so() {
    let t = with(&[
        ("tool: platform-config", "tool: terraform"),
        ("alert_channels: [email]", "alert_channels: [slack, pagerduty]"),
    ]);
    let run = t.run(&["apply", "--yes"]).expect(0);
    assert!(run.stderr.contains("SS136"), "{}", run.stderr);
    let alerts = t.read("deploy/terraform/alerts.tf");
    assert!(alerts.contains("resource \"google_billing_budget\""), "{alerts}");
    assert!(!alerts.contains("all_updates_rule"), "{alerts}");
    assert!(!alerts.contains("monitoring_notification_channels"), "{alerts}");
    // With email answered, no warning.
    let t = with(&[("tool: platform-config", "tool: terraform")]);
    let run = t.run(&["apply", "--yes"]).expect(0);
    assert!(!run.stderr.contains("SS136"), "{}", run.stderr);
}

#[test]
fn another_clouds_database_is_an_error() {
    for (service, label) in [
        ("rds", "Amazon RDS"),
        ("azure-postgres", "Azure Database for PostgreSQL"),
    ] {
        let t = with(&[(
            "database_service: cloud-sql",
            &format!("database_service: {service}"),
        )]);
        let run = t.run(&["validate"]).expect(2);
        assert!(
            run.stderr.contains(&format!(
                "error[SS127]: {label} is another cloud's database: shipspec would create none, connect the Cloud Run service to none"
            )) && run.stderr.contains("use `cloud-sql` on Google Cloud, or `self-hosted`")
                && run.stderr.contains("at: infrastructure.hosting.database_service"),
            "{}",
            run.stderr
        );
    }
    with(&[("database_service: cloud-sql", "database_service: self-hosted")])
        .run(&["validate"])
        .expect(0);
}

/// Google's baseline regional quota (1000 vCPU, 2000 GiB) divided by one
/// instance's size: a quota increase lifts it, so it warns.
#[test]
fn more_instances_than_the_baseline_quota_is_a_warning() {
    let t = with(&[
        ("max_instances: 10", "max_instances: 600"),
        ("memory: 1gb", "memory: 4gb"),
        ("cpus: 1", "cpus: 2"),
    ]);
    let run = t.run(&["validate"]).expect(0);
    assert!(
        run.stderr.contains(
            "warning[SS128]: Cloud Run starts a service's instances only within the region's CPU and memory quota: the baseline (1000 vCPU, 2000 GiB) runs 500 instances of 2 CPU / 4 GiB, not 600"
        ) && run.stderr.contains("at: infrastructure.scaling.max_instances"),
        "{}",
        run.stderr
    );
    let t = with(&[("max_instances: 10", "max_instances: 1000")]);
    let run = t.run(&["validate"]).expect(0);
    assert!(!run.stderr.contains("SS128"), "{}", run.stderr);
}

/// Cloud SQL is created for PostgreSQL: a MySQL app would get a database
/// it cannot use.
#[test]
fn cloud_sql_for_another_engine_is_an_error() {
    let t = with(&[("database: postgres", "database: mysql")]);
    let run = t.run(&["validate"]).expect(2);
    assert!(
        run.stderr.contains(
            "error[SS129]: shipspec creates Cloud SQL for PostgreSQL only, and the app uses MySQL: its setup would create a PostgreSQL instance the app cannot use"
        ) && run.stderr.contains("or `database_service: self-hosted`"),
        "{}",
        run.stderr
    );
    with(&[
        ("database: postgres", "database: mysql"),
        ("database_service: cloud-sql", "database_service: self-hosted"),
    ])
    .run(&["validate"])
    .expect(0);
}
