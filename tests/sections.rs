//! Spec files the user already has: regions go under the Phase-2 template's
//! headings, and every byte outside the markers survives regeneration.

use crate::support::{Test, outside_regions};

/// A security spec as the Phase-2 template lays it out, already filled in
/// by hand in places.
const USER_SECURITY_SPEC: &str = "\
# Security Spec: notes-api

Owner: platform team. Last reviewed in the Q3 audit.

## Threat Model

Attackers want the notes of other tenants. *Keep this section ours.*

## Authentication Requirements

Sessions expire after 12 hours.

## Authorization

## Input Validation & Sanitization

```text
## Rate Limiting & DDoS Protection Attempts
(this heading is inside a code block and must be ignored)
```

## Rate Limiting & DDoS Protection Attempts

Cloudflare sits in front as well.

## Appendix
Trailing text without a final newline.";

#[test]
fn user_text_outside_markers_survives_two_regenerations() {
    let t = Test::example().file("docs/specs/security_spec.md", USER_SECURITY_SPEC);
    t.run(&["apply", "--yes"]).expect(0);
    let first = t.read("docs/specs/security_spec.md");
    // Regions land under the matching headings, not at the end.
    assert!(
        first.contains(
            "## Authentication Requirements\n\n<!-- shipspec:begin authentication -->\n> Google OAuth"
        ),
        "{first}"
    );
    assert!(
        first.contains(
            "## Rate Limiting & DDoS Protection Attempts\n\n<!-- shipspec:begin rate-limiting -->\n"
        ),
        "{first}"
    );
    assert!(
        first.contains("<!-- shipspec:end authentication -->\n\nSessions expire after 12 hours.\n"),
        "{first}"
    );
    assert!(first.contains("(this heading is inside a code block and must be ignored)\n```\n"));
    // Sections the template lacks are added at the end under their headings.
    assert!(first.contains("Trailing text without a final newline.\n\n## Data Protection\n\n<!-- shipspec:begin data-protection -->"), "{first}");
    assert!(first.contains("<!-- shipspec:end data-protection -->\n\n## Secrets Management\n\n<!-- shipspec:begin secrets-management -->"), "{first}");

    let user_text = outside_regions(&first, Some("<region>"));
    for kept in [
        "Owner: platform team.",
        "*Keep this section ours.*",
        "Cloudflare sits in front as well.",
    ] {
        assert!(user_text.contains(kept));
    }
    // Everything the user wrote is still there, in order, byte for byte.
    let original_lines: Vec<&str> = USER_SECURITY_SPEC.lines().collect();
    let mut remaining = user_text.lines().filter(|l| *l != "<region>");
    for line in &original_lines {
        assert!(remaining.any(|l| l == *line), "lost or reordered: {line:?}");
    }

    t.edit_answers("methods: [oauth, api-keys]", "methods: [oauth, api-keys, mfa]");
    t.run(&["apply", "--yes"]).expect(0);
    let second = t.read("docs/specs/security_spec.md");
    assert_ne!(second, first);
    assert!(second.contains("- **Multi-factor:** yes"));
    assert_eq!(outside_regions(&second, Some("<region>")), user_text);

    t.edit_answers("rate_limiting: slowapi", "rate_limiting: limits");
    t.run(&["apply", "--yes"]).expect(0);
    let third = t.read("docs/specs/security_spec.md");
    assert!(third.contains("- **Rate limiter:** limits"));
    assert_eq!(outside_regions(&third, Some("<region>")), user_text);
    t.run(&["check"]).expect(0);
}

#[test]
fn edit_inside_a_region_is_a_conflict_until_forced() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    let spec = t.read("docs/specs/security_spec.md");
    let edited = spec.replacen("- **Multi-factor:** no", "- **Multi-factor:** planned for Q2", 1);
    t.write("docs/specs/security_spec.md", &edited);
    // Edits outside markers are the user's and never conflict.
    let outside = edited.replacen("# Security Spec\n", "# Security Spec\n\nOur own intro.\n", 1);
    t.write("docs/specs/security_spec.md", &outside);
    t.edit_answers("oauth_providers: [google]", "oauth_providers: [google, github]");
    let before = t.tree();
    let run = t.run(&["apply", "--yes"]).expect(1);
    assert!(
        run.stdout.contains(
            "conflict  docs/specs/security_spec.md  (1 section edited since last apply: authentication)"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("docs/specs/security_spec.md  (1 section edited since last apply: authentication)")
    );
    assert_eq!(t.tree(), before, "nothing at all written on conflict");
    let check = t.run(&["check"]).expect(1);
    assert!(check.stdout.contains("conflict"));

    t.run(&["apply", "--yes", "--force"]).expect(0);
    let forced = t.read("docs/specs/security_spec.md");
    assert!(forced.contains("- **OAuth providers:** google, github"));
    assert!(!forced.contains("planned for Q2"));
    assert!(
        forced.contains("Our own intro."),
        "text outside markers kept under --force"
    );
    t.run(&["check"]).expect(0);
}

#[test]
fn broken_markers_are_a_located_error() {
    let t = Test::example().file(
        "docs/specs/security_spec.md",
        "# Security\n\n<!-- shipspec:begin authentication -->\nhalf a region\n",
    );
    let before = t.tree();
    let run = t.run(&["apply", "--yes"]).expect(2);
    assert!(
        run.stderr
            .contains("error[SS015]: `shipspec:begin authentication` is never closed"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> docs/specs/security_spec.md:3:1"),
        "{}",
        run.stderr
    );
    assert_eq!(t.tree(), before);
}
