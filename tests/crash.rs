//! `kill -9` during apply, at many points: after each kill every output is
//! the old or the new file (never half, never a mix inside one file), and
//! the next plan and apply go on without a false conflict or a leftover.

use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Test, tree};

/// The generated files of a fresh apply of `answers`.
fn outputs_of(answers: &str) -> BTreeMap<String, Vec<u8>> {
    let t = Test::new().answers(answers);
    t.run(&["apply", "--yes"]).expect(0);
    tree(t.dir.path())
        .into_iter()
        .filter(|(p, _)| p != "shipspec.yaml" && !p.starts_with(".shipspec/"))
        .collect()
}

/// A small deterministic generator (xorshift), seeded from the clock and
/// printed, so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

#[cfg(unix)]
#[test]
fn kill_9_at_any_point_leaves_every_file_old_or_new() {
    let t = Test::example();
    let a = t.read("shipspec.yaml");
    // B changes many files: specs, runbooks, workflows and fly.toml, and
    // drops deploy.yml (a removal) — the most a kill can cut through.
    let b = a
        .replace("p95_ms: 200", "p95_ms: 250")
        .replace("interval_seconds: 15", "interval_seconds: 20")
        .replace("rto: 2h", "rto: 3h")
        .replace("method: ci-cd", "method: manual")
        .replace(
            "{name: staging, trigger: push, branch: main}",
            "{name: staging, trigger: manual}",
        );
    let versions = [outputs_of(&a), outputs_of(&b)];
    t.run(&["apply", "--yes"]).expect(0);

    // How long an apply takes here, to spread the kills across it.
    t.write("shipspec.yaml", &b);
    let started = Instant::now();
    t.run(&["apply", "--yes"]).expect(0);
    let span = started.elapsed().as_micros() as u64 + 1;

    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut rng = Rng(seed);
    let mut killed = 0;
    let mut mid_apply = 0;
    for round in 0..40 {
        let answers = if round % 2 == 0 { &a } else { &b };
        t.write("shipspec.yaml", answers);
        let mut child = Command::new(env!("CARGO_BIN_EXE_shipspec"))
            .args(["apply", "--yes"])
            .current_dir(t.dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        if round % 2 == 0 {
            // Anywhere in the run.
            std::thread::sleep(Duration::from_micros(rng.below(span)));
        } else {
            // Inside the transaction: once the journal appears, within the
            // few milliseconds files are staged and renamed.
            let journal = t.path(".shipspec/journal.toml");
            let give_up = Instant::now() + Duration::from_secs(5);
            while !journal.exists() && Instant::now() < give_up && child.try_wait().unwrap().is_none() {
                std::hint::spin_loop();
            }
            std::thread::sleep(Duration::from_micros(rng.below(3000)));
        }
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            killed += 1;
        }
        child.wait().unwrap();

        // Every output is one version's file, whole.
        let now = tree(t.dir.path());
        if now.contains_key(".shipspec/journal.toml") {
            mid_apply += 1;
        }
        for (path, bytes) in now.iter().filter(|(p, _)| {
            p.as_str() != "shipspec.yaml" && !p.contains("/.shipspec") && !p.starts_with(".shipspec")
        }) {
            if path
                .rsplit('/')
                .next()
                .is_some_and(|n| n.starts_with(".shipspec-tmp-"))
            {
                continue; // staged, not yet in place: the next apply sees to it
            }
            assert!(
                versions.iter().any(|v| v.get(path) == Some(bytes)),
                "seed {seed} round {round}: {path} is neither version"
            );
        }
        // The next plan, for the answers the killed apply was writing, sees
        // no conflict; every few rounds, an apply finishes and check passes.
        let plan = t.run(&["plan"]).expect(0);
        assert!(
            plan.stdout.contains(", 0 conflicts."),
            "seed {seed} round {round}: {}",
            plan.stdout
        );
        if round % 5 == 4 {
            t.run(&["apply", "--yes"]).expect(0);
            t.run(&["check"]).expect(0);
            let leftovers: Vec<String> = tree(t.dir.path())
                .into_keys()
                .filter(|p| p.contains(".shipspec-tmp-") || p.ends_with("journal.toml"))
                .collect();
            assert!(leftovers.is_empty(), "seed {seed} round {round}: {leftovers:?}");
        }
    }
    // Going back to A after all that: no false conflicts either.
    t.write("shipspec.yaml", &a);
    let plan = t.run(&["plan"]).expect(0);
    assert!(
        plan.stdout.contains(", 0 conflicts."),
        "seed {seed}: {}",
        plan.stdout
    );
    t.run(&["apply", "--yes"]).expect(0);
    t.run(&["check"]).expect(0);
    eprintln!("crash test: {killed} of 40 applies killed, {mid_apply} with a journal left, seed {seed}");
    assert!(
        killed >= 8,
        "seed {seed}: only {killed} of 40 applies were killed while running"
    );
}
