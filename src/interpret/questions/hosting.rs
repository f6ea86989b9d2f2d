//! Q1 hosting: the platform, and the database service when it is named.

use std::sync::LazyLock;

use regex::Regex;

use super::super::Context;
use super::super::reader::{Lexicon, Reader, lexicon};

static PLATFORMS: LazyLock<Lexicon> = LazyLock::new(|| {
    lexicon(&[
        (r"fly\.io|fly|flyio|fly machines|flyctl", "fly"),
        (
            r"aws|amazon web services|amazon|ecs|fargate|elastic beanstalk|app runner|lightsail",
            "aws",
        ),
        (
            r"gcp|google cloud(?: platform)?|cloud run|app engine|google",
            "gcp",
        ),
        (r"azure|container apps|app service", "azure"),
        (r"heroku", "heroku"),
        (
            r"kubernetes|kuberentes|kubernates|kubernets|k8s|k3s|eks|gke|aks|openshift|helm",
            "kubernetes",
        ),
        (
            r"on-?prem(?:ise|ises)?|on premise|on premises|(?:our|their) own (?:servers|hardware|machines|metal|boxes|vms)|own servers|bare[- ]metal|self-hosted servers|colo(?:cation)?|data ?cent(?:er|re)|kamal|hetzner|vps",
            "on-prem",
        ),
    ])
});

/// Names that put Kubernetes on a cloud: the platform is Kubernetes.
static KUBERNETES: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(
        r"\b(?:kubernetes|kuberentes|kubernates|kubernets|k8s|k3s|eks|gke|aks|openshift)\b",
    )
    .expect("k8s")
});

static DATABASES: LazyLock<Lexicon> = LazyLock::new(|| {
    lexicon(&[
        (
            r"fly(?:\.io)? managed postgres(?:ql)?|fly(?:\.io)?'s managed postgres(?:ql)?|managed postgres(?:ql)? (?:on|from|by) fly(?:\.io)?|fly mpg|mpg",
            "fly-managed-postgres",
        ),
        (
            r"unmanaged (?:fly )?postgres(?:ql)?|fly postgres(?:ql)? \(unmanaged\)|postgres(?:ql)? on fly machines",
            "fly-postgres",
        ),
        (
            r"(?:amazon |aws )?rds(?: for postgres(?:ql)?| postgres(?:ql)?| mysql)?",
            "rds",
        ),
        (
            r"(?:amazon |aws )?aurora(?: postgres(?:ql)?| serverless| mysql)?",
            "aurora",
        ),
        (r"(?:google |gcp )?cloud ?sql", "cloud-sql"),
        (
            r"azure (?:database for postgres(?:ql)?|postgres(?:ql)?(?: flexible server)?|flexible server)",
            "azure-postgres",
        ),
        (
            r"heroku(?:'s)? postgres(?:ql)?|heroku-postgresql",
            "heroku-postgres",
        ),
        (
            r"self-?hosted (?:postgres(?:ql)?|mysql|database|db)|(?:postgres(?:ql)?|mysql)\s+installed\s+(?:directly\s+)?on|install\w*\s+(?:postgres(?:ql)?|mysql)\s+(?:ourselves|directly|on\s+(?:the|our|a|each)\s+(?:vm|server|box|instance|machine))|(?:run|host|manage) (?:postgres(?:ql)?|the database|our database) ourselves|our own (?:postgres(?:ql)?|database) (?:server|instance|vm)|cloudnative-?pg|cnpg|(?:crunchy|zalando|percona|stackgres)(?: postgres(?:ql)?)? operator|postgres(?:ql)? (?:as a |in a )?statefulset",
            "self-hosted",
        ),
        (
            r"no (?:database|db)|without a (?:database|db)|stateless|doesn't need a database|no persistent storage",
            "none",
        ),
    ])
});

pub(super) fn read(r: &mut Reader<'_>, _ctx: &Context) {
    // Where production runs: a platform said for a beta or staging is not it.
    let mut platforms: Vec<(&str, std::ops::Range<usize>)> = r.terms(&PLATFORMS);
    platforms.retain(|(_, range)| r.text.certain_for_production(range));
    if platforms.iter().any(|(p, _)| *p == "kubernetes") {
        platforms.retain(|(p, range)| {
            *p == "kubernetes" || !KUBERNETES.is_match(r.text.sentence_text(range.start))
        });
    }
    // "google" names a cloud only next to cloud words; alone it is an OAuth provider.
    platforms.retain(|(p, range)| {
        *p != "gcp"
            || !r.text.words(range).eq_ignore_ascii_case("google")
            || r.text.sentence_text(range.start).contains("cloud")
    });
    let mut distinct: Vec<&str> = platforms.iter().map(|(p, _)| *p).collect();
    distinct.dedup();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() == 1 {
        let (value, range) = platforms[0].clone();
        r.set("platform", value, range);
    } else if !r.any_terms(&PLATFORMS).is_empty() {
        let (_, range) = r.any_terms(&PLATFORMS)[0].clone();
        r.mention("platform", range);
    }
    let databases = r.terms(&DATABASES);
    for (value, range) in databases {
        r.set("database_service", value, range);
    }
}
