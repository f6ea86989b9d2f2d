//! Secret values pasted into answers. An answer names where a secret lives
//! (`fly-secrets`), never the secret: a match is an error that says where
//! and what kind, and never repeats the value. [`redact`] is the one step
//! every printed diagnostic passes through, so no message, hint or source
//! line repeats a secret either.

use std::sync::LazyLock;

use regex::Regex;

struct Pattern {
    kind: &'static str,
    regex: Regex,
}

static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    // ASCII classes (`\b`, `\s` as their ASCII forms): Unicode ones cost
    // most of the compile time, paid by every run that prints a diagnostic,
    // and they only narrow what counts as a boundary or a space.
    let p = |kind, re: &str| Pattern {
        kind,
        regex: Regex::new(&crate::interpret::pattern::ascii(re)).expect("valid secret pattern"),
    };
    vec![
        p("an AWS access key", r"\b(AKIA|ASIA)[0-9A-Z]{16}\b"),
        p("a Stripe live key", r"\b(sk|rk)_live_[0-9A-Za-z]{10,}"),
        p(
            "a GitHub token",
            r"\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{20,})",
        ),
        p("a private key", r"-----BEGIN ([A-Z]+ )?PRIVATE KEY-----"),
        p(
            "a password in a URL",
            // The user may be empty (`redis://:password@host`).
            r"[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]*:[^/\s@]+@",
        ),
        p("a password in a URL", r"(?i)[?&;](password|passwd|pwd)=[^&\s]+"),
        p("a Slack token", r"\bxox[abposr]-[0-9A-Za-z-]{10,}"),
        // Webhook URLs are credentials: whoever has one can post as the sender.
        p(
            "a Slack webhook URL",
            r"(?i)hooks\.slack\.com/(services|workflows|triggers)/[A-Za-z0-9_/-]{10,}",
        ),
        p(
            "a PagerDuty integration key",
            r"(?i)events\.(eu\.)?pagerduty\.com/(integration|x-ere)/[0-9a-z]{20,}",
        ),
        p(
            "a Microsoft Teams webhook URL",
            r"(?i)webhook\.office\.com/webhookb2/[!-~]{10,}",
        ),
        p(
            "a Discord webhook URL",
            r"(?i)discord(app)?\.com/api/webhooks/[0-9]+/[A-Za-z0-9_-]{10,}",
        ),
        p(
            "a key in a URL",
            r"(?i)[?&;](api[_-]?key|apikey|access[_-]?token|auth[_-]?token|token|secret|sig)=[^&\s]{6,}",
        ),
    ]
});

/// The kind of secret `text` holds, if it looks like one.
pub fn find(text: &str) -> Option<&'static str> {
    if !may_hold_secret(text) {
        return None;
    }
    PATTERNS.iter().find(|p| p.regex.is_match(text)).map(|p| p.kind)
}

/// A necessary condition for any pattern above to match, checked without
/// them: most text (every message shipspec prints) fails it, and then the
/// patterns are never compiled, which is most of a short run's work. Each
/// test below stands for one pattern; a property test checks, on strings
/// generated from every pattern, that none matches where this says no.
pub fn may_hold_secret(text: &str) -> bool {
    const EXACT: [&str; 11] = [
        "AKIA",
        "ASIA",
        "_live_",
        "ghp_",
        "gho_",
        "ghu_",
        "ghs_",
        "ghr_",
        "github_pat_",
        "PRIVATE KEY-----",
        "xox",
    ];
    if EXACT.iter().any(|w| text.contains(w)) || url_password(text) {
        return true;
    }
    // The case-insensitive patterns: folded as `(?i)` folds ASCII letters
    // (the Kelvin sign is a `k`, the long s an `s`).
    let folded: String = text
        .chars()
        .map(|c| match c {
            '\u{212A}' => 'k',
            '\u{17F}' => 's',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    const FOLDED: [&str; 11] = [
        "password=",
        "passwd=",
        "pwd=",
        "key=",
        "token=",
        "secret=",
        "sig=",
        "hooks.slack.com/",
        "pagerduty.com/",
        "webhook.office.com/webhookb2/",
        "/api/webhooks/",
    ];
    FOLDED.iter().any(|w| folded.contains(w))
}

/// `://`, then a user without `/`, `:`, `@` or a space, then `:`, a
/// password without `/`, `@` or a space, and `@`: the URL-password
/// pattern without its scheme.
fn url_password(text: &str) -> bool {
    let space = |b: u8| matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ');
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = text[from..].find("://") {
        let mut i = from + at + 3;
        while i < bytes.len() && !matches!(bytes[i], b'/' | b':' | b'@') && !space(bytes[i]) {
            i += 1;
        }
        if i < bytes.len() && bytes[i] == b':' {
            let start = i + 1;
            let mut j = start;
            while j < bytes.len() && !matches!(bytes[j], b'/' | b'@') && !space(bytes[j]) {
                j += 1;
            }
            if j > start && j < bytes.len() && bytes[j] == b'@' {
                return true;
            }
        }
        from += at + 1;
    }
    false
}

/// What a secret is replaced with when text is printed.
pub const REDACTED: &str = "[redacted]";

/// `text` with every secret-looking span replaced by [`REDACTED`].
pub fn redact(text: &str) -> String {
    if !may_hold_secret(text) {
        return text.to_owned();
    }
    let mut text = text.to_owned();
    for pattern in PATTERNS.iter() {
        if pattern.regex.is_match(&text) {
            text = pattern.regex.replace_all(&text, REDACTED).into_owned();
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::find;

    #[test]
    fn finds_secrets_and_leaves_prose_alone() {
        assert_eq!(find("key AKIAIOSFODNN7EXAMPLE here"), Some("an AWS access key"));
        assert_eq!(
            find(&format!("sk_live_{}", "4eC39HqLyjWDarjtT1zdp7dc")),
            Some("a Stripe live key")
        );
        assert_eq!(find(&format!("ghp_{}", "a".repeat(36))), Some("a GitHub token"));
        assert_eq!(find("-----BEGIN OPENSSH PRIVATE KEY-----"), Some("a private key"));
        assert_eq!(
            find("postgres://app:hunter2@db.internal:5432/app"),
            Some("a password in a URL")
        );
        assert_eq!(
            find("https://x.io/cb?user=a&password=hunter2"),
            Some("a password in a URL")
        );
        assert_eq!(
            find("redis://:S3cretP4ss@cache:6379/0"),
            Some("a password in a URL"),
            "a URL password with an empty user"
        );
        assert_eq!(find("postgres://:pw@h"), Some("a password in a URL"));
        let slack = format!(
            "https://hooks.slack.com/services/T0123ABCD/B0456EFGH/{}",
            "x1Y2z3".repeat(4)
        );
        assert_eq!(find(&format!("#ops, or {slack}")), Some("a Slack webhook URL"));
        assert_eq!(
            find(&format!(
                "https://events.pagerduty.com/integration/{}/enqueue",
                "0a1b".repeat(8)
            )),
            Some("a PagerDuty integration key")
        );
        assert_eq!(
            find("https://api.opsgenie.com/v1/json/googlestackdriver?apiKey=eb2434d1-1a2b"),
            Some("a key in a URL")
        );
        assert_eq!(
            find(
                "https://prod-01.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=Zx8YtAbCdEf"
            ),
            Some("a key in a URL")
        );
        // Channels and pages named without their credentials stay answers.
        for plain in [
            "#ops on Slack, PagerDuty for nights",
            "https://hooks.slack.com is where alerts go",
            "https://status.example.com/?page=2",
            "the Opsgenie team `platform`",
        ] {
            assert_eq!(find(plain), None, "{plain}");
        }
        for prose in [
            "Fly.io secrets for production, .env for development",
            "postgres://db.internal:5432/app",
            "sk_test_only in staging",
            "API keys for programmatic access",
            "Use AKIA-style keys? never.",
            "redis://cache:6379/0",
            "http://[::1]:8080/health",
        ] {
            assert_eq!(find(prose), None, "{prose}");
        }
    }

    #[test]
    fn redact_hides_every_secret_and_keeps_the_rest() {
        let line = "  answer: \"key AKIAIOSFODNN7EXAMPLE and redis://:pw@cache\" trailing\"";
        let out = super::redact(line);
        assert!(
            !out.contains("AKIAIOSFODNN7EXAMPLE") && !out.contains(":pw@"),
            "{out}"
        );
        assert!(out.starts_with("  answer: \"key [redacted]"), "{out}");
        assert_eq!(super::redact("plain words"), "plain words");
    }

    /// Strings made from every pattern, inside other text: wherever a
    /// pattern matches, the cheap test says it may. The Unicode case
    /// folding of `(?i)` (a Kelvin sign for `k`) is generated too.
    #[test]
    fn the_cheap_test_never_misses_what_a_pattern_finds() {
        use proptest::strategy::{Strategy, ValueTree};
        use proptest::test_runner::{Config, TestRunner};
        let mut runner = TestRunner::new(Config::default());
        let mut matched = 0;
        for pattern in super::PATTERNS.iter() {
            // The generator has no word boundaries: the rest is generated.
            let core = pattern.regex.as_str().replace(r"(?-u:\b)", "");
            let strategy = (
                proptest::string::string_regex("[ a-zA-Z0-9:/@=&?.\u{212A}\u{17F}-]{0,8}").unwrap(),
                proptest::string::string_regex(&core).unwrap_or_else(|e| panic!("{core}: {e}")),
                proptest::string::string_regex("[ a-zA-Z0-9:/@=&?.-]{0,8}").unwrap(),
            );
            for _ in 0..400 {
                let (before, secret, after) = strategy.new_tree(&mut runner).unwrap().current();
                let text = format!("{before}{secret}{after}");
                if pattern.regex.is_match(&text) {
                    matched += 1;
                    assert!(super::may_hold_secret(&text), "{} misses {text:?}", pattern.kind);
                }
            }
        }
        // Most generated strings match their pattern: the test is not empty.
        assert!(matched > 12 * 300, "only {matched} matched");
        for plain in [
            "Fly.io does not scale on CPU (the 80% target cannot be honoured); min_machines_running = 2",
            "pin a source you control: `{cargo_git: https://…, rev: <40-hex commit>}` or `{action: owner/repo@<40-hex commit>}`",
            "  answer: \"GitHub Actions deploys to staging on every merge to main\"",
        ] {
            assert!(!super::may_hold_secret(plain), "{plain}");
        }
    }
}
