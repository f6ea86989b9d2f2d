//! The age a managed database's newest daily backup may reach before the
//! backup check fails (Cloud SQL, Azure's flexible server).

use crate::answers::vocab::BackupFrequency;
use crate::resolve::Plan;

const DAY: u64 = 86_400;

/// The answered RPO (a day with continuous backups, whose daily backups are
/// what is listed), never under the day between two automated backups,
/// plus `margin`: how late the platform may start one.
pub(in crate::platforms) fn max_age(plan: &Plan, margin: u64) -> u64 {
    let backup = &plan.operations.backup;
    let answered = if backup.frequency == BackupFrequency::Continuous {
        DAY
    } else {
        backup.rpo.seconds()
    };
    answered.max(DAY) + margin
}
