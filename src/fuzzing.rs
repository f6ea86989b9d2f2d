//! Entry points for the fuzz targets (`fuzz/`) and the random driver in
//! the tests: the whole pipeline on arbitrary input, in memory, checking
//! what must hold for any input — no panic, no secret in any output or
//! printed diagnostic. Not an API.

use std::path::Path;
use std::sync::OnceLock;

use crate::answers::secrets;
use crate::answers::{Loaded, load};
use crate::reconcile::state::Lock;
use crate::report::color::Palette;
use crate::report::diagnostics;

/// An empty project directory shared by every run (reconcile only reads).
fn empty_root() -> &'static Path {
    static ROOT: OnceLock<tempfile::TempDir> = OnceLock::new();
    ROOT.get_or_init(|| tempfile::tempdir().expect("a temporary directory"))
        .path()
}

/// Bytes as `shipspec.yaml`: load → resolve → render → reconcile.
pub fn answers(data: &[u8]) {
    let source = String::from_utf8_lossy(data);
    let loaded = match load("shipspec.yaml", data) {
        Ok(loaded) => loaded,
        Err(diags) => {
            let shown = diagnostics::text(&diags, Some(("shipspec.yaml", &source)), &Palette::plain());
            assert!(
                secrets::find(&shown).is_none(),
                "a diagnostic printed a secret:\n{shown}"
            );
            return;
        }
    };
    let resolved = crate::resolve::resolve(&loaded);
    let shown = diagnostics::text(
        &resolved.diagnostics,
        Some(("shipspec.yaml", &source)),
        &Palette::plain(),
    );
    assert!(
        secrets::find(&shown).is_none(),
        "a diagnostic printed a secret:\n{shown}"
    );
    if resolved.ok() {
        pipeline_rest(&resolved.plan);
    }
}

/// Text as the four spec files (split at NUL): read → resolve → render.
pub fn specs(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let files: Vec<(String, String)> = crate::specs::FILES
        .iter()
        .zip(text.split('\0'))
        .map(|(name, part)| (format!("docs/specs/{name}"), part.to_owned()))
        .collect();
    let project = crate::answers::model::Project {
        name: Some("fuzz".into()),
        quality: None,
        language: Some(crate::answers::vocab::Language::Python),
        framework: Some(crate::answers::vocab::Framework::Fastapi),
        port: Some(8080),
        database: Some(crate::answers::vocab::Database::Postgres),
    };
    let reading = crate::specs::read(&files, Some(&project), "docs/specs");
    let loaded = Loaded {
        answers: reading.answers.clone(),
        index: Default::default(),
        file: "docs/specs".into(),
    };
    let resolved = crate::resolve::resolve_with(&loaded, &reading.interpretation);
    if resolved.ok() {
        pipeline_rest(&resolved.plan);
    }
}

fn pipeline_rest(plan: &crate::resolve::Plan) {
    let artifacts = crate::render::render(plan);
    let _ = crate::output_paths::check(&artifacts, Some("shipspec.yaml"));
    let changes = crate::reconcile::reconcile(&artifacts, empty_root(), &Lock::default())
        .expect("an empty project reconciles");
    for c in &changes {
        if let Some(kind) = secrets::find(&c.after) {
            panic!("{} holds {kind}", c.path);
        }
    }
}
