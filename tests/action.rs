//! The shipspec GitHub Action (`action.yml`): its steps pass the workflow
//! linters, and its install script, run for real against a release archive
//! built here from the test binary, installs a verified binary and refuses
//! a tampered archive or checksum before running anything.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_norway::Value;

use crate::support::{Test, tool, validate};
use crate::workflows::actionlint;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const TARGET: &str = "x86_64-unknown-linux-musl";

fn sha256(path: &Path) -> String {
    let out = Command::new("sha256sum").arg(path).output().unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

/// A release directory laid out as the release workflow publishes it:
/// `shipspec-<target>.tar.gz` holding `shipspec-<target>/shipspec`, and
/// `shipspec-<target>.tar.gz.sha256`.
fn release(t: &Test) -> PathBuf {
    let stage = t.path(&format!("stage/shipspec-{TARGET}"));
    std::fs::create_dir_all(&stage).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_shipspec"), stage.join("shipspec")).unwrap();
    let dir = t.path("release");
    std::fs::create_dir_all(&dir).unwrap();
    let archive = dir.join(format!("shipspec-{TARGET}.tar.gz"));
    let status = Command::new("tar")
        .args([
            "-czf",
            archive.to_str().unwrap(),
            "-C",
            t.path("stage").to_str().unwrap(),
        ])
        .arg(format!("shipspec-{TARGET}"))
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::write(
        dir.join(format!("shipspec-{TARGET}.tar.gz.sha256")),
        format!("{}  shipspec-{TARGET}.tar.gz\n", sha256(&archive)),
    )
    .unwrap();
    dir
}

/// Runs `action/install.sh` as the action's first step would.
fn install(t: &Test, base: &str, version: &str) -> Output {
    let runner_temp = t.path("runner-temp");
    std::fs::create_dir_all(&runner_temp).unwrap();
    Command::new("bash")
        .arg(format!("{ROOT}/action/install.sh"))
        .env("SHIPSPEC_VERSION", version)
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", "X64")
        .env("RUNNER_TEMP", &runner_temp)
        .env("GITHUB_PATH", t.path("github-path"))
        .env("SHIPSPEC_RELEASE_BASE_URL", base)
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Every `shipspec` binary unpacked anywhere under the runner's temp dir.
fn unpacked(t: &Test) -> Vec<String> {
    crate::support::tree(&t.path("runner-temp"))
        .into_keys()
        .filter(|p| p.ends_with("/shipspec"))
        .collect()
}

#[test]
fn install_script_installs_a_verified_release_and_the_action_runs_it() {
    let t = Test::new();
    let dir = release(&t);
    let out = install(
        &t,
        &format!("file://{}", dir.display()),
        env!("CARGO_PKG_VERSION"),
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("verified"), "{}", text(&out));
    let bin_dir = t.read("github-path").trim().to_owned();
    let bin = Path::new(&bin_dir).join("shipspec");
    let version = Command::new(&bin).arg("--version").output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("shipspec {}", env!("CARGO_PKG_VERSION"))
    );

    // A local directory works the same way (mirrors, air-gapped runners).
    let t2 = Test::new();
    let out = install(&t2, dir.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
    assert!(out.status.success(), "{}", text(&out));

    // The second step runs the command from the working directory, keeps
    // its exit code, and fills the job summary.
    let project = crate::workflows::example("fly-go-manual");
    project.run(&["apply", "--yes"]).expect(0);
    let path = format!("{bin_dir}:{}", std::env::var("PATH").unwrap());
    let run = |command: &str, summary: &Path| {
        Command::new("bash")
            .arg(format!("{ROOT}/action/run.sh"))
            .current_dir(project.dir.path())
            .env("PATH", &path)
            .env("SHIPSPEC_COMMAND", command)
            .env("GITHUB_STEP_SUMMARY", summary)
            .output()
            .unwrap()
    };
    let summary = t.path("summary.md");
    let out = run("check --format github", &summary);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(!t.read("summary.md").is_empty(), "check wrote no summary");
    project.write("fly.toml", "app = \"edited\"\n");
    let out = run("check --format github", &summary);
    assert_eq!(out.status.code(), Some(1), "drift exits 1: {}", text(&out));
    assert!(text(&out).contains("::error file=fly.toml"), "{}", text(&out));
    let plan_summary = t.path("plan.md");
    let out = run("plan", &plan_summary);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let written = t.read("plan.md");
    assert!(
        written.starts_with("### shipspec plan (exit 0)\n\n```text\n"),
        "{written}"
    );
    assert!(written.contains("conflict  fly.toml"), "{written}");
}

#[test]
fn install_script_refuses_a_tampered_checksum_or_archive() {
    // The checksum file names another hash.
    let t = Test::new();
    let dir = release(&t);
    let sums = dir.join(format!("shipspec-{TARGET}.tar.gz.sha256"));
    std::fs::write(&sums, format!("{}  shipspec-{TARGET}.tar.gz\n", "ab".repeat(32))).unwrap();
    let out = install(
        &t,
        &format!("file://{}", dir.display()),
        env!("CARGO_PKG_VERSION"),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("checksum mismatch"), "{}", text(&out));
    assert!(
        unpacked(&t).is_empty(),
        "unpacked before verifying: {:?}",
        unpacked(&t)
    );
    assert!(!t.path("github-path").exists(), "put on PATH");

    // The archive changed after its checksum was written.
    let t = Test::new();
    let dir = release(&t);
    let archive = dir.join(format!("shipspec-{TARGET}.tar.gz"));
    let mut bytes = std::fs::read(&archive).unwrap();
    bytes.extend_from_slice(b"evil");
    std::fs::write(&archive, bytes).unwrap();
    let out = install(
        &t,
        &format!("file://{}", dir.display()),
        env!("CARGO_PKG_VERSION"),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("checksum mismatch"), "{}", text(&out));
    assert!(unpacked(&t).is_empty());

    // No checksum at all, a checksum file without a hash, a version that
    // is not one, an unknown runner, another scheme: all refused.
    let t = Test::new();
    let dir = release(&t);
    std::fs::write(
        dir.join(format!("shipspec-{TARGET}.tar.gz.sha256")),
        "not a hash\n",
    )
    .unwrap();
    let out = install(&t, dir.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
    assert!(text(&out).contains("does not hold a sha256"), "{}", text(&out));
    std::fs::remove_file(dir.join(format!("shipspec-{TARGET}.tar.gz.sha256"))).unwrap();
    let out = install(&t, dir.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    for version in ["latest", "0.1", "0.1.0; id", "$(id)"] {
        let out = install(&t, dir.to_str().unwrap(), version);
        assert!(
            text(&out).contains("version must look like"),
            "{version}: {}",
            text(&out)
        );
    }
    let out = install(&t, "http://example.com/x", env!("CARGO_PKG_VERSION"));
    assert!(text(&out).contains("must be https://"), "{}", text(&out));
    // A release whose binary is another version is not used.
    let t = Test::new();
    let dir = release(&t);
    let out = install(&t, dir.to_str().unwrap(), "9.9.9");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("holds 'shipspec"), "{}", text(&out));
    assert!(!t.path("github-path").exists());
}

fn action() -> Value {
    serde_norway::from_str(&std::fs::read_to_string(format!("{ROOT}/action.yml")).unwrap()).unwrap()
}

#[test]
fn action_is_lint_clean_and_passes_inputs_through_env_only() {
    let a = action();
    assert_eq!(a["runs"]["using"], "composite");
    let inputs = a["inputs"].as_mapping().unwrap();
    let names: Vec<&str> = inputs.keys().map(|k| k.as_str().unwrap()).collect();
    assert_eq!(names, ["version", "command", "working-directory"]);
    assert_eq!(a["inputs"]["command"]["default"], "check --format github");
    for step in a["runs"]["steps"].as_sequence().unwrap() {
        let run = step["run"].as_str().unwrap();
        assert!(!run.contains("${{"), "expression inside run: {run}");
        assert_eq!(step["shell"], "bash");
    }

    // zizmor reads action definitions itself.
    let t = Test::new().file(
        "action.yml",
        &std::fs::read_to_string(format!("{ROOT}/action.yml")).unwrap(),
    );
    for persona in ["regular", "pedantic", "auditor"] {
        let out = Command::new(tool("zizmor"))
            .args(["--offline", "--persona", persona, "--no-progress", "action.yml"])
            .current_dir(t.dir.path())
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
        Path::new(ROOT),
        "check-jsonschema",
        &["--builtin-schema", "vendor.github-actions", "action.yml"],
    );
    validate(
        Path::new(ROOT),
        "yamllint",
        &[
            "--strict",
            "-c",
            ".yamllint.yml",
            "action.yml",
            ".pre-commit-hooks.yaml",
        ],
    );
    validate(
        Path::new(ROOT),
        "shellcheck",
        &["action/install.sh", "action/run.sh"],
    );

    // actionlint checks workflows, not action metadata: lint the action's
    // steps as the steps of a workflow job whose `inputs` are the action's.
    let mut dispatch_inputs = serde_norway::Mapping::new();
    for name in &names {
        let mut input = serde_norway::Mapping::new();
        input.insert("type".into(), "string".into());
        dispatch_inputs.insert((*name).into(), Value::Mapping(input));
    }
    let workflow = serde_norway::to_string(&serde_norway::from_str::<Value>(&format!(
        "on: {{workflow_dispatch: {{inputs: {}}}}}\npermissions: {{}}\njobs:\n  action:\n    runs-on: ubuntu-latest\n    steps: {}\n",
        serde_json::to_string(&dispatch_inputs).unwrap(),
        serde_json::to_string(&a["runs"]["steps"]).unwrap(),
    )).unwrap())
    .unwrap();
    let t = Test::new().file("action-steps.yml", &workflow);
    actionlint(t.dir.path(), &["action-steps.yml".to_owned()]);
}
