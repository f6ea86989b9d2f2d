//! Questions 7–12: authentication, authorization, secrets, encryption, input
//! validation, audits.

use crate::answers::model::Security;
use crate::answers::vocab::*;
use crate::diagnostic::Code;

use super::context::Ctx;
use super::defaults;
use super::plan::*;

/// Code scanners the security-audit workflow knows how to run.
pub const CODE_SCANNERS: [&str; 3] = ["bandit", "semgrep", "gosec"];

pub fn resolve(
    ctx: &mut Ctx<'_>,
    project: &ProjectPlan,
    platform: Platform,
    given: Option<&Security>,
) -> SecurityPlan {
    let s = given.cloned().unwrap_or_default();

    let (q, text) = ctx.question(
        "security.authentication",
        "Q7 (authentication)",
        s.authentication.as_ref(),
        true,
    );
    let methods: Vec<AuthMethod> = ctx.required(
        &text,
        "security.authentication.methods",
        q.methods,
        "methods: [oauth, api-keys]",
    );
    let oauth_providers = ctx.or_default(
        "security.authentication.oauth_providers",
        q.oauth_providers,
        Vec::new,
    );
    if !oauth_providers.is_empty() && !methods.contains(&AuthMethod::Oauth) {
        ctx.error(
            Code::Inconsistent,
            "security.authentication.oauth_providers",
            "OAuth providers are listed but `oauth` is not among the methods",
            "add `oauth` to `methods`, or remove `oauth_providers`",
        );
    }
    let authentication = AuthenticationPlan {
        text,
        methods,
        oauth_providers,
    };

    let (q, text) = ctx.question(
        "security.authorization",
        "Q8 (authorization)",
        s.authorization.as_ref(),
        true,
    );
    let model = ctx.required(&text, "security.authorization.model", q.model, "model: rbac");
    let roles = ctx.or_default("security.authorization.roles", q.roles, Vec::new);
    if model == AuthzModel::Rbac && roles.is_empty() && text.answered {
        ctx.error(
            Code::MissingField,
            "security.authorization.roles",
            "role-based access control needs its roles",
            "add `roles: [{name: admin, description: full access}, …]`",
        );
    }
    let authorization = AuthorizationPlan { text, model, roles };

    let (q, text) = ctx.question("security.secrets", "Q9 (secrets)", s.secrets.as_ref(), true);
    let production = ctx.or_default("security.secrets.production", q.production, || {
        defaults::secret_store(platform)
    });
    let development = ctx.or_default("security.secrets.development", q.development, || {
        DevSecretStore::Dotenv
    });
    let secrets = SecretsPlan {
        text,
        production,
        development,
    };

    let (q, text) = ctx.question(
        "security.encryption",
        "Q10 (encryption)",
        s.encryption.as_ref(),
        true,
    );
    let in_transit = ctx.or_default("security.encryption.in_transit", q.in_transit, || InTransit::Tls);
    let at_rest = ctx.or_default("security.encryption.at_rest", q.at_rest, || false);
    let stores_passwords = authentication.methods.contains(&AuthMethod::Password);
    let password_hashing = ctx.or_default("security.encryption.password_hashing", q.password_hashing, || {
        if stores_passwords {
            PasswordHashing::Argon2
        } else {
            PasswordHashing::None
        }
    });
    if stores_passwords && password_hashing == PasswordHashing::None {
        ctx.error(
            Code::Inconsistent,
            "security.encryption.password_hashing",
            "password login is answered but passwords are not hashed",
            "set `password_hashing` to `argon2`, `bcrypt` or `scrypt`",
        );
    }
    let encryption = EncryptionPlan {
        text,
        in_transit,
        at_rest,
        password_hashing,
    };

    let (q, text) = ctx.question(
        "security.input_validation",
        "Q11 (input validation)",
        s.input_validation.as_ref(),
        true,
    );
    let libraries = ctx.or_default("security.input_validation.libraries", q.libraries, Vec::new);
    let rate_limiting = ctx.or_default("security.input_validation.rate_limiting", q.rate_limiting, || {
        "none".to_owned()
    });
    let input_validation = InputValidationPlan {
        text,
        libraries,
        rate_limiting,
    };

    let secure = project.quality == Quality::Secure;
    let (q, text) = ctx.question(
        "security.audits",
        "Q12 (security audits)",
        s.audits.as_ref(),
        false,
    );
    if secure && !text.answered {
        ctx.error(
            Code::SecureNeedsAudits,
            "security.audits",
            "`quality: secure` requires an answer to Q12 (security audits)",
            "add `security.audits` with `dependency_scanning` and `code_scanning`, or use `quality: production`",
        );
    }
    let dependency_scanning = ctx.or_default(
        "security.audits.dependency_scanning",
        q.dependency_scanning,
        || ScanCadence::Weekly,
    );
    let code_scanning: Vec<String> =
        ctx.or_default("security.audits.code_scanning", q.code_scanning, Vec::new);
    for (i, scanner) in code_scanning.iter().enumerate() {
        if !CODE_SCANNERS.contains(&scanner.as_str()) {
            let hint = match crate::answers::suggest::closest(scanner, CODE_SCANNERS.iter().copied()) {
                Some(best) => format!(
                    "did you mean `{best}`? shipspec runs {}",
                    CODE_SCANNERS.join(", ")
                ),
                None => format!("shipspec knows how to run {}", CODE_SCANNERS.join(", ")),
            };
            ctx.error(
                Code::UnknownValue,
                &format!("security.audits.code_scanning[{i}]"),
                format!("no CI step is known for the code scanner `{scanner}`"),
                hint,
            );
        }
    }
    let audits = AuditsPlan {
        text,
        dependency_scanning,
        code_scanning,
    };

    SecurityPlan {
        authentication,
        authorization,
        secrets,
        encryption,
        input_validation,
        audits,
    }
}
