//! The advisory lock on `.shipspec/`: one `apply` at a time, and no `plan`
//! or `check` reading a project while an apply writes it. An apply holds it
//! exclusively, `plan` and `check` shared. A second run waits for it (10
//! seconds, or `SHIPSPEC_LOCK_TIMEOUT` seconds), then refuses with SS071.
//!
//! On Unix the lock is on the `.shipspec` directory itself, so no lock file
//! shows up in `git status`; elsewhere it is on `.shipspec/run.lock`. The
//! operating system releases it when the process ends, however it ends.

use std::fs::File;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::diagnostic::{Code, Diagnostic};

pub const DIR: &str = ".shipspec";
const DEFAULT_WAIT: Duration = Duration::from_secs(10);

/// Held until dropped.
#[derive(Debug)]
pub struct RunLock {
    _file: File,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// `plan`, `check`: others may read too.
    Read,
    /// `apply`: alone.
    Write,
}

fn wait() -> Duration {
    std::env::var("SHIPSPEC_LOCK_TIMEOUT")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map_or(DEFAULT_WAIT, Duration::from_secs_f64)
}

fn open(dir: &Path) -> std::io::Result<File> {
    #[cfg(unix)]
    {
        File::open(dir)
    }
    #[cfg(not(unix))]
    {
        std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join("run.lock"))
    }
}

fn failed(root: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(Code::Io, format!("cannot lock `{DIR}/`: {e}"))
        .file(root.join(DIR).display().to_string())
        .hint("check that the project directory is writable")
}

/// Takes the lock. `Read` on a project without `.shipspec/` takes none
/// (there is nothing an apply could be half-way through) and creates
/// nothing; `Write` creates the directory.
pub fn acquire(root: &Path, access: Access) -> Result<Option<RunLock>, Box<Diagnostic>> {
    let dir = crate::write::confine(root, DIR).map_err(|e| Box::new(e.diagnostic(DIR)))?;
    if access == Access::Write {
        match std::fs::create_dir(&dir) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(Box::new(failed(root, &e))),
        }
    } else if !dir.is_dir() {
        return Ok(None);
    }
    let file = open(&dir).map_err(|e| Box::new(failed(root, &e)))?;
    let deadline = Instant::now() + wait();
    loop {
        let taken = match access {
            Access::Read => fs4::fs_std::FileExt::try_lock_shared(&file),
            Access::Write => fs4::fs_std::FileExt::try_lock_exclusive(&file),
        }
        .map_err(|e| Box::new(failed(root, &e)))?;
        if taken {
            return Ok(Some(RunLock { _file: file }));
        }
        if Instant::now() >= deadline {
            return Err(Box::new(
                Diagnostic::error(
                    Code::Locked,
                    format!(
                        "another shipspec run holds the lock on `{DIR}/` (waited {} s); nothing was written",
                        wait().as_secs_f64()
                    ),
                )
                .file(root.join(DIR).display().to_string())
                .hint("wait for the other `shipspec apply` to finish, then run this again"),
            ));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
