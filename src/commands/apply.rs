//! `apply`: the plan, one confirmation, then every file and the new state
//! in `.shipspec/` written as one transaction (`journal`): all or none,
//! whatever stops the run. Conflicts write nothing unless `--force` (which
//! says what it discards) or `--merge-markers` (which writes the conflicts
//! for the user to resolve). Runs under the write lock on `.shipspec/`.

use std::io::{BufRead as _, IsTerminal as _};

use crate::exit::Exit;
use crate::journal::{self, Op};
use crate::output;
use crate::pipeline::Failure;
use crate::reconcile::state::{self, Entry, Lock};
use crate::reconcile::{Change, Status};
use crate::render::Mode;
use crate::report::{diff, plan};
use crate::run::Ui;
use crate::run_lock::Access;

#[derive(Clone, Debug, Default)]
pub struct Options {
    pub yes: bool,
    pub force: bool,
    pub merge_markers: bool,
    /// The plan someone already confirmed ([`digest`]): apply writes it
    /// only if planning again gives the very same changes (`apply --all`
    /// shows every plan first and writes each service afterwards).
    pub confirmed: Option<String>,
}

/// What a plan would write, as one value: the path, status and content
/// of every file it writes or removes.
pub fn digest(changes: &[Change]) -> String {
    let mut text = String::new();
    for c in changes.iter().filter(|c| c.status.writes()) {
        text.push_str(&format!(
            "{}\0{}\0{}\0{}\0",
            c.path,
            c.status.as_str(),
            c.remove,
            state::sha256(&c.after)
        ));
    }
    state::sha256(&text)
}

/// The files among `writes` that changed on disk since they were planned
/// (while the question waited, or between `--all`'s plan and its write).
fn changed_since_planned(root: &std::path::Path, writes: &[&Change]) -> Vec<String> {
    writes
        .iter()
        .filter(|c| {
            let now = crate::write::read(root, &c.path).ok().flatten();
            now.as_deref().map(crate::reconcile::eol::to_lf).as_deref() != c.before.as_deref()
        })
        .map(|c| c.path.clone())
        .collect()
}

/// The hand edits `--force` discards, said before anything is written.
pub fn force_warnings(changes: &[Change], palette: &crate::report::color::Palette) -> String {
    let mut text = String::new();
    for c in changes.iter().filter(|c| c.status == Status::Conflict) {
        text.push_str(&format!(
            "{}: overwriting {}; these hand edits are discarded:\n",
            palette.warning("warning"),
            c.path
        ));
        text.push_str(&discarded(c, palette));
    }
    text
}

/// The hand edits in a conflicting file, as indented diffs.
fn discarded(c: &Change, palette: &crate::report::color::Palette) -> String {
    let mut text = String::new();
    for d in &c.discards {
        let label = match &d.section {
            Some(id) => format!("{}#{id}", c.path),
            None => c.path.clone(),
        };
        let edit = diff::unified(&label, Some(&d.base), &d.ours);
        for line in diff::paint(&edit, palette).lines() {
            text.push_str(&format!("    {line}\n"));
        }
    }
    text
}

pub fn run(ui: &Ui, only: &[String], options: Options) -> Exit {
    let Options {
        yes,
        force,
        merge_markers,
        confirmed,
    } = options;
    let mut planned = match ui.plan_for(only, Access::Write) {
        Ok(p) => p,
        Err(exit) => return exit,
    };
    // Released before the stamp is recorded, which plans again under its own.
    let guard = planned.guard.take();
    if merge_markers {
        for c in &mut planned.changes {
            if let (Status::Conflict, Some(markers)) = (c.status, &c.markers) {
                c.after = markers.clone();
            }
        }
    }
    let changes = &planned.changes;
    let err = ui.stderr_palette();
    if confirmed.as_ref().is_some_and(|d| *d != digest(changes)) {
        output::stderr(&format!(
            "{}: the plan changed after it was confirmed (an answer or a file was edited meanwhile); nothing was written\n  = help: run the apply again to see the new plan\n",
            err.error("error")
        ));
        return Exit::Refused;
    }
    let new_lock = next_lock(&planned.lock, changes);
    let writes: Vec<&Change> = changes.iter().filter(|c| c.status.writes()).collect();
    if writes.is_empty() {
        // Files already match; record them so later edits are recognised.
        let ops = state_ops(changes, &planned.lock, &new_lock);
        if !ops.is_empty() {
            if let Err(f) = journal::commit(&ui.paths.root, &ops) {
                return failed(ui, &f);
            }
        }
        drop(guard);
        crate::up_to_date::record(&ui.paths);
        output::stderr("Nothing to do: every output is up to date.\n");
        return Exit::Ok;
    }
    output::stdout(&plan::text(changes, &ui.stdout_palette()));
    if output::stdout_failed() {
        // A plan nobody could see is not applied.
        return Exit::Error;
    }
    let conflicts: Vec<&Change> = changes.iter().filter(|c| c.status == Status::Conflict).collect();
    // With --merge-markers, only conflicts shipspec can mark still refuse.
    let refused: Vec<&Change> = conflicts
        .iter()
        .copied()
        .filter(|c| !(merge_markers && c.markers.is_some()))
        .collect();
    if !refused.is_empty() && !force {
        let mut text = format!(
            "{}: {} edited by hand since the last apply; nothing was written:\n",
            err.error("error"),
            crate::plural(refused.len(), "file was", "files were")
        );
        for c in &refused {
            text.push_str(&format!(
                "  {}  ({})\n",
                c.path,
                c.detail.as_deref().unwrap_or("conflict")
            ));
            // Show the hand edit itself when shipspec knows what it wrote.
            if c.base.is_some() {
                let edit = discarded(c, &err);
                if !edit.is_empty() {
                    text.push_str("    your edit since the last apply:\n");
                    text.push_str(&edit);
                }
            }
        }
        let markers = if refused.iter().all(|c| c.markers.is_some()) {
            ", or run `shipspec apply --merge-markers` to resolve them in the files"
        } else {
            ""
        };
        text.push_str(&format!("  = help: move those edits into shipspec.yaml (or outside the shipspec markers){markers}, or run `shipspec apply --force` to overwrite them\n"));
        output::stderr(&text);
        return Exit::Refused;
    }
    if force && !conflicts.is_empty() {
        output::stderr(&force_warnings(changes, &err));
    }
    if merge_markers && !conflicts.is_empty() {
        let mut text = String::new();
        for c in &conflicts {
            text.push_str(&format!(
                "{}: {} gets conflict markers; resolve them, then run `shipspec check`\n",
                err.warning("warning"),
                c.path
            ));
        }
        output::stderr(&text);
    }
    if !yes {
        if !std::io::stdin().is_terminal() {
            output::stderr(&format!(
                "{}: not applying without confirmation: no terminal to ask on\n  = help: review the plan above, then run `shipspec apply --yes`\n",
                err.error("error")
            ));
            return Exit::Refused;
        }
        output::stderr(&format!(
            "Write {}? [y/N] ",
            crate::plural(writes.len(), "file", "files")
        ));
        let mut line = String::new();
        let _ = std::io::stdin().lock().read_line(&mut line);
        if !matches!(line.trim(), "y" | "Y" | "yes" | "Yes") {
            output::stderr("Not applied: nothing was written.\n");
            return Exit::Refused;
        }
        // The question may have waited long: an edit made meanwhile is not
        // in the plan, and writing over it would lose it.
        let changed = changed_since_planned(&ui.paths.root, &writes);
        if !changed.is_empty() {
            output::stderr(&format!(
                "{}: {} changed while the question waited; nothing was written:\n  {}\n  = help: run `{}` again to see the new plan\n",
                err.error("error"),
                crate::plural(changed.len(), "file", "files"),
                changed.join("\n  "),
                ui.paths.apply_command()
            ));
            return Exit::Refused;
        }
    }
    let mut ops: Vec<Op> = writes
        .iter()
        .map(|c| Op {
            path: c.path.clone(),
            content: (!c.remove).then(|| c.eol.apply(&c.after).into_owned()),
        })
        .collect();
    ops.extend(state_ops(changes, &planned.lock, &new_lock));
    let removed = writes.iter().filter(|c| c.remove && c.before.is_some()).count();
    match journal::commit(&ui.paths.root, &ops) {
        Ok(_) => {
            let written = writes.iter().filter(|c| !c.remove).count();
            let mut done = format!("Wrote {}", crate::plural(written, "file", "files"));
            if removed > 0 {
                done.push_str(&format!(", removed {}", crate::plural(removed, "file", "files")));
            }
            drop(guard);
            crate::up_to_date::record(&ui.paths);
            output::stderr(&format!("{done}.\n"));
            Exit::Ok
        }
        Err(f) => failed(ui, &f),
    }
}

/// A transaction that failed, told as it is: nothing written, or what was
/// and how the next apply finishes the rest.
fn failed(ui: &Ui, f: &journal::Failed) -> Exit {
    if f.written.is_empty() {
        return ui.fail(&io_failure(&f.error));
    }
    ui.fail_partial(
        &Failure {
            diagnostics: vec![crate::pipeline::interrupted(f)],
            source: None,
        },
        &f.written,
    )
}

/// The lock after this apply: every file shipspec now stands behind.
fn next_lock(old: &Lock, changes: &[Change]) -> Lock {
    let mut lock = old.clone();
    for c in changes {
        if c.remove {
            // Removed (or, a refused conflict, not written at all).
            if c.status.writes() {
                lock.files.remove(&c.path);
            }
            continue;
        }
        // A kept hand edit is not shipspec's writing: its entry stays.
        if c.status == Status::Skip || (c.status == Status::Edited && old.files.contains_key(&c.path)) {
            continue;
        }
        let written = state::sha256(&c.after);
        let base = state::sha256(&c.rendered);
        lock.files.insert(
            c.path.clone(),
            Entry {
                mode: c.mode,
                sha256: written.clone(),
                base_sha256: (base != written).then_some(base),
                version: env!("CARGO_PKG_VERSION").to_owned(),
                keys: c.keys.clone(),
                adopted: c.adopted.clone(),
            },
        );
    }
    lock
}

/// The state files that change: each base copy that differs from the
/// render (or goes with its file), and the lock when it changes.
fn state_ops(changes: &[Change], old: &Lock, lock: &Lock) -> Vec<Op> {
    let mut ops = Vec::new();
    for c in changes {
        let path = state::base_path(&c.path);
        if c.remove {
            if c.status.writes() && c.base.is_some() {
                ops.push(Op { path, content: None });
            }
        } else if c.status != Status::Skip
            && c.mode != Mode::Scaffold
            && c.base.as_deref() != Some(&c.rendered)
        {
            ops.push(Op {
                path,
                content: Some(c.rendered.clone()),
            });
        }
    }
    if lock != old {
        ops.push(Op {
            path: state::LOCK.to_owned(),
            content: Some(lock.render()),
        });
    }
    ops
}

fn io_failure(e: &crate::write::WriteError) -> Failure {
    let path = match e {
        crate::write::WriteError::NotRelative { path }
        | crate::write::WriteError::Symlink { path, .. }
        | crate::write::WriteError::Read { path, .. }
        | crate::write::WriteError::Write { path, .. } => path.clone(),
    };
    Failure {
        diagnostics: vec![e.diagnostic(&path)],
        source: None,
    }
}
