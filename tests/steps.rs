//! Runs a generated workflow's own `run:` steps with bash, as a
//! GitHub-hosted runner does, against fake cloud CLIs on `PATH`: the
//! platforms' deploy, rollback and backup-check tests share it.

use std::path::PathBuf;
use std::process::Command;

use serde_norway::Value;

use crate::support::Test;

pub(crate) struct Steps {
    pub(crate) t: Test,
    bin: PathBuf,
    /// Every fake's calls, one line each (`$LOG`).
    pub(crate) log: PathBuf,
    /// What a fake keeps between calls (`$STATE`).
    pub(crate) state: PathBuf,
    /// `$GITHUB_ENV`.
    pub(crate) github_env: PathBuf,
}

impl Steps {
    /// `t`, already applied, with `fakes` (name, bash script) on `PATH`.
    pub(crate) fn new(t: Test, fakes: &[(&str, &str)]) -> Steps {
        let bin = t.path(".test-bin");
        std::fs::create_dir_all(&bin).unwrap();
        for (name, body) in fakes {
            let path = bin.join(name);
            std::fs::write(&path, body).unwrap();
            std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        }
        Steps {
            log: t.path(".test-log"),
            state: t.path(".test-state.json"),
            github_env: t.path(".test-github-env"),
            bin,
            t,
        }
    }

    /// The `run:` script of the step of `job` in `file` that contains `marker`.
    pub(crate) fn step(&self, file: &str, job: &str, marker: &str) -> String {
        let workflow: Value = serde_norway::from_str(&self.t.read(file)).unwrap();
        workflow["jobs"][job]["steps"]
            .as_sequence()
            .unwrap()
            .iter()
            .find_map(|s| s["run"].as_str().filter(|r| r.contains(marker)))
            .unwrap_or_else(|| panic!("no step of {job} in {file} runs {marker}"))
            .to_owned()
    }

    /// Runs `script` with bash as the runner does (`-e -o pipefail`); gives
    /// success and what it printed.
    pub(crate) fn run(&self, script: &str, env: &[(&str, &str)]) -> (bool, String) {
        let out = Command::new("bash")
            .args(["--noprofile", "--norc", "-e", "-o", "pipefail", "-c", script])
            .env(
                "PATH",
                format!("{}:{}", self.bin.display(), std::env::var("PATH").unwrap()),
            )
            .env("LOG", &self.log)
            .env("STATE", &self.state)
            .env("GITHUB_ENV", &self.github_env)
            .envs(env.iter().copied())
            .output()
            .unwrap();
        (
            out.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        )
    }

    /// `key` as the last step wrote it to `$GITHUB_ENV`.
    pub(crate) fn github_env(&self, key: &str) -> String {
        std::fs::read_to_string(&self.github_env)
            .unwrap_or_default()
            .lines()
            .rev()
            .find_map(|l| l.strip_prefix(&format!("{key}=")))
            .unwrap_or_else(|| panic!("{key} is not in $GITHUB_ENV"))
            .to_owned()
    }

    pub(crate) fn calls(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    pub(crate) fn forget_calls(&self) {
        let _ = std::fs::remove_file(&self.log);
    }

    pub(crate) fn state(&self) -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(&self.state).unwrap()).unwrap()
    }

    pub(crate) fn set_state(&self, state: &serde_json::Value) {
        std::fs::write(&self.state, state.to_string()).unwrap();
    }
}
