//! Questions 1–6: hosting, regions, scaling, monitoring, cost, IaC.

use crate::answers::model::Infrastructure;
use crate::answers::units::Memory;
use crate::answers::vocab::*;
use crate::diagnostic::Code;

use super::context::Ctx;
use super::defaults;
use super::plan::*;

/// Bounds that keep derived values (80% of each) meaningful; far above any
/// real answer.
pub const MAX_BUDGET_USD: u32 = 100_000_000;
pub const MAX_CONCURRENT_REQUESTS: u32 = 100_000;

pub fn resolve(
    ctx: &mut Ctx<'_>,
    project: &ProjectPlan,
    given: Option<&Infrastructure>,
) -> InfrastructurePlan {
    let i = given.cloned().unwrap_or_default();

    let (q, text) = ctx.question("infrastructure.hosting", "Q1 (hosting)", i.hosting.as_ref(), true);
    let platform = ctx.required(
        &text,
        "infrastructure.hosting.platform",
        q.platform,
        "platform: fly",
    );
    // Without a platform there is nothing to check platform values against:
    // its own error is the one to show.
    ctx.platform = q.platform;
    let database_service = ctx.or_default(
        "infrastructure.hosting.database_service",
        q.database_service,
        || defaults::database_service(platform, project.database),
    );
    let hosting = HostingPlan {
        text,
        platform,
        database_service,
    };

    let (q, text) = ctx.question("infrastructure.regions", "Q2 (regions)", i.regions.as_ref(), true);
    let primary: String = ctx.required(&text, "infrastructure.regions.primary", q.primary, "primary: iad");
    let secondary = ctx.or_default("infrastructure.regions.secondary", q.secondary, Vec::new);
    // A platform with a region catalog checks codes, place names and
    // retired codes itself; duplicates once every region is a code, in
    // `distinct_regions`.
    let own_catalog = ctx
        .platform
        .is_some_and(|p| !crate::platforms::of(p).region_names().is_empty());
    for (index, region) in std::iter::once(&primary).chain(&secondary).enumerate() {
        let path = if index == 0 {
            "infrastructure.regions.primary".to_owned()
        } else {
            format!("infrastructure.regions.secondary[{}]", index - 1)
        };
        if ctx.platform.is_some() && !own_catalog && !region.is_empty() && !is_region_code(region) {
            ctx.error(
                Code::InvalidRegionCode,
                &path,
                format!("`{region}` is not a region code"),
                "write the platform's code: lowercase letters, digits and dashes (`iad`, `us-east-1`)",
            );
        }
    }
    let regions = RegionsPlan {
        text,
        primary,
        secondary,
    };

    let (q, text) = ctx.question("infrastructure.scaling", "Q3 (scaling)", i.scaling.as_ref(), true);
    let mode = ctx.or_default("infrastructure.scaling.mode", q.mode, || ScalingMode::Manual);
    let min_instances = ctx.or_default("infrastructure.scaling.min_instances", q.min_instances, || 1);
    let max_instances = ctx.or_default("infrastructure.scaling.max_instances", q.max_instances, || {
        min_instances
    });
    if max_instances < min_instances {
        ctx.error(
            Code::ScalingBounds,
            "infrastructure.scaling.max_instances",
            format!("max_instances ({max_instances}) is below min_instances ({min_instances})"),
            format!("raise `max_instances` to at least {min_instances}, or lower `min_instances`"),
        );
    }
    let memory = ctx.or_default("infrastructure.scaling.memory", q.memory, || Memory(512));
    if memory.megabytes() < 128 {
        ctx.error(
            Code::OutOfRange,
            "infrastructure.scaling.memory",
            format!("memory {memory} is below 128mb"),
            "write a size such as `256mb` or `1gb`",
        );
    }
    let cpus = ctx.or_default("infrastructure.scaling.cpus", q.cpus, || 1);
    if cpus == 0 {
        ctx.error(
            Code::OutOfRange,
            "infrastructure.scaling.cpus",
            "cpus must be at least 1",
            "write `cpus: 1`",
        );
    }
    let cpu_kind = ctx.or_default("infrastructure.scaling.cpu_kind", q.cpu_kind, || CpuKind::Shared);
    let max_concurrent_requests = ctx.or_default(
        "infrastructure.scaling.max_concurrent_requests",
        q.max_concurrent_requests,
        || 250,
    );
    if max_concurrent_requests == 0 {
        ctx.error(
            Code::OutOfRange,
            "infrastructure.scaling.max_concurrent_requests",
            "max_concurrent_requests must be at least 1",
            "e.g. `max_concurrent_requests: 250`",
        );
    } else if max_concurrent_requests > MAX_CONCURRENT_REQUESTS {
        ctx.error(
            Code::OutOfRange,
            "infrastructure.scaling.max_concurrent_requests",
            format!("max_concurrent_requests {max_concurrent_requests} is above {MAX_CONCURRENT_REQUESTS}"),
            "write the requests one instance takes at once, e.g. `max_concurrent_requests: 250`",
        );
    }
    let cpu_target_percent = ctx.or_default(
        "infrastructure.scaling.cpu_target_percent",
        q.cpu_target_percent,
        || 80,
    );
    if !(1..=100).contains(&cpu_target_percent) {
        ctx.error(
            Code::OutOfRange,
            "infrastructure.scaling.cpu_target_percent",
            format!("cpu_target_percent {cpu_target_percent} is outside 1–100"),
            "write a percentage such as `80`",
        );
    }
    let scaling = ScalingPlan {
        text,
        mode,
        min_instances,
        max_instances,
        memory,
        cpus,
        cpu_kind,
        cpu_target_percent,
        max_concurrent_requests,
    };

    let (q, text) = ctx.question(
        "infrastructure.monitoring",
        "Q4 (monitoring)",
        i.monitoring.as_ref(),
        true,
    );
    let tools = ctx.or_default("infrastructure.monitoring.tools", q.tools, Vec::new);
    let alert_channels = ctx.or_default(
        "infrastructure.monitoring.alert_channels",
        q.alert_channels,
        Vec::new,
    );
    let alert_on = ctx.or_default("infrastructure.monitoring.alert_on", q.alert_on, || {
        vec![AlertOn::Downtime]
    });
    // A name listed twice means the same as once: every generator sees
    // each once (a second Terraform block of the same name would not load).
    let monitoring = MonitoringPlan {
        text,
        tools: unique(tools),
        alert_channels: unique(alert_channels),
        alert_on: unique(alert_on),
    };

    let (q, text) = ctx.question("infrastructure.cost", "Q5 (cost)", i.cost.as_ref(), true);
    let monthly_budget_usd = ctx.required(
        &text,
        "infrastructure.cost.monthly_budget_usd",
        q.monthly_budget_usd,
        "monthly_budget_usd: 150",
    );
    for (key, value) in [
        ("monthly_budget_usd", Some(monthly_budget_usd)),
        ("alert_at_usd", q.alert_at_usd),
    ] {
        if let Some(value) = value.filter(|v| *v > MAX_BUDGET_USD) {
            ctx.error(
                Code::OutOfRange,
                &format!("infrastructure.cost.{key}"),
                format!("{key} {value} is above {MAX_BUDGET_USD}"),
                "write the monthly amount in whole US dollars, e.g. `150`",
            );
        }
    }
    let alert_at_usd = ctx.or_default("infrastructure.cost.alert_at_usd", q.alert_at_usd, || {
        defaults::four_fifths(monthly_budget_usd)
    });
    let cost = CostPlan {
        text,
        monthly_budget_usd,
        alert_at_usd,
    };

    let (q, text) = ctx.question(
        "infrastructure.iac",
        "Q6 (infrastructure as code)",
        i.iac.as_ref(),
        true,
    );
    let tool = ctx.or_default("infrastructure.iac.tool", q.tool, || IacTool::PlatformConfig);
    let iac = IacPlan { text, tool };

    InfrastructurePlan {
        hosting,
        regions,
        scaling,
        monitoring,
        cost,
        iac,
    }
}

/// `items` without repeats, in their first order.
fn unique<T: PartialEq>(items: Vec<T>) -> Vec<T> {
    let mut out: Vec<T> = Vec::with_capacity(items.len());
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

fn is_region_code(code: &str) -> bool {
    code.len() <= 32
        && code.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Each region once, compared as the codes they resolved to (`US East`,
/// `IAD` and `iad` are one region on Fly.io).
pub fn distinct_regions(ctx: &mut Ctx<'_>, regions: &RegionsPlan) {
    let mut seen: Vec<&str> = Vec::new();
    for (i, code) in regions.secondary.iter().enumerate() {
        if code.is_empty() {
            continue;
        }
        let path = format!("infrastructure.regions.secondary[{i}]");
        if seen.contains(&code.as_str()) {
            ctx.error(
                Code::Duplicate,
                &path,
                format!("`{code}` is listed twice under `secondary`"),
                "list each secondary region once",
            );
        } else if *code == regions.primary {
            ctx.error(
                Code::Duplicate,
                &path,
                format!("`{code}` is both the primary and a secondary region"),
                "list only the other regions under `secondary`",
            );
        }
        seen.push(code);
    }
}
