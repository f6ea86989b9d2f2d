//! Q11 input validation: the libraries named and the rate limiter.

use std::sync::LazyLock;

use regex::Regex;

use super::super::Context;
use super::super::reader::{Lexicon, Reader, lexicon};

static LIBRARIES: LazyLock<Lexicon> = LazyLock::new(|| {
    lexicon(&[
        (r"pydantic", "pydantic"),
        (r"sqlalchemy|sql\s+alchemy", "sqlalchemy"),
        (r"marshmallow", "marshmallow"),
        (r"cerberus", "cerberus"),
        (r"wtforms", "wtforms"),
        (r"django\s+forms", "django-forms"),
        (
            r"(?:django\s+rest\s+framework|drf)\s+serializers?|drf",
            "djangorestframework",
        ),
        (r"zod", "zod"),
        (r"joi", "joi"),
        (r"yup", "yup"),
        (r"ajv", "ajv"),
        (r"express-validator|express\s+validator", "express-validator"),
        (r"class-validator", "class-validator"),
        (r"validator\.js|validatorjs", "validator"),
        (r"helmet", "helmet"),
        (r"bleach", "bleach"),
        (r"dompurify", "dompurify"),
        (r"sanitize-html", "sanitize-html"),
        (r"prisma", "prisma"),
        (r"knex", "knex"),
        (r"sequelize", "sequelize"),
        (r"typeorm", "typeorm"),
        (r"serde", "serde"),
        (
            r"validator\s+crate|the\s+validator\s+crate|validator",
            "validator",
        ),
        (r"garde", "garde"),
        (r"sqlx", "sqlx"),
        (r"diesel", "diesel"),
        (
            r"go-playground/validator|go\s+validator",
            "go-playground-validator",
        ),
        (r"ozzo-validation", "ozzo-validation"),
        (r"sqlc", "sqlc"),
        (r"gorm", "gorm"),
    ])
});

static LATER: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"\b(?:yet|v1|for\s+now|later|at\s+first|initially|mvp)\b").expect("later")
});

static LIMITERS: LazyLock<Lexicon> = LazyLock::new(|| {
    lexicon(&[
        (r"slowapi", "slowapi"),
        (r"flask-limiter|flask\s+limiter", "flask-limiter"),
        (r"django-ratelimit|django\s+ratelimit", "django-ratelimit"),
        (r"express-rate-limit|express\s+rate\s+limit", "express-rate-limit"),
        (r"rate-limiter-flexible", "rate-limiter-flexible"),
        (
            r"tower-governor|tower_governor|tower\s+governor",
            "tower-governor",
        ),
        (r"governor", "governor"),
        (r"tollbooth", "tollbooth"),
        (r"httprate", "httprate"),
        (
            r"no\s+rate[- ]limit\w*|without\s+(?:any\s+)?rate[- ]limit\w*",
            "none",
        ),
    ])
});

pub(super) fn read(r: &mut Reader<'_>, _ctx: &Context) {
    for (value, range) in r.terms(&LIBRARIES) {
        r.add("libraries", value, range);
    }
    let limiters = r.terms(&LIMITERS);
    let tower = limiters.iter().any(|(v, _)| *v == "tower-governor");
    for (value, range) in limiters {
        if value == "governor" && tower {
            continue;
        }
        // "no rate limiting yet": a plan, not a decision.
        if value == "none" && LATER.is_match(r.text.sentence_text(range.start)) {
            r.mention("rate_limiting", range);
            continue;
        }
        r.set("rate_limiting", value, range);
    }
}
