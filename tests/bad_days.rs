//! Bad days: outputs that are no longer generated, an apply that fails half
//! way, two applies at once, leftovers of a killed run, CRLF checkouts and a
//! lock edited by hand. Each leaves every file old or new, says truly what
//! happened, and lets the next run go on without false conflicts.

use std::process::Command;

use crate::support::Test;

/// The example, with deployment by hand only: no push deploys, so no
/// `deploy.yml`.
fn manual(t: &Test) {
    t.edit_answers("method: ci-cd", "method: manual");
    t.edit_answers(
        "{name: staging, trigger: push, branch: main}",
        "{name: staging, trigger: manual}",
    );
}

const DEPLOY: &str = ".github/workflows/deploy.yml";

#[test]
fn outputs_no_longer_generated_are_removed() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    assert!(t.path(DEPLOY).exists());
    manual(&t);
    let plan = t.run(&["plan"]).expect(0);
    assert!(
        plan.stdout
            .contains(&format!("  remove    {DEPLOY}  (no longer generated)")),
        "{}",
        plan.stdout
    );
    assert!(plan.stdout.contains("1 to remove,"), "{}", plan.stdout);
    let json = t.run(&["plan", "--format", "json"]).expect(0);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let file = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == DEPLOY)
        .unwrap();
    assert_eq!(file["status"], "remove");
    assert_eq!(v["summary"]["remove"], 1);
    let check = t.run(&["check"]).expect(1);
    assert!(check.stdout.contains(DEPLOY), "{}", check.stdout);
    let apply = t.run(&["apply", "--yes"]).expect(0);
    assert!(apply.stderr.contains("removed 1 file"), "{}", apply.stderr);
    assert!(!t.path(DEPLOY).exists());
    assert!(!t.path(&format!(".shipspec/base/{DEPLOY}")).exists());
    assert!(!t.read(".shipspec/lock.toml").contains("deploy.yml"));
    t.run(&["check"]).expect(0);
}

#[test]
fn an_edited_output_no_longer_generated_is_a_conflict() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    t.write(DEPLOY, t.read(DEPLOY) + "# ours\n");
    manual(&t);
    let plan = t.run(&["plan"]).expect(0);
    assert!(
        plan.stdout.contains(&format!(
            "  conflict  {DEPLOY}  (no longer generated, and edited since last apply)"
        )),
        "{}",
        plan.stdout
    );
    let before = t.tree();
    t.run(&["apply", "--yes"]).expect(1);
    assert_eq!(t.tree(), before, "a refused apply writes nothing");
    let forced = t.run(&["apply", "--yes", "--force"]).expect(0);
    assert!(
        forced.stderr.contains("+# ours"),
        "the edit it discards is shown: {}",
        forced.stderr
    );
    assert!(!t.path(DEPLOY).exists());
}

#[test]
fn skipped_and_scaffolded_outputs_are_never_removed() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    manual(&t);
    t.write(
        "shipspec.yaml",
        t.read("shipspec.yaml")
            + "\noutputs:\n  skip: ['.github/workflows/deploy.yml']\n  health_module: service/probes.py\n",
    );
    t.run(&["apply", "--yes"]).expect(0);
    assert!(t.path(DEPLOY).exists(), "a skipped output is the user's");
    assert!(t.path("app/health.py").exists(), "a scaffold is the user's code");
}

/// Runs `shipspec args` in `t` with files limited to `kib` KiB: writing a
/// larger file fails (EFBIG) instead of killing the process.
#[cfg(target_os = "linux")]
fn with_file_limit(t: &Test, kib: u32, args: &str) -> std::process::Output {
    Command::new("bash")
        .arg("-c")
        .arg(format!("trap '' XFSZ; ulimit -f {kib}; exec \"$0\" {args}"))
        .arg(env!("CARGO_BIN_EXE_shipspec"))
        .current_dir(t.dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn a_failed_apply_writes_nothing_and_says_so() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    t.edit_answers("p95_ms: 200", "p95_ms: 250");
    // Small files could be written, the specs cannot: all or nothing.
    let before = t.tree();
    let out = with_file_limit(&t, 4, "apply --yes");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(t.tree(), before, "the tree is as it was, no temporary file left");
    // Going back to the old answers: nothing to do, no false conflict.
    t.edit_answers("p95_ms: 250", "p95_ms: 200");
    let plan = t.run(&["plan"]).expect(0);
    assert!(
        plan.stdout.contains("0 to create, 0 to update, 15 unchanged"),
        "{}",
        plan.stdout
    );
    t.edit_answers("p95_ms: 200", "p95_ms: 250");
    t.run(&["apply", "--yes"]).expect(0);
    t.run(&["check"]).expect(0);
}

#[cfg(unix)]
#[test]
fn a_second_run_waits_for_the_lock_then_refuses() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    t.edit_answers("p95_ms: 200", "p95_ms: 250");
    let dir = std::fs::File::open(t.path(".shipspec")).unwrap();
    fs4::fs_std::FileExt::lock_exclusive(&dir).unwrap();
    let before = t.tree();
    let started = std::time::Instant::now();
    let t = t.env("SHIPSPEC_LOCK_TIMEOUT", "0.5");
    for args in [&["apply", "--yes"][..], &["plan"], &["check"]] {
        let run = t.run(args).expect(2);
        assert!(
            run.stderr
                .contains("error[SS071]: another shipspec run holds the lock on `.shipspec/`"),
            "{args:?}: {}",
            run.stderr
        );
    }
    assert!(started.elapsed().as_millis() >= 1500, "each run waited");
    assert_eq!(t.tree(), before);
    // Released while the next run waits: it goes ahead.
    let holder = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(700));
        fs4::fs_std::FileExt::unlock(&dir).unwrap();
    });
    let t = t.env("SHIPSPEC_LOCK_TIMEOUT", "20");
    t.run(&["apply", "--yes"]).expect(0);
    holder.join().unwrap();
}

#[test]
fn two_applies_at_once_leave_one_answers_tree() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    let a = t.read("shipspec.yaml").replace("p95_ms: 200", "p95_ms: 250");
    let b = t.read("shipspec.yaml").replace("p95_ms: 200", "p95_ms: 300");
    t.write("a.yaml", &a);
    t.write("b.yaml", &b);
    for _ in 0..3 {
        let spawn = |answers: &str| {
            Command::new(env!("CARGO_BIN_EXE_shipspec"))
                .args(["--answers", answers, "--root", ".", "apply", "--yes"])
                .current_dir(t.dir.path())
                .output()
                .unwrap()
        };
        let (ra, rb) = std::thread::scope(|s| {
            let ha = s.spawn(|| spawn("a.yaml"));
            let hb = s.spawn(|| spawn("b.yaml"));
            (ha.join().unwrap(), hb.join().unwrap())
        });
        assert!(ra.status.success(), "{}", String::from_utf8_lossy(&ra.stderr));
        assert!(rb.status.success(), "{}", String::from_utf8_lossy(&rb.stderr));
        // The tree is exactly one of the two: check passes for one of them,
        // and plans for either show no conflict.
        let ok: Vec<bool> = ["a.yaml", "b.yaml"]
            .iter()
            .map(|f| t.run(&["--answers", f, "--root", ".", "check"]).code == 0)
            .collect();
        assert_eq!(ok.iter().filter(|o| **o).count(), 1, "{ok:?}");
        for f in ["a.yaml", "b.yaml"] {
            let plan = t.run(&["--answers", f, "--root", ".", "plan"]).expect(0);
            assert!(plan.stdout.contains(", 0 conflicts."), "{}", plan.stdout);
        }
    }
}

#[test]
fn leftover_temporary_files_are_removed_by_the_next_apply() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    let leftovers = [
        "docs/specs/.shipspec-tmp-1a2b-3",
        ".shipspec/.shipspec-tmp-1a2b-9",
        ".github/workflows/.shipspec-Ab12Cd",
        ".shipspec-x1y2z3",
    ];
    for path in leftovers {
        t.write(path, "half a file");
    }
    t.write("docs/.shipspec-notes", "not ours");
    // plan and check never write, not even to clean up.
    t.run(&["plan"]).expect(0);
    assert!(t.path(leftovers[0]).exists());
    t.run(&["apply", "--yes"]).expect(0);
    for path in leftovers {
        assert!(!t.path(path).exists(), "{path} is left");
    }
    assert!(
        t.path("docs/.shipspec-notes").exists(),
        "only shipspec's names are removed"
    );
}

fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

#[test]
fn crlf_files_keep_their_line_endings() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    let spec = "docs/specs/technical_design_spec.md";
    for path in ["fly.toml", spec, DEPLOY] {
        t.write(path, crlf(&t.read(path)));
    }
    let plan = t.run(&["plan"]).expect(0);
    assert!(
        plan.stdout.contains("0 to create, 0 to update, 15 unchanged"),
        "{}",
        plan.stdout
    );
    t.run(&["check"]).expect(0);
    // A change is written with the file's own endings, no line else moves.
    t.edit_answers("interval_seconds: 15", "interval_seconds: 20");
    t.edit_answers("p95_ms: 200", "p95_ms: 250");
    let plan = t.run(&["plan"]).expect(0);
    assert!(!plan.stdout.contains("conflict  "), "{}", plan.stdout);
    let fly_before = t.read("fly.toml");
    t.run(&["apply", "--yes"]).expect(0);
    for path in ["fly.toml", spec] {
        let text = t.read(path);
        assert_eq!(
            text.matches('\n').count(),
            text.matches("\r\n").count(),
            "{path} has mixed endings"
        );
    }
    let changed = fly_before
        .lines()
        .zip(t.read("fly.toml").lines())
        .filter(|(a, b)| a != b)
        .count();
    assert!(changed <= 2, "fly.toml was rewritten: {changed} lines changed");
    t.run(&["check"]).expect(0);
    // --force over a hand edit keeps one ending too.
    t.write(spec, t.read(spec).replace("250", "999"));
    t.edit_answers("p95_ms: 250", "p95_ms: 300");
    t.run(&["apply", "--yes", "--force"]).expect(0);
    let text = t.read(spec);
    assert_eq!(
        text.matches('\n').count(),
        text.matches("\r\n").count(),
        "mixed endings after --force"
    );
}

#[test]
fn a_lock_edited_by_hand_cannot_delete_the_users_tables() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    t.write(
        "fly.toml",
        t.read("fly.toml") + "\n[processes]\n  app = \"uvicorn app.main:app\"\n",
    );
    let lock = t.read(".shipspec/lock.toml");
    assert!(lock.contains("keys = [\n"));
    t.write(
        ".shipspec/lock.toml",
        lock.replacen("keys = [\n", "keys = [\n  \"processes.app\",\n", 1),
    );
    t.edit_answers("interval_seconds: 15", "interval_seconds: 20");
    let fly = t.read("fly.toml");
    let run = t.run(&["apply", "--yes"]).expect(2);
    assert!(run.stderr.contains("edited by hand"), "{}", run.stderr);
    assert_eq!(t.read("fly.toml"), fly);
    // A lock naming a file outside the outputs is refused the same way.
    t.write(
        ".shipspec/lock.toml",
        lock.replacen("path = \".env.example\"", "path = \"shipspec.yaml\"", 1),
    );
    let run = t.run(&["apply", "--yes"]).expect(2);
    assert!(
        run.stderr.contains("the answers file") || run.stderr.contains("not valid"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_step_summary_holds_any_health_module_path() {
    let t = Test::example();
    t.write(
        "shipspec.yaml",
        t.read("shipspec.yaml") + "\noutputs:\n  health_module: \"app/x|<b>y</b>`z.py\"\n",
    );
    let summary = t.path("summary.md");
    let t = t.env("GITHUB_STEP_SUMMARY", summary.to_str().unwrap());
    t.run(&["check", "--format", "github"]).expect(1);
    let text = std::fs::read_to_string(&summary).unwrap();
    let row = text
        .lines()
        .find(|l| l.contains("<b>"))
        .expect("a row for the stub");
    assert!(row.starts_with("| ``app/x\\|<b>y</b>`z.py`` | create |"), "{row}");
    // Four cell borders: no extra column.
    assert_eq!(row.replace("\\|", "").matches('|').count(), 4, "{row}");
}

#[test]
fn an_rto_under_ten_minutes_is_not_said_to_fit() {
    let t = Test::example();
    t.edit_answers("rto: 2h", "rto: 0s");
    t.run(&["apply", "--yes"]).expect(0);
    let runbook = t.read("docs/runbooks/backup-and-recovery.md");
    assert!(!runbook.contains("add up to the RTO of 0s"), "{runbook}");
    assert!(
        runbook.contains("The RTO of 0s is shorter than a restore from backup can be"),
        "{runbook}"
    );
}

/// A journal naming a FIFO as an output's new text (planted, or left by a
/// strange day) is read with the same care as the output: an error, and
/// nothing waits. The same for a file too large to be any output.
#[test]
fn a_journal_s_fifo_or_a_huge_file_is_an_error_not_a_hang_or_an_abort() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    std::fs::write(
        t.path(".shipspec/journal.toml"),
        "state = \"commit\"\n\n[[op]]\npath = \"fly.toml\"\ntemp = \".shipspec-tmp-planted\"\n",
    )
    .unwrap();
    let made = Command::new("mkfifo")
        .arg(t.path(".shipspec-tmp-planted"))
        .status()
        .unwrap();
    assert!(made.success());
    let run = |args: &[&str]| {
        Command::new("timeout")
            .arg("60")
            .arg(env!("CARGO_BIN_EXE_shipspec"))
            .args(args)
            .current_dir(t.dir.path())
            .output()
            .unwrap()
    };
    let fly = t.read("fly.toml");
    // `apply` finishes an interrupted apply first: not with this.
    for args in [&["plan"][..], &["check"], &["apply", "--yes"]] {
        let out = run(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("not a regular file"), "{stderr}");
    }
    // Nor with a temporary file too large to be any output.
    std::fs::remove_file(t.path(".shipspec-tmp-planted")).unwrap();
    std::fs::File::create(t.path(".shipspec-tmp-planted"))
        .unwrap()
        .set_len(1 << 40)
        .unwrap();
    let out = run(&["apply", "--yes"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("larger than 64 MiB"), "{stderr}");
    assert_eq!(t.read("fly.toml"), fly, "fly.toml was replaced");
    std::fs::remove_file(t.path(".shipspec/journal.toml")).unwrap();
    std::fs::remove_file(t.path(".shipspec-tmp-planted")).unwrap();
    t.run(&["check"]).expect(0);
    // A sparse terabyte where a runbook goes.
    std::fs::File::options()
        .write(true)
        .open(t.path("docs/runbooks/rollback.md"))
        .unwrap()
        .set_len(1 << 40)
        .unwrap();
    for args in [&["plan"][..], &["check"], &["check", "--format", "json"]] {
        let out = run(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("docs/runbooks/rollback.md") && stderr.contains("larger than 64 MiB"),
            "{stderr}"
        );
    }
}

/// A FIFO where an output goes would block the read for ever: refused
/// like any other file that is not a regular one, and nothing waits.
#[test]
fn a_fifo_at_an_output_path_is_an_error_not_a_hang() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    std::fs::remove_file(t.path("app/health.py")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(t.path("app/health.py"))
        .status()
        .unwrap();
    assert!(made.success());
    for args in [&["plan"][..], &["check"], &["apply", "--yes"]] {
        let out = std::process::Command::new("timeout")
            .arg("60")
            .arg(env!("CARGO_BIN_EXE_shipspec"))
            .args(args)
            .current_dir(t.dir.path())
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("app/health.py") && stderr.contains("not a regular file"),
            "{stderr}"
        );
    }
}
