//! The one pipeline every command shares: load → resolve → render →
//! reconcile. Commands differ only in what they do with the result.

use std::path::{Path, PathBuf};

use crate::answers::{self, Loaded};
use crate::diagnostic::{Code, Diagnostic};
use crate::reconcile::state::{Lock, StateError};
use crate::reconcile::{self, Change};
use crate::render;
use crate::resolve::{self, Resolved};

/// Where the answers are and where outputs go.
#[derive(Debug, Clone)]
pub struct Paths {
    pub answers: PathBuf,
    pub root: PathBuf,
}

impl Paths {
    pub fn new(answers: PathBuf, root: Option<PathBuf>) -> Paths {
        let root = root.unwrap_or_else(|| match answers.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        });
        Paths { answers, root }
    }

    /// The answers file as diagnostics name it.
    pub fn answers_label(&self) -> String {
        self.answers.display().to_string()
    }
}

/// A pipeline that stopped: its diagnostics, and the answers text when read.
#[derive(Debug)]
pub struct Failure {
    pub diagnostics: Vec<Diagnostic>,
    pub source: Option<String>,
}

pub struct Resolution {
    pub loaded: Loaded,
    pub resolved: Resolved,
    pub source: String,
}

pub fn read_answers(paths: &Paths) -> Result<Vec<u8>, Failure> {
    std::fs::read(&paths.answers).map_err(|e| Failure {
        diagnostics: vec![
            Diagnostic::error(Code::Io, format!("cannot read the answers file: {e}"))
                .file(paths.answers_label())
                .hint(if e.kind() == std::io::ErrorKind::NotFound {
                    "run `shipspec init` to create it, or pass `--answers FILE`"
                } else {
                    "check the path and its permissions"
                }),
        ],
        source: None,
    })
}

/// load + resolve. Errors stop here; warnings travel with the result.
pub fn resolve(paths: &Paths) -> Result<Resolution, Failure> {
    let bytes = read_answers(paths)?;
    let source = String::from_utf8_lossy(&bytes).into_owned();
    let loaded = answers::load(&paths.answers_label(), &bytes).map_err(|diagnostics| Failure {
        diagnostics,
        source: Some(source.clone()),
    })?;
    let resolved = resolve::resolve(&loaded);
    if !resolved.ok() {
        return Err(Failure {
            diagnostics: resolved.diagnostics,
            source: Some(source),
        });
    }
    Ok(Resolution {
        loaded,
        resolved,
        source,
    })
}

pub struct Planned {
    pub resolution: Resolution,
    pub changes: Vec<Change>,
    pub lock: Lock,
}

fn only_patterns(only: &[String]) -> Result<Vec<glob::Pattern>, Failure> {
    only.iter()
        .map(|p| {
            glob::Pattern::new(p).map_err(|e| Failure {
                diagnostics: vec![
                    Diagnostic::error(
                        Code::InvalidGlob,
                        format!("`--only {p}` is not a valid glob: {e}"),
                    )
                    .argument("--only")
                    .hint("write a path glob such as `docs/specs/*.md`"),
                ],
                source: None,
            })
        })
        .collect()
}

/// The whole pipeline up to the list of changes, filtered by `--only`.
pub fn plan(paths: &Paths, only: &[String]) -> Result<Planned, Failure> {
    let patterns = only_patterns(only)?;
    let resolution = resolve(paths)?;
    let mut artifacts = render::render(&resolution.resolved.plan);
    if !patterns.is_empty() {
        artifacts.retain(|a| patterns.iter().any(|p| p.matches(&a.path)));
    }
    let root = root_dir(&paths.root)?;
    let lock = Lock::read(&root).map_err(|e| Failure {
        diagnostics: vec![match &e {
            StateError::Io(io) if io.hint().is_some() => io.diagnostic(reconcile::state::LOCK),
            _ => Diagnostic::error(Code::Io, e.to_string())
                .file(reconcile::state::LOCK)
                .hint("restore it from version control, or delete `.shipspec/` to start over"),
        }],
        source: None,
    })?;
    let changes = reconcile::reconcile(&artifacts, &root, &lock).map_err(|diagnostics| Failure {
        diagnostics,
        source: None,
    })?;
    Ok(Planned {
        resolution,
        changes,
        lock,
    })
}

fn root_dir(root: &Path) -> Result<PathBuf, Failure> {
    if root.is_dir() {
        Ok(root.to_path_buf())
    } else {
        Err(Failure {
            diagnostics: vec![
                Diagnostic::error(
                    Code::Io,
                    format!("the output root `{}` is not a directory", root.display()),
                )
                .argument("--root")
                .hint("create it, or pass `--root DIR`"),
            ],
            source: None,
        })
    }
}
