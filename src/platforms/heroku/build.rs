//! How the app is built and started on Heroku: by a buildpack from the
//! `Procfile`, or from the repository's Dockerfile with `heroku.yml` (the
//! app's stack set to `container`). Both are scaffolds: the commands are the
//! framework's usual ones, written once for the team to adjust.

use serde_norway::{Mapping, Value};

use crate::answers::vocab::{Database, Framework, Language};
use crate::resolve::Plan;

/// Words in the hosting, deployment or IaC answers that say the app ships
/// as a container image.
const CONTAINER_WORDS: &[&str] = &["docker", "dockerfile", "container"];

/// Whether the app builds from a Dockerfile: Rust has no official Heroku
/// buildpack, and otherwise the answers' words say so.
pub(super) fn container(plan: &Plan) -> bool {
    if plan.project.language == Language::Rust {
        return true;
    }
    let answers = [
        &plan.infrastructure.hosting.text.answer,
        &plan.operations.deployment.text.answer,
        &plan.infrastructure.iac.text.answer,
    ];
    answers.iter().any(|text| {
        text.to_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|word| CONTAINER_WORDS.contains(&word))
    })
}

/// The Python package of a Django project: the project name as an identifier.
fn package(plan: &Plan) -> String {
    plan.project.name.replace('-', "_")
}

/// The web process, listening on the `$PORT` Heroku gives it.
fn web(plan: &Plan) -> String {
    match plan.project.framework {
        Framework::Fastapi => "uvicorn main:app --host 0.0.0.0 --port $PORT".to_owned(),
        Framework::Flask => "gunicorn --bind 0.0.0.0:$PORT app:app".to_owned(),
        Framework::Django => format!("gunicorn {}.wsgi --bind 0.0.0.0:$PORT", package(plan)),
        Framework::Express => "npm start".to_owned(),
        Framework::Axum | Framework::NetHttp => format!("bin/{}", plan.project.name),
    }
}

/// The release phase's migrations, when there is a database to migrate.
pub(super) fn release(plan: &Plan) -> Option<Vec<String>> {
    if matches!(plan.project.database, Database::None) {
        return None;
    }
    let words: Vec<String> = match plan.project.framework {
        Framework::Django => vec!["python", "manage.py", "migrate", "--noinput"]
            .into_iter()
            .map(str::to_owned)
            .collect(),
        Framework::Fastapi | Framework::Flask => {
            vec!["alembic".to_owned(), "upgrade".to_owned(), "head".to_owned()]
        }
        Framework::Express => vec!["npm".to_owned(), "run".to_owned(), "migrate".to_owned()],
        Framework::Axum | Framework::NetHttp => {
            vec![format!("bin/{}", plan.project.name), "migrate".to_owned()]
        }
    };
    Some(words)
}

/// `Procfile`: the web process, and the release phase that runs the
/// migrations before any dyno starts the new release.
pub(super) fn procfile(plan: &Plan) -> String {
    let mut out = format!("web: {}\n", web(plan));
    if let Some(release) = release(plan) {
        out.push_str(&format!("release: {}\n", release.join(" ")));
    }
    out
}

/// `heroku.yml`: the web image from the Dockerfile, whose `CMD` must
/// listen on `$PORT`, and the release phase run in that image.
pub(super) fn heroku_yml(plan: &Plan) -> String {
    let mut doc = Mapping::new();
    let mut docker = Mapping::new();
    docker.insert("web".into(), "Dockerfile".into());
    let mut build = Mapping::new();
    build.insert("docker".into(), Value::Mapping(docker));
    doc.insert("build".into(), Value::Mapping(build));
    if let Some(command) = release(plan) {
        let mut release = Mapping::new();
        release.insert("image".into(), "web".into());
        release.insert(
            "command".into(),
            Value::Sequence(command.into_iter().map(Value::String).collect()),
        );
        doc.insert("release".into(), Value::Mapping(release));
    }
    let body = serde_norway::to_string(&Value::Mapping(doc))
        .unwrap_or_else(|e| panic!("bug in shipspec: heroku.yml does not serialize: {e}"));
    format!(
        "# Generated once by shipspec: the app builds from its Dockerfile, whose CMD\n# must listen on $PORT. Yours to edit.\n{body}"
    )
}
