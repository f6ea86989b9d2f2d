//! `validate`: load + resolve, print the diagnostics. Exit 0 when valid
//! (warnings allowed), 2 otherwise.

use crate::cli::Format;
use crate::exit::Exit;
use crate::output;
use crate::pipeline;
use crate::report::diagnostics;
use crate::run::Ui;

pub fn run(ui: &Ui, format: Format) -> Exit {
    let (diags, source, valid) = match pipeline::resolve(&ui.paths) {
        Ok(r) => (r.resolved.diagnostics, Some(r.source), true),
        Err(f) => (f.diagnostics, f.source, false),
    };
    match format {
        Format::Json => {
            let mut text = serde_json::to_string_pretty(&serde_json::json!({
                "valid": valid,
                "diagnostics": diags,
            }))
            .expect("diagnostics always serialize");
            text.push('\n');
            output::stdout(&text);
        }
        Format::Text => {
            let label = ui.paths.answers_label();
            let palette = ui.stderr_palette();
            output::stderr(&diagnostics::text(
                &diags,
                source.as_deref().map(|s| (label.as_str(), s)),
                &palette,
            ));
            let errors = diags.iter().filter(|d| d.is_error()).count();
            let warnings = diags.len() - errors;
            let verdict = if valid {
                "valid".to_owned()
            } else {
                format!("invalid, {}", crate::plural(errors, "error", "errors"))
            };
            output::stderr(&format!(
                "{label}: {verdict}, {}\n",
                crate::plural(warnings, "warning", "warnings")
            ));
        }
    }
    if valid { Exit::Ok } else { Exit::Error }
}
