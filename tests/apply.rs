//! apply: confirmation, idempotence, conflicts in managed files, root confinement.

use crate::support::Test;

#[test]
fn apply_without_a_terminal_or_yes_refuses_and_writes_nothing() {
    let t = Test::example();
    let before = t.tree();
    let run = t.run(&["apply"]).expect(1);
    assert!(run.stderr.contains("shipspec apply --yes"), "{}", run.stderr);
    assert!(
        run.stdout.contains("create    docs/specs/codebase_spec.md"),
        "the plan is shown first"
    );
    assert_eq!(t.tree(), before);
}

#[test]
fn apply_twice_writes_nothing_the_second_time() {
    let t = Test::example();
    let run = t.run(&["apply", "--yes"]).expect(0);
    assert!(run.stderr.contains("Wrote 18 files."), "{}", run.stderr);
    assert!(t.path(".shipspec/lock.toml").exists());
    assert!(t.path(".shipspec/base/docs/specs/codebase_spec.md").exists());
    let tree = t.tree();
    let mtimes = t.mtimes();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let run = t.run(&["apply", "--yes"]).expect(0);
    assert!(run.stderr.contains("Nothing to do"), "{}", run.stderr);
    assert_eq!(t.tree(), tree);
    assert_eq!(t.mtimes(), mtimes, "no file was rewritten");
}

#[test]
fn lock_records_each_file() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    let lock = t.read(".shipspec/lock.toml");
    assert!(
        lock.contains("[[file]]\npath = \".env.example\"\nmode = \"managed\"\nsha256 = \""),
        "{lock}"
    );
    assert!(lock.contains(&format!("shipspec = \"{}\"", env!("CARGO_PKG_VERSION"))));
    assert_eq!(lock.matches("[[file]]").count(), 18);
    assert_eq!(t.read(".shipspec/base/.env.example"), t.read(".env.example"));
}

#[test]
fn hand_edit_next_to_shipspec_s_change_is_a_conflict() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    // Right after the line the answer change removes: which goes first is
    // a guess, so it is a conflict rather than a merge.
    let edited = t
        .read(".env.example")
        .replace("SENTRY_DSN=\n", "SENTRY_DSN=\nEXTRA=1\n");
    t.write(".env.example", &edited);
    t.edit_answers(
        "variables: [DATABASE_URL, API_KEYS, SENTRY_DSN]",
        "variables: [DATABASE_URL, API_KEYS]",
    );
    let before = t.tree();
    let run = t.run(&["apply", "--yes"]).expect(1);
    assert!(
        run.stdout.contains(
            "conflict  .env.example  (edited since last apply; overlaps shipspec's change at line 6)"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains(".env.example  (edited since last apply; overlaps shipspec's change at line 6)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing was written"));
    assert!(
        run.stderr.contains("your edit since the last apply:\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("    +EXTRA=1\n"),
        "the hand edit is shown: {}",
        run.stderr
    );
    assert_eq!(t.tree(), before, "nothing written on conflict");
    // plan reports the same conflict and exits 0.
    assert!(
        t.run(&["plan"])
            .expect(0)
            .stdout
            .contains("conflict  .env.example")
    );
    t.run(&["apply", "--yes", "--force"]).expect(0);
    assert!(!t.read(".env.example").contains("EXTRA"));
    assert!(!t.read(".env.example").contains("SENTRY_DSN"));
    t.run(&["check"]).expect(0);
}

#[test]
fn a_file_shipspec_never_wrote_is_not_overwritten() {
    let t = Test::example().file(".env.example", "MINE=1\n");
    let run = t.run(&["apply", "--yes"]).expect(1);
    assert!(
        run.stdout.contains("(exists and was not written by shipspec)"),
        "{}",
        run.stdout
    );
    assert_eq!(t.read(".env.example"), "MINE=1\n");
    assert!(!t.path("docs").exists(), "no other file written either");
}

#[cfg(unix)]
#[test]
fn symlink_pointing_out_of_the_root_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    let t = Test::example();
    std::os::unix::fs::symlink(outside.path(), t.path("docs")).unwrap();
    let before = t.tree();
    let run = t.run(&["apply", "--yes"]).expect(2);
    assert!(
        run.stderr.contains("through the symlink `docs`"),
        "{}",
        run.stderr
    );
    assert!(
        std::fs::read_dir(outside.path()).unwrap().next().is_none(),
        "nothing written outside"
    );
    assert_eq!(t.tree(), before, "nothing written inside either");
}

#[test]
fn unchanged_files_without_state_are_recorded_on_apply() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    std::fs::remove_dir_all(t.path(".shipspec")).unwrap();
    let run = t.run(&["apply", "--yes"]).expect(0);
    assert!(run.stderr.contains("Nothing to do"));
    assert!(t.path(".shipspec/lock.toml").exists(), "state restored");
}

#[test]
fn same_answers_give_byte_identical_files_everywhere() {
    for name in crate::workflows::EXAMPLES {
        let a = crate::workflows::example(name);
        let b = crate::workflows::example(name);
        a.run(&["apply", "--yes"]).expect(0);
        b.run(&["apply", "--yes", "--color", "always"]).expect(0);
        assert_eq!(a.tree(), b.tree(), "{name}: two runs differ");
        for (path, bytes) in a.tree() {
            let text = String::from_utf8(bytes).unwrap();
            assert!(!text.contains('\r'), "{name}/{path}: CRLF");
            assert!(text.ends_with('\n'), "{name}/{path}: no final newline");
            assert!(
                !text.contains(a.dir.path().to_str().unwrap()),
                "{name}/{path}: machine path"
            );
        }
    }
}
