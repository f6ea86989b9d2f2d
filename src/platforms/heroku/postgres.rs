//! The Heroku Postgres plan for the answered backups. Every tier takes
//! scheduled daily logical backups (`pg:backups:schedule`), kept by tier:
//! Essential 7 daily, Standard 7 daily and 4 weekly, Premium 7 daily,
//! 8 weekly and 12 monthly. Continuous protection ("rollback" to any
//! moment) starts at Standard: 4 days there, a week on Premium.

use crate::answers::vocab::{BackupFrequency, DatabaseService};
use crate::resolve::Plan;

pub(super) struct Postgres {
    /// The add-on plan, `heroku-postgresql:<plan>`.
    pub plan: &'static str,
    /// Days the scheduled backups of this tier reach back.
    pub kept_days: u32,
    /// Days a rollback (point-in-time restore) reaches back, if any.
    pub rollback_days: Option<u32>,
}

const ESSENTIAL: Postgres = Postgres {
    plan: "essential-0",
    kept_days: 7,
    rollback_days: None,
};
const STANDARD: Postgres = Postgres {
    plan: "standard-0",
    kept_days: 28,
    rollback_days: Some(4),
};
const PREMIUM: Postgres = Postgres {
    plan: "premium-0",
    kept_days: 365,
    rollback_days: Some(7),
};

/// Whether the answers put the database on Heroku Postgres.
pub(super) fn on_heroku(plan: &Plan) -> bool {
    plan.infrastructure.hosting.database_service == DatabaseService::HerokuPostgres
}

/// Whether the answered frequency needs restores finer than a day, which
/// only continuous protection gives.
pub(super) fn needs_rollback(plan: &Plan) -> bool {
    matches!(
        plan.operations.backup.frequency,
        BackupFrequency::Continuous | BackupFrequency::Hourly
    )
}

/// The smallest plan of the tier that keeps the answered backups: a
/// rollback window covering the retention (up to Premium's week) when
/// restores finer than a day are answered, and scheduled backups reaching
/// back as far as the retention.
pub(super) fn of(plan: &Plan) -> Postgres {
    let days = plan.operations.backup.retention_days;
    if needs_rollback(plan) {
        return if days <= 4 { STANDARD } else { PREMIUM };
    }
    match days {
        0..=7 => ESSENTIAL,
        8..=28 => STANDARD,
        _ => PREMIUM,
    }
}
