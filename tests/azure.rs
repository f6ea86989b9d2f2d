//! Azure Container Apps: the Container App YAML under
//! `deploy/containerapps/`, its placeholders filled in as the deploy
//! workflow fills them, checked against a JSON Schema of the fields
//! shipspec writes (from the Microsoft.App/containerApps reference; no
//! offline validator of Azure's own exists) and linted by yamllint, for
//! the bundled example and variants of it; it carries the answers; and
//! what Container Apps cannot honour is a located diagnostic.

use std::process::Command;

use serde_norway::Value;

use crate::support::{Test, tool};
use crate::workflows::example;

const DIR: &str = "deploy/containerapps";
const SCHEMA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/schemas/containerapp.schema.json"
);

/// yamllint as for the Kubernetes manifests: sequences not indented under their key.
const YAMLLINT: &str = "{extends: default, rules: {document-start: disable, truthy: {check-keys: false}, \
                        line-length: {max: 200}, indentation: {indent-sequences: consistent}}}";

/// What the deploy workflow puts in place of each placeholder.
const FILLED: [(&str, &str); 5] = [
    ("<subscription-id>", "00000000-1111-2222-3333-444444444444"),
    ("<resource-group>", "notes-rg"),
    ("<containerapps-environment>", "notes-env"),
    ("<registry>", "notesregistry"),
    ("<key-vault>", "notes-vault"),
];

fn with(edits: &[(&str, &str)]) -> Test {
    let t = example("azure-containerapps");
    for (from, to) in edits {
        t.edit_answers(from, to);
    }
    t
}

fn app(t: &Test, env: &str) -> Value {
    serde_norway::from_str(&t.read(&format!("{DIR}/{env}.containerapp.yaml"))).unwrap()
}

/// Each environment's file with its placeholders filled in, under `filled/`.
fn fill(t: &Test) -> Vec<String> {
    let mut out = Vec::new();
    for env in ["staging", "production"] {
        let mut text = t.read(&format!("{DIR}/{env}.containerapp.yaml"));
        for (from, to) in FILLED {
            text = text.replace(from, to);
        }
        let path = format!("filled/{env}.yaml");
        t.write(&path, text);
        out.push(path);
    }
    out
}

#[track_caller]
fn check_schema(t: &Test, files: &[String]) -> (bool, String) {
    let out = Command::new(tool("check-jsonschema"))
        .args(["--schemafile", SCHEMA])
        .args(files)
        .current_dir(t.dir.path())
        .output()
        .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn the_example_and_its_variants_match_the_schema_and_pass_yamllint() {
    let variants = [
        ("example", example("azure-containerapps")),
        (
            // Fixed replicas, no health checks, secrets the app cannot
            // reference, no database, rolling.
            "bare",
            with(&[
                ("mode: auto", "mode: manual"),
                ("    path: /health\n", "    enabled: false\n    path: /health\n"),
                ("database_service: azure-postgres", "database_service: none"),
                ("strategy: bluegreen", "strategy: rolling"),
                (
                    "production: azure-key-vault\n    development: dotenv\n  performance",
                    "production: doppler\n    development: dotenv\n  performance",
                ),
            ]),
        ),
        (
            // The largest Consumption size, scaling to zero on requests,
            // a long grace period, canary.
            "large",
            with(&[
                ("memory: 2gb", "memory: 8gb"),
                ("cpus: 1", "cpus: 4"),
                ("mode: auto", "mode: serverless"),
                ("min_instances: 1", "min_instances: 0"),
                ("grace_period_seconds: 10", "grace_period_seconds: 300"),
                ("strategy: bluegreen", "strategy: canary"),
                // A variable named like a placeholder stays itself when the names are filled in.
                (
                    "variables: [DATABASE_URL, API_KEYS, SENTRY_DSN]",
                    "variables: [DATABASE_URL, KEY_VAULT_URL]",
                ),
            ]),
        ),
    ];
    for (name, t) in &variants {
        t.run(&["apply", "--yes"]).expect(0);
        let files = fill(t);
        let (ok, said) = check_schema(t, &files);
        assert!(ok, "{name}: check-jsonschema:\n{said}");
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

    // The check itself: a misspelt field and a size Consumption lacks fail.
    let t = &variants[0].1;
    let text = t.read("filled/production.yaml");
    t.write("filled/bad.yaml", text.replace("maxReplicas:", "maxReplica:"));
    t.write("filled/small.yaml", text.replace("memory: 2Gi", "memory: 3Gi"));
    for bad in ["filled/bad.yaml", "filled/small.yaml"] {
        let (ok, said) = check_schema(t, &[bad.to_owned()]);
        assert!(!ok, "{bad} passed:\n{said}");
    }

    let bare = app(&variants[1].1, "production");
    let template = &bare["properties"]["template"];
    assert_eq!(template["scale"]["maxReplicas"], 1);
    assert_eq!(template["scale"]["rules"].as_sequence().unwrap().len(), 1);
    assert!(template["containers"][0].get("probes").is_none());
    assert!(bare["properties"]["configuration"].get("secrets").is_none());
    let filled = variants[2].1.read("filled/production.yaml");
    assert!(
        filled.contains("name: KEY_VAULT_URL") && filled.contains("secrets/notes-api-key-vault-url"),
        "{filled}"
    );
    let large = app(&variants[2].1, "production");
    let container = &large["properties"]["template"]["containers"][0];
    assert_eq!(container["resources"]["memory"], "8Gi");
    // Ten failures at most: the startup probe checks less often instead.
    let startup = &container["probes"][0];
    assert_eq!(startup["type"], "Startup");
    assert_eq!(startup["failureThreshold"], 10);
    assert_eq!(startup["periodSeconds"], 34);
    assert_eq!(large["properties"]["template"]["scale"]["minReplicas"], 0);
}

#[test]
fn the_app_carries_the_answers() {
    let t = example("azure-containerapps");
    t.run(&["apply", "--yes"]).expect(0);
    let a = app(&t, "production");
    assert_eq!(a["location"], "germanywestcentral");
    let config = &a["properties"]["configuration"];
    assert_eq!(config["activeRevisionsMode"], "Multiple");
    assert_eq!(config["maxInactiveRevisions"], 3);
    assert_eq!(config["ingress"]["targetPort"], 8080);
    assert_eq!(config["ingress"]["allowInsecure"], false);
    let secret = &config["secrets"][0];
    assert_eq!(secret["name"], "database-url");
    assert_eq!(
        secret["keyVaultUrl"],
        "https://<key-vault>.vault.azure.net/secrets/notes-api-database-url"
    );
    let template = &a["properties"]["template"];
    let c = &template["containers"][0];
    assert_eq!(c["resources"]["cpu"], 1.0);
    assert_eq!(c["resources"]["memory"], "2Gi");
    assert_eq!(c["env"][0]["name"], "DATABASE_URL");
    assert_eq!(c["env"][0]["secretRef"], "database-url");
    let kinds: Vec<&str> = c["probes"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|p| p["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["Startup", "Liveness", "Readiness"]);
    assert_eq!(c["probes"][2]["httpGet"]["path"], "/ready");
    let scale = &template["scale"];
    assert_eq!(
        (&scale["minReplicas"], &scale["maxReplicas"]),
        (&1.into(), &10.into())
    );
    assert_eq!(scale["rules"][0]["http"]["metadata"]["concurrentRequests"], "50");
    assert_eq!(scale["rules"][1]["custom"]["type"], "cpu");
    assert_eq!(scale["rules"][1]["custom"]["metadata"]["value"], "70");
    assert_eq!(
        app(&t, "staging")["properties"]["template"]["containers"][0]["image"],
        "<registry>.azurecr.io/notes-api-staging"
    );

    let deploy = t.read(".github/workflows/deploy.yml");
    assert!(
        deploy.contains("client-id: ${{ vars.AZURE_CLIENT_ID }}"),
        "{deploy}"
    );
    assert!(!deploy.contains("container-apps-deploy-action"));
    assert!(deploy.contains("az containerapp revision label add"), "{deploy}");
    let rollback = t.read(".github/workflows/rollback.yml");
    assert!(
        rollback.contains("az containerapp ingress traffic set"),
        "{rollback}"
    );
    let setup = t.read("docs/runbooks/setup.md");
    assert!(
        setup.contains("az identity federated-credential create"),
        "{setup}"
    );
    assert!(
        setup.contains("--backup-retention 14 --geo-redundant-backup Disabled"),
        "{setup}"
    );
    let restore = t.read("docs/runbooks/backup-and-recovery.md");
    assert!(
        restore.contains("az postgres flexible-server restore"),
        "{restore}"
    );
}

#[test]
fn what_container_apps_cannot_honour_is_located() {
    let t = with(&[("memory: 2gb", "memory: 3gb")]);
    let run = t.run(&["validate"]).expect(2);
    assert!(
        run.stderr
            .contains("error[SS102]: Container Apps (Consumption) has no container with 1 vCPU and 3gb"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("1.5 vCPU / 3Gi"), "{}", run.stderr);
    assert!(
        run.stderr.contains("write `cpus: 1` and `memory: 2gb`"),
        "{}",
        run.stderr
    );

    let t = with(&[("retention_days: 14", "retention_days: 60")]);
    let run = t.run(&["validate"]).expect(2);
    assert!(
        run.stderr.contains(
            "error[SS106]: Azure Database for PostgreSQL keeps automated backups 7 to 35 days, not 60"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("write `retention_days: 35`"),
        "{}",
        run.stderr
    );

    let t = with(&[
        ("min_instances: 1", "min_instances: 0"),
        ("secondary: []", "secondary: [westeurope]"),
    ]);
    let run = t.run(&["validate"]).expect(0);
    assert!(
        run.stderr
            .contains("warning[SS101]: a CPU scale rule cannot scale a container app to zero"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("warning[SS107]"), "{}", run.stderr);
    t.run(&["apply", "--yes"]).expect(0);
    assert_eq!(
        app(&t, "production")["properties"]["template"]["scale"]["minReplicas"],
        1
    );
    assert!(
        t.read("docs/runbooks/setup.md")
            .contains("--geo-redundant-backup Enabled")
    );

    let t = with(&[("primary: germanywestcentral", "primary: Frankfurt")]);
    t.run(&["validate"]).expect(0);
    let t = with(&[("primary: germanywestcentral", "primary: germanywest")]);
    let run = t.run(&["validate"]).expect(2);
    assert!(run.stderr.contains("is not an Azure region"), "{}", run.stderr);
}

/// Every variant's `deploy/terraform/`, copied under one folder, so one
/// checkov run covers them all.
#[test]
fn terraform_variants_pass_checkov_and_an_hcl_parser() {
    let variants = [
        // The example as Terraform: a flexible server, Key Vault secrets, blue-green.
        ("example", with(&[("tool: platform-config", "tool: terraform")])),
        (
            // Two replicas at minimum (a zone-redundant database), a secondary
            // region (geo-redundant backups), canary; every alert channel.
            "redundant",
            with(&[
                ("tool: platform-config", "tool: terraform"),
                ("min_instances: 1", "min_instances: 2"),
                ("secondary: []", "secondary: [westeurope]"),
                ("strategy: bluegreen", "strategy: canary"),
                (
                    "alert_channels: [email]",
                    "alert_channels: [email, slack, pagerduty, opsgenie]",
                ),
            ]),
        ),
        (
            // No database, no secrets the app can read, serverless, rolling;
            // no downtime alert, no budget, a 10% error budget.
            "bare",
            with(&[
                ("tool: platform-config", "tool: terraform"),
                ("alert_on: [downtime, error-rate]", "alert_on: [error-rate]"),
                ("monthly_budget_usd: 300", "monthly_budget_usd: 0"),
                ("error_rate_percent: 1", "error_rate_percent: 10"),
                ("database_service: azure-postgres", "database_service: none"),
                ("mode: auto", "mode: serverless"),
                ("strategy: bluegreen", "strategy: rolling"),
                (
                    "production: azure-key-vault\n    development: dotenv\n  performance",
                    "production: doppler\n    development: dotenv\n  performance",
                ),
            ]),
        ),
    ];
    let all = tempfile::tempdir().unwrap();
    for (name, t) in &variants {
        let run = t.run(&["apply", "--yes"]).expect(0);
        assert!(!t.path(DIR).exists(), "{name}: the app YAML is Terraform's now");
        // Log search alerts look back 2 days at most; Slack has no receiver.
        assert!(run.stderr.contains("warning[SS131]"), "{name}: {}", run.stderr);
        assert_eq!(
            run.stderr.contains("warning[SS132]"),
            *name == "redundant",
            "{name}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("SS120"), "{name}: {}", run.stderr);
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
    // checkov has few checks for these resources: that it read them all is the floor.
    assert!(
        summary["resource_count"].as_u64().unwrap() >= 12,
        "checkov read too little:\n{text}"
    );
    for skipped in report["results"]["skipped_checks"].as_array().unwrap() {
        assert!(
            skipped["check_result"]["suppress_comment"]
                .as_str()
                .is_some_and(|c| c.len() > 20),
            "{skipped}"
        );
    }

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
    let app = find("example/app.tf", "azurerm_container_app");
    assert_eq!(app["revision_mode"][0], "Multiple");
    let template = &app["template"][0];
    assert_eq!(template["max_replicas"][0], 10);
    assert_eq!(template["custom_scale_rule"][0]["custom_rule_type"][0], "cpu");
    let container = &template["container"][0];
    assert_eq!(container["memory"][0], "2Gi");
    assert_eq!(container["startup_probe"][0]["path"][0], "/health");
    assert_eq!(app["secret"].as_array().unwrap().len(), 3);
    let db = find("example/database.tf", "azurerm_postgresql_flexible_server");
    assert_eq!(db["backup_retention_days"][0], 14);
    assert_eq!(db["geo_redundant_backup_enabled"][0], false);
    assert_eq!(db["public_network_access_enabled"][0], false);
    let redundant = find("redundant/database.tf", "azurerm_postgresql_flexible_server");
    assert_eq!(redundant["geo_redundant_backup_enabled"][0], true);
    assert_eq!(redundant["high_availability"][0]["mode"][0], "ZoneRedundant");
    assert!(tf.get("bare/database.tf").is_none());
    let bare = find("bare/app.tf", "azurerm_container_app");
    assert!(bare.get("secret").is_none() && bare["template"][0].get("custom_scale_rule").is_none());

    azure_alerts(&tf);
    // The runbook says what evaluates them and links each alert to what to check first.
    let runbook = variants[0].1.read("docs/runbooks/incident-response.md");
    for part in [
        "Azure Monitor runs the log search alerts in `deploy/terraform/alerts.tf` over `ContainerAppHTTPLogs`",
        "\n### ErrorBudgetBurn\n",
        "\n### LatencyBudgetBurn\n",
        "\n### InstanceDown\n",
        "Azure Cost Management: the budget `<app>-monthly` on the resource group in the production stack, $300 a month",
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
    let t = &variants[1].1;
    let deploy = t.read(".github/workflows/deploy.yml");
    assert!(deploy.contains("--image \"$IMAGE\""), "{deploy}");
    assert!(!deploy.contains("--yaml"), "{deploy}");
    crate::workflows::check_workflows("azure terraform", t);
    // And the rolling deploy, which puts the traffic back on the newest revision.
    let bare = &variants[2].1;
    assert!(
        bare.read(".github/workflows/deploy.yml")
            .contains("weights=(latest=100)")
    );
    crate::workflows::check_workflows("azure terraform rolling", bare);
}

/// azurerm takes a budget notification's threshold as a whole percent
/// from 0 to 1000: out of range it is clamped into 1..=1000, with SS137.
#[test]
fn a_budget_threshold_azure_refuses_is_clamped_with_a_warning() {
    for (alert_at, threshold, warned) in [("99999", 1000, true), ("1", 1, true), ("299", 100, false)] {
        let t = with(&[
            ("tool: platform-config", "tool: terraform"),
            ("alert_at_usd: 240", &format!("alert_at_usd: {alert_at}")),
        ]);
        let run = t.run(&["apply", "--yes"]).expect(0);
        assert_eq!(
            run.stderr.contains("warning[SS137]"),
            warned,
            "{alert_at}: {}",
            run.stderr
        );
        let alerts = t.read("deploy/terraform/alerts.tf");
        let budget = alerts
            .split("resource \"azurerm_consumption_budget_resource_group\"")
            .nth(1)
            .unwrap_or_else(|| panic!("{alerts}"));
        let actual = budget
            .lines()
            .find(|l| l.trim_start().starts_with("threshold "))
            .and_then(|l| l.split('=').nth(1))
            .map(str::trim);
        assert_eq!(
            actual,
            Some(threshold.to_string().as_str()),
            "{alert_at}: {alerts}"
        );
    }
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
    for made_by_terraform in [
        "az postgres flexible-server create",
        "--role AcrPull",
        "--role 'Key Vault Secrets User'",
    ] {
        assert!(
            !setup.contains(made_by_terraform),
            "{made_by_terraform}:\n{setup}"
        );
    }
    assert!(setup.contains("pgaadauth_create_principal"), "{setup}");
    // With password sign-in off, an Entra administrator is the way in.
    let database = t.read("deploy/terraform/database.tf");
    assert!(database.contains("password_auth_enabled"), "{database}");
    assert!(
        database.contains(
            "resource \"azurerm_postgresql_flexible_server_active_directory_administrator\" \"app\""
        ),
        "{database}"
    );
    assert!(database.contains("var.database_admin_object_id"), "{database}");
}

/// The `run:` script of the step of `job` in `file` whose script contains `marker`.
fn script(t: &Test, file: &str, job: &str, marker: &str) -> String {
    let workflow: Value = serde_norway::from_str(&t.read(file)).unwrap();
    workflow["jobs"][job]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .find_map(|s| s["run"].as_str().filter(|r| r.contains(marker)))
        .unwrap_or_else(|| panic!("no step of {job} runs {marker}"))
        .to_owned()
}

/// Runs `script` with bash, a fake `az` (which logs its arguments and
/// answers `containerapp show` with `show`), and fake `curl` and `sleep`
/// that fail and return at once. Gives success, the calls and `$GITHUB_ENV`.
fn run_with_az(t: &Test, script: &str, show: &str, env: &[(&str, &str)]) -> (bool, String, String) {
    let bin = t.path(".test-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let stubs = [
        (
            "az",
            "#!/usr/bin/env bash\nprintf '%s\\n' \"$*\" >> \"$AZ_LOG\"\ncase \"$*\" in\n  'containerapp show '*) cat \"$AZ_SHOW\" ;;\n  'containerapp revision list '*) printf 'notes-api--a\\nnotes-api--b\\nnotes-api--c\\n' ;;\nesac\n",
        ),
        // The app's address answers; the candidate's own address does not.
        (
            "curl",
            "#!/usr/bin/env bash\nprintf 'curl %s\\n' \"$*\" >> \"$AZ_LOG\"\ncase \"$*\" in\n  *---candidate*) exit 22 ;;\nesac\n",
        ),
        ("sleep", "#!/usr/bin/env bash\n"),
    ];
    for (name, body) in stubs {
        let path = bin.join(name);
        if !path.exists() {
            std::fs::write(&path, body).unwrap();
            std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        }
    }
    let (log, show_file, github_env) = (
        t.path(".test-az-log"),
        t.path(".test-az-show"),
        t.path(".test-github-env"),
    );
    let _ = std::fs::remove_file(&log);
    let _ = std::fs::remove_file(&github_env);
    std::fs::write(&show_file, show).unwrap();
    let run = || {
        let _ = std::fs::remove_file(&log);
        let _ = std::fs::remove_file(&github_env);
        Command::new("bash")
            .args(["--noprofile", "--norc", "-e", "-o", "pipefail", "-c", script])
            .env(
                "PATH",
                format!("{}:{}", bin.display(), std::env::var("PATH").unwrap()),
            )
            .env("AZ_LOG", &log)
            .env("AZ_SHOW", &show_file)
            .env("GITHUB_ENV", &github_env)
            .envs(env.iter().copied())
            .output()
            .unwrap()
    };
    let out = run();
    (
        out.status.success(),
        std::fs::read_to_string(&log).unwrap_or_default(),
        std::fs::read_to_string(&github_env).unwrap_or_default(),
    )
}

/// After a failed canary, B is the newest ready revision but A takes all
/// the traffic; after a rollback from C to B, C is the newest ready one.
const AFTER_FAILED_CANARY: &str = r#"{"properties": {"latestReadyRevisionName": "notes-api--b",
  "configuration": {"ingress": {"traffic": [
    {"revisionName": "notes-api--a", "weight": 100}, {"revisionName": "notes-api--b", "weight": 0}]}}}}"#;
const AFTER_ROLLBACK: &str = r#"{"properties": {"latestReadyRevisionName": "notes-api--c",
  "configuration": {"ingress": {"traffic": [{"latestRevision": true, "weight": 0},
    {"revisionName": "notes-api--c", "weight": 0}, {"revisionName": "notes-api--b", "weight": 100}]}}}}"#;

#[test]
fn the_serving_revision_is_the_one_with_the_most_traffic() {
    let t = with(&[
        ("tool: platform-config", "tool: terraform"),
        ("strategy: bluegreen", "strategy: canary"),
    ]);
    t.run(&["apply", "--yes"]).expect(0);
    let deploy = ".github/workflows/deploy.yml";
    let name = script(&t, deploy, "deploy-production", "SUFFIX=");
    let env = [
        ("APP", "notes-api"),
        ("GROUP", "notes-rg"),
        ("COMMIT", "0123abcdef"),
        ("RUN", "41"),
        ("ATTEMPT", "2"),
    ];
    let (ok, calls, github_env) = run_with_az(&t, &name, AFTER_FAILED_CANARY, &env);
    assert!(ok, "{calls}");
    // A re-run is a new revision, and the suffix starts with a letter.
    assert!(
        github_env.contains("SERVING=notes-api--a\n")
            && github_env.contains("REVISION=notes-api--r0123abc-41-2\n"),
        "{github_env}"
    );
    assert!(
        calls.contains("--revision-weight latest=0 notes-api--a=100"),
        "{calls}"
    );
    let (ok, _, github_env) = run_with_az(&t, &name, AFTER_ROLLBACK, &env);
    assert!(
        ok && github_env.contains("SERVING=notes-api--b\n"),
        "{github_env}"
    );
    let (ok, _, github_env) = run_with_az(&t, &name, r#"{"properties": {}}"#, &env);
    assert!(ok && github_env.contains("SERVING=\n"), "{github_env}");

    // A canary that fails its health check is deactivated.
    let canary = script(&t, deploy, "deploy-production", "during the canary");
    let env = [
        ("APP", "notes-api"),
        ("GROUP", "notes-rg"),
        ("SERVING", "notes-api--a"),
        ("REVISION", "notes-api--b"),
        ("PERCENT", "10"),
        ("MINUTES", "5"),
        ("HEALTH_PATH", "/healthz"),
    ];
    let (ok, calls, _) = run_with_az(&t, &canary, AFTER_FAILED_CANARY, &env);
    // The app's own address answers: the candidate's label address is what
    // fails, so the watch asks it, not only the address a tenth reaches.
    assert!(!ok, "{calls}");
    assert!(
        calls.contains("curl --fail --silent --show-error https://notes-api---candidate."),
        "{calls}"
    );
    assert!(
        calls.contains("--revision-weight notes-api--a=100 notes-api--b=0")
            && calls.contains("containerapp revision deactivate --name notes-api --resource-group notes-rg --revision notes-api--b"),
        "{calls}"
    );

    // The rollback after a rollback from C to B goes on to A.
    let rollback = script(
        &t,
        ".github/workflows/rollback.yml",
        "rollback",
        "revision-weight",
    );
    let env = [("TARGET", "production"), ("REVISION", ""), ("GROUP", "notes-rg")];
    let (ok, calls, _) = run_with_az(&t, &rollback, AFTER_ROLLBACK, &env);
    assert!(ok, "{calls}");
    assert!(
        calls.contains("--revision-weight latest=0 notes-api--b=0 notes-api--a=100"),
        "{calls}"
    );
}

#[test]
fn more_replicas_than_container_apps_runs_is_an_error() {
    let t = with(&[("max_instances: 10", "max_instances: 100000")]);
    let run = t.run(&["validate"]).expect(2);
    assert!(
        run.stderr
            .contains("error[SS126]: Container Apps scales an app to at most 1000 replicas, not 100000")
            && run.stderr.contains("write `max_instances: 1000` or fewer"),
        "{}",
        run.stderr
    );
    let t = with(&[("max_instances: 10", "max_instances: 1000")]);
    t.run(&["validate"]).expect(0);
}

/// `alerts.tf` of the three variants: the burn rows as log search alerts
/// over the ingress log, both windows in each query, the availability test,
/// the action groups and the budget, as the answers set them.
fn azure_alerts(tf: &serde_json::Value) {
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
    let rules = all(
        "example/alerts.tf",
        "azurerm_monitor_scheduled_query_rules_alert_v2",
    );
    let names: Vec<&str> = rules.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "availability_1h",
            "availability_6h",
            "availability_1d",
            "latency_1h",
            "latency_6h",
            "latency_1d"
        ]
    );
    let fast = &rules[0].1;
    assert_eq!(fast["window_duration"][0], "PT1H");
    assert_eq!(fast["severity"][0], 1);
    let criteria = &fast["criteria"][0];
    assert_eq!(criteria["threshold"][0], 0.144);
    assert_eq!(criteria["metric_measure_column"][0], "burn");
    let query = criteria["query"][0].as_str().unwrap();
    for part in [
        "ContainerAppHTTPLogs",
        "ContainerAppName ==",
        "${local.app}",
        "ago(1h)",
        "ago(5m)",
        ">= 500",
    ] {
        assert!(query.contains(part), "{part}: {query}");
    }
    let slow_latency = &rules[5].1;
    assert_eq!(slow_latency["severity"][0], 2);
    assert_eq!(slow_latency["criteria"][0]["threshold"][0], 200);
    assert!(
        slow_latency["criteria"][0]["query"][0]
            .as_str()
            .unwrap()
            .contains("percentile(RequestDuration, 85)"),
        "{slow_latency}"
    );
    let test = &all(
        "example/alerts.tf",
        "azurerm_application_insights_standard_web_test",
    )[0]
    .1;
    assert_eq!(
        test["request"][0]["url"][0],
        "https://${azurerm_container_app.app.ingress[0].fqdn}/health"
    );
    assert_eq!(all("example/alerts.tf", "azurerm_monitor_metric_alert").len(), 1);
    let budget = &all("example/alerts.tf", "azurerm_consumption_budget_resource_group")[0].1;
    assert_eq!(budget["amount"][0], 300);
    assert_eq!(budget["notification"][0]["threshold"][0], 80);
    assert_eq!(budget["notification"][1]["threshold_type"][0], "Forecasted");
    let groups = all("example/alerts.tf", "azurerm_monitor_action_group");
    assert_eq!(groups.len(), 1, "email only: one group");
    assert_eq!(
        groups[0].1["email_receiver"][0]["email_address"][0],
        "${var.alert_email}"
    );

    // Every channel: pages reach the pagers, tickets and the budget email only.
    // The pagers are receivers in the production stack only: other
    // environments page nobody, and need no pager URL.
    let groups = all("redundant/alerts.tf", "azurerm_monitor_action_group");
    assert!(groups[0].1.get("webhook_receiver").is_none(), "{:?}", groups[0]);
    let pagers = groups[0].1["dynamic"].as_array().unwrap();
    assert_eq!(pagers.len(), 2, "{pagers:?}");
    for pager in pagers {
        assert_eq!(
            pager["webhook_receiver"]["for_each"][0], "${var.environment == \"production\" ? [1] : []}",
            "{pager}"
        );
    }
    let preconditions = groups[0].1["lifecycle"][0]["precondition"].as_array().unwrap();
    assert_eq!(preconditions.len(), 2, "{preconditions:?}");
    assert!(groups[1].1.get("webhook_receiver").is_none(), "{:?}", groups[1]);
    assert!(groups[1].1.get("dynamic").is_none(), "{:?}", groups[1]);
    let variables = tf["redundant/alerts.tf"]["variable"].as_array().unwrap();
    let sensitive: Vec<&String> = variables
        .iter()
        .flat_map(|v| v.as_object().unwrap())
        .filter(|(_, v)| v["sensitive"][0] == true)
        .map(|(k, _)| k)
        .collect();
    assert_eq!(sensitive, ["pagerduty_webhook_url", "opsgenie_webhook_url"]);
    for (name, v) in variables.iter().flat_map(|v| v.as_object().unwrap()) {
        let pager = sensitive.contains(&name);
        assert_eq!(
            v["default"].get(0) == Some(&serde_json::json!("")),
            pager,
            "{name}"
        );
    }

    // No downtime, no budget; 14.4 × 10% is over every request failing.
    let bare = all("bare/alerts.tf", "azurerm_monitor_scheduled_query_rules_alert_v2");
    assert_eq!(bare.len(), 5, "{bare:?}");
    assert!(all("bare/alerts.tf", "azurerm_monitor_metric_alert").is_empty());
    assert!(all("bare/alerts.tf", "azurerm_consumption_budget_resource_group").is_empty());
}

#[test]
fn another_clouds_database_is_an_error() {
    for (service, label) in [("rds", "Amazon RDS"), ("cloud-sql", "Cloud SQL")] {
        let t = with(&[(
            "database_service: azure-postgres",
            &format!("database_service: {service}"),
        )]);
        let run = t.run(&["validate"]).expect(2);
        assert!(
            run.stderr.contains(&format!(
                "error[SS127]: {label} is another cloud's database: shipspec would create none, connect the container app to none"
            )) && run.stderr.contains("use `azure-postgres` on Azure, or `self-hosted`")
                && run.stderr.contains("at: infrastructure.hosting.database_service"),
            "{}",
            run.stderr
        );
    }
    with(&[(
        "database_service: azure-postgres",
        "database_service: self-hosted",
    )])
    .run(&["validate"])
    .expect(0);
}

/// The flexible server is created for PostgreSQL: a MySQL app would get a
/// database it cannot use.
#[test]
fn a_flexible_server_for_another_engine_is_an_error() {
    let t = with(&[("database: postgres", "database: mysql")]);
    let run = t.run(&["validate"]).expect(2);
    assert!(
        run.stderr.contains(
            "error[SS129]: shipspec creates Azure Database for PostgreSQL for PostgreSQL only, and the app uses MySQL: its setup would create a PostgreSQL server the app cannot use"
        ),
        "{}",
        run.stderr
    );
}
