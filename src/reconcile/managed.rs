//! Mode `managed`: the whole file is shipspec's. A file that differs from
//! what shipspec last wrote (per the lock's hash) was edited by hand.

use super::state::sha256;

#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Create,
    Unchanged,
    Update,
    /// Edited since shipspec wrote it, or never written by shipspec.
    Conflict {
        known: bool,
    },
}

pub fn reconcile(desired: &str, disk: Option<&str>, last_written_sha: Option<&str>) -> Verdict {
    match disk {
        None => Verdict::Create,
        Some(d) if d == desired => Verdict::Unchanged,
        Some(d) => match last_written_sha {
            Some(sha) if sha == sha256(d) => Verdict::Update,
            Some(_) => Verdict::Conflict { known: true },
            None => Verdict::Conflict { known: false },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts() {
        assert_eq!(reconcile("a", None, None), Verdict::Create);
        assert_eq!(reconcile("a", Some("a"), None), Verdict::Unchanged);
        assert_eq!(reconcile("b", Some("a"), Some(&sha256("a"))), Verdict::Update);
        assert_eq!(
            reconcile("b", Some("a!"), Some(&sha256("a"))),
            Verdict::Conflict { known: true }
        );
        assert_eq!(
            reconcile("b", Some("a"), None),
            Verdict::Conflict { known: false }
        );
    }
}
