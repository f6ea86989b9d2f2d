//! `init`: write a new answers file, blank or from a worked example.

use serde::Serialize;

use crate::cli::Example;
use crate::diagnostic::{Code, Diagnostic};
use crate::exit::Exit;
use crate::output;
use crate::pipeline::Failure;
use crate::render::templates;
use crate::resolve::project::dns_label_from;
use crate::run::Ui;
use crate::write;

const FLY_FASTAPI: &str = include_str!("../../examples/fly-fastapi/shipspec.yaml");

#[derive(Serialize)]
struct InitContext {
    name: String,
}

pub fn run(ui: &Ui, example: Option<Example>, force: bool) -> Exit {
    let answers = &ui.paths.answers;
    let fail = |message: String, hint: &str| {
        ui.fail(&Failure {
            diagnostics: vec![
                Diagnostic::error(Code::Io, message)
                    .file(ui.paths.answers_label())
                    .hint(hint),
            ],
            source: None,
        })
    };
    if answers.exists() && !force {
        return fail(
            "the answers file already exists".into(),
            "pass `--force` to overwrite it, or `--answers FILE` to write elsewhere",
        );
    }
    let body = match example {
        Some(Example::FlyFastapi) => FLY_FASTAPI.to_owned(),
        None => {
            let dir = std::fs::canonicalize(&ui.paths.root).ok();
            let dir_name = dir
                .as_deref()
                .and_then(|d| d.file_name())
                .and_then(|n| n.to_str())
                .unwrap_or("my-app");
            templates::render(
                "init/shipspec.yaml",
                &InitContext {
                    name: dns_label_from(dir_name),
                },
            )
        }
    };
    let content = crate::answers::schema::modeline() + &body;
    let Some(file_name) = answers.file_name().and_then(|n| n.to_str()) else {
        return fail(
            "the answers path has no file name".into(),
            "pass `--answers shipspec.yaml`",
        );
    };
    let dir = answers
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    if let Err(e) = std::fs::create_dir_all(dir) {
        return fail(
            format!("cannot create `{}`: {e}", dir.display()),
            "check the path and its permissions",
        );
    }
    if let Err(e) = write::write(dir, file_name, &content) {
        return fail(e.to_string(), "check the path and its permissions");
    }
    let next = if example.is_some() {
        "run `shipspec plan` to see what it generates"
    } else {
        "answer the questions, then run `shipspec validate`"
    };
    output::stderr(&format!("Wrote {}: {next}.\n", ui.paths.answers_label()));
    Exit::Ok
}
