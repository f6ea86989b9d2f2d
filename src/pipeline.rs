//! The one pipeline every command shares: load → resolve → render →
//! reconcile. Commands differ only in what they do with the result.

use std::path::{Path, PathBuf};

use crate::answers::locate::LocationIndex;
use crate::answers::{self, Loaded};
use crate::diagnostic::{Code, Diagnostic};
use crate::journal;
use crate::reconcile::disk::Disk;
use crate::reconcile::state::{Lock, StateError};
use crate::reconcile::{self, Change};
use crate::render;
use crate::resolve::{self, Resolved};
use crate::run_lock::{self, Access, RunLock};
use crate::specs::{self, SpecReading};

/// Where the answers are and where outputs go.
#[derive(Debug, Clone)]
pub struct Paths {
    pub answers: PathBuf,
    pub root: PathBuf,
    /// `--specs DIR`: the answers come from the spec files in DIR.
    pub specs: Option<PathBuf>,
}

impl Paths {
    pub fn new(answers: PathBuf, root: Option<PathBuf>) -> Paths {
        let root = root.unwrap_or_else(|| match answers.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        });
        Paths {
            answers,
            root,
            specs: None,
        }
    }

    /// The command that applies these answers.
    pub fn apply_command(&self) -> String {
        match &self.specs {
            Some(_) => format!("shipspec apply --specs {}", self.answers_label()),
            None => "shipspec apply".to_owned(),
        }
    }

    /// The answers file (or the specs directory) as diagnostics name it.
    pub fn answers_label(&self) -> String {
        let label = match &self.specs {
            Some(dir) => dir.display().to_string().trim_end_matches('/').to_owned(),
            None => self.answers.display().to_string(),
        };
        crate::report::printable(&label)
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
    /// With `--specs`: what was read from the spec files, and where.
    pub specs: Option<SpecReading>,
    /// The outputs, when resolve already rendered them (to check their
    /// paths): `plan_for` uses them rather than rendering twice.
    pub artifacts: Option<Vec<render::Artifact>>,
}

pub fn read_answers(paths: &Paths) -> Result<Vec<u8>, Failure> {
    match answers::budget::read(&paths.answers) {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(over)) => Err(Failure {
            diagnostics: vec![
                Diagnostic::error(Code::InputBudget, over.message())
                    .file(paths.answers_label())
                    .at(1, 1)
                    .hint(over.hint()),
            ],
            source: None,
        }),
        Err(e) => Err(read_failure(paths, e)),
    }
}

fn read_failure(paths: &Paths, e: std::io::Error) -> Failure {
    Failure {
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
    }
}

/// load + resolve. Errors stop here; warnings travel with the result.
pub fn resolve(paths: &Paths) -> Result<Resolution, Failure> {
    let resolution = resolve_all(paths)?;
    if !resolution.resolved.ok() {
        return Err(Failure {
            diagnostics: resolution.resolved.diagnostics,
            source: (!resolution.source.is_empty()).then_some(resolution.source),
        });
    }
    Ok(resolution)
}

/// Reads the spec files in `dir` and resolves what they say. Errors travel
/// in the result: `explain` still shows what was read.
fn resolve_specs(paths: &Paths, dir: &Path) -> Result<Resolution, Failure> {
    let reading = specs::read_dir(dir, Some(&paths.answers)).map_err(|diagnostics| Failure {
        diagnostics,
        source: None,
    })?;
    let loaded = Loaded {
        answers: reading.answers.clone(),
        index: LocationIndex::default(),
        file: paths.answers_label(),
    };
    let mut resolved = resolve::resolve_with(&loaded, &reading.interpretation);
    for d in &mut resolved.diagnostics {
        // Located where the specs state the value, when they do.
        let Some(path) = d.path.clone() else { continue };
        let at = reading
            .sources
            .iter()
            .find(|(p, _)| **p == path || p.starts_with(&format!("{path}.")))
            .map(|(_, at)| at)
            .or_else(|| {
                let question = path.rsplit_once('.').map_or(path.as_str(), |(q, _)| q);
                reading.words.get(question).map(|(_, at)| at)
            });
        if let Some(at) = at {
            d.file = Some(at.file.clone());
            d.line = Some(at.line);
            d.column = Some(at.column);
        }
    }
    resolved.diagnostics.extend(reading.diagnostics.iter().cloned());
    resolved.diagnostics.sort_by_key(|d| d.severity);
    Ok(Resolution {
        loaded,
        resolved,
        source: String::new(),
        specs: Some(reading),
        artifacts: None,
    })
}

/// load + resolve, keeping a resolution that has errors when the answers
/// could be read at all (for `explain`).
pub fn resolve_all(paths: &Paths) -> Result<Resolution, Failure> {
    if let Some(dir) = &paths.specs {
        return resolve_specs(paths, dir);
    }
    let bytes = read_answers(paths)?;
    // The text snippets are cut from: lines as the loader counts them.
    let source = answers::load::normalize_newlines(&String::from_utf8_lossy(&bytes)).into_owned();
    let loaded = answers::load(&paths.answers_label(), &bytes).map_err(|diagnostics| Failure {
        diagnostics,
        source: Some(source.clone()),
    })?;
    let mut resolved = resolve::resolve(&loaded);
    let mut rendered = None;
    if resolved.ok() {
        let answers = crate::output_paths::answers_in(&paths.root, &paths.answers);
        let artifacts = rendered.insert(render::render(&resolved.plan));
        for (clashing, why) in crate::output_paths::check(artifacts, answers.as_deref()) {
            let d = Diagnostic::error(Code::InvalidPath, why)
                .hint("choose another `outputs.health_module`, or leave that output out with `outputs.skip`");
            resolved.diagnostics.insert(
                0,
                if clashing.contains(&resolved.plan.outputs.health_module) {
                    loaded.locate(d, "outputs.health_module")
                } else {
                    d.file(clashing[0].clone())
                },
            );
        }
    }
    Ok(Resolution {
        loaded,
        resolved,
        source,
        specs: None,
        artifacts: rendered,
    })
}

pub struct Planned {
    /// What the answers said that did not stop the run.
    pub warnings: Vec<Diagnostic>,
    /// The answers text the warnings point into.
    pub source: String,
    pub changes: Vec<Change>,
    pub lock: Lock,
    /// The lock on `.shipspec/`, held while the plan is used.
    pub guard: Option<RunLock>,
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

fn failed(d: Diagnostic) -> Failure {
    Failure {
        diagnostics: vec![d],
        source: None,
    }
}

/// The whole pipeline up to the list of changes, filtered by `--only`, for
/// reading (`plan`, `check`).
pub fn plan(paths: &Paths, only: &[String]) -> Result<Planned, Failure> {
    plan_for(paths, only, Access::Read)
}

/// The pipeline under the lock on `.shipspec/`. For `Access::Write` (apply)
/// an interrupted apply is finished first and leftover temporary files are
/// removed; for `Access::Read` an interrupted apply is read as finished.
pub fn plan_for(paths: &Paths, only: &[String], access: Access) -> Result<Planned, Failure> {
    let patterns = only_patterns(only)?;
    if access == Access::Read && patterns.is_empty() {
        // Nothing changed since the last apply: its stamp says what follows.
        if let Some(planned) = crate::up_to_date::plan(paths) {
            return Ok(planned);
        }
    }
    let mut resolution = resolve(paths)?;
    let specs_dir = paths.specs.as_deref().and_then(|d| inside_root(d, &paths.root));
    if resolution.specs.is_some() {
        // CI checks against the specs too (a plain path: the action splits its command on spaces).
        resolution.resolved.plan.outputs.specs_dir = specs_dir
            .clone()
            .filter(|d| d.chars().all(|c| c.is_ascii_alphanumeric() || "._/-".contains(c)));
    }
    let mut artifacts = match resolution.artifacts.take() {
        Some(artifacts) => artifacts,
        None => render::render(&resolution.resolved.plan),
    };
    if let (Some(reading), Some(_)) = (&resolution.specs, &paths.specs) {
        // The specs are the input: instead of generated spec documents,
        // each spec file gets what was read from it, beside the words.
        artifacts.retain(|a| !render::specs::SPEC_FILES.iter().any(|f| f.path == a.path));
        if let Some(dir) = &specs_dir {
            artifacts.extend(specs::readback::artifacts(reading, dir));
            artifacts.sort_by(|a, b| a.path.cmp(&b.path));
        }
    }
    if !patterns.is_empty() {
        // A glob that names no output is most likely a typo or a path from
        // another folder: say so rather than report "nothing to do".
        for p in patterns
            .iter()
            .filter(|p| !artifacts.iter().any(|a| p.matches(&a.path)))
        {
            resolution.resolved.diagnostics.push(
                Diagnostic::warning(
                    Code::OnlyMatchesNothing,
                    format!("`--only {}` matches no output of this project", p.as_str()),
                )
                .argument("--only")
                .hint("globs match output paths from the project's root, such as `docs/specs/*` or `fly.toml`; `shipspec plan` lists them"),
            );
        }
        artifacts.retain(|a| patterns.iter().any(|p| p.matches(&a.path)));
    }
    let root = root_dir(&paths.root)?;
    let guard = run_lock::acquire(&root, access).map_err(|d| failed(*d))?;
    let disk = match access {
        Access::Write => {
            journal::recover(&root).map_err(|f| failed(interrupted(&f)))?;
            Disk::new(&root)
        }
        Access::Read => {
            let pending = journal::pending(&root).map_err(|e| failed(e.diagnostic(journal::JOURNAL)))?;
            Disk::with_pending(&root, pending)
        }
    };
    let answers_file = crate::output_paths::answers_in(&root, &paths.answers);
    let lock = Lock::read(&disk)
        .and_then(|lock| {
            // The lock says what may be deleted: never the answers file.
            match lock.refused(answers_file.as_deref()) {
                Some(why) => Err(StateError::Invalid(why)),
                None => Ok(lock),
            }
        })
        .map_err(|e| Failure {
            diagnostics: vec![match &e {
                StateError::Io(io) if io.hint().is_some() => io.diagnostic(reconcile::state::LOCK),
                _ => Diagnostic::error(Code::Io, e.to_string())
                    .file(reconcile::state::LOCK)
                    .hint("restore it from version control, or delete `.shipspec/` to start over"),
            }],
            source: None,
        })?;
    if access == Access::Write {
        journal::sweep(&root, temp_dirs(&artifacts, &lock).iter().map(String::as_str));
    }
    let skip: Vec<glob::Pattern> = resolution
        .resolved
        .plan
        .outputs
        .skip
        .iter()
        .filter_map(|p| glob::Pattern::new(p).ok())
        .collect();
    // A file no longer generated is removed only when in scope: matched by
    // `--only` (if given) and not left to the user by `outputs.skip`.
    // Nor is anything in the spec files' directory: with `--specs`, the input.
    let input_dir = specs_dir.as_deref().map(|d| format!("{d}/"));
    let removable = |path: &str| {
        !input_dir.as_deref().is_some_and(|d| path.starts_with(d))
            && (patterns.is_empty() || patterns.iter().any(|p| p.matches(path)))
            && !skip.iter().any(|p| p.matches(path))
    };
    let changes =
        reconcile::reconcile_with(&artifacts, &disk, &lock, &removable).map_err(|diagnostics| Failure {
            diagnostics,
            source: None,
        })?;
    Ok(Planned {
        warnings: resolution.resolved.diagnostics,
        source: resolution.source,
        changes,
        lock,
        guard,
    })
}

/// Every directory a temporary file of shipspec's may be in: those of the
/// outputs, of the files in the lock, of their base copies, and `.shipspec/`.
fn temp_dirs(artifacts: &[render::Artifact], lock: &Lock) -> std::collections::BTreeSet<String> {
    let parent = |p: &str| p.rsplit_once('/').map_or(String::new(), |(d, _)| d.to_owned());
    let paths = artifacts
        .iter()
        .map(|a| a.path.as_str())
        .chain(lock.files.keys().map(String::as_str));
    let mut dirs = std::collections::BTreeSet::from([String::new(), ".shipspec".to_owned()]);
    for path in paths {
        dirs.insert(parent(path));
        dirs.insert(parent(&reconcile::state::base_path(path)));
    }
    dirs
}

/// An interrupted apply that could not be finished (SS072).
pub fn interrupted(f: &journal::Failed) -> Diagnostic {
    Diagnostic::error(
        Code::Interrupted,
        format!("an interrupted apply could not be finished: {}", f.error),
    )
    .file(journal::JOURNAL)
    .hint("fix that and run `shipspec apply` again, or delete .shipspec/journal.toml and the .shipspec-tmp-* files it names to abandon it")
}

/// `dir` relative to the project root, `/`-separated, when it is inside it.
fn inside_root(dir: &Path, root: &Path) -> Option<String> {
    let dir = dir.canonicalize().ok()?;
    let root = root.canonicalize().ok()?;
    let relative = dir.strip_prefix(&root).ok()?;
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    (!parts.is_empty()).then(|| parts.join("/"))
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
