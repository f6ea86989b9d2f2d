//! Exit codes are data: one place maps outcomes to 0 / 1 / 2.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Success, valid, up to date, or nothing to do.
    Ok = 0,
    /// Refused (conflict, no confirmation) or drift found by `check`.
    Refused = 1,
    /// Invalid answers, broken files, I/O errors, bad usage.
    Error = 2,
}
