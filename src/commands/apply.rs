//! `apply`: the plan, one confirmation, then atomic writes and the new
//! state in `.shipspec/`. Conflicts write nothing unless `--force`.

use std::io::{BufRead as _, IsTerminal as _};

use crate::exit::Exit;
use crate::output;
use crate::pipeline::Failure;
use crate::reconcile::state::{self, Entry, Lock};
use crate::reconcile::{Change, Status};
use crate::render::Mode;
use crate::report::{diff, plan};
use crate::run::Ui;
use crate::write;

pub fn run(ui: &Ui, only: &[String], yes: bool, force: bool) -> Exit {
    let planned = match ui.plan(only) {
        Ok(p) => p,
        Err(exit) => return exit,
    };
    let changes = &planned.changes;
    let err = ui.stderr_palette();
    let new_lock = next_lock(&planned.lock, changes);
    let writes: Vec<&Change> = changes.iter().filter(|c| c.status.writes()).collect();
    if writes.is_empty() {
        // Files already match; record them so later edits are recognised.
        if new_lock != planned.lock {
            if let Err(f) = write_state(ui, changes, &new_lock) {
                return ui.fail(&f);
            }
        }
        output::stderr("Nothing to do: every output is up to date.\n");
        return Exit::Ok;
    }
    output::stdout(&plan::text(changes, &ui.stdout_palette()));
    if output::stdout_failed() {
        // A plan nobody could see is not applied.
        return Exit::Error;
    }
    let conflicts: Vec<&Change> = changes.iter().filter(|c| c.status == Status::Conflict).collect();
    if !conflicts.is_empty() && !force {
        let mut text = format!(
            "{}: {} edited by hand since the last apply; nothing was written:\n",
            err.error("error"),
            crate::plural(conflicts.len(), "file was", "files were")
        );
        for c in &conflicts {
            text.push_str(&format!(
                "  {}  ({})\n",
                c.path,
                c.detail.as_deref().unwrap_or("conflict")
            ));
            // Show the hand edit itself when shipspec knows what it wrote.
            if let (Some(base), Some(disk)) = (&c.base, &c.before) {
                let edit = diff::unified(&c.path, Some(base), disk);
                if !edit.is_empty() {
                    text.push_str("    your edit since the last apply:\n");
                    for line in diff::paint(&edit, &err).lines() {
                        text.push_str(&format!("    {line}\n"));
                    }
                }
            }
        }
        text.push_str("  = help: move those edits into shipspec.yaml (or outside the shipspec markers), or run `shipspec apply --force` to overwrite them\n");
        output::stderr(&text);
        return Exit::Refused;
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
    }
    // Stage: every target must be writable inside the root before any write.
    for c in &writes {
        if let Err(e) = write::confine(&ui.paths.root, &c.path) {
            return ui.fail(&io_failure(&c.path, e));
        }
    }
    let mut written = 0;
    for c in &writes {
        match write::write(&ui.paths.root, &c.path, &c.after) {
            Ok(true) => written += 1,
            Ok(false) => {}
            Err(e) => return ui.fail(&io_failure(&c.path, e)),
        }
    }
    if let Err(f) = write_state(ui, changes, &new_lock) {
        return ui.fail(&f);
    }
    output::stderr(&format!("Wrote {}.\n", crate::plural(written, "file", "files")));
    Exit::Ok
}

/// The lock after this apply: every file shipspec now stands behind.
fn next_lock(old: &Lock, changes: &[Change]) -> Lock {
    let mut lock = old.clone();
    for c in changes {
        if c.status == Status::Skip {
            continue;
        }
        lock.files.insert(
            c.path.clone(),
            Entry {
                mode: c.mode,
                sha256: state::sha256(&c.after),
                version: env!("CARGO_PKG_VERSION").to_owned(),
                keys: c.keys.clone(),
            },
        );
    }
    lock
}

fn write_state(ui: &Ui, changes: &[Change], lock: &Lock) -> Result<(), Failure> {
    let root = &ui.paths.root;
    for c in changes
        .iter()
        .filter(|c| c.status != Status::Skip && c.mode != Mode::Scaffold)
    {
        let path = state::base_path(&c.path);
        write::write(root, &path, &c.after).map_err(|e| io_failure(&path, e))?;
    }
    write::write(root, state::LOCK, &lock.render()).map_err(|e| io_failure(state::LOCK, e))?;
    Ok(())
}

fn io_failure(path: &str, e: write::WriteError) -> Failure {
    Failure {
        diagnostics: vec![e.diagnostic(path)],
        source: None,
    }
}
