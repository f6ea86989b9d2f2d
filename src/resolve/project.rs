//! `project` and `outputs`.

use crate::answers::model::{Outputs, Project};
use crate::answers::vocab::Quality;
use crate::diagnostic::Code;

use super::context::Ctx;
use super::defaults::language_of;
use super::plan::{Answer, FlyOutputsPlan, OutputsPlan, ProjectPlan};

pub fn resolve(ctx: &mut Ctx<'_>, project: Option<&Project>) -> ProjectPlan {
    let p = project.cloned().unwrap_or_default();
    if project.is_none() {
        ctx.error(
            Code::MissingAnswer,
            "project",
            "the `project` section is missing",
            "add `project:` with `name`, `language`, `framework`, `port` and `database`",
        );
    }
    // Inside `project`, each missing field gets its own message.
    let present = Answer {
        answer: String::new(),
        answered: project.is_some(),
    };
    let name: String = ctx.required(&present, "project.name", p.name, "name: notes-api");
    if !name.is_empty() && !is_dns_label(&name) {
        ctx.error(
            Code::InvalidName,
            "project.name",
            format!("project name `{name}` is not DNS-safe"),
            format!(
                "use lowercase letters, digits and dashes, starting with a letter, at most 63 characters, e.g. `{}`",
                dns_label_from(&name)
            ),
        );
    }
    let quality = ctx.or_default("project.quality", p.quality, || Quality::Production);
    let framework = ctx.required(&present, "project.framework", p.framework, "framework: fastapi");
    let language = ctx.required(&present, "project.language", p.language, "language: python");
    if p.language.is_some() && p.framework.is_some() && language_of(framework) != language {
        ctx.error(
            Code::Inconsistent,
            "project.framework",
            format!("framework `{framework}` is not a {} framework", language.label()),
            format!("`{framework}` goes with `language: {}`", language_of(framework)),
        );
    }
    let port = ctx.or_default("project.port", p.port, || 8080);
    if !(1..=65535).contains(&port) {
        ctx.error(
            Code::OutOfRange,
            "project.port",
            format!("port {port} is outside 1–65535"),
            "use the port your app listens on, e.g. `port: 8080`",
        );
    }
    let database = ctx.required(&present, "project.database", p.database, "database: postgres");
    ProjectPlan {
        name,
        quality,
        language,
        framework,
        port,
        database,
    }
}

pub fn outputs(ctx: &mut Ctx<'_>, project: &ProjectPlan, outputs: Option<&Outputs>) -> OutputsPlan {
    let skip = outputs.map(|o| o.skip.clone()).unwrap_or_default();
    for (i, pattern) in skip.iter().enumerate() {
        if let Err(e) = glob::Pattern::new(pattern) {
            ctx.error(
                Code::InvalidGlob,
                &format!("outputs.skip[{i}]"),
                format!("`{pattern}` is not a valid glob: {e}"),
                "write a path glob such as `docs/specs/*.md`",
            );
        }
    }
    let given = outputs.and_then(|o| o.health_module.clone());
    let health_module = ctx.or_default("outputs.health_module", given, || {
        super::defaults::health_module(project.framework).to_owned()
    });
    // Another output or the answers file is caught once all outputs are
    // known (pipeline); the rest of the rules already apply here.
    if let Some(why) = crate::output_paths::refuse(&health_module, None) {
        ctx.error(
            Code::InvalidPath,
            "outputs.health_module",
            why,
            "write a path such as `app/health.py`, without `..`, outside `.git/` and `.shipspec/`",
        );
    }
    let shipspec_install =
        super::shipspec_install::resolve(ctx, outputs.and_then(|o| o.shipspec_install.as_ref()));
    let fly = fly_outputs(ctx, outputs.and_then(|o| o.fly.as_ref()));
    let alerts = super::alert_outputs::resolve(ctx, outputs.and_then(|o| o.alerts.as_ref()));
    let datadog = super::datadog_outputs::resolve(ctx, outputs.and_then(|o| o.datadog.as_ref()));
    OutputsPlan {
        skip,
        health_module,
        shipspec_install,
        fly,
        alerts,
        datadog,
        specs_dir: None,
    }
}

/// `outputs.fly`: a process name as Fly's `[processes]` keys are written,
/// and a `[[services]]` position counted from 1. Whether fly.toml has them
/// is checked when it is merged.
fn fly_outputs(ctx: &mut Ctx<'_>, fly: Option<&crate::answers::model::FlyOutputs>) -> FlyOutputsPlan {
    let Some(fly) = fly else {
        return FlyOutputsPlan::default();
    };
    if let Some(process) = &fly.process {
        let ok = (1..=63).contains(&process.len())
            && process
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !ok {
            ctx.error(
                Code::InvalidName,
                "outputs.fly.process",
                format!("`{process}` is not a Fly process name"),
                "write the name of an entry of fly.toml's [processes], such as `web` (letters, digits, `-` and `_`)",
            );
        }
    }
    if fly.service == Some(0) {
        ctx.error(
            Code::OutOfRange,
            "outputs.fly.service",
            "`outputs.fly.service` counts [[services]] tables from 1",
            "write 1 for the first [[services]] table in fly.toml",
        );
    }
    FlyOutputsPlan {
        process: fly.process.clone(),
        service: fly.service,
    }
}

/// A DNS label as Fly, Heroku and Kubernetes accept for app names.
pub fn is_dns_label(name: &str) -> bool {
    let bytes = name.as_bytes();
    (1..=63).contains(&bytes.len())
        && bytes[0].is_ascii_lowercase()
        && bytes[bytes.len() - 1] != b'-'
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

/// The nearest DNS label to `name`, offered as a hint.
pub fn dns_label_from(name: &str) -> String {
    let mut label = String::new();
    for c in name.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            label.push(c);
        } else if !label.ends_with('-') && !label.is_empty() {
            label.push('-');
        }
    }
    let label = label.trim_start_matches(|c: char| c.is_ascii_digit());
    let label: String = label.chars().take(63).collect();
    let label = label.trim_matches('-');
    if label.is_empty() {
        "my-app".to_owned()
    } else {
        label.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_labels() {
        assert!(is_dns_label("notes-api"));
        assert!(is_dns_label("a1"));
        assert!(!is_dns_label("Notes"));
        assert!(!is_dns_label("1app"));
        assert!(!is_dns_label("app-"));
        assert!(!is_dns_label("my_app"));
        assert!(!is_dns_label(&"a".repeat(64)));
        assert_eq!(dns_label_from("My App!"), "my-app");
    }
}
