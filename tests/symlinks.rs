//! Root confinement against symlinks: shipspec never reads an output, its
//! state or its base copy through a symlink, and never writes through one,
//! whatever the link points at (outside, inside, nowhere, another link).
//! Every shape is tried under `plan`, `apply`, `apply --force` and `check`.

#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use crate::support::{Test, tree};

const SECRET: &str = "TOP-SECRET outside the project\n";

/// A project (the bundled example) and a sibling directory outside it.
struct Scene {
    test: Test,
    outside: tempfile::TempDir,
}

impl Scene {
    fn new() -> Scene {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("pwned.txt"), SECRET).unwrap();
        std::fs::create_dir(outside.path().join("docs")).unwrap();
        std::fs::write(outside.path().join("docs/keep.md"), SECRET).unwrap();
        Scene {
            test: Test::example(),
            outside,
        }
    }

    fn out(&self, rel: &str) -> PathBuf {
        self.outside.path().join(rel)
    }

    /// `../<outside dir name>/rel`: the outside reached with `..` from the root.
    fn dotdot(&self, rel: &str) -> PathBuf {
        let root = self.test.dir.path().canonicalize().unwrap();
        let outside = self.outside.path().canonicalize().unwrap();
        let mut up = PathBuf::new();
        for _ in root.components().skip(1) {
            up.push("..");
        }
        up.join(outside.strip_prefix("/").unwrap()).join(rel)
    }

    fn link(&self, at: &str, target: impl AsRef<Path>) {
        let at = self.test.path(at);
        std::fs::create_dir_all(at.parent().unwrap()).unwrap();
        symlink(target, at).unwrap();
    }
}

/// One shape: how to lay the links, and the link the error must name.
struct Shape {
    name: &'static str,
    lay: fn(&Scene),
    link: &'static str,
}

const SHAPES: &[Shape] = &[
    Shape {
        name: "file link to an existing file outside",
        lay: |s| s.link(".env.example", s.out("pwned.txt")),
        link: ".env.example",
    },
    Shape {
        name: "dangling file link, relative with `..`",
        lay: |s| s.link(".env.example", s.dotdot("created.txt")),
        link: ".env.example",
    },
    Shape {
        name: "dangling file link, absolute",
        lay: |s| s.link(".env.example", s.out("created.txt")),
        link: ".env.example",
    },
    Shape {
        name: "directory link to a directory outside",
        lay: |s| s.link("docs", s.out("docs")),
        link: "docs",
    },
    Shape {
        name: "dangling directory link",
        lay: |s| s.link("docs", s.dotdot("newdir")),
        link: "docs",
    },
    Shape {
        name: "chained links, the last one pointing out",
        lay: |s| {
            s.link("hop2", s.out("pwned.txt"));
            s.link("hop1", "hop2");
            s.link(".env.example", "hop1");
        },
        link: ".env.example",
    },
    Shape {
        name: "chained dangling links",
        lay: |s| {
            s.link("hop", s.dotdot("created.txt"));
            s.link(".env.example", "hop");
        },
        link: ".env.example",
    },
    Shape {
        name: "pointing inside, then out through a nested link",
        lay: |s| {
            std::fs::create_dir_all(s.test.path("inner")).unwrap();
            s.link("inner/specs", s.out("docs"));
            s.link("docs", "inner");
        },
        link: "docs",
    },
    Shape {
        name: "target with `..` that passes through the root",
        lay: |s| {
            std::fs::create_dir_all(s.test.path("sub")).unwrap();
            let target = Path::new("sub/..").join(s.dotdot("created.txt"));
            s.link(".env.example", target);
        },
        link: ".env.example",
    },
    Shape {
        name: "link in a nested directory of an output",
        lay: |s| s.link(".github/workflows", s.dotdot("wf")),
        link: ".github/workflows",
    },
    Shape {
        name: "state directory linked out",
        lay: |s| s.link(".shipspec", s.dotdot("state")),
        link: ".shipspec",
    },
    Shape {
        name: "base copy linked out",
        lay: |s| s.link(".shipspec/base/.env.example", s.out("pwned.txt")),
        link: ".shipspec/base/.env.example",
    },
    Shape {
        name: "link that stays inside the root",
        lay: |s| {
            std::fs::create_dir_all(s.test.path("realdocs")).unwrap();
            s.link("docs", "realdocs");
        },
        link: "docs",
    },
];

const COMMANDS: &[&[&str]] = &[
    &["plan"],
    &["plan", "--format", "json"],
    &["apply", "--yes"],
    &["apply", "--yes", "--force"],
    &["check"],
    &["check", "--format", "github"],
];

#[test]
fn no_command_reads_or_writes_through_any_symlink() {
    for shape in SHAPES {
        for args in COMMANDS {
            let scene = Scene::new();
            (shape.lay)(&scene);
            let inside = scene.test.tree();
            let outside = tree(scene.outside.path());
            let run = scene.test.run(args);
            let what = format!("{} under `{}`", shape.name, args.join(" "));
            assert_eq!(
                run.code, 2,
                "{what}: exit {}\n{}\n{}",
                run.code, run.stdout, run.stderr
            );
            assert!(
                run.stderr
                    .contains(&format!("through the symlink `{}`", shape.link)),
                "{what}: the link is not named:\n{}",
                run.stderr
            );
            assert!(
                !run.stdout.contains("TOP-SECRET") && !run.stderr.contains("TOP-SECRET"),
                "{what}: a file outside was read as an output"
            );
            assert_eq!(tree(scene.outside.path()), outside, "{what}: outside changed");
            assert_eq!(scene.test.tree(), inside, "{what}: the project changed");
            for stray in ["created.txt", "newdir", "wf", "state"] {
                assert!(
                    std::fs::symlink_metadata(scene.out(stray)).is_err(),
                    "{what}: `{stray}` was created outside"
                );
            }
        }
    }
}

#[test]
fn the_refusal_says_what_to_do() {
    let scene = Scene::new();
    scene.link(".env.example", scene.out("pwned.txt"));
    let run = scene.test.run(&["plan"]).expect(2);
    assert!(
        run.stderr.contains(
            "error[SS016]: `.env.example` goes through the symlink `.env.example`; shipspec never reads or writes through a symlink\n  --> .env.example\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("= help: replace `.env.example` with a regular file or directory"),
        "{}",
        run.stderr
    );
}

#[test]
fn links_outside_the_outputs_paths_do_not_matter() {
    let scene = Scene::new();
    scene.link("unrelated", scene.out("pwned.txt"));
    scene.test.run(&["apply", "--yes"]).expect(0);
    scene.test.run(&["check"]).expect(0);
    assert_eq!(std::fs::read_to_string(scene.out("pwned.txt")).unwrap(), SECRET);
}
