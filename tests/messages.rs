//! Each kind of malformed value has its own code and words, and an error
//! about the command line says so instead of pointing at the answers file.

use crate::support::Test;
use crate::workflows::example;

/// `validate` after one edit of the fly-fastapi example: exit 2, the
/// diagnostic's head line and its key path.
#[track_caller]
fn refused(from: &str, to: &str, head: &str, at: &str) {
    let t = Test::example();
    t.edit_answers(from, to);
    let run = t.run(&["validate"]).expect(2);
    let found = run
        .stderr
        .split("\n\n")
        .any(|d| d.starts_with(head) && d.contains(&format!("   = at: {at}\n")));
    assert!(found, "{to}: wanted `{head}` at {at}:\n{}", run.stderr);
}

#[test]
fn each_kind_of_bad_value_has_its_own_code() {
    refused(
        "version: 1\n",
        "version: 1\noutputs:\n  skip: [\"docs/[specs\"]\n",
        "error[SS034]: `docs/[specs` is not a valid glob",
        "outputs.skip[0]",
    );
    refused(
        "path: /health",
        "path: health",
        "error[SS035]: `health` is not a URL path",
        "operations.health_checks.path",
    );
    refused(
        "version: 1\n",
        "version: 1\noutputs:\n  health_module: ../app/health.py\n",
        "error[SS035]: `../app/health.py` is not a relative path inside the project",
        "outputs.health_module",
    );
    refused(
        "{name: staging, trigger: push, branch: main}",
        "{name: staging, trigger: push, branch: \"main'; curl x\"}",
        "error[SS036]: `main'; curl x` is not a branch name shipspec accepts",
        "operations.deployment.environments[0].branch",
    );
    refused(
        "variables: [DATABASE_URL, API_KEYS, SENTRY_DSN]",
        "variables: [DATABASE_URL, api_keys]",
        "error[SS037]: `api_keys` is not an environment variable name",
        "operations.configuration.variables[1]",
    );
    refused(
        "channel: \"#incidents\"",
        "channel: \"#inc`idents\"",
        "error[SS039]: the incident channel must be one short line without backticks, `<` or `|`",
        "operations.incident_response.channel",
    );
    // Region codes are checked as codes on platforms without place names.
    let t = example("fly-fastapi");
    for (from, to) in [
        ("platform: fly", "platform: heroku"),
        (
            "database_service: fly-managed-postgres",
            "database_service: heroku-postgres",
        ),
        ("primary: iad", "primary: US East 1"),
    ] {
        t.edit_answers(from, to);
    }
    let run = t.run(&["validate"]).expect(2);
    assert!(
        run.stderr
            .contains("error[SS038]: `US East 1` is not a region code\n  --> shipspec.yaml:"),
        "{}",
        run.stderr
    );
    // SS010 is left for numbers, durations and sizes.
    refused(
        "port: 8080",
        "port: 0",
        "error[SS010]: port 0 is outside 1–65535",
        "project.port",
    );
}

#[test]
fn a_bad_only_glob_is_about_the_command_line() {
    let run = Test::example().run(&["plan", "--only", "docs/[x"]).expect(2);
    assert!(
        run.stderr.starts_with(
            "error[SS034]: `--only docs/[x` is not a valid glob: Pattern syntax error near position 5: invalid range pattern\n  --> command line: --only\n   = help: write a path glob such as `docs/specs/*.md`\n"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("--> shipspec.yaml"), "{}", run.stderr);
}

#[test]
fn a_root_that_is_not_a_directory_is_about_the_command_line() {
    let t = Test::example();
    let run = t.run(&["plan", "--root", "missing-dir"]).expect(2);
    assert!(
        run.stderr.starts_with(
            "error[SS016]: the output root `missing-dir` is not a directory\n  --> command line: --root\n"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("--> shipspec.yaml"), "{}", run.stderr);
    let run = t.run(&["validate", "--format", "json"]).expect(0);
    assert!(!run.stdout.contains("\"argument\""), "{}", run.stdout);
    let run = t.run(&["plan", "--only", "[", "--format", "json"]).expect(2);
    assert!(run.stdout.is_empty(), "diagnostics go to stderr: {}", run.stdout);
}
