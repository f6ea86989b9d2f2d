//! Dyno sizes: Heroku sizes a process by its dyno type alone (no CPU or
//! memory knobs), so the answered memory picks the smallest professional
//! dyno that holds it; `cpu_kind: performance` asks for dedicated CPU.
//! Eco and Basic are left out: they run one dyno per process type and have
//! no preboot.

use crate::answers::vocab::CpuKind;
use crate::resolve::plan::ScalingPlan;

/// Each dyno type with its memory in MB, smallest first (Heroku's dyno
/// types page).
pub(super) const SIZES: &[(&str, u64)] = &[
    ("standard-1x", 512),
    ("standard-2x", 1024),
    ("performance-m", 2560),
    ("performance-l", 14_336),
    ("performance-l-ram", 30_720),
    ("performance-xl", 63_488),
    ("performance-2xl", 129_024),
];

/// The dyno for the answered memory and CPU kind; `None` beyond the largest.
pub(super) fn size(scaling: &ScalingPlan) -> Option<&'static str> {
    let memory = scaling.memory.megabytes();
    SIZES
        .iter()
        .filter(|(name, _)| scaling.cpu_kind == CpuKind::Shared || is_performance(name))
        .find(|(_, mb)| memory <= *mb)
        .map(|(name, _)| *name)
}

/// Performance dynos: dedicated CPU, and the only Common Runtime tier
/// Heroku's autoscaling works on.
pub(super) fn is_performance(size: &str) -> bool {
    size.starts_with("performance-")
}

/// The largest dyno's memory, for the error beyond it.
pub(super) fn largest() -> (&'static str, u64) {
    SIZES[SIZES.len() - 1]
}
