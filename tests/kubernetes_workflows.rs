//! The Kubernetes workflows' scripts, run for real with bash against a
//! kubectl that records its calls and answers as a cluster would: a rollout
//! that does not become ready is undone, the image built is the image
//! applied (checked with the real `kubectl kustomize`), a rollback takes
//! only a revision number, and the backup check fails on an old backup.

use std::collections::BTreeMap;
use std::process::Command;

use serde_norway::Value;

use crate::support::Test;
use crate::workflows::example;

const DIGEST: &str = "sha256:4f3c2b1a4f3c2b1a4f3c2b1a4f3c2b1a4f3c2b1a4f3c2b1a4f3c2b1a4f3c2b1a";

/// A kubectl that logs every call to `$KUBECTL_LOG`; `rollout status`
/// fails when `$ROLLOUT_FAILS` is set, `get backups…` prints `$BACKUPS`.
const FAKE_KUBECTL: &str = r#"#!/usr/bin/env bash
printf '%s\n' "$*" >> "$KUBECTL_LOG"
grep -q '[^[:space:]]' "$KUBECONFIG" 2>/dev/null || { echo "no kubeconfig" >&2; exit 3; }
case "$1 $2" in
  "rollout status") [ -z "$ROLLOUT_FAILS" ] || exit 1 ;;
  "get backups.postgresql.cnpg.io") printf '%s' "$BACKUPS" ;;
esac
exit 0
"#;

struct Run {
    code: i32,
    calls: Vec<String>,
    stdout: String,
}

fn step<'a>(workflow: &'a Value, job: &str, name_starts: &str) -> &'a Value {
    workflow["jobs"][job]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|s| s["name"].as_str().is_some_and(|n| n.starts_with(name_starts)))
        .unwrap_or_else(|| panic!("no step {name_starts:?} in job {job}"))
}

/// Runs a step's script as GitHub does (`bash -e -o pipefail`), in the
/// project's directory, with its `env:` (expressions replaced by `exprs`).
fn run_step(t: &Test, step: &Value, exprs: &BTreeMap<&str, &str>, extra: &[(&str, &str)]) -> Run {
    let bin = t.path(".test-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let kubectl = bin.join("kubectl");
    std::fs::write(&kubectl, FAKE_KUBECTL).unwrap();
    std::fs::set_permissions(&kubectl, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let temp = t.path(".test-runner-temp");
    std::fs::create_dir_all(&temp).unwrap();
    let log = t.path(".test-kubectl-log");
    let _ = std::fs::remove_file(&log);
    let mut cmd = Command::new("bash");
    cmd.args(["--noprofile", "--norc", "-e", "-o", "pipefail", "-c"])
        .arg(step["run"].as_str().unwrap())
        .current_dir(t.dir.path())
        .env(
            "PATH",
            format!("{}:{}", bin.display(), std::env::var("PATH").unwrap()),
        )
        .env("RUNNER_TEMP", &temp)
        .env("GITHUB_WORKSPACE", t.dir.path())
        .env("KUBECTL_LOG", &log);
    for (key, value) in step["env"].as_mapping().unwrap() {
        let value = value.as_str().unwrap();
        let value = exprs.get(value).copied().unwrap_or(value);
        assert!(!value.contains("${{"), "unreplaced expression {value}");
        cmd.env(key.as_str().unwrap(), value);
    }
    for (key, value) in extra {
        cmd.env(key, value);
    }
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        calls: std::fs::read_to_string(&log)
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    }
}

fn workflow(t: &Test, name: &str) -> Value {
    serde_norway::from_str(&t.read(&format!(".github/workflows/{name}"))).unwrap()
}

#[test]
fn a_deploy_applies_the_image_just_built_and_undoes_a_rollout_that_never_gets_ready() {
    let t = example("k8s-fastapi");
    t.run(&["apply", "--yes"]).expect(0);
    let deploy = workflow(&t, "deploy.yml");
    let apply = step(&deploy, "deploy-production", "Apply");
    let exprs = BTreeMap::from([
        ("${{ secrets.KUBECONFIG_DATA }}", "apiVersion: v1\nkind: Config\n"),
        ("${{ steps.image.outputs.name }}", "ghcr.io/acme/notes-api"),
        ("${{ steps.build.outputs.digest }}", DIGEST),
    ]);

    let ok = run_step(&t, apply, &exprs, &[]);
    assert_eq!(ok.code, 0, "{}", ok.stdout);
    let namespace = apply["env"]["NAMESPACE"].as_str().unwrap();
    let deployment = apply["env"]["DEPLOYMENT"].as_str().unwrap();
    assert!(ok.calls[0].starts_with("apply -k "), "{:?}", ok.calls);
    assert_eq!(
        ok.calls[1..],
        [format!(
            "rollout status deployment/{deployment} --namespace {namespace} --timeout {}",
            apply["env"]["TIMEOUT"].as_str().unwrap()
        )],
        "no undo after a ready rollout"
    );
    // What was applied: the committed overlay, with the pushed digest.
    let release = ok.calls[0].trim_start_matches("apply -k ");
    let built = Command::new("kubectl")
        .args(["kustomize", release])
        .current_dir(t.dir.path())
        .output()
        .expect("kubectl (with kustomize) is needed: it is on this machine kind's image");
    let built_text = String::from_utf8_lossy(&built.stdout);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let images: Vec<&str> = built_text
        .lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix("image: ")
                .or_else(|| l.trim().strip_prefix("- image: "))
        })
        .collect();
    assert!(!images.is_empty(), "no image in\n{built_text}");
    for image in &images {
        assert_eq!(
            *image,
            format!("ghcr.io/acme/notes-api@{DIGEST}"),
            "\n{built_text}"
        );
    }
    assert!(built_text.contains(&format!("namespace: {namespace}")));

    let failed = run_step(&t, apply, &exprs, &[("ROLLOUT_FAILS", "1")]);
    assert_eq!(
        failed.code, 1,
        "a failed rollout fails the job\n{}",
        failed.stdout
    );
    assert!(
        failed
            .calls
            .iter()
            .any(|c| c == &format!("rollout undo deployment/{deployment} --namespace {namespace}")),
        "{:?}",
        failed.calls
    );
    assert!(
        failed
            .stdout
            .contains("::error::the rollout did not become ready")
    );

    // Without the secret, kubectl has no cluster and nothing is applied.
    let mut no_secret = exprs.clone();
    no_secret.insert("${{ secrets.KUBECONFIG_DATA }}", "");
    let refused = run_step(&t, apply, &no_secret, &[]);
    assert_ne!(refused.code, 0);
}

#[test]
fn a_rollback_takes_only_a_revision_number() {
    let t = example("k8s-fastapi");
    t.run(&["apply", "--yes"]).expect(0);
    let rollback = workflow(&t, "rollback.yml");
    let undo = step(&rollback, "rollback", "Undo");
    let run = |environment: &str, revision: &str| {
        let exprs = BTreeMap::from([
            ("${{ secrets.KUBECONFIG_DATA }}", "apiVersion: v1\nkind: Config\n"),
            ("${{ inputs.environment }}", environment),
            ("${{ inputs.revision }}", revision),
        ]);
        run_step(&t, undo, &exprs, &[])
    };
    let previous = run("production", "");
    assert_eq!(previous.code, 0, "{}", previous.stdout);
    assert!(
        previous
            .calls
            .iter()
            .any(|c| c.starts_with("rollout undo deployment/") && !c.contains("--to-revision"))
    );
    let chosen = run("staging", "7");
    assert_eq!(chosen.code, 0, "{}", chosen.stdout);
    assert!(
        chosen
            .calls
            .iter()
            .any(|c| c.contains("rollout undo") && c.ends_with("--to-revision 7")),
        "{:?}",
        chosen.calls
    );
    for bad in ["0", "1 --all", "7\n--all", "$(id)", "-1", "01"] {
        let r = run("production", bad);
        assert_eq!(r.code, 1, "{bad:?} accepted");
        assert!(
            !r.calls.iter().any(|c| c.contains("undo")),
            "{bad:?} reached kubectl"
        );
    }
    let unknown = run("qa", "");
    assert_eq!(unknown.code, 1);
    assert!(unknown.calls.is_empty());
}

#[test]
fn the_backup_check_fails_on_an_old_or_missing_backup() {
    let t = example("k8s-fastapi");
    t.run(&["apply", "--yes"]).expect(0);
    let check = workflow(&t, "backup-check.yml");
    let newest = step(&check, "freshness", "Check the newest backup");
    let cluster = newest["env"]["CLUSTER"].as_str().unwrap().to_owned();
    let exprs = BTreeMap::from([("${{ secrets.KUBECONFIG_DATA }}", "apiVersion: v1\nkind: Config\n")]);
    let backups = |items: &[(&str, &str, String)]| {
        let items: Vec<String> = items
            .iter()
            .map(|(cluster, phase, stopped)| {
                format!(r#"{{"spec":{{"cluster":{{"name":"{cluster}"}}}},"status":{{"phase":"{phase}","stoppedAt":"{stopped}"}}}}"#)
            })
            .collect();
        format!(r#"{{"items":[{}]}}"#, items.join(","))
    };
    let ago = |hours: i64| {
        let out = Command::new("date")
            .args(["-u", "-d", &format!("{hours} hours ago"), "+%Y-%m-%dT%H:%M:%SZ"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    };
    let fresh = backups(&[(&cluster, "completed", ago(30)), (&cluster, "completed", ago(2))]);
    let r = run_step(&t, newest, &exprs, &[("BACKUPS", &fresh)]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    // Failed backups and other clusters' backups do not count.
    let stale = backups(&[
        (&cluster, "completed", ago(30)),
        (&cluster, "failed", ago(1)),
        ("another-db", "completed", ago(1)),
    ]);
    let r = run_step(&t, newest, &exprs, &[("BACKUPS", &stale)]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stdout.contains("older than"), "{}", r.stdout);
    let r = run_step(&t, newest, &exprs, &[("BACKUPS", r#"{"items":[]}"#)]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("no backup found"), "{}", r.stdout);
}

#[test]
fn the_restore_runbook_points_the_app_at_the_restored_cluster() {
    let t = example("k8s-fastapi");
    t.run(&["apply", "--yes"]).expect(0);
    let runbook = t.read("docs/runbooks/backup-and-recovery.md");
    let command = runbook
        .lines()
        .find(|l| l.starts_with("kubectl patch deployment/"))
        .unwrap_or_else(|| panic!("no patch step in\n{runbook}"));
    let patch = command
        .split("--patch '")
        .nth(1)
        .and_then(|p| p.strip_suffix('\''))
        .expect("the patch is quoted");
    // The same patch, applied offline to the generated Deployment.
    let out = Command::new("kubectl")
        .args([
            "patch",
            "--local",
            "-f",
            "deploy/k8s/base/deployment.yaml",
            "--type",
            "strategic",
            "--patch",
            patch,
            "-o",
            "json",
        ])
        .current_dir(t.dir.path())
        .output()
        .expect("kubectl is needed: it is on this machine kind's image");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let patched: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let env = patched["spec"]["template"]["spec"]["containers"][0]["env"]
        .as_array()
        .unwrap()
        .clone();
    let before: serde_norway::Value =
        serde_norway::from_str(&t.read("deploy/k8s/base/deployment.yaml")).unwrap();
    let before_env = before["spec"]["template"]["spec"]["containers"][0]["env"]
        .as_sequence()
        .unwrap();
    assert_eq!(
        env.len(),
        before_env.len(),
        "the patch keeps every other variable"
    );
    let url = env.iter().find(|e| e["name"] == "DATABASE_URL").unwrap();
    assert_eq!(
        url["valueFrom"]["secretKeyRef"]["name"],
        "notes-api-db-restore-app"
    );
    assert_eq!(url["valueFrom"]["secretKeyRef"]["key"], "uri");
    assert!(command.contains("--namespace notes-api "), "{command}");
}
