//! `docs/runbooks/setup.md` lists exactly what the workflows read: every
//! `secrets.X` (in the GitHub environment of the job that reads it) and
//! every `vars.X` of every generated workflow is in the checklist, and
//! nothing in the checklist is unread.

use std::collections::BTreeSet;

use regex::Regex;
use serde_norway::Value;

use crate::support::Test;
use crate::workflows::{EXAMPLES, example};

/// (environment, secret) and variable names, read from the workflows.
fn read_by_workflows(t: &Test) -> (BTreeSet<(String, String)>, BTreeSet<String>) {
    let secret = Regex::new(r"secrets\.([A-Za-z0-9_]+)").unwrap();
    let var = Regex::new(r"vars\.([A-Za-z0-9_]+)").unwrap();
    let mut secrets = BTreeSet::new();
    let mut vars = BTreeSet::new();
    for entry in std::fs::read_dir(t.path(".github/workflows")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let w: Value = serde_norway::from_str(&text).unwrap();
        for (id, job) in w["jobs"].as_mapping().unwrap() {
            let body = serde_norway::to_string(job).unwrap();
            // The environments this job can run in: a literal name, or the
            // choices of the `environment` input it takes its name from.
            let environments: Vec<String> = match job["environment"]["name"].as_str() {
                Some("${{ inputs.environment }}") => {
                    w["on"]["workflow_dispatch"]["inputs"]["environment"]["options"]
                        .as_sequence()
                        .unwrap()
                        .iter()
                        .map(|o| o.as_str().unwrap().to_owned())
                        .collect()
                }
                Some(name) => vec![name.to_owned()],
                None => vec![String::new()],
            };
            for c in secret.captures_iter(&body) {
                for env in &environments {
                    assert!(
                        !env.is_empty(),
                        "{id:?} reads a secret outside a GitHub environment"
                    );
                    secrets.insert((env.clone(), c[1].to_owned()));
                }
            }
            for c in var.captures_iter(&body) {
                vars.insert(c[1].to_owned());
            }
        }
    }
    (secrets, vars)
}

/// The rows of the table under `## heading`: the cells of each row.
fn table(text: &str, heading: &str) -> Vec<Vec<String>> {
    let Some(start) = text.find(&format!("\n## {heading}\n")) else {
        return Vec::new();
    };
    let section = &text[start + 1..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    section
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().trim_matches('`').to_owned())
                .collect()
        })
        .collect()
}

fn listed_in_setup(t: &Test) -> (BTreeSet<(String, String)>, BTreeSet<String>) {
    let text = t.read("docs/runbooks/setup.md");
    let secrets: BTreeSet<(String, String)> = table(&text, "Secrets")
        .into_iter()
        .map(|row| (row[1].clone(), row[0].clone()))
        .collect();
    // Repository variables, and variables of one GitHub environment (each
    // with the command that sets it there).
    let mut vars: BTreeSet<String> = table(&text, "Variables")
        .into_iter()
        .map(|row| row[0].clone())
        .collect();
    for row in table(&text, "Environment variables") {
        assert!(
            text.contains(&format!("gh variable set {} --env {} ", row[0], row[1])),
            "no command sets {} in {}",
            row[0],
            row[1]
        );
        vars.insert(row[0].clone());
    }
    // Every secret has its command, and every environment it names is set up.
    let environments: BTreeSet<String> = table(&text, "GitHub environments")
        .into_iter()
        .map(|row| row[0].clone())
        .collect();
    for (env, name) in &secrets {
        assert!(
            environments.contains(env),
            "secret {name} in unknown environment {env}"
        );
        assert!(
            text.contains(&format!("gh secret set {name} --env {env}\n")),
            "no command creates {name} in {env}"
        );
    }
    (secrets, vars)
}

fn check(t: &Test, label: &str) {
    let (secrets, vars) = read_by_workflows(t);
    let (listed_secrets, listed_vars) = listed_in_setup(t);
    assert_eq!(secrets, listed_secrets, "{label}: secrets read vs listed");
    assert_eq!(vars, listed_vars, "{label}: variables read vs listed");
}

#[test]
fn setup_lists_exactly_what_the_workflows_read() {
    for name in EXAMPLES {
        let t = example(name);
        t.run(&["apply", "--yes"]).expect(0);
        check(&t, name);
    }
    // Three environments, one of each trigger, and volume snapshots.
    let t = example("fly-fastapi");
    t.edit_answers(
        "      - {name: staging, trigger: push, branch: main}\n      - {name: production, trigger: manual}",
        "      - {name: dev, trigger: push, branch: develop}\n      - {name: staging, trigger: manual}\n      - {name: production, trigger: tag}",
    );
    t.edit_answers(
        "database_service: fly-managed-postgres",
        "database_service: fly-postgres",
    );
    t.run(&["apply", "--yes"]).expect(0);
    check(&t, "three environments");
    let text = t.read("docs/runbooks/setup.md");
    assert!(
        text.contains("| `production` | `deploy.yml`, `rollback.yml` | no | branch `main` and tags `v*` |")
    );
    assert!(text.contains("| `staging` | `deploy.yml`, `rollback.yml` | yes | branch `main` |"));
    assert!(text.contains("-f name=\"v*\" -f type=tag"));
    assert!(text.contains("gh variable set FLY_VOLUME_ID"));
}

#[test]
fn manual_environments_require_reviewers_in_the_checklist() {
    let t = example("fly-fastapi");
    t.run(&["apply", "--yes"]).expect(0);
    let text = t.read("docs/runbooks/setup.md");
    assert!(
        text.contains("- [ ] Environment `production`: runs only from branch `main`, required reviewers")
    );
    assert!(text.contains("- [ ] Environment `staging`: runs only from branch `main`\n"));
    assert!(
        text.contains(
            "fly tokens create deploy --app notes-api | gh secret set FLY_API_TOKEN --env production"
        )
    );
    assert!(text.contains("Settings → Environments → `production` → Required"));
}
