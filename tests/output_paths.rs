//! Output paths are judged in one place: an output never lands on another
//! output, the answers file, `.git/` or `.shipspec/`, nor goes through a
//! symlink, with or without `--force`.

use crate::support::{EXAMPLE, Test};

#[test]
fn the_health_module_cannot_name_what_is_not_its_own() {
    for (path, says) in [
        ("fly.toml", "also where shipspec writes"),
        ("Fly.toml", "also where shipspec writes"),
        (".github/workflows/deploy.yml", "also where shipspec writes"),
        ("shipspec.yaml", "is the answers file"),
        (".shipspec/lock.toml", "inside a `.shipspec/` folder"),
        (".git/hooks/pre-commit", "inside `.git/`"),
    ] {
        let yaml = format!("{EXAMPLE}\noutputs:\n  health_module: {path}\n");
        let line = yaml.lines().position(|l| l.contains("health_module")).unwrap() + 1;
        let t = Test::new().answers(&yaml);
        let before = t.tree();
        for command in [
            &["validate"][..],
            &["plan"],
            &["apply", "--yes"],
            &["apply", "--yes", "--force"],
        ] {
            let run = t.run(command).expect(2);
            assert!(
                run.stderr.contains("error[SS035]") && run.stderr.contains(says),
                "{path} {command:?}: {}",
                run.stderr
            );
            assert!(
                run.stderr.contains(&format!("shipspec.yaml:{line}:")),
                "{path}: located: {}",
                run.stderr
            );
            assert_eq!(t.tree(), before, "{path} {command:?} wrote files");
        }
    }
}

#[test]
fn liveness_and_readiness_need_their_own_paths() {
    for readiness in ["/health", "/health/"] {
        let t = Test::example();
        t.edit_answers("readiness_path: /ready", &format!("readiness_path: {readiness}"));
        let run = t.run(&["validate"]).expect(2);
        assert!(
            run.stderr
                .contains("error[SS018]: the readiness check and the liveness check both use"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains("= at: operations.health_checks.readiness_path"),
            "{}",
            run.stderr
        );
    }
}

#[cfg(unix)]
#[test]
fn force_never_writes_through_a_symlink_onto_the_answers() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    std::fs::remove_file(t.path(".env.example")).unwrap();
    std::os::unix::fs::symlink("shipspec.yaml", t.path(".env.example")).unwrap();
    let answers = t.read("shipspec.yaml");
    let run = t.run(&["apply", "--yes", "--force"]).expect(2);
    assert!(
        run.stderr.contains("SS016") && run.stderr.contains("symlink"),
        "{}",
        run.stderr
    );
    assert_eq!(t.read("shipspec.yaml"), answers);
}
