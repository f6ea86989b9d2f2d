//! Q9 secrets (and Q19's stores): the production store and the one used in
//! development, told apart by the environment each segment names.

use std::sync::LazyLock;

use regex::Regex;

use super::super::Context;
use super::super::reader::{Lexicon, Reader, lexicon};
use super::super::text::Env;

pub(super) static STORES: LazyLock<Lexicon> = LazyLock::new(|| {
    lexicon(&[
        (
            r"fly(?:\.io)?(?:'s)?\s+secrets?|fly\s+secrets\s+set|flyctl\s+secrets|fly-secrets",
            "fly-secrets",
        ),
        (
            r"heroku(?:'s)?\s+config\s*vars?|heroku\s+config|config\s+vars",
            "heroku-config-vars",
        ),
        (
            r"(?:aws\s+)?secrets?\s+manager|aws\s+secretsmanager",
            "aws-secrets-manager",
        ),
        (
            r"(?:aws\s+)?(?:ssm|systems\s+manager)(?:\s+parameter\s+store)?|parameter\s+store",
            "aws-ssm-parameter-store",
        ),
        (
            r"(?:gcp|google(?:\s+cloud)?)\s+secret\s+manager|secret\s+manager\s+(?:on|in)\s+(?:gcp|google\s+cloud)",
            "gcp-secret-manager",
        ),
        (r"(?:azure\s+)?key\s*vault", "azure-key-vault"),
        (
            r"hashicorp\s+vault|vault\s+(?:server|cluster|kv|agent)|openbao|vault",
            "vault",
        ),
        (
            r"(?:kubernetes|k8s)\s+secrets?|sealed[- ]secrets|external[- ]secrets",
            "kubernetes-secrets",
        ),
        (r"doppler", "doppler"),
        (
            r"env(?:ironment)?\s+var(?:iable)?s?|env\s+vars|envvars|export\w*\s+(?:them|it|the\s+(?:same\s+)?variables|variables)\s+in\s+(?:the|their|your|a|our)\s+shells?|shell\s+exports?",
            "env-vars",
        ),
        (r"\.env(?:\s+files?)?|dotenv|env\s+files?|\.env\.local", "dotenv"),
    ])
});

/// One store for every environment, laptops included.
static EVERYWHERE: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"\b(?:everywhere|every\s+environment|all\s+environments|local\s+included|devs?\s+too|developers\s+too|including\s+(?:local|dev\w*)|across\s+(?:all\s+)?environments)\b").expect("everywhere")
});

/// A password manager's "vault" is not HashiCorp Vault.
static PASSWORD_MANAGER: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(
        r"\b(?:1password|one\s*password|lastpass|bitwarden|keepass|dashlane|shared\s+vault|team\s+vault)\b",
    )
    .expect("password managers")
});

/// Fills `production` and `development` from the store names in `r`.
pub(super) fn stores(r: &mut Reader<'_>) {
    let found = r.terms_in_any_env(&STORES);
    let gcp_manager: Vec<std::ops::Range<usize>> = found
        .iter()
        .filter(|(v, _)| *v == "gcp-secret-manager")
        .map(|(_, range)| range.clone())
        .collect();
    for (value, range) in found {
        // "GCP Secret Manager" also matches "secret manager": one store.
        if value == "aws-secrets-manager"
            && gcp_manager
                .iter()
                .any(|g| g.start <= range.start && range.end <= g.end)
        {
            continue;
        }
        if value == "vault"
            && (r.text.folded[range.clone()].contains("key")
                || PASSWORD_MANAGER.is_match(r.text.segment_text(range.start)))
        {
            r.mention("production", range);
            continue;
        }
        let env = r.text.env(&range);
        if EVERYWHERE.is_match(&r.text.folded) && !matches!(env, Env::Other) {
            prod(r, value, range.clone());
            dev(r, value, range);
            continue;
        }
        match env {
            Env::Production => prod(r, value, range),
            Env::Other => dev(r, value, range),
            // "Doppler for dev, staging and prod": one store for all of them.
            Env::Mixed => {
                prod(r, value, range.clone());
                if r.text.development(&range) {
                    dev(r, value, range);
                }
            }
            Env::Unsaid => {
                // A dotenv file is development's; a platform store is production's.
                if value == "dotenv" {
                    dev(r, value, range);
                } else if value != "env-vars" {
                    prod(r, value, range);
                }
            }
        }
    }
}

fn prod(r: &mut Reader<'_>, value: &'static str, range: std::ops::Range<usize>) {
    if value == "dotenv" {
        r.mention("production", range);
    } else {
        r.set("production", value, range);
    }
}

fn dev(r: &mut Reader<'_>, value: &'static str, range: std::ops::Range<usize>) {
    // Staging is not development: only words about laptops and dev machines count.
    if r.text.env(&range) == Env::Other && !r.text.development(&range) {
        r.mention("development", range);
        return;
    }
    if matches!(value, "dotenv" | "env-vars" | "doppler" | "vault") {
        r.set("development", value, range);
    } else {
        r.mention("development", range);
    }
}

pub(super) fn read(r: &mut Reader<'_>, _ctx: &Context) {
    stores(r);
}
