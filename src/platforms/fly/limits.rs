//! Fly.io: region codes, and what Fly can and cannot do with the answers.
//!
//! Fly has no CPU-based autoscaling and no instance-count key in fly.toml:
//! it starts and stops existing machines by load. The honest translation of
//! "2 instances, up to 5 at 80% CPU" is `min_machines_running = 2`, machines
//! stopped and started on demand, a concurrency limit, and `fly scale count
//! 5` run once; the warning here says so.

use crate::answers::vocab::{CpuKind, ScalingMode};
use crate::diagnostic::Code;

use super::regions::{self as fly_regions, Lookup, REGIONS};
use crate::resolve::context::Ctx;
use crate::resolve::{Plan, suggest_region};

/// Memory per CPU Fly offers, by CPU kind, in MB.
pub(super) fn memory_range(kind: CpuKind) -> (u64, u64) {
    match kind {
        CpuKind::Shared => (256, 2048),
        CpuKind::Performance => (2048, 8192),
    }
}

pub(super) const CPU_COUNTS: [u32; 5] = [1, 2, 4, 8, 16];

pub(super) fn resolve(ctx: &mut Ctx<'_>, plan: &mut Plan) {
    let regions = &mut plan.infrastructure.regions;
    if !regions.primary.is_empty() {
        regions.primary = region(ctx, "infrastructure.regions.primary", &regions.primary);
    }
    for (i, code) in regions.secondary.iter_mut().enumerate() {
        *code = region(ctx, &format!("infrastructure.regions.secondary[{i}]"), code);
    }

    let scaling = &plan.infrastructure.scaling;
    if !CPU_COUNTS.contains(&scaling.cpus) {
        ctx.error(
            Code::PlatformLimit,
            "infrastructure.scaling.cpus",
            format!(
                "Fly machines come with 1, 2, 4, 8 or 16 CPUs, not {}",
                scaling.cpus
            ),
            "pick one of 1, 2, 4, 8, 16",
        );
    }
    let (low, high) = memory_range(scaling.cpu_kind);
    let cpus = u64::from(scaling.cpus.max(1));
    let memory = scaling.memory.megabytes();
    if memory < low * cpus || memory > high * cpus {
        ctx.error(
            Code::PlatformLimit,
            "infrastructure.scaling.memory",
            format!(
                "{} Fly machines with {} CPU take {}mb to {}mb of memory, not {}",
                scaling.cpu_kind,
                scaling.cpus,
                low * cpus,
                high * cpus,
                scaling.memory
            ),
            if scaling.cpu_kind == CpuKind::Shared && memory > high * cpus {
                "add CPUs, or use `cpu_kind: performance`"
            } else {
                "change `memory` or `cpus` to fit the range"
            },
        );
    }
    if scaling.mode == ScalingMode::Auto {
        ctx.warning(
            Code::NoCpuAutoscaling,
            "infrastructure.scaling.mode",
            format!(
                "Fly.io does not scale on CPU (the {}% target cannot be honoured); generated instead: \
                 min_machines_running = {}, machines stopped when idle and started on demand, \
                 a limit of {} concurrent requests per machine, and `fly scale count {}` in the spec to create the machines Fly may start",
                scaling.cpu_target_percent, scaling.min_instances, scaling.max_concurrent_requests, scaling.max_instances
            ),
            "nothing to change if that is acceptable; the spec records it",
        );
    }
}

/// The Fly region for `text`: a current code, a place name, or a retired
/// code (with a warning). Unknown → error listing the valid codes.
fn region(ctx: &mut Ctx<'_>, path: &str, text: &str) -> String {
    match fly_regions::lookup(text) {
        Lookup::Current(code) => code.to_owned(),
        Lookup::Named(code) => {
            ctx.provenance
                .insert(path.to_owned(), crate::resolve::Source::Interpreted);
            code.to_owned()
        }
        Lookup::Retired(old, new) => {
            ctx.warning(
                Code::RetiredRegion,
                path,
                format!(
                    "Fly.io retired `{old}`; its machines moved to `{new}` ({})",
                    fly_regions::city(new)
                ),
                format!("write `{new}` to silence this warning"),
            );
            new.to_owned()
        }
        Lookup::Unknown => {
            let codes: Vec<&str> = REGIONS.iter().map(|(c, _)| *c).collect();
            let hint = match suggest_region(text, &codes) {
                Some(best) => format!(
                    "did you mean `{best}` ({})? Valid codes: {}",
                    fly_regions::city(best),
                    codes.join(", ")
                ),
                None => format!(
                    "valid codes: {}; or a place such as \"US East\", \"EU West\", \"Tokyo\"",
                    codes.join(", ")
                ),
            };
            ctx.error(
                Code::UnknownRegion,
                path,
                format!("`{text}` is not a Fly.io region"),
                hint,
            );
            String::new()
        }
    }
}
