//! Retention periods AWS accepts: CloudWatch Logs takes a fixed list of
//! days, RDS keeps automated backups 0 to 35 days.

/// The retention values CloudWatch Logs accepts, in days.
const LOG_DAYS: &[u32] = &[
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/// The log retention for `days`: the shortest accepted value that keeps
/// logs at least as long as answered (the longest, 3653, above that).
pub(super) fn log_days(days: u32) -> u32 {
    LOG_DAYS
        .iter()
        .copied()
        .find(|d| *d >= days)
        .unwrap_or(LOG_DAYS[LOG_DAYS.len() - 1])
}

/// The longest automated-backup retention RDS and Aurora allow.
pub(super) const BACKUP_MAX_DAYS: u32 = 35;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_days_round_up_to_an_accepted_value() {
        assert_eq!(log_days(30), 30);
        assert_eq!(log_days(31), 60);
        assert_eq!(log_days(0), 1);
        assert_eq!(log_days(10_000), 3653);
    }
}
