//! `outputs.shipspec_install`: where the generated CI gets shipspec from.
//!
//! Every accepted source is immutable (an action pinned by commit, or one
//! commit of a git repository): a moved tag or a newly published crate of
//! the same name can never change what runs in a user's CI. Each value
//! reaches a workflow, so each is checked against a narrow character set.

use regex::Regex;

use crate::answers::model::ShipspecInstall;
use crate::diagnostic::Code;

use super::context::Ctx;
use super::plan::ShipspecInstallPlan;

const PATH: &str = "outputs.shipspec_install";

/// Whether a release of shipspec exists for the generated CI to pin. The
/// release process sets it together with the action's pin (a test keeps the
/// two in step); until then the default source does not exist, and a job
/// pinned to it would fail in every user's CI.
pub const RELEASE_PUBLISHED: bool = false;

fn matches(pattern: &str, value: &str) -> bool {
    Regex::new(pattern).expect("a valid pattern").is_match(value)
}

/// `owner/repo[/path]@<40 hex>`.
pub fn is_pinned_action(value: &str) -> bool {
    matches(
        r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}(/[A-Za-z0-9._-]+)*@[0-9a-f]{40}$",
        value,
    )
}

pub fn is_commit_sha(value: &str) -> bool {
    matches(r"^[0-9a-f]{40}$", value)
}

pub fn is_version(value: &str) -> bool {
    matches(r"^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?$", value)
}

/// An https URL of letters, digits and `.-_~/:`: nothing a shell or a
/// workflow expression could read as syntax.
pub fn is_git_url(value: &str) -> bool {
    value.len() <= 200
        && matches(
            r"^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~-]+)+/?$",
            value,
        )
}

pub fn resolve(ctx: &mut Ctx<'_>, given: Option<&ShipspecInstall>) -> ShipspecInstallPlan {
    // Recorded for `explain`: absent is the documented default.
    let Some(given) = ctx.or_default(PATH, given.cloned().map(Some), || None) else {
        if RELEASE_PUBLISHED {
            return ShipspecInstallPlan::Release;
        }
        ctx.warning(
            Code::NoShipspecSource,
            PATH,
            "no release of shipspec is published yet for CI to pin, so ci.yml has no job that checks the generated files",
            "pin a source you control: `outputs.shipspec_install: {cargo_git: https://…, rev: <40-hex commit>}` or `{action: owner/repo@<40-hex commit>}`",
        );
        return ShipspecInstallPlan::Unpublished;
    };
    let ShipspecInstall {
        action,
        version,
        cargo_git,
        rev,
    } = given;
    match (action, cargo_git) {
        (Some(_), Some(_)) => {
            ctx.error(
                Code::Inconsistent,
                PATH,
                "`action` and `cargo_git` are two different sources",
                "keep one of them",
            );
            ShipspecInstallPlan::Release
        }
        (None, None) => {
            ctx.error(
                Code::MissingField,
                PATH,
                "`outputs.shipspec_install` names no source",
                "add `action: owner/repo@<40-hex commit>` or `cargo_git: https://…` with `rev: <40-hex commit>`",
            );
            ShipspecInstallPlan::Release
        }
        (Some(uses), None) => {
            if !is_pinned_action(&uses) {
                ctx.error(
                    Code::OutOfRange,
                    &format!("{PATH}.action"),
                    format!("`{uses}` is not an action pinned to a full commit"),
                    "write `owner/repo@<40-hex commit sha>`: a tag or branch can be moved",
                );
            }
            if rev.is_some() {
                ctx.error(
                    Code::Inconsistent,
                    &format!("{PATH}.rev"),
                    "`rev` goes with `cargo_git`; an action carries its commit after `@`",
                    "remove `rev`",
                );
            }
            let version = version.unwrap_or_else(|| env!("CARGO_PKG_VERSION").to_owned());
            if !is_version(&version) {
                ctx.error(
                    Code::OutOfRange,
                    &format!("{PATH}.version"),
                    format!("`{version}` is not a release version"),
                    format!("write a version such as `{}`", env!("CARGO_PKG_VERSION")),
                );
            }
            ShipspecInstallPlan::Action { uses, version }
        }
        (None, Some(url)) => {
            if !is_git_url(&url) {
                ctx.error(
                    Code::OutOfRange,
                    &format!("{PATH}.cargo_git"),
                    format!("`{url}` is not an https git URL shipspec accepts"),
                    "write a URL such as `https://github.com/my-org/shipspec`",
                );
            }
            if version.is_some() {
                ctx.error(
                    Code::Inconsistent,
                    &format!("{PATH}.version"),
                    "`version` goes with `action`; `cargo_git` builds the commit in `rev`",
                    "remove `version`",
                );
            }
            let rev = match rev {
                Some(rev) if is_commit_sha(&rev) => rev,
                Some(rev) => {
                    ctx.error(
                        Code::OutOfRange,
                        &format!("{PATH}.rev"),
                        format!("`{rev}` is not a full commit sha"),
                        "write the 40-hex commit (`git rev-parse <tag>^{commit}`): a tag or branch can be moved",
                    );
                    rev
                }
                None => {
                    ctx.error(
                        Code::MissingField,
                        &format!("{PATH}.rev"),
                        "`cargo_git` needs the commit to build",
                        "add `rev: <40-hex commit sha>`",
                    );
                    String::new()
                }
            };
            ShipspecInstallPlan::CargoGit { url, rev }
        }
    }
}
