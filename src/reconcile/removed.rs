//! Outputs the answers no longer generate (a deploy workflow after the
//! deployment became manual): the lock names them and no artifact does.
//! Unchanged since shipspec wrote them, they are removed; edited by hand,
//! they are a conflict, since deleting them would lose the edit. Scaffolds
//! are the user's code once written and are never removed.

use super::disk::Disk;
use super::eol::to_lf;
use super::state::{self, Entry};
use super::{Change, Discard, Status};
use crate::diagnostic::Diagnostic;

pub fn reconcile(path: &str, entry: &Entry, disk: &Disk) -> Result<Change, Box<Diagnostic>> {
    let io = |e: crate::write::WriteError| Box::new(e.diagnostic(path));
    let raw = disk.read(path).map_err(io)?;
    let base = disk.read(&state::base_path(path)).map_err(io)?;
    let before = raw.as_deref().map(|t| to_lf(t).into_owned());
    let (status, detail) = match &before {
        None => (Status::Remove, "no longer generated; already deleted".to_owned()),
        Some(text) if state::sha256(text) == entry.sha256 => {
            (Status::Remove, "no longer generated".to_owned())
        }
        Some(_) => (
            Status::Conflict,
            "no longer generated, and edited since last apply".to_owned(),
        ),
    };
    let discards = match (status, &before) {
        (Status::Conflict, Some(ours)) => vec![Discard {
            section: None,
            base: base.clone().unwrap_or_default(),
            ours: ours.clone(),
        }],
        _ => Vec::new(),
    };
    let mut change = Change::new(path, entry.mode, before, base, Default::default());
    change.status = status;
    change.discards = discards;
    change.detail = Some(detail);
    change.remove = true;
    Ok(change)
}
