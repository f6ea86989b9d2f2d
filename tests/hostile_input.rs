//! Answers files written to slip something past the checks: every one is
//! refused with a located error, no secret is printed back, and nothing is
//! written.

use crate::support::{EXAMPLE, Test};

const KEY: &str = "AKIAIOSFODNN7EXAMPLE";

/// The example with `from` replaced by `to` (once).
fn example_with(from: &str, to: &str) -> String {
    assert!(EXAMPLE.contains(from), "example lacks {from:?}");
    EXAMPLE.replacen(from, to, 1)
}

const HOSTING: &str = "Redis may come later.\"";

/// Every command refuses with `code`, prints no secret, writes nothing.
#[track_caller]
fn refused_everywhere(t: &Test, code: &str) {
    let before = t.tree();
    for command in [
        &["validate"][..],
        &["validate", "--format", "json"],
        &["plan"],
        &["apply", "--yes"],
        &["check", "--format", "github"],
        &["explain", "--format", "json"],
    ] {
        let run = t.run(command);
        let all = format!("{}{}", run.stdout, run.stderr);
        assert_eq!(run.code, 2, "{command:?}\n{all}");
        assert!(all.contains(code), "{command:?} does not say {code}\n{all}");
        for secret in [KEY, "S3cretP4ss", ":pw@"] {
            assert!(!all.contains(secret), "{command:?} printed a secret\n{all}");
        }
        assert_eq!(t.tree(), before, "{command:?} wrote files");
    }
}

#[test]
fn a_tab_before_a_value_does_not_switch_the_secret_scan_off() {
    let yaml = example_with("version: 1", "version:\t1").replacen(
        HOSTING,
        &format!("Redis may come later. our key is {KEY}\""),
        1,
    );
    let t = Test::new().answers(&yaml);
    refused_everywhere(&t, "SS030");
    let run = t.run(&["validate"]);
    let line = yaml.lines().position(|l| l.contains(KEY)).unwrap() + 1;
    assert!(
        run.stderr.contains(&format!("shipspec.yaml:{line}:13")),
        "located at the answer:\n{}",
        run.stderr
    );
}

#[test]
fn a_tab_before_a_value_does_not_switch_the_length_limit_off() {
    let yaml =
        example_with("version: 1", "version:\t1").replacen(HOSTING, &format!("{}\"", "x".repeat(20_000)), 1);
    refused_everywhere(&Test::new().answers(&yaml), "SS014");
}

#[test]
fn a_syntax_error_snippet_never_shows_a_secret() {
    let t = Test::new().answers(&example_with(HOSTING, &format!("key {KEY}\" trailing\"")));
    refused_everywhere(&t, "SS001");
    let run = t.run(&["validate"]);
    assert!(
        run.stderr.contains("key [redacted]\" trailing\""),
        "{}",
        run.stderr
    );
}

#[test]
fn an_over_long_value_snippet_never_shows_a_secret() {
    let long = format!("{KEY} {}\"", "x".repeat(20_000));
    refused_everywhere(&Test::new().answers(&example_with(HOSTING, &long)), "SS014");
}

#[test]
fn a_bad_utf8_snippet_never_shows_a_secret() {
    let mut bytes = example_with(HOSTING, &format!("{KEY} caf")).into_bytes();
    let at = bytes.windows(3).position(|w| w == b"caf").unwrap() + 3;
    bytes.splice(at..at, [0xC3, 0x28]);
    let t = Test::new();
    t.write("shipspec.yaml", &bytes);
    refused_everywhere(&t, "SS002");
}

#[test]
fn a_secret_used_as_a_key_is_refused_and_never_printed() {
    let t = Test::new().answers(&example_with(
        "  name: notes-api\n",
        &format!("  name: notes-api\n  {KEY}: x\n"),
    ));
    refused_everywhere(&t, "SS030");
    let run = t.run(&["validate"]);
    assert!(
        run.stderr.contains("a key here looks like an AWS access key"),
        "{}",
        run.stderr
    );
}

#[test]
fn url_passwords_with_an_empty_user_are_secrets() {
    for url in ["redis://:S3cretP4ss@cache:6379/0", "postgres://:pw@h"] {
        let t = Test::new().answers(&example_with(HOSTING, &format!("cache at {url}\"")));
        refused_everywhere(&t, "SS030");
    }
}

#[test]
fn secrets_written_with_escapes_or_aliases_are_found() {
    for (from, to) in [
        (HOSTING, "key AKIA\\x49OSFODNN7EXAMPLE\"".to_owned()),
        (
            "  name: notes-api\n",
            format!("  name: notes-api\n  x-anchor: &k {KEY}\n"),
        ),
    ] {
        let t = Test::new().answers(&example_with(from, &to));
        let run = t.run(&["validate"]).expect(2);
        assert!(run.stderr.contains("SS030"), "{}", run.stderr);
    }
}

#[test]
fn cr_only_line_endings_read_like_lf() {
    let t = Test::new().answers(&EXAMPLE.replace('\n', "\r"));
    let run = t.run(&["validate"]).expect(0);
    assert!(run.stderr.contains("valid, 3 warnings"), "{}", run.stderr);
    let crlf = Test::new().answers(&EXAMPLE.replace('\n', "\r\n"));
    crlf.run(&["validate"]).expect(0);
    // Positions stay right: a mistake is shown on its own line.
    let bad = Test::new().answers(
        &EXAMPLE
            .replace("platform: fly", "platform: flyy")
            .replace('\n', "\r"),
    );
    let run = bad.run(&["validate"]).expect(2);
    assert!(run.stderr.contains("16 |     platform: flyy\n"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn an_endless_answers_file_is_refused_without_reading_it_all() {
    let t = Test::new();
    let run = t.run(&["--answers", "/dev/zero", "validate"]).expect(2);
    assert!(run.stderr.contains("SS070"), "{}", run.stderr);
}

#[test]
fn deep_nesting_is_refused_quickly() {
    let start = std::time::Instant::now();
    let t = Test::new().answers(&format!(
        "version: 1\nproject:\n{}",
        (1..=2000)
            .map(|i| format!("{}a:\n", " ".repeat(i)))
            .collect::<String>()
    ));
    let run = t.run(&["validate"]).expect(2);
    assert!(run.stderr.contains("SS070"), "{}", run.stderr);
    assert!(start.elapsed().as_secs() < 10, "took {:?}", start.elapsed());
}

#[test]
fn an_over_large_spec_file_is_refused() {
    let t = Test::new();
    t.write(
        "docs/specs/codebase_spec.md",
        format!("# Codebase Spec\n{}", "x".repeat(1024 * 1024)),
    );
    let run = t.run(&["--specs", "docs/specs", "validate"]).expect(2);
    assert!(
        run.stderr
            .contains("error[SS070]: the spec file is larger than 1024 KiB"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("docs/specs/codebase_spec.md:1:1"),
        "{}",
        run.stderr
    );
}
