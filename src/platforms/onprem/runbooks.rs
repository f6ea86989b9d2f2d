//! The commands the setup, rollback and incident runbooks print for own
//! servers, with Kamal or Docker Compose.

use std::fmt::Write;

use super::tool::{self, Tool};
use super::{backup, env, names, workflows};
use crate::platforms::RollbackRunbook;
use crate::render::specs::blocks::production_environment;
use crate::resolve::Plan;

/// The production environment's name, as the Kamal destination.
fn destination(plan: &Plan) -> String {
    production_environment(plan).map_or_else(|| "production".to_owned(), |e| e.name.clone())
}

pub(super) fn rollback(plan: &Plan) -> RollbackRunbook {
    let d = destination(plan);
    match tool::of(plan) {
        Tool::Kamal => RollbackRunbook {
            workflow_inputs: "the version to return to: the commit SHA of a release the hosts still\nkeep (`kamal app containers`)",
            intro: format!(
                "Kamal keeps the containers of the last {} releases on each host\n(`retain_containers`): a rollback boots one of them again, host by host,\nbehind kamal-proxy.",
                plan.operations.rollback.keep_releases.max(1)
            ),
            commands: vec![
                format!("kamal app containers -d {d}"),
                format!("kamal rollback -d {d} <version>"),
                format!("kamal app details -d {d}"),
            ],
            after: "A rollback returns to that release's image and its environment as Kamal\nrecorded it; the database is not rolled back, so the older code must work\nwith the newer schema. The next deploy of the branch brings the bad release\nback: revert its commit first.".to_owned(),
        },
        Tool::Compose => RollbackRunbook {
            workflow_inputs: "the version to return to: the commit SHA whose image the host still\nhas (`docker image ls`)",
            intro: "Each deploy builds the image `<project>:<commit>` on the host: a rollback\nstarts the containers from an earlier one again.".to_owned(),
            commands: vec![
                format!("docker image ls {}", plan.project.name),
                "TAG=<version> docker compose up --detach --no-build --wait".to_owned(),
                "docker compose ps".to_owned(),
            ],
            after: "Run them on the deploy host, in the checkout. The database is not rolled\nback, so the older code must work with the newer schema. Remove old images\nwith care: they are the rollback targets.".to_owned(),
        },
    }
}

pub(super) fn first_look(plan: &Plan) -> Vec<String> {
    let d = destination(plan);
    match tool::of(plan) {
        Tool::Kamal => {
            let mut out = vec![
                format!("kamal app details -d {d}"),
                format!("kamal app logs -d {d} --since 30m"),
                format!("kamal proxy logs -d {d}"),
            ];
            if names::own_postgres(plan) {
                out.push(format!("kamal accessory logs db -d {d}"));
            }
            out
        }
        Tool::Compose => vec![
            "docker compose ps".to_owned(),
            "docker compose logs --since 30m".to_owned(),
            "docker stats --no-stream".to_owned(),
        ],
    }
}

/// The setup runbook's part for own servers.
pub(super) fn steps(plan: &Plan, deploys: bool) -> String {
    let tool = tool::of(plan);
    let envs = &plan.operations.deployment.environments;
    let mut out = String::from("## Servers\n\n");
    match tool {
        Tool::Kamal => {
            out.push_str("Kamal runs the app on the hosts each `config/deploy.<environment>.yml`\nlists. They are placeholders from the documentation address ranges: replace\nthem with your servers (one per instance; more hosts, more instances).\nEach host needs SSH for the `deploy` user (in the `docker` group); Kamal\ninstalls Docker and kamal-proxy on the first `kamal setup`.");
            if names::instances(plan) > 1 {
                out.push_str(" With several\nhosts, put a load balancer in front and give kamal-proxy a certificate\n(`CERTIFICATE_PEM`, `PRIVATE_KEY_PEM`): Let's Encrypt works for one host only.");
            }
            if names::own_postgres(plan) {
                out.push_str(" The database\nruns as a Kamal accessory on its own host, port 5432: allow it from the web\nhosts only (firewall or private network).");
            }
            out.push_str("\n\n");
        }
        Tool::Compose => out.push_str("Docker Compose runs the app on one host per environment, its deploy host:\nthe replicas listen on loopback ports for the host's reverse proxy, which\nterminates TLS. Write the secrets into `.env` beside `compose.yaml` on the\nhost (mode 600, never committed), from the secret store.\n\n"),
    }
    let _ = write!(
        out,
        "Each environment's deploy host (its `{}` variable) holds a checkout of\nthis repository, {} and the secret store's CLI, signed in:\n\n```sh\n",
        workflows::DEPLOY_HOST,
        match tool {
            Tool::Kamal => "Kamal",
            Tool::Compose => "Docker with the Compose plugin",
        }
    );
    for env in envs {
        let _ = writeln!(out, "git clone <repository-url> {}", names::checkout(env));
    }
    if tool == Tool::Kamal {
        let _ = writeln!(
            out,
            "gem install kamal --version {}",
            crate::render::workflows::pins::KAMAL
        );
        for env in envs {
            let _ = writeln!(out, "kamal setup -d {}", env.name);
        }
    }
    out.push_str("```\n");
    if tool == Tool::Kamal {
        let secrets: Vec<String> = env::secrets(plan)
            .into_iter()
            .chain(env::extra_secrets(plan).into_iter().map(str::to_owned))
            .map(|s| format!("`{s}`"))
            .collect();
        let _ = write!(
            out,
            "\n`.kamal/secrets.<environment>` reads {} from {} when Kamal runs;\nput each there first.\n",
            secrets.join(", "),
            plan.operations.configuration.production.label()
        );
    }
    if deploys {
        let _ = write!(
            out,
            "\nThe workflows sign in to the deploy host as `deploy` with `{key}`:\nadd the public half of each environment's key to that host, then delete\nthe private half from your machine (`shred -u <app>-deploy-key`). Rotate it\nby adding a new key, replacing the secret, then removing the old line from\nthe host's `~deploy/.ssh/authorized_keys`:\n\n```sh\nssh-copy-id -i <app>-deploy-key.pub deploy@<deploy-host>\n```\n",
            key = workflows::SSH_KEY
        );
    }
    if names::postgres(plan) {
        let unit = backup::unit(plan);
        let _ = write!(
            out,
            "\n## Backups\n\nOn the database host (or any host that reaches it), install the backup\nscript and its timer ({}), with `DATABASE_URL` in a file only root reads.\n`pg_dump` must be of the server's major version or newer: install\n`postgresql-client-16` from the PostgreSQL project's apt repository\n(apt.postgresql.org), since Debian 12's own client is 15.\n\n```sh\nsudo install -m 0755 {dir}/{script} {installed}\nsudo install -m 0644 {dir}/{unit}.service {dir}/{unit}.timer /etc/systemd/system/\nsudo install -d -m 0700 /etc/{name} {backups}\nprintf 'DATABASE_URL=%s\\n' \"$DATABASE_URL\" | sudo tee {env_file} >/dev/null\nsudo systemctl daemon-reload\nsudo systemctl enable --now {unit}.timer\n```\n\nCopy `{backups}` off the host (another machine or object storage): a backup\non the database's own disk goes with it.\n",
            plan.operations.backup.frequency.label(),
            dir = backup::DIR,
            script = backup::SCRIPT,
            installed = backup::installed(plan),
            name = plan.project.name,
            env_file = backup::env_file(plan),
            backups = names::backup_dir(plan),
        );
    }
    out
}
