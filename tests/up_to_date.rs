//! The stamp an apply leaves in the lock: `plan` and `check` read it
//! instead of the answers while nothing changed, and must say exactly what
//! the full run says, in every format, for every example, and after every
//! kind of change that should make them look again.

use std::path::Path;

use shipspec::pipeline::Paths;

use crate::support::{EXAMPLE, Test};

const READS: &[&[&str]] = &[
    &["plan"],
    &["plan", "--format", "json"],
    &["check"],
    &["check", "--format", "json"],
    &["check", "--format", "github"],
];

const STAMP: &str = "\n# The last apply left";

fn stamped(t: &Test) -> bool {
    t.read(".shipspec/lock.toml").contains("\n[stamp]\n")
}

/// Whether `plan` of the project in `dir` is answered from the stamp.
fn from_stamp(dir: &Path) -> bool {
    shipspec::up_to_date::plan(&Paths::new(dir.join("shipspec.yaml"), None)).is_some()
}

/// Every read, run as it is and again with the stamp taken out of the lock:
/// exit code, stdout and stderr must be the same.
fn same_without_stamp(t: &Test, reads: &[&[&str]], what: &str) {
    let lock = t.read(".shipspec/lock.toml");
    let with: Vec<_> = reads.iter().map(|args| t.run(args)).collect();
    let bare = match lock.find(STAMP) {
        Some(at) => format!("{}\n", &lock[..at]),
        None => lock.clone(),
    };
    t.write(".shipspec/lock.toml", &bare);
    for (args, with) in reads.iter().zip(with) {
        let without = t.run(args);
        assert_eq!(with.code, without.code, "{what}: exit of {args:?}");
        assert_eq!(with.stdout, without.stdout, "{what}: stdout of {args:?}");
        assert_eq!(with.stderr, without.stderr, "{what}: stderr of {args:?}");
    }
    t.write(".shipspec/lock.toml", &lock);
}

#[test]
fn every_example_is_stamped_and_read_from_the_stamp_as_the_full_run_reads_it() {
    let examples = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/examples")).unwrap();
    let mut seen = 0;
    for example in examples {
        let example = example.unwrap().path();
        let name = example.file_name().unwrap().to_string_lossy().into_owned();
        let t = Test::new().answers(&std::fs::read_to_string(example.join("shipspec.yaml")).unwrap());
        t.run(&["apply", "--yes"]).expect(0);
        assert!(stamped(&t), "{name}: apply left no stamp");
        assert!(from_stamp(t.dir.path()), "{name}: plan does not read the stamp");
        same_without_stamp(&t, READS, &name);
        // Applying again changes nothing, the stamp included.
        let before = t.tree();
        t.run(&["apply", "--yes"]).expect(0);
        assert_eq!(before, t.tree(), "{name}: a second apply changed files");
        seen += 1;
    }
    assert!(seen >= 10, "only {seen} examples");
}

/// One change each; after it the stamp must not answer (or answer what the
/// full run answers).
#[test]
fn any_change_since_the_apply_is_seen() {
    type Change = (&'static str, fn(&Test), bool);
    let changes: Vec<Change> = vec![
        ("nothing", |_| {}, true),
        (
            "a hand edit of a generated file",
            |t| {
                let old = t.read("docs/runbooks/rollback.md");
                t.write("docs/runbooks/rollback.md", format!("{old}\nOur own note.\n"));
            },
            false,
        ),
        (
            "a generated file deleted",
            |t| std::fs::remove_file(t.path("fly.toml")).unwrap(),
            false,
        ),
        (
            "a base copy deleted",
            |t| {
                std::fs::remove_file(t.path(".shipspec/base/fly.toml")).unwrap();
            },
            false,
        ),
        (
            "a base copy edited",
            |t| {
                let old = t.read(".shipspec/base/docs/runbooks/setup.md");
                t.write(".shipspec/base/docs/runbooks/setup.md", format!("{old}x\n"));
            },
            false,
        ),
        (
            "CRLF endings",
            |t| {
                let old = t.read(".github/workflows/ci.yml");
                t.write(".github/workflows/ci.yml", old.replace('\n', "\r\n"));
            },
            false,
        ),
        (
            "a comment added to the answers",
            |t| {
                let old = t.read("shipspec.yaml");
                t.write("shipspec.yaml", format!("{old}# reviewed\n"));
            },
            false,
        ),
        (
            "an answer changed",
            |t| t.edit_answers("min_instances: 2", "min_instances: 3"),
            false,
        ),
        (
            "answers that no longer load",
            |t| t.write("shipspec.yaml", "version: [1\n"),
            false,
        ),
        (
            "a scaffold deleted",
            |t| std::fs::remove_file(t.path("app/health.py")).unwrap(),
            false,
        ),
        (
            "a scaffold edited",
            |t| {
                let old = t.read("app/health.py");
                t.write("app/health.py", format!("{old}# ours\n"));
            },
            true,
        ),
        (
            "a lock entry's digest edited",
            |t| {
                let lock = t.read(".shipspec/lock.toml");
                let at = lock.find("sha256 = \"").unwrap() + 10;
                let flipped = if &lock[at..at + 1] == "0" { "1" } else { "0" };
                t.write(
                    ".shipspec/lock.toml",
                    format!("{}{flipped}{}", &lock[..at], &lock[at + 1..]),
                );
            },
            false,
        ),
        (
            "an output dropped from the stamp",
            |t| {
                let lock = t.read(".shipspec/lock.toml");
                t.write(".shipspec/lock.toml", lock.replacen("  \"fly.toml\",\n", "", 1));
            },
            false,
        ),
        (
            "a stamp from another build",
            |t| {
                let lock = t.read(".shipspec/lock.toml");
                let at = lock.find("build = \"").unwrap() + 9;
                t.write(
                    ".shipspec/lock.toml",
                    format!("{}{}{}", &lock[..at], "0".repeat(64), &lock[at + 64..]),
                );
            },
            false,
        ),
        (
            "a warning taken out of the stamp",
            |t| {
                let lock = t.read(".shipspec/lock.toml");
                let at = lock.find("\n[[stamp.warning]]").unwrap();
                t.write(".shipspec/lock.toml", format!("{}\n", &lock[..at]));
            },
            false,
        ),
        (
            "an apply interrupted",
            |t| {
                t.write(
                    ".shipspec/journal.toml",
                    "state = \"commit\"\n\n[[op]]\npath = \"fly.toml\"\n",
                );
            },
            false,
        ),
    ];
    for (what, change, still) in changes {
        let t = Test::example();
        t.run(&["apply", "--yes"]).expect(0);
        assert!(from_stamp(t.dir.path()), "{what}: not stamped to begin with");
        change(&t);
        assert_eq!(from_stamp(t.dir.path()), still, "{what}: read from the stamp?");
        same_without_stamp(&t, &[&["plan"], &["check", "--format", "json"]], what);
    }
}

#[test]
fn check_all_reads_each_stamp_as_the_full_run_would() {
    let t = Test::new();
    for name in ["a", "b", "c"] {
        t.write(
            &format!("svc/{name}/shipspec.yaml"),
            EXAMPLE.replace("name: notes-api", &format!("name: notes-{name}")),
        );
    }
    t.run(&["apply", "--all", "--yes"]).expect(0);
    for name in ["a", "b", "c"] {
        assert!(from_stamp(&t.path(&format!("svc/{name}"))), "svc/{name}");
    }
    // svc/b drifts: the others still answer from their stamps.
    let fly = t.read("svc/b/fly.toml");
    t.write(
        "svc/b/fly.toml",
        fly.replace("min_machines_running = 2", "min_machines_running = 1"),
    );
    let with = t.run(&["check", "--all"]).expect(1);
    for name in ["a", "b", "c"] {
        let lock = t.read(&format!("svc/{name}/.shipspec/lock.toml"));
        let at = lock.find(STAMP).unwrap();
        t.write(
            &format!("svc/{name}/.shipspec/lock.toml"),
            format!("{}\n", &lock[..at]),
        );
    }
    let without = t.run(&["check", "--all"]).expect(1);
    assert_eq!(with.stdout, without.stdout);
    assert_eq!(with.stderr, without.stderr);
    assert!(with.stderr.contains("svc/b/shipspec.yaml"), "{}", with.stderr);
}

#[test]
fn an_output_left_to_the_user_keeps_the_stamp() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    // Generated once, then taken over: its lock entry stays, and plan
    // passes over it.
    let answers = t.read("shipspec.yaml");
    t.write(
        "shipspec.yaml",
        format!("{answers}\noutputs:\n  skip:\n    - docs/runbooks/setup.md\n"),
    );
    t.run(&["apply", "--yes"]).expect(0);
    assert!(
        from_stamp(t.dir.path()),
        "no stamp with an output left to the user"
    );
    let setup = t.read("docs/runbooks/setup.md");
    t.write("docs/runbooks/setup.md", format!("{setup}\nOurs now.\n"));
    assert!(
        from_stamp(t.dir.path()),
        "the user's file is not shipspec's to check"
    );
    same_without_stamp(&t, READS, "outputs.skip");
}
