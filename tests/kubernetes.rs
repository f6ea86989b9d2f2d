//! Kubernetes: the Kustomize base and overlays under `deploy/k8s/`, built
//! by kubectl and checked by the validators a platform team runs
//! (kubernetes-validate, checkov, yamllint), for the bundled example and
//! variants of it; and what the answers cannot become on Kubernetes.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{Test, tool};

pub(crate) const EXAMPLE: &str = include_str!("../examples/k8s-fastapi/shipspec.yaml");

const DIR: &str = "deploy/k8s";

/// The Kubernetes version the built-in kinds are validated against.
const KUBERNETES: &str = "1.32.0";

/// API groups of the custom resources shipspec generates: no schema in
/// kubernetes-validate, so they are left out of that check (yamllint and
/// checkov still read them).
const CUSTOM_GROUPS: [&str; 4] = [
    "postgresql.cnpg.io/",
    "barmancloud.cnpg.io/",
    "external-secrets.io/",
    "monitoring.coreos.com/",
];

/// yamllint as for the workflows, with sequences written as kubectl and
/// Kustomize write them (not indented under their key).
const YAMLLINT: &str = "{extends: default, rules: {document-start: disable, truthy: {check-keys: false}, \
                        line-length: {max: 160}, indentation: {indent-sequences: consistent}}}";

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

trait Store {
    /// The answers with secrets and configuration kept in `store`.
    fn kept_in(self, store: &str) -> Self;
}

impl Store for Test {
    fn kept_in(self, store: &str) -> Test {
        let text = self.read("shipspec.yaml");
        assert!(text.contains("production: kubernetes-secrets"));
        let text = text.replace("production: kubernetes-secrets", &format!("production: {store}"));
        self.write("shipspec.yaml", text);
        self
    }
}

/// kubectl is not on any package registry scripts/test installs from: the
/// machine must have it. Missing, the test fails saying so.
fn kubectl() -> PathBuf {
    let found = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join("kubectl"))
        .find(|p| p.exists());
    found.unwrap_or_else(|| {
        panic!(
            "kubectl is not on PATH: the Kubernetes tests build the overlays with `kubectl kustomize`; install kubectl (it embeds Kustomize)"
        )
    })
}

fn overlays(t: &Test) -> Vec<String> {
    let mut envs: Vec<String> = std::fs::read_dir(t.path(&format!("{DIR}/overlays")))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    envs.sort();
    envs
}

fn run(program: &Path, args: &[&str], dir: &Path) -> String {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "{} {args:?} failed:\n{text}",
        program.display()
    );
    text
}

/// Builds every overlay of `t` into `into/<name>-<env>.yaml` (everything)
/// and `into/<name>-<env>.builtin.yaml` (the kinds Kubernetes has), and
/// lints the generated files.
fn build(t: &Test, name: &str, into: &Path) -> Vec<PathBuf> {
    let kubectl = kubectl();
    let mut builtin = Vec::new();
    for env in overlays(t) {
        let rendered = run(
            &kubectl,
            &["kustomize", &format!("{DIR}/overlays/{env}")],
            t.dir.path(),
        );
        std::fs::write(into.join(format!("{name}-{env}.yaml")), &rendered).unwrap();
        let docs: Vec<&str> = rendered
            .split("\n---\n")
            .filter(|doc| {
                !CUSTOM_GROUPS
                    .iter()
                    .any(|g| doc.contains(&format!("apiVersion: {g}")))
            })
            .collect();
        let path = into.join(format!("{name}-{env}.builtin.yaml"));
        std::fs::write(&path, docs.join("\n---\n")).unwrap();
        builtin.push(path);
    }
    run(
        &tool("yamllint"),
        &["--strict", "-d", YAMLLINT, DIR],
        t.dir.path(),
    );
    builtin
}

#[test]
fn the_example_and_its_variants_pass_kubernetes_validate_checkov_and_yamllint() {
    let variants: Vec<(&str, Test)> = vec![
        ("example", example()),
        (
            // Fixed pod count, Postgres on Amazon RDS, variables from Vault
            // through External Secrets, every pod replaced at once.
            "managed",
            with(&[
                ("mode: auto", "mode: manual"),
                ("max_instances: 5", "max_instances: 2"),
                ("database_service: self-hosted", "database_service: rds"),
                ("strategy: rolling", "strategy: immediate"),
            ])
            .kept_in("vault"),
        ),
        (
            // One pod on port 80, no health checks (so no probes), SSM
            // parameters.
            "bare",
            with(&[
                ("port: 8080", "port: 80"),
                ("min_instances: 2", "min_instances: 1"),
                ("    path: /health\n", "    enabled: false\n    path: /health\n"),
            ])
            .kept_in("aws-ssm-parameter-store"),
        ),
        (
            // Hourly backups of the in-cluster database, serverless scaling,
            // blue-green generated as rolling, variables from Doppler.
            "hourly",
            with(&[
                ("strategy: rolling", "strategy: bluegreen"),
                ("mode: auto", "mode: serverless"),
                ("frequency: daily", "frequency: hourly"),
                ("rpo: 24h", "rpo: 1h"),
            ])
            .kept_in("doppler"),
        ),
    ];
    let rendered = tempfile::tempdir().unwrap();
    let mut builtin = Vec::new();
    for (name, t) in &variants {
        t.run(&["apply", "--yes"]).expect(0);
        let outside_store = *name != "example";
        assert_eq!(
            t.path(&format!("{DIR}/base/externalsecret.yaml")).exists(),
            outside_store,
            "{name}"
        );
        builtin.extend(build(t, name, rendered.path()));
    }
    assert_eq!(builtin.len(), variants.len() * 2, "two overlays per variant");

    let mut args = vec!["--strict".to_owned(), "-k".to_owned(), KUBERNETES.to_owned()];
    args.extend(builtin.iter().map(|p| p.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run(&tool("kubernetes-validate"), &args, rendered.path());
    assert!(!out.contains("WARN") && !out.contains("ERROR"), "{out}");
    for p in &builtin {
        assert!(out.contains(&format!("{} passed", p.display())), "{out}");
    }

    // checkov reads everything, custom resources included; any check that
    // does not apply is skipped in the manifest itself, with its reason.
    for p in &builtin {
        std::fs::remove_file(p).unwrap();
    }
    let out = run(
        &tool("checkov"),
        &[
            "--framework",
            "kubernetes",
            "--skip-download",
            "--quiet",
            "--compact",
            "-d",
            ".",
        ],
        rendered.path(),
    );
    assert!(out.contains("Failed checks: 0,"), "{out}");
    assert!(!out.contains("Passed checks: 0,"), "{out}");
}

#[test]
fn every_file_is_managed_generated_and_holds_no_secret_value() {
    let t = example();
    t.run(&["apply", "--yes"]).expect(0);
    let files: Vec<(String, String)> = t
        .tree()
        .into_iter()
        .filter(|(p, _)| p.starts_with(DIR))
        .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
        .collect();
    let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        names,
        [
            "deploy/k8s/base/deployment.yaml",
            "deploy/k8s/base/hpa.yaml",
            "deploy/k8s/base/ingress.yaml",
            "deploy/k8s/base/kustomization.yaml",
            "deploy/k8s/base/networkpolicy.yaml",
            "deploy/k8s/base/pdb.yaml",
            "deploy/k8s/base/postgres-cluster.yaml",
            "deploy/k8s/base/postgres-objectstore.yaml",
            "deploy/k8s/base/postgres-scheduledbackup.yaml",
            "deploy/k8s/base/service.yaml",
            "deploy/k8s/overlays/production/kustomization.yaml",
            "deploy/k8s/overlays/production/prometheusrule.yaml",
            "deploy/k8s/overlays/staging/kustomization.yaml",
        ]
    );
    for (path, text) in &files {
        assert!(
            text.starts_with("# Generated by shipspec from shipspec.yaml: "),
            "{path}"
        );
        assert!(!text.contains("kind: Secret\n"), "{path} writes a Secret");
    }
    let lock = t.read(".shipspec/lock.toml");
    assert!(lock.contains("\"deploy/k8s/base/deployment.yaml\""), "{lock}");
    // The same answers give the same bytes.
    let before = t.tree();
    t.run(&["apply", "--yes"]).expect(0);
    assert_eq!(t.tree(), before);
}

#[test]
fn the_deployment_follows_the_answers() {
    let t = example();
    t.run(&["apply", "--yes"]).expect(0);
    let d = t.read("deploy/k8s/base/deployment.yaml");
    for line in [
        "  revisionHistoryLimit: 3\n",
        "            memory: 1Gi\n",
        "            cpu: '1'\n",
        "            path: /ready\n",
        "            path: /health\n",
        "          periodSeconds: 15\n",
        "          timeoutSeconds: 5\n",
        // The 10 s grace period: the first startup probe runs as the
        // container starts, so 3 probes 5 s apart let it fail until 10 s.
        "        startupProbe:\n          failureThreshold: 3\n",
        "      maxUnavailable: 0\n",
        "      automountServiceAccountToken: false\n",
        "          readOnlyRootFilesystem: true\n",
        "              name: notes-api-secrets\n",
    ] {
        assert!(d.contains(line), "no {line:?} in\n{d}");
    }
    // The autoscaler owns the count.
    assert!(!d.contains("replicas:"), "{d}");
    let hpa = t.read("deploy/k8s/base/hpa.yaml");
    for line in [
        "  minReplicas: 2\n",
        "  maxReplicas: 5\n",
        "averageUtilization: 80\n",
    ] {
        assert!(hpa.contains(line), "no {line:?} in\n{hpa}");
    }
    let ingress = t.read("deploy/k8s/base/ingress.yaml");
    assert!(ingress.contains("secretName: notes-api-tls"), "{ingress}");
    let staging = t.read("deploy/k8s/overlays/staging/kustomization.yaml");
    assert!(staging.contains("namespace: notes-api-staging\n"), "{staging}");
    assert!(
        staging.contains("value: notes-api-staging.example.invalid\n"),
        "{staging}"
    );

    // Manual scaling: a fixed count, no autoscaler, no budget for one pod.
    let t = with(&[
        ("mode: auto", "mode: manual"),
        ("min_instances: 2", "min_instances: 1"),
    ]);
    t.run(&["apply", "--yes"]).expect(0);
    assert!(
        t.read("deploy/k8s/base/deployment.yaml")
            .contains("  replicas: 1\n")
    );
    assert!(!t.path("deploy/k8s/base/hpa.yaml").exists());
    assert!(!t.path("deploy/k8s/base/pdb.yaml").exists());
}

#[test]
fn self_hosted_postgres_is_a_cloudnativepg_cluster_with_the_answered_backups() {
    let t = with(&[("retention_days: 30\n    rto", "retention_days: 14\n    rto")]);
    t.run(&["apply", "--yes"]).expect(0);
    let backup = t.read("deploy/k8s/base/postgres-scheduledbackup.yaml");
    assert!(backup.contains("schedule: 0 0 2 * * *\n"), "{backup}");
    assert!(backup.contains("method: plugin\n"), "{backup}");
    let store = t.read("deploy/k8s/base/postgres-objectstore.yaml");
    assert!(store.contains("retentionPolicy: 14d\n"), "{store}");
    assert!(store.contains("# A custom resource"), "{store}");
    let d = t.read("deploy/k8s/base/deployment.yaml");
    assert!(d.contains("name: notes-api-db-app\n"), "{d}");
    let policy = t.read("deploy/k8s/base/networkpolicy.yaml");
    assert!(policy.contains("cnpg.io/cluster: notes-api-db\n"), "{policy}");
    let production = t.read("deploy/k8s/overlays/production/kustomization.yaml");
    assert!(
        production.contains("value: s3://notes-api-backups/production/\n"),
        "{production}"
    );
}

mod checks {
    use super::{example, with};

    #[test]
    fn memory_beyond_a_quantity_is_a_located_error() {
        let t = with(&[("memory: 1gb", "memory: 9000000000000gb")]);
        let run = t.run(&["validate"]).expect(2);
        assert!(run.stderr.contains("error[SS080]"), "{}", run.stderr);
        assert!(run.stderr.contains("--> shipspec.yaml:27:"), "{}", run.stderr);
    }

    #[test]
    fn min_above_max_is_an_error() {
        let t = with(&[("min_instances: 2", "min_instances: 6")]);
        let run = t.run(&["validate"]).expect(2);
        assert!(run.stderr.contains("error[SS012]"), "{}", run.stderr);
    }

    #[test]
    fn bluegreen_and_canary_become_rolling_with_a_warning() {
        for strategy in ["bluegreen", "canary"] {
            let t = with(&[("strategy: rolling", &format!("strategy: {strategy}"))]);
            let run = t.run(&["apply", "--yes"]).expect(0);
            assert!(run.stderr.contains("warning[SS081]"), "{}", run.stderr);
            let d = t.read("deploy/k8s/base/deployment.yaml");
            assert!(d.contains("    type: RollingUpdate\n"), "{d}");
        }
        let t = with(&[("strategy: rolling", "strategy: immediate")]);
        let run = t.run(&["apply", "--yes"]).expect(0);
        assert!(!run.stderr.contains("SS081"), "{}", run.stderr);
        assert!(
            t.read("deploy/k8s/base/deployment.yaml")
                .contains("    type: Recreate\n")
        );
    }

    #[test]
    fn no_health_checks_means_no_probes_and_a_warning() {
        let t = with(&[("    path: /health\n", "    enabled: false\n    path: /health\n")]);
        let run = t.run(&["apply", "--yes"]).expect(0);
        assert!(run.stderr.contains("warning[SS082]"), "{}", run.stderr);
        let d = t.read("deploy/k8s/base/deployment.yaml");
        assert!(!d.contains("Probe"), "{d}");
        assert!(d.contains("CKV_K8S_9=health checks are off"), "{d}");
        // A readiness path the liveness check also uses is refused before.
        let t = with(&[("readiness_path: /ready", "readiness_path: /health")]);
        let run = t.run(&["validate"]).expect(2);
        assert!(run.stderr.contains("error[SS018]"), "{}", run.stderr);
    }

    #[test]
    fn another_platforms_secret_store_is_an_error() {
        let t = with(&[("production: kubernetes-secrets", "production: fly-secrets")]);
        let run = t.run(&["validate"]).expect(2);
        assert!(run.stderr.contains("error[SS040]"), "{}", run.stderr);
    }

    #[test]
    fn no_tls_is_an_error() {
        let t = with(&[("in_transit: tls", "in_transit: none")]);
        let run = t.run(&["validate"]).expect(2);
        assert!(run.stderr.contains("error[SS029]"), "{}", run.stderr);
    }

    #[test]
    fn a_database_cluster_name_over_50_characters_is_an_error() {
        // CloudNativePG refuses Cluster names over 50 characters, and the
        // restore runbook's `<project>-db-restore` must fit: 39 at most.
        let fits = format!("n{}", "e".repeat(38));
        let t = with(&[("name: notes-api", &format!("name: {fits}"))]);
        t.run(&["validate"]).expect(0);
        let long = format!("n{}", "e".repeat(39));
        let t = with(&[("name: notes-api", &format!("name: {long}"))]);
        let run = t.run(&["validate"]).expect(2);
        assert!(run.stderr.contains("error[SS083]"), "{}", run.stderr);
        assert!(
            run.stderr.contains(&format!("`{long}-db-restore`")),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("at most 39 characters"), "{}", run.stderr);
    }

    #[test]
    fn serverless_and_databases_without_manifests_are_warnings() {
        let t = with(&[("mode: auto", "mode: serverless")]);
        let run = t.run(&["validate"]).expect(0);
        assert!(run.stderr.contains("warning[SS084]"), "{}", run.stderr);
        let t = with(&[("database: postgres", "database: mysql")]);
        let run = t.run(&["validate"]).expect(0);
        assert!(run.stderr.contains("warning[SS085]"), "{}", run.stderr);
        let run = example().run(&["validate"]).expect(0);
        assert!(!run.stderr.contains("SS08"), "{}", run.stderr);
    }

    #[test]
    fn autoscaling_from_zero_pods_warns_and_keeps_one() {
        let t = with(&[("min_instances: 2", "min_instances: 0")]);
        let run = t.run(&["apply", "--yes"]).expect(0);
        assert!(
            run.stderr
                .contains("warning[SS086]: a HorizontalPodAutoscaler keeps at least one pod"),
            "{}",
            run.stderr
        );
        let hpa = t.read("deploy/k8s/base/hpa.yaml");
        assert!(hpa.contains("minReplicas: 1\n"), "{hpa}");
    }
}
