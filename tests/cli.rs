//! Every command, flag and exit code through the real binary.

use crate::support::{EXAMPLE, Test};

#[test]
fn init_writes_blank_answers_that_validate_lists_as_missing() {
    let t = Test::new();
    let run = t.run(&["init"]).expect(0);
    assert!(run.stderr.contains("Wrote shipspec.yaml"), "{}", run.stderr);
    let written = t.read("shipspec.yaml");
    assert!(written.contains("# Q1. Where will the app run?"));
    assert!(written.contains("# Q20."));
    let run = t.run(&["validate"]).expect(2);
    for missing in [
        "infrastructure.hosting",
        "operations.performance",
        "project.language",
    ] {
        assert!(
            run.stderr.contains(&format!("= at: {missing}")),
            "{missing} not listed:\n{}",
            run.stderr
        );
    }
    assert!(run.stderr.contains("SS008"));
    // A second init refuses, --force overwrites.
    t.write("shipspec.yaml", "version: 1\n");
    t.run(&["init"]).expect(2);
    assert_eq!(t.read("shipspec.yaml"), "version: 1\n");
    t.run(&["init", "--force"]).expect(0);
    assert_eq!(t.read("shipspec.yaml"), written);
}

#[test]
fn init_example_is_the_bundled_example_and_valid() {
    let t = Test::new();
    t.run(&["init", "--example", "fly-fastapi"]).expect(0);
    assert_eq!(
        t.read("shipspec.yaml"),
        format!("{}{EXAMPLE}", shipspec::answers::schema::modeline())
    );
    let run = t.run(&["validate"]).expect(0);
    assert!(
        // Fly.io's CPU note, no shipspec release to pin in CI yet, and
        // the budget alert Fly.io has no API for.
        run.stderr.contains("shipspec.yaml: valid, 3 warnings"),
        "{}",
        run.stderr
    );
    t.run(&["init", "--example", "nope"]).expect(2);
}

#[test]
fn validate_json() {
    let run = Test::example().run(&["validate", "--format", "json"]).expect(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["valid"], true);
    // Only the warnings that Fly.io cannot scale on CPU, that no release
    // of shipspec exists yet for CI to pin, and that Fly.io's budget alert
    // is set by hand.
    let mut codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    codes.sort_unstable();
    assert_eq!(codes, ["SS021", "SS043", "SS121"]);
    assert_eq!(v["diagnostics"][0]["severity"], "warning");
    let t = Test::example();
    t.edit_answers("port: 8080", "port: 70000");
    let run = t.run(&["validate", "--format", "json"]).expect(2);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["valid"], false);
    let d = &v["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["code"], "SS010");
    assert_eq!(d["path"], "project.port");
    assert_eq!(d["line"], 10);
    assert_eq!(d["column"], 3);
    assert!(d["hint"].as_str().unwrap().contains("port"));
}

#[test]
fn plan_writes_nothing_and_lists_every_output() {
    let t = Test::example();
    let before = t.tree();
    let run = t.run(&["plan"]).expect(0);
    assert_eq!(t.tree(), before);
    for path in [
        ".env.example",
        "docs/specs/codebase_spec.md",
        "docs/specs/implementation_options_spec.md",
        "docs/specs/security_spec.md",
        "docs/specs/technical_design_spec.md",
        "fly.toml",
        ".github/workflows/ci.yml",
        ".github/workflows/deploy.yml",
        ".github/workflows/rollback.yml",
        ".github/workflows/backup-check.yml",
        "docs/runbooks/backup-and-recovery.md",
        "docs/runbooks/incident-response.md",
        "docs/runbooks/rollback.md",
        "docs/runbooks/setup.md",
        "app/health.py",
        "deploy/alerts/rules.yml",
        "deploy/alerts/alertmanager.yml",
        "deploy/alerts/prometheus.yml",
    ] {
        assert!(
            run.stdout.contains(&format!("  create    {path}\n")),
            "{path}:\n{}",
            run.stdout
        );
    }
    assert!(run.stdout.contains("+++ b/docs/specs/security_spec.md"));
    assert!(
        run.stdout
            .ends_with("Plan: 18 to create, 0 to update, 0 unchanged, 0 skipped, 0 conflicts.\n")
    );
}

#[test]
fn plan_json_shape() {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct File {
        path: String,
        mode: String,
        status: String,
        diff: String,
        #[serde(default)]
        detail: Option<String>,
        #[serde(default)]
        sections: Vec<String>,
        #[serde(default)]
        clashes: Vec<serde_json::Value>,
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Summary {
        create: usize,
        update: usize,
        merge: usize,
        unchanged: usize,
        edited: usize,
        skip: usize,
        conflict: usize,
        remove: usize,
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Plan {
        files: Vec<File>,
        summary: Summary,
    }
    let t = Test::example();
    let run = t.run(&["plan", "--format", "json"]).expect(0);
    let plan: Plan = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(plan.files.len(), 18);
    assert!(
        plan.files
            .iter()
            .all(|f| f.status == "create" && f.diff.starts_with("--- /dev/null"))
    );
    let mode = |path: &str| {
        plan.files
            .iter()
            .find(|f| f.path == path)
            .map(|f| f.mode.as_str())
            .unwrap()
    };
    assert_eq!(plan.files[0].path, ".env.example", "sorted by path");
    assert_eq!(mode(".env.example"), "managed");
    assert_eq!(mode(".github/workflows/ci.yml"), "managed");
    assert_eq!(mode("docs/specs/codebase_spec.md"), "sections");
    assert_eq!(mode("fly.toml"), "merged");
    assert_eq!(mode("deploy/alerts/rules.yml"), "managed");
    assert_eq!(mode("deploy/alerts/alertmanager.yml"), "scaffold");
    assert_eq!(
        (
            plan.summary.create,
            plan.summary.update,
            plan.summary.merge,
            plan.summary.unchanged,
            plan.summary.edited,
            plan.summary.skip,
            plan.summary.conflict,
            plan.summary.remove
        ),
        (18, 0, 0, 0, 0, 0, 0, 0)
    );
}

#[test]
fn plan_only_filters_outputs() {
    let t = Test::example();
    let run = t.run(&["plan", "--only", "docs/specs/security*"]).expect(0);
    assert!(run.stdout.contains("security_spec.md"));
    assert!(!run.stdout.contains("codebase_spec.md"));
    assert!(run.stdout.contains("Plan: 1 to create"));
    t.run(&["plan", "--only", "[oops"]).expect(2);
}

#[test]
fn global_flags_before_or_after_the_command() {
    let t = Test::new().file("conf/shipspec.yaml", EXAMPLE);
    t.run(&["--answers", "conf/shipspec.yaml", "apply", "--yes"])
        .expect(0);
    // --root defaults to the answers file's directory.
    assert!(t.path("conf/docs/specs/codebase_spec.md").exists());
    std::fs::create_dir(t.path("out")).unwrap();
    t.run(&[
        "apply",
        "--yes",
        "--answers",
        "conf/shipspec.yaml",
        "--root",
        "out",
    ])
    .expect(0);
    assert!(t.path("out/docs/specs/codebase_spec.md").exists());
    t.run(&["check", "--root", "out", "--answers", "conf/shipspec.yaml"])
        .expect(0);
    t.run(&["plan", "--root", "missing-dir", "--answers", "conf/shipspec.yaml"])
        .expect(2);
}

#[test]
fn missing_answers_file_is_an_error_with_a_hint() {
    let run = Test::new().run(&["plan"]).expect(2);
    assert!(
        run.stderr.contains("cannot read the answers file"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("shipspec init"));
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let t = Test::example();
    let always = t.run(&["plan", "--color", "always"]).expect(0);
    assert!(
        always.stdout.contains("\x1b[32m+"),
        "no colour with --color always"
    );
    let never = t.run(&["plan", "--color", "never"]).expect(0);
    assert!(!never.stdout.contains('\x1b'));
    // auto: the output is a pipe here, and NO_COLOR is honoured besides.
    let auto = t.run(&["plan"]).expect(0);
    assert!(!auto.stdout.contains('\x1b'));
    let t = Test::example().env("NO_COLOR", "1");
    assert!(
        !t.run(&["plan", "--color", "auto"])
            .expect(0)
            .stdout
            .contains('\x1b')
    );
}

#[test]
fn schema_command_prints_json() {
    let run = Test::new().run(&["schema"]).expect(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["title"], "Answers");
}

#[test]
fn bad_usage_exits_2_and_version_exits_0() {
    Test::new().run(&["frobnicate"]).expect(2);
    Test::new().run(&["plan", "--format", "yaml"]).expect(2);
    let v = Test::new().run(&["--version"]).expect(0);
    assert!(v.stdout.starts_with("shipspec "));
}

/// Runs shipspec in `t` with stdout going to `/dev/full` (every write fails
/// with "no space left on device").
#[cfg(target_os = "linux")]
fn to_full_disk(t: &Test, args: &[&str]) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_shipspec"))
        .current_dir(t.dir.path())
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_to_stdout_is_an_error() {
    let t = Test::example();
    for args in [
        &["plan"][..],
        &["plan", "--format", "json"],
        &["check", "--format", "json"],
        &["validate", "--format", "json"],
        &["explain"],
        &["schema"],
    ] {
        let (code, stderr) = to_full_disk(&t, args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(
            stderr.contains("error: cannot write to standard output: No space left on device"),
            "{args:?}: {stderr}"
        );
    }
    // `apply` shows the plan first: a plan nobody saw is not applied.
    let before = t.tree();
    let (code, stderr) = to_full_disk(&t, &["apply", "--yes"]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(t.tree(), before, "nothing written");
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_output_quietly() {
    let t = Test::example();
    let out = std::process::Command::new("bash")
        .current_dir(t.dir.path())
        .args([
            "-c",
            &format!(
                "\"{}\" plan | head -c 1 >/dev/null; exit ${{PIPESTATUS[0]}}",
                env!("CARGO_BIN_EXE_shipspec")
            ),
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("cannot write"), "{stderr}");
}

#[test]
fn init_points_editors_at_this_versions_schema() {
    let t = Test::new();
    t.run(&["init"]).expect(0);
    let first = t.read("shipspec.yaml").lines().next().unwrap().to_owned();
    assert_eq!(
        first,
        format!(
            "# yaml-language-server: $schema=https://raw.githubusercontent.com/shipspec/shipspec/v{}/schema/shipspec.schema.json",
            env!("CARGO_PKG_VERSION")
        )
    );
    // The URL is the committed copy at this version's tag: it must be
    // exactly what `shipspec schema` prints.
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema/shipspec.schema.json"
    ))
    .unwrap();
    assert_eq!(
        committed,
        t.run(&["schema"]).expect(0).stdout,
        "schema/shipspec.schema.json is stale: run `cargo run -- schema > schema/shipspec.schema.json`"
    );
}

#[test]
fn completions_for_every_shell_and_a_man_page() {
    let t = Test::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = t.run(&["completions", shell]).expect(0);
        for command in [
            "init",
            "validate",
            "plan",
            "apply",
            "check",
            "explain",
            "schema",
            "completions",
            "man",
        ] {
            assert!(run.stdout.contains(command), "{shell}: no {command}");
        }
        assert!(run.stdout.contains("answers"), "{shell}: no global flags");
    }
    let bash = t.run(&["completions", "bash"]).expect(0).stdout;
    t.write("shipspec.bash", &bash);
    let syntax = std::process::Command::new("bash")
        .args(["-n", "shipspec.bash"])
        .current_dir(t.dir.path())
        .status()
        .unwrap();
    assert!(syntax.success(), "the bash completion does not parse");
    t.run(&["completions", "tcsh"]).expect(2);

    let man = t.run(&["man"]).expect(0).stdout;
    assert!(
        man.contains(&format!(
            ".TH shipspec 1  \"shipspec {}\"",
            env!("CARGO_PKG_VERSION")
        )),
        "{man}"
    );
    for command in [
        "init",
        "validate",
        "plan",
        "apply",
        "check",
        "explain",
        "schema",
        "completions",
    ] {
        assert!(
            man.contains(&format!("shipspec\\-{command}")),
            "man page lists no {command}"
        );
    }
}

#[test]
fn pre_commit_hook_runs_check() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.pre-commit-hooks.yaml")).unwrap();
    let hooks: serde_norway::Value = serde_norway::from_str(&text).unwrap();
    let hooks = hooks.as_sequence().unwrap();
    assert_eq!(hooks.len(), 1);
    let hook = &hooks[0];
    assert_eq!(hook["id"], "shipspec-check");
    assert_eq!(hook["entry"], "shipspec check");
    assert_eq!(hook["language"], "system");
    assert_eq!(hook["pass_filenames"], serde_norway::Value::Bool(false));
    let files = regex::Regex::new(hook["files"].as_str().unwrap()).unwrap();
    for path in [
        "shipspec.yaml",
        ".shipspec/lock.toml",
        ".github/workflows/ci.yml",
        "docs/specs/security_spec.md",
        "fly.toml",
    ] {
        assert!(files.is_match(path), "{path} does not trigger the hook");
    }
    assert!(!files.is_match("src/main.py"));
}
