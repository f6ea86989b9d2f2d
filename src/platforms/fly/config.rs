//! `fly.toml` (mode `merged`): the keys that make `fly deploy` do what the
//! answers say. Everything else in the user's fly.toml is theirs.
//! See `docs/outputs/fly.md` for each key and why.

mod layout;
mod place;
pub mod presets;

use std::sync::Arc;

use toml_edit::{InlineTable, Value};

pub use place::FlyShape;

use crate::answers::vocab::{InTransit, MonitoringTool, ScalingMode, Strategy};
use crate::render::artifact::{Artifact, Body, Mode};
use crate::render::specs::blocks::{production_app, soft_limit};
use crate::render::toml_doc::{Address, Forbidden, Seg, Select, TomlDoc, TomlKey};
use crate::resolve::Plan;

/// Where the app serves Prometheus metrics for Fly to scrape: a port of its
/// own, so `/metrics` is never public through the HTTP service.
pub const METRICS_PORT: i64 = 9091;

const HEADER: &str = "# fly.toml for Fly.io. shipspec sets the keys it manages from shipspec.yaml\n\
# (run `shipspec plan` to see them); every other key, table and comment here is yours.\n";

fn key(place: &[Seg], key: &str, value: impl Into<Value>, questions: &'static [&'static str]) -> TomlKey {
    TomlKey {
        address: Address {
            place: place.to_vec(),
            key: key.to_owned(),
        },
        value: value.into(),
        questions,
    }
}

const HOSTING: &str = "infrastructure.hosting";
const REGIONS: &[&str] = &["infrastructure.regions"];
const SCALING: &[&str] = &["infrastructure.scaling"];
const MONITORING: &[&str] = &["infrastructure.monitoring"];
const ENCRYPTION: &[&str] = &["security.encryption"];
const DEPLOYMENT: &[&str] = &["operations.deployment"];
const HEALTH: &[&str] = &["operations.health_checks"];
/// The project section is not a question: keys from it alone name none.
const PROJECT: &[&str] = &[];

fn table(name: &str) -> Seg {
    Seg::Table(name.to_owned())
}

fn seconds(s: u32) -> String {
    format!("{s}s")
}

pub fn render(plan: &Plan) -> Vec<Artifact> {
    let scaling = &plan.infrastructure.scaling;
    let health = &plan.operations.health_checks;
    let force_https = plan.security.encryption.in_transit == InTransit::Tls;
    let (auto_stop, min_running) = match scaling.mode {
        ScalingMode::Manual => ("off", scaling.min_instances),
        ScalingMode::Auto => ("stop", scaling.min_instances),
        ScalingMode::Serverless => ("suspend", scaling.min_instances),
    };

    let http = [table("http_service")];
    let concurrency = [table("http_service"), table("concurrency")];
    let mut keys = vec![
        key(&[], "app", production_app(plan), DEPLOYMENT),
        key(
            &[],
            "primary_region",
            plan.infrastructure.regions.primary.as_str(),
            REGIONS,
        ),
        key(&http, "internal_port", i64::from(plan.project.port), PROJECT),
        key(&http, "force_https", force_https, ENCRYPTION),
        key(&http, "auto_stop_machines", auto_stop, SCALING),
        key(&http, "auto_start_machines", true, SCALING),
        key(&http, "min_machines_running", i64::from(min_running), SCALING),
        key(&concurrency, "type", "requests", SCALING),
        key(
            &concurrency,
            "soft_limit",
            i64::from(soft_limit(scaling.max_concurrent_requests)),
            SCALING,
        ),
        key(
            &concurrency,
            "hard_limit",
            i64::from(scaling.max_concurrent_requests),
            SCALING,
        ),
    ];
    if health.enabled {
        let select = Select::by_str("path", &health.path);
        let check = [table("http_service"), Seg::Entry("checks".into(), select)];
        keys.extend([
            key(&check, "path", health.path.as_str(), HEALTH),
            key(&check, "method", "GET", HEALTH),
            key(
                &check,
                "grace_period",
                seconds(health.grace_period_seconds),
                HEALTH,
            ),
            key(&check, "interval", seconds(health.interval_seconds), HEALTH),
            key(&check, "timeout", seconds(health.timeout_seconds), HEALTH),
        ]);
        if force_https {
            // Fly's checks do not follow the HTTPS redirect: say the request
            // already came over HTTPS, as the proxy would.
            let mut headers = InlineTable::new();
            headers.insert("X-Forwarded-Proto", "https".into());
            keys.push(key(
                &check,
                "headers",
                headers,
                &["operations.health_checks", "security.encryption"],
            ));
        }
    }
    let vm = [Seg::Entry("vm".into(), Select::Index(0))];
    keys.extend([
        key(&vm, "memory", scaling.memory.to_string(), SCALING),
        key(&vm, "cpus", i64::from(scaling.cpus), SCALING),
        key(&vm, "cpu_kind", scaling.cpu_kind.as_str(), SCALING),
        key(
            &[table("deploy")],
            "strategy",
            plan.operations.deployment.strategy.as_str(),
            DEPLOYMENT,
        ),
    ]);
    let tools = &plan.infrastructure.monitoring.tools;
    if tools.contains(&MonitoringTool::Prometheus) || tools.contains(&MonitoringTool::Grafana) {
        let metrics = [table("metrics")];
        keys.extend([
            key(&metrics, "port", METRICS_PORT, MONITORING),
            key(&metrics, "path", "/metrics", MONITORING),
        ]);
    }
    let mut forbidden = Vec::new();
    if plan.operations.deployment.strategy == Strategy::Canary {
        forbidden.push(Forbidden {
            table: "mounts".into(),
            message: "Fly.io cannot deploy apps with volumes using the canary strategy, and this fly.toml mounts one"
                .into(),
            hint: "use `strategy: rolling` (or `immediate`) in shipspec.yaml, or remove the [mounts] section".into(),
        });
    }
    vec![Artifact {
        path: "fly.toml".into(),
        mode: Mode::Merged,
        body: Body::Toml(TomlDoc {
            header: HEADER.into(),
            keys,
            forbidden,
            shape: Some(Arc::new(FlyShape {
                process: plan.outputs.fly.process.clone(),
                service: plan.outputs.fly.service,
                memory: scaling.memory.to_string(),
                memory_mb: scaling.memory.megabytes(),
                cpus: scaling.cpus,
                cpu_kind: scaling.cpu_kind.as_str(),
            })),
        }),
        questions: vec![HOSTING],
    }]
}
