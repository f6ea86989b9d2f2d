//! Workspace mode: `--all` runs every service under the root in one
//! process, reports each whole and in path order, and exits with the worst.

use crate::support::{EXAMPLE, Test, tree};

/// Three services (`svc/a`, `svc/b`, `svc/c`), and ones that must not be
/// found: under a .gitignore'd folder, a hidden folder, and behind a
/// symbolic link that leads out of the root.
fn workspace() -> (Test, tempfile::TempDir) {
    let t = Test::new();
    for name in ["a", "b", "c"] {
        t.write(
            &format!("svc/{name}/shipspec.yaml"),
            EXAMPLE.replace("name: notes-api", &format!("name: notes-{name}")),
        );
    }
    t.write(".gitignore", "build/\n");
    t.write("build/copy/shipspec.yaml", EXAMPLE);
    t.write(".cache/old/shipspec.yaml", EXAMPLE);
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(outside.path().join("x")).unwrap();
    std::fs::write(outside.path().join("x/shipspec.yaml"), EXAMPLE).unwrap();
    std::os::unix::fs::symlink(outside.path(), t.path("linked")).unwrap();
    (t, outside)
}

fn headings(text: &str) -> Vec<&str> {
    text.lines().filter_map(|l| l.strip_prefix("==> ")).collect()
}

#[test]
fn every_service_is_found_and_reported_in_order() {
    let (t, _outside) = workspace();
    let run = t.run(&["validate", "--all"]).expect(0);
    assert_eq!(
        headings(&run.stderr),
        [
            "svc/a/shipspec.yaml",
            "svc/b/shipspec.yaml",
            "svc/c/shipspec.yaml"
        ],
        "{}",
        run.stderr
    );
    assert!(run.stderr.ends_with("\n3 services: 3 valid\n"), "{}", run.stderr);
    // Each service's diagnostics point into its own answers file.
    assert!(run.stderr.contains("--> svc/b/shipspec.yaml:"), "{}", run.stderr);
}

#[test]
fn one_broken_service_does_not_stop_the_others_and_sets_the_exit_code() {
    let (t, _outside) = workspace();
    t.write("svc/b/shipspec.yaml", "version: [\n");
    let run = t.run(&["validate", "--all"]).expect(2);
    assert!(
        run.stderr.contains("svc/a/shipspec.yaml: valid"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("svc/b/shipspec.yaml: invalid"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("svc/c/shipspec.yaml: valid"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with("3 services: 2 valid, 1 invalid\n"),
        "{}",
        run.stderr
    );
    // apply writes the two good services and nothing for the broken one.
    let run = t.run(&["apply", "--all", "--yes"]).expect(2);
    assert!(t.path("svc/a/fly.toml").exists() && t.path("svc/c/fly.toml").exists());
    assert!(!t.path("svc/b/fly.toml").exists());
    assert!(
        run.stderr
            .ends_with("3 services: 2 written, 0 up to date, 1 failed\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn apply_writes_what_each_service_alone_would() {
    let (t, _outside) = workspace();
    t.run(&["apply", "--all", "--yes"]).expect(0);
    for name in ["a", "b", "c"] {
        let alone = Test::new().answers(&t.read(&format!("svc/{name}/shipspec.yaml")));
        alone.run(&["apply", "--yes"]).expect(0);
        let mut together = tree(&t.path(&format!("svc/{name}")));
        let mut single = alone.tree();
        // The lock records when each file was written by content only, so
        // whole trees compare; nothing outside the service was touched.
        together.retain(|k, _| !k.starts_with(".shipspec/"));
        single.retain(|k, _| !k.starts_with(".shipspec/"));
        assert_eq!(together, single, "svc/{name}");
    }
    assert!(
        !t.path("build/copy/fly.toml").exists(),
        "a .gitignore'd service was applied"
    );
    assert!(
        !t.path(".cache/old/fly.toml").exists(),
        "a hidden folder's service was applied"
    );
    assert!(
        !t.path("linked/x/fly.toml").exists(),
        "a service outside the root was applied"
    );
    let run = t.run(&["check", "--all"]).expect(0);
    assert!(
        run.stderr.ends_with("3 services: 3 up to date\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_service_with_a_conflict_is_named_and_left_untouched() {
    let (t, _outside) = workspace();
    t.run(&["apply", "--all", "--yes"]).expect(0);
    // A hand edit of a key shipspec is about to change, in svc/a.
    let fly = t
        .read("svc/a/fly.toml")
        .replace("min_machines_running = 2", "min_machines_running = 4");
    t.write("svc/a/fly.toml", &fly);
    for name in ["a", "b"] {
        let path = format!("svc/{name}/shipspec.yaml");
        t.write(
            &path,
            t.read(&path).replacen("min_instances: 2", "min_instances: 3", 1),
        );
    }
    let before = tree(&t.path("svc/a"));
    let run = t.run(&["apply", "--all", "--yes"]).expect(1);
    assert_eq!(
        tree(&t.path("svc/a")),
        before,
        "the conflicted service was written"
    );
    assert!(t.read("svc/b/fly.toml").contains("min_machines_running = 3"));
    assert!(
        run.stderr.contains("==> svc/a/shipspec.yaml\n")
            && run.stderr.contains(
                "skipped: 1 file was edited by hand since the last apply: fly.toml\n  = help: run `shipspec apply` in svc/a"
            ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("3 services: 1 written, 1 up to date, 1 skipped (conflicts)\n"),
        "{}",
        run.stderr
    );
    // check names the drift with paths from the root, as GitHub needs them.
    let run = t.run(&["check", "--all", "--format", "github"]).expect(1);
    assert!(
        run.stdout
            .contains("::error file=svc/a/fly.toml,title=shipspec drift::edited by hand"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("file=svc/b/"), "{}", run.stdout);
}

#[test]
fn apply_asks_once_and_writes_nothing_without_an_answer() {
    let (t, _outside) = workspace();
    let before = t.tree();
    let run = t.run(&["apply", "--all"]).expect(1);
    assert!(
        run.stderr.contains("run `shipspec apply --all --yes`"),
        "{}",
        run.stderr
    );
    assert_eq!(t.tree(), before);
    // The plans of all three were shown before the question.
    assert_eq!(headings(&run.stdout).len(), 3, "{}", run.stdout);
}

#[test]
fn json_reports_hold_every_service() {
    let (t, _outside) = workspace();
    t.run(&["apply", "--all", "--yes"]).expect(0);
    t.write("svc/c/shipspec.yaml", "version: 1\n");
    let run = t.run(&["check", "--all", "--format", "json"]).expect(2);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON document");
    assert_eq!(report["exit"], 2);
    let services = report["services"].as_array().unwrap();
    let names: Vec<&str> = services.iter().map(|s| s["answers"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "svc/a/shipspec.yaml",
            "svc/b/shipspec.yaml",
            "svc/c/shipspec.yaml"
        ]
    );
    assert_eq!(services[0]["exit"], 0);
    assert!(
        services[0]["report"]["files"]
            .as_array()
            .is_some_and(|f| !f.is_empty())
    );
    assert_eq!(services[2]["exit"], 2);
    assert!(services[2]["report"].is_null());
    assert!(
        services[2]["messages"].as_str().unwrap().contains("error[SS"),
        "{}",
        services[2]
    );
}

#[test]
fn all_takes_the_root_and_refuses_single_service_flags() {
    let (t, _outside) = workspace();
    let run = t
        .run(&["--answers", "svc/a/shipspec.yaml", "check", "--all"])
        .expect(2);
    assert!(run.stderr.contains("error[SS073]"), "{}", run.stderr);
    let run = t.run(&["--root", "svc/b", "validate", "--all"]).expect(0);
    assert_eq!(headings(&run.stderr), ["svc/b/shipspec.yaml"], "{}", run.stderr);
    let run = t
        .run(&["--root", "build/nothing-here", "validate", "--all"])
        .expect(2);
    assert!(run.stderr.contains("error[SS073]"), "{}", run.stderr);
    std::fs::create_dir_all(t.path("empty")).unwrap();
    let run = t.run(&["--root", "empty", "validate", "--all"]).expect(2);
    assert!(
        run.stderr.contains("no shipspec.yaml under empty"),
        "{}",
        run.stderr
    );
    // In JSON the refusal is the document on stdout too, never nothing.
    for args in [
        &[
            "--answers",
            "svc/a/shipspec.yaml",
            "check",
            "--all",
            "--format",
            "json",
        ][..],
        &["--root", "empty", "validate", "--all", "--format", "json"],
    ] {
        let run = t.run(args).expect(2);
        let doc: serde_json::Value =
            serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
        assert_eq!(doc["exit"], 2, "{doc}");
        assert_eq!(doc["services"], serde_json::json!([]), "{doc}");
        assert_eq!(doc["diagnostics"][0]["code"], "SS073", "{doc}");
    }
}

#[test]
fn a_service_writing_into_another_services_folder_writes_nothing() {
    let t = Test::new();
    t.write(
        "outer/shipspec.yaml",
        format!("{EXAMPLE}\noutputs:\n  health_module: inner/fly.toml\n")
            .replace("name: notes-api", "name: notes-outer"),
    );
    t.write("outer/inner/shipspec.yaml", EXAMPLE);
    let run = t.run(&["apply", "--all", "--yes"]).expect(2);
    assert!(
        run.stderr.contains(
            "error[SS073]: outer/inner/fly.toml would be written inside outer/inner, another service's folder"
        ),
        "{}",
        run.stderr
    );
    assert!(
        !t.path("outer/fly.toml").exists(),
        "the trespassing service was written"
    );
    // The nested service itself is written, and its fly.toml is its own.
    assert!(
        t.read("outer/inner/fly.toml")
            .starts_with("# Generated by shipspec")
            || t.read("outer/inner/fly.toml").contains("app = \"notes-api\"")
    );
    assert!(
        run.stderr
            .ends_with("2 services: 1 written, 0 up to date, 1 failed\n"),
        "{}",
        run.stderr
    );
    // An output inside any `.shipspec/` folder is refused by the service itself.
    t.write(
        "outer/shipspec.yaml",
        format!("{EXAMPLE}\noutputs:\n  health_module: inner/.shipspec/lock.toml\n")
            .replace("name: notes-api", "name: notes-outer"),
    );
    let run = t.run(&["--answers", "outer/shipspec.yaml", "validate"]).expect(2);
    assert!(
        run.stderr.contains("inside a `.shipspec/` folder"),
        "{}",
        run.stderr
    );
}

#[test]
fn names_that_look_like_workflow_commands_are_printed_escaped() {
    let t = Test::new();
    let evil = "evil\n::stop-commands::pwned\n";
    t.write(&format!("{evil}/shipspec.yaml"), EXAMPLE);
    let run = t.run(&["check", "--all", "--format", "github"]).expect(1);
    for line in run.stdout.lines().chain(run.stderr.lines()) {
        assert!(
            !line.starts_with("::stop-commands"),
            "a raw workflow command: {line:?}"
        );
    }
    assert!(
        run.stderr
            .contains("==> evil\\n::stop-commands::pwned\\n/shipspec.yaml"),
        "{}",
        run.stderr
    );
}

#[test]
fn github_summary_and_force_warnings_cover_every_service() {
    let (t, _outside) = workspace();
    t.run(&["apply", "--all", "--yes"]).expect(0);
    t.write("svc/c/shipspec.yaml", "version: 1\n");
    let summary = t.path("summary.md");
    let t = t.env("GITHUB_STEP_SUMMARY", summary.to_str().unwrap());
    let run = t.run(&["check", "--all", "--format", "github"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let text = std::fs::read_to_string(&summary).unwrap();
    assert_eq!(text.matches("### shipspec check").count(), 3, "{text}");
    assert!(text.contains("`svc/c/shipspec.yaml` failed"), "{text}");
    // --force says what it discards, as a single apply does.
    let (t, _outside) = workspace();
    t.run(&["apply", "--all", "--yes"]).expect(0);
    let fly = t
        .read("svc/a/fly.toml")
        .replace("min_machines_running = 2", "min_machines_running = 4");
    t.write("svc/a/fly.toml", &fly);
    t.write(
        "svc/a/shipspec.yaml",
        t.read("svc/a/shipspec.yaml")
            .replacen("min_instances: 2", "min_instances: 3", 1),
    );
    let run = t.run(&["apply", "--all", "--yes", "--force"]).expect(0);
    assert!(
        run.stderr
            .contains("overwriting fly.toml; these hand edits are discarded"),
        "{}",
        run.stderr
    );
    assert!(t.read("svc/a/fly.toml").contains("min_machines_running = 3"));
}

#[test]
fn an_only_glob_that_matches_nothing_says_so() {
    let (t, _outside) = workspace();
    // Globs are per service: a path from the workspace root names nothing.
    let run = t.run(&["plan", "--all", "--only", "svc/a/*"]).expect(0);
    assert_eq!(
        run.stderr
            .matches("warning[SS074]: `--only svc/a/*` matches no output")
            .count(),
        3,
        "{}",
        run.stderr
    );
    let run = t
        .run(&["--answers", "svc/a/shipspec.yaml", "plan", "--only", "fly.toml"])
        .expect(0);
    assert!(!run.stderr.contains("SS074"), "{}", run.stderr);
    assert!(run.stdout.contains("fly.toml"), "{}", run.stdout);
}
