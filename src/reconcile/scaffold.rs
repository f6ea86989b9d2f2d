//! Mode `scaffold`: written once if missing; from then on the user's code.

#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Create,
    /// The file exists: shipspec never touches it again.
    Skip,
}

pub fn reconcile(disk: Option<&str>) -> Verdict {
    if disk.is_some() {
        Verdict::Skip
    } else {
        Verdict::Create
    }
}
