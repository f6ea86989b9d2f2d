//! Q7 authentication: methods and OAuth providers. "No auth" is an empty
//! list; "no MFA in v1" leaves MFA out without saying anything else.

use std::sync::LazyLock;

use regex::Regex;

use super::super::Context;
use super::super::reader::{Lexicon, Reader, lexicon};

static METHODS: LazyLock<Lexicon> = LazyLock::new(|| {
    lexicon(&[
        (
            r"passwords?|email\s*(?:\+|and|&|/)\s*password|username\s*(?:\+|and|&|/)\s*password|email/password|credentials",
            "password",
        ),
        (
            r"oauth\s*2?(?:\.0)?|oauth2|oidc|openid(?:\s+connect)?|social\s+log-?ins?|sign\s+in\s+with\s+(?:google|github|apple|microsoft)|log\s*in\s+with\s+(?:google|github|apple|microsoft)|(?:google|github|apple|microsoft)\s+(?:log-?in|sign-?in|sso|accounts?)",
            "oauth",
        ),
        (
            r"magic[- ]links?|passwordless\s+email|email\s+links?|login\s+links?",
            "magic-link",
        ),
        (
            r"api[- ]?keys?|api\s+tokens?|access\s+tokens?\s+for\s+(?:scripts|machines|programs|integrations)|personal\s+access\s+tokens?",
            "api-keys",
        ),
        (
            r"mfa|2fa|two[- ]factor|2[- ]factor|multi[- ]factor|totp|authenticator\s+apps?|otp",
            "mfa",
        ),
    ])
});

static PROVIDERS: LazyLock<Lexicon> = LazyLock::new(|| {
    lexicon(&[
        (r"google", "google"),
        (r"github", "github"),
        (r"gitlab", "gitlab"),
        (r"microsoft|azure\s+ad|entra(?:\s+id)?", "microsoft"),
        (r"apple", "apple"),
        (r"facebook|meta", "facebook"),
        (r"okta", "okta"),
        (r"auth0", "auth0"),
        (r"slack", "slack"),
        (r"discord", "discord"),
    ])
});

static NONE: LazyLock<Lexicon> = LazyLock::new(|| {
    lexicon(&[(
        r"no\s+(?:auth|authentication|login|logins|sign-?in|user\s+accounts)|(?:fully\s+)?(?:public|anonymous)(?:,\s*|\s+)(?:read-only\s+)?(?:api|access|endpoints?)|without\s+(?:any\s+)?(?:auth|authentication|login)|doesn't\s+(?:need|have)\s+(?:auth|authentication|login)|nobody\s+logs\s+in",
        "none",
    )])
});

/// Providers are read only where OAuth is said (as a method or by "with").
static OAUTH_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(
        r"\b(?:oauth\w*|oidc|openid|sso|social|sign[- ]?in|log[- ]?in|login|accounts?|provider\w*)\b",
    )
    .expect("oauth context")
});

pub(super) fn read(r: &mut Reader<'_>, _ctx: &Context) {
    let methods = r.terms(&METHODS);
    for (value, range) in &methods {
        r.add("methods", *value, range.clone());
    }
    for (_, range) in r.any_terms(&METHODS) {
        if r.text.negated(&range) {
            r.mention("methods", range);
        }
    }
    if methods.is_empty() {
        if let Some((_, range)) = r.terms(&NONE).into_iter().next() {
            r.set("methods", serde_json::Value::Array(Vec::new()), range);
        }
    }
    if r.value("methods")
        .is_some_and(|m| m.as_array().is_some_and(|a| a.contains(&"oauth".into())))
    {
        for (value, range) in r.terms(&PROVIDERS) {
            if OAUTH_CONTEXT.is_match(r.text.sentence_text(range.start)) {
                r.add("oauth_providers", value, range);
            }
        }
    }
}
