//! The embedded Tera templates and the engine that renders them.

use std::collections::BTreeMap;
use std::sync::{LazyLock, OnceLock};

use serde::Serialize;
use tera::{Context, Delimiters, Kwargs, State, Tera};

use super::filters;

/// Every template, by name (its path under `templates/`).
const TEMPLATES: &[(&str, &str)] = &[
    (
        "specs/section.md",
        include_str!("../../templates/specs/section.md"),
    ),
    ("env/env.example", include_str!("../../templates/env/env.example")),
    (
        "init/shipspec.yaml",
        include_str!("../../templates/init/shipspec.yaml"),
    ),
    (
        "runbooks/backup-and-recovery.md",
        include_str!("../../templates/runbooks/backup-and-recovery.md"),
    ),
    (
        "runbooks/incident-response.md",
        include_str!("../../templates/runbooks/incident-response.md"),
    ),
    (
        "runbooks/rollback.md",
        include_str!("../../templates/runbooks/rollback.md"),
    ),
    (
        "runbooks/setup.md",
        include_str!("../../templates/runbooks/setup.md"),
    ),
    (
        "health/fastapi.py",
        include_str!("../../templates/health/fastapi.py"),
    ),
    ("health/flask.py", include_str!("../../templates/health/flask.py")),
    (
        "health/django.py",
        include_str!("../../templates/health/django.py"),
    ),
    (
        "health/express.js",
        include_str!("../../templates/health/express.js"),
    ),
    ("health/axum.rs", include_str!("../../templates/health/axum.rs")),
    (
        "health/net-http.go",
        include_str!("../../templates/health/net-http.go"),
    ),
];

/// Workflow templates: GitHub's own `${{ }}` must stay literal, so these use
/// `{= … =}` for values (blocks and comments keep `{% %}` and `{# #}`).
const YAML_TEMPLATES: &[(&str, &str)] = &[
    (
        "workflows/ci.yml",
        include_str!("../../templates/workflows/ci.yml"),
    ),
    (
        "workflows/security-audit.yml",
        include_str!("../../templates/workflows/security-audit.yml"),
    ),
];

fn register_filters(tera: &mut Tera) {
    tera.register_filter("md_text", |v: &str, _: Kwargs, _: &State| filters::md_text(v));
    tera.register_filter("md_quote", |v: &str, _: Kwargs, _: &State| filters::md_quote(v));
    tera.register_filter("yaml_str", |v: &str, _: Kwargs, _: &State| filters::yaml_str(v));
}

/// One template, parsed the first time it is rendered: a command renders a
/// handful of the templates (one platform's workflows, one health stub), and
/// parsing all of them cost more than the rest of a plan.
struct Entry {
    text: &'static str,
    /// Workflow syntax: `{= … =}` for values.
    yaml: bool,
    engine: OnceLock<Tera>,
}

impl Entry {
    fn engine(&self, name: &str) -> &Tera {
        self.engine.get_or_init(|| {
            parse(name, self.text, self.yaml).unwrap_or_else(|e| {
                panic!("bug in shipspec: the embedded template {name} does not parse: {e}")
            })
        })
    }
}

fn parse(name: &str, text: &str, yaml: bool) -> Result<Tera, tera::Error> {
    let mut tera = Tera::new();
    tera.autoescape_on(Vec::<&str>::new());
    if yaml {
        tera.set_delimiters(Delimiters {
            block_start: "{%".into(),
            block_end: "%}".into(),
            variable_start: "{=".into(),
            variable_end: "=}".into(),
            comment_start: "{#".into(),
            comment_end: "#}".into(),
        })
        .expect("valid delimiters");
    }
    register_filters(&mut tera);
    tera.add_raw_template(name, text)?;
    Ok(tera)
}

/// Every embedded template by name, each parsed on first use.
static REGISTRY: LazyLock<BTreeMap<String, Entry>> = LazyLock::new(|| {
    let entry = |text, yaml| Entry {
        text,
        yaml,
        engine: OnceLock::new(),
    };
    TEMPLATES
        .iter()
        .map(|(n, t)| ((*n).to_owned(), entry(*t, false)))
        .chain(
            YAML_TEMPLATES
                .iter()
                .map(|(n, t)| ((*n).to_owned(), entry(*t, true))),
        )
        .chain(platform_templates().map(|(n, t)| (n, entry(t, true))))
        .collect()
});

/// Each platform's own workflow templates, named `platforms/<platform>/<file>`.
fn platform_templates() -> impl Iterator<Item = (String, &'static str)> {
    crate::answers::vocab::Platform::ALL.iter().flat_map(|&p| {
        crate::platforms::of(p)
            .workflows()
            .templates
            .iter()
            .map(move |(file, text)| (platform_template(p, file), *text))
    })
}

/// The name a platform's template `file` is registered under.
pub fn platform_template(platform: crate::answers::vocab::Platform, file: &str) -> String {
    format!("platforms/{}/{file}", platform.as_str())
}

/// Renders `name` with `context`, normalised to LF with one final newline.
/// A failure here is a bug in shipspec (templates and contexts are ours).
pub fn render(name: &str, context: &impl Serialize) -> String {
    let context = Context::from_serialize(context)
        .unwrap_or_else(|e| panic!("bug in shipspec: context for {name} does not serialize: {e}"));
    let engine = REGISTRY
        .get(name)
        .unwrap_or_else(|| panic!("bug in shipspec: no template named {name}"))
        .engine(name);
    let text = engine
        .render(name, &context)
        .unwrap_or_else(|e| panic!("bug in shipspec: template {name} failed to render: {e:?}"));
    let mut text = text.replace("\r\n", "\n");
    while text.ends_with("\n\n") {
        text.pop();
    }
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parsed lazily when rendering: this parses every one, so a template
    /// no test renders still cannot ship broken.
    #[test]
    fn every_embedded_template_parses() {
        assert!(REGISTRY.len() > TEMPLATES.len() + YAML_TEMPLATES.len());
        for (name, entry) in REGISTRY.iter() {
            if let Err(e) = parse(name, entry.text, entry.yaml) {
                panic!("{name}: {e:?}");
            }
        }
    }

    #[test]
    fn a_broken_template_is_an_error() {
        assert!(parse("x", "{% if %}", false).is_err());
        assert!(parse("x", "{= a =}{% endfor %}", true).is_err());
    }
}
