//! Q6 infrastructure as code: the tool.

use std::sync::LazyLock;

use super::super::Context;
use super::super::reader::{Lexicon, Reader, lexicon};

static TOOLS: LazyLock<Lexicon> = LazyLock::new(|| {
    lexicon(&[
        (r"terraform|terrafrom|terragrunt", "terraform"),
        (r"pulumi", "pulumi"),
        (
            r"cloudformation|cloud formation|cfn|aws cdk|cdk|sam templates?",
            "cloudformation",
        ),
        (
            r"[a-z0-9_-]+\.(?:ya?ml|toml|json)\s+(?:lives|is|are|stays|sits|kept|checked|committed)\s+in\s+(?:the\s+|our\s+)?(?:git\s+)?repo\w*|fly\.toml|app\.json|service\.yaml|procfile|the platform's (?:own )?config\w*|platform config\w*|render\.yaml|app\.yaml|kustomize|helm charts?|k8s manifests|kubernetes manifests|manifests? in (?:the )?(?:git )?repo|docker-compose\.ya?ml|compose files?|kamal(?: config)?|config/deploy\.yml",
            "platform-config",
        ),
        (
            r"^\s*none\b|^\s*(?:the\s+)?(?:aws\s+|gcp\s+|azure\s+|web\s+)?console\b|click\w*\s+(?:around\s+)?(?:in\s+)?(?:the\s+)?(?:\w+\s+)?console|no iac|no infrastructure as code|no infra as code|clickops|click-?ops|(?:the )?(?:web )?console by hand|by hand in the console|manually (?:in|through|via) the (?:console|dashboard|ui)|just the (?:cli|console|dashboard)",
            "none",
        ),
    ])
});

pub(super) fn read(r: &mut Reader<'_>, _ctx: &Context) {
    for (value, range) in r.terms(&TOOLS) {
        r.set("tool", value, range);
    }
}
