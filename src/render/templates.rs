//! The embedded Tera templates and the engine that renders them.

use std::sync::LazyLock;

use serde::Serialize;
use tera::{Context, Kwargs, State, Tera};

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
];

static ENGINE: LazyLock<Tera> = LazyLock::new(|| {
    let mut tera = Tera::new();
    tera.autoescape_on(Vec::<&str>::new());
    tera.register_filter("md_text", |v: &str, _: Kwargs, _: &State| filters::md_text(v));
    tera.register_filter("md_quote", |v: &str, _: Kwargs, _: &State| filters::md_quote(v));
    tera.add_raw_templates(TEMPLATES.iter().copied())
        .unwrap_or_else(|e| panic!("bug in shipspec: an embedded template does not parse: {e}"));
    tera
});

/// Renders `name` with `context`, normalised to LF with one final newline.
/// A failure here is a bug in shipspec (templates and contexts are ours).
pub fn render(name: &str, context: &impl Serialize) -> String {
    let context = Context::from_serialize(context)
        .unwrap_or_else(|e| panic!("bug in shipspec: context for {name} does not serialize: {e}"));
    let text = ENGINE
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
