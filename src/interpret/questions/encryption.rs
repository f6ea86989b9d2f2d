//! Q10 encryption: in transit, at rest, and how passwords are hashed.

use std::sync::LazyLock;

use regex::Regex;

use super::super::Context;
use super::super::reader::{Lexicon, Reader, lexicon};
use super::super::rules::stated_yes_no;

static TRANSIT: LazyLock<Lexicon> = LazyLock::new(|| {
    lexicon(&[
        (
            r"https|tls(?:\s*1\.[23])?|ssl|acm(?:\s+certificates?)?|(?:tls|ssl|https)\s+certificates?|certificates?\s+on\s+the\s+(?:load\s+balancer|lb|alb|ingress)|let's\s+encrypt|letsencrypt|hsts|encrypted\s+in\s+transit|in[- ]transit\s+encryption|encryption\s+in\s+transit",
            "tls",
        ),
        (
            r"plain\s+http|http\s+only|no\s+(?:tls|https|ssl)|unencrypted\s+(?:traffic|http)|without\s+(?:tls|https)",
            "none",
        ),
    ])
});

static AT_REST: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"\b(?:at[- ]rest|encrypted\s+(?:disks?|volumes?|storage|database|db|backups)|(?:disk|volume|storage|database|db)\s+encryption|encrypt(?:ed|s|ion)?\s+(?:the\s+)?(?:disks?|volumes?|database|data)|(?:disks?|volumes?|database|db|storage|data|buckets?)\s+(?:is|are)\s+encrypted|kms|luks|tde|transparent\s+data\s+encryption)\b").expect("at rest")
});

static PARTIAL: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"\bonly\s+(?:the\s+)?\w+|\b(?:isn't|is\s+not|aren't|are\s+not)\b[^.]*\bencrypt|\bencrypt\w*[^.]*\b(?:isn't|is\s+not|aren't|are\s+not)\b").expect("partial")
});

static HASHING: LazyLock<Lexicon> = LazyLock::new(|| {
    lexicon(&[
        (r"bcrypt|bcryptjs|b-crypt|passlib\s+bcrypt", "bcrypt"),
        (r"argon2(?:id|i|d)?|argon\s*2(?:id)?|argon", "argon2"),
        (r"scrypt", "scrypt"),
        (r"pbkdf2(?:[- ]sha256)?|pbkdf", "pbkdf2"),
        (
            r"no\s+passwords?|(?:we\s+)?(?:don't|do\s+not|never)\s+store\s+passwords|passwordless|no\s+password\s+(?:storage|hashing)",
            "none",
        ),
    ])
});

pub(super) fn read(r: &mut Reader<'_>, _ctx: &Context) {
    for (value, range) in r.terms(&TRANSIT) {
        r.set("in_transit", value, range);
    }
    let folded = r.text.folded.clone();
    for m in AT_REST.find_iter(&folded) {
        let range = m.range();
        // "only the bucket is encrypted, the database isn't": part of the data.
        if PARTIAL.is_match(r.text.sentence_text(range.start)) {
            r.mention("at_rest", range);
            continue;
        }
        match stated_yes_no(r.text, &range) {
            Some(yes) => r.set("at_rest", yes, range),
            None => r.mention("at_rest", range),
        }
    }
    for (value, range) in r.terms(&HASHING) {
        r.set("password_hashing", value, range);
    }
}
