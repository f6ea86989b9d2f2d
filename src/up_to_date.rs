//! `plan` and `check` of a project nothing has changed in since the last
//! apply. Reading the words of twenty answers is most of a single run (the
//! interpreter's patterns are compiled per process), and in CI the answers
//! rarely change: when the lock's stamp (`reconcile::stamp`) was made by
//! this build, over these exact answer bytes, and every file it records is
//! still what was written, the plan is read from it instead.
//!
//! Every condition is checked; anything unexpected (a hand edit, a base
//! copy gone, CRLF endings, an interrupted apply, a stamp from another
//! branch) means the full run, which then says what it finds.

use crate::answers;
use crate::diagnostic::Diagnostic;
use crate::journal::{self, Op};
use crate::pipeline::{Paths, Planned};
use crate::reconcile::disk::Disk;
use crate::reconcile::eol::Eol;
use crate::reconcile::stamp::{Stamp, Warning};
use crate::reconcile::state::{self, Lock, sha256};
use crate::reconcile::{Change, Status};
use crate::render::Mode;
use crate::run_lock::{self, Access};

/// The plan, from the stamp, when it holds; `None` means: run it all.
pub fn plan(paths: &Paths) -> Option<Planned> {
    if paths.specs.is_some() || !paths.root.is_dir() {
        return None;
    }
    let text = answers_text(paths)?;
    let answers_path = crate::output_paths::answers_in(&paths.root, &paths.answers)?;
    let guard = run_lock::acquire(&paths.root, Access::Read).ok()?;
    if !journal::pending(&paths.root).ok()?.is_empty() {
        return None;
    }
    let disk = Disk::new(&paths.root);
    let lock = Lock::read(&disk).ok()?;
    let stamp = lock.stamp.as_ref()?;
    if !stamp.holds_for(&lock)
        || stamp.answers_path != answers_path
        || stamp.answers_sha256 != sha256(&text)
        || lock.refused(Some(&answers_path)).is_some()
        || lock
            .files
            .keys()
            .any(|p| !stamp.unchanged.contains(p) && !stamp.scaffolds.contains(p) && !stamp.left.contains(p))
    {
        return None;
    }
    let mut changes = Vec::with_capacity(stamp.unchanged.len() + stamp.scaffolds.len());
    for path in &stamp.unchanged {
        let entry = lock.files.get(path).filter(|e| e.mode != Mode::Scaffold)?;
        let now = read_lf(&disk, path)?;
        let base = read_lf(&disk, &state::base_path(path))?;
        let base_holds = match &entry.base_sha256 {
            // The base copy is what was written: compared, not hashed again.
            None => base == now,
            Some(sha) => sha256(&base) == *sha,
        };
        if !base_holds || sha256(&now) != entry.sha256 {
            return None;
        }
        changes.push(change(
            path,
            entry.mode,
            Status::Unchanged,
            now,
            Some(base),
            Eol::Lf,
        ));
    }
    for path in &stamp.scaffolds {
        if lock.files.get(path).is_some_and(|e| e.mode != Mode::Scaffold) {
            return None;
        }
        let raw = disk.read(path).ok()??;
        let eol = Eol::of(&raw);
        let now = crate::reconcile::eol::to_lf(&raw).into_owned();
        let mut c = change(path, Mode::Scaffold, Status::Skip, now, None, eol);
        c.detail = Some("scaffold exists".into());
        changes.push(c);
    }
    changes.sort_by(|a, b| a.path.cmp(&b.path));
    let label = paths.answers_label();
    let warnings: Vec<Diagnostic> = stamp.warnings.iter().map(|w| w.diagnostic(&label)).collect();
    Some(Planned {
        warnings,
        source: answers::load::normalize_newlines(&text).into_owned(),
        changes,
        lock,
        guard,
    })
}

/// After an apply: plans again and, when every output is as the answers
/// produce it, stamps the lock so; otherwise removes a stamp that no
/// longer holds. A stamp only saves work, so failing to write one is not
/// an error of the apply.
pub fn record(paths: &Paths) {
    if plan(paths).is_some() {
        // The stamp already holds (an apply that found nothing to do).
        return;
    }
    let Ok(planned) = crate::pipeline::plan_for(paths, &[], Access::Write) else {
        return;
    };
    let stamp = stamp_for(paths, &planned);
    if planned.lock.stamp == stamp {
        return;
    }
    let lock = Lock {
        stamp,
        ..planned.lock.clone()
    };
    let op = Op {
        path: state::LOCK.to_owned(),
        content: Some(lock.render()),
    };
    let _ = journal::commit(&paths.root, &[op]);
}

/// The stamp `planned` earns: every output unchanged (or an existing
/// scaffold), nothing merging noticed, and warnings that replay the same.
fn stamp_for(paths: &Paths, planned: &Planned) -> Option<Stamp> {
    if paths.specs.is_some() {
        return None;
    }
    let text = answers_text(paths)?;
    let answers_path = crate::output_paths::answers_in(&paths.root, &paths.answers)?;
    let (mut unchanged, mut scaffolds) = (Vec::new(), Vec::new());
    for c in &planned.changes {
        let plain = c.warnings.is_empty() && !c.remove && c.sections.is_empty() && c.clashes.is_empty();
        match (c.status, c.mode, c.detail.as_deref()) {
            (Status::Unchanged, mode, None)
                if plain
                    && mode != Mode::Scaffold
                    && c.eol == Eol::Lf
                    && planned.lock.files.get(&c.path).is_some_and(|e| e.mode == mode) =>
            {
                unchanged.push(c.path.clone());
            }
            (Status::Skip, Mode::Scaffold, Some("scaffold exists")) if plain => {
                scaffolds.push(c.path.clone())
            }
            _ => return None,
        }
    }
    // Lock entries no change mentions: outputs the user took over with
    // `outputs.skip`, which a plan passes over.
    let left: Vec<String> = planned
        .lock
        .files
        .keys()
        .filter(|p| !planned.changes.iter().any(|c| c.path == **p))
        .cloned()
        .collect();
    let label = paths.answers_label();
    let warnings = planned
        .warnings
        .iter()
        .map(|d| Warning::of(d, &label))
        .collect::<Option<Vec<_>>>()?;
    Some(Stamp::new(
        answers_path,
        sha256(&text),
        unchanged,
        scaffolds,
        left,
        warnings,
        &planned.lock,
    ))
}

/// The answers file as text, within the input budget; `None` otherwise
/// (the full run says why).
fn answers_text(paths: &Paths) -> Option<String> {
    let bytes = answers::budget::read(&paths.answers).ok()?.ok()?;
    String::from_utf8(bytes).ok()
}

/// A file in `\n` endings only: any `\r` is left to the full run.
fn read_lf(disk: &Disk, path: &str) -> Option<String> {
    disk.read(path).ok()?.filter(|t| !t.contains('\r'))
}

fn change(path: &str, mode: Mode, status: Status, now: String, base: Option<String>, eol: Eol) -> Change {
    let mut c = Change::new(path, mode, Some(now.clone()), base.clone(), eol);
    c.status = status;
    c.rendered = base.unwrap_or_else(|| now.clone());
    c.after = now;
    c
}
