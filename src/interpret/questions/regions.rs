//! Q2 regions: the platform's codes, from codes or places. The first region
//! named is the primary, the others secondary; regions said for later are
//! not read. On a platform whose codes shipspec does not know, nothing is.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::super::Context;
use super::super::reader::{Reader, matches};
use crate::answers::vocab::Platform;
use crate::resolve::fly_regions;

/// Places and their code, per platform; longer names first so "us east 2"
/// wins over "us east".
const AWS: &[(&str, &str)] = &[
    ("us east 1", "us-east-1"),
    ("us east 2", "us-east-2"),
    ("us west 1", "us-west-1"),
    ("us west 2", "us-west-2"),
    ("us east", "us-east-1"),
    ("east us", "us-east-1"),
    ("n virginia", "us-east-1"),
    ("northern virginia", "us-east-1"),
    ("north virginia", "us-east-1"),
    ("virginia", "us-east-1"),
    ("ohio", "us-east-2"),
    ("oregon", "us-west-2"),
    ("us west", "us-west-2"),
    ("n california", "us-west-1"),
    ("northern california", "us-west-1"),
    ("ireland", "eu-west-1"),
    ("dublin", "eu-west-1"),
    ("london", "eu-west-2"),
    ("paris", "eu-west-3"),
    ("frankfurt", "eu-central-1"),
    ("germany", "eu-central-1"),
    ("stockholm", "eu-north-1"),
    ("milan", "eu-south-1"),
    ("spain", "eu-south-2"),
    ("zurich", "eu-central-2"),
    ("tokyo", "ap-northeast-1"),
    ("seoul", "ap-northeast-2"),
    ("osaka", "ap-northeast-3"),
    ("singapore", "ap-southeast-1"),
    ("sydney", "ap-southeast-2"),
    ("mumbai", "ap-south-1"),
    ("hong kong", "ap-east-1"),
    ("sao paulo", "sa-east-1"),
    ("canada", "ca-central-1"),
    ("montreal", "ca-central-1"),
    ("cape town", "af-south-1"),
    ("bahrain", "me-south-1"),
];

const GCP: &[(&str, &str)] = &[
    ("us east", "us-east1"),
    ("east us", "us-east1"),
    ("south carolina", "us-east1"),
    ("northern virginia", "us-east4"),
    ("virginia", "us-east4"),
    ("iowa", "us-central1"),
    ("us central", "us-central1"),
    ("oregon", "us-west1"),
    ("los angeles", "us-west2"),
    ("belgium", "europe-west1"),
    ("london", "europe-west2"),
    ("frankfurt", "europe-west3"),
    ("germany", "europe-west3"),
    ("netherlands", "europe-west4"),
    ("eemshaven", "europe-west4"),
    ("zurich", "europe-west6"),
    ("milan", "europe-west8"),
    ("paris", "europe-west9"),
    ("finland", "europe-north1"),
    ("warsaw", "europe-central2"),
    ("madrid", "europe-southwest1"),
    ("tokyo", "asia-northeast1"),
    ("osaka", "asia-northeast2"),
    ("seoul", "asia-northeast3"),
    ("singapore", "asia-southeast1"),
    ("mumbai", "asia-south1"),
    ("hong kong", "asia-east2"),
    ("taiwan", "asia-east1"),
    ("sydney", "australia-southeast1"),
    ("sao paulo", "southamerica-east1"),
    ("montreal", "northamerica-northeast1"),
    ("toronto", "northamerica-northeast2"),
];

const AZURE: &[(&str, &str)] = &[
    ("east us 2", "eastus2"),
    ("us east 2", "eastus2"),
    ("west us 2", "westus2"),
    ("west us 3", "westus3"),
    ("east us", "eastus"),
    ("us east", "eastus"),
    ("virginia", "eastus"),
    ("west us", "westus"),
    ("central us", "centralus"),
    ("north central us", "northcentralus"),
    ("south central us", "southcentralus"),
    ("texas", "southcentralus"),
    ("north europe", "northeurope"),
    ("ireland", "northeurope"),
    ("dublin", "northeurope"),
    ("west europe", "westeurope"),
    ("netherlands", "westeurope"),
    ("amsterdam", "westeurope"),
    ("uk south", "uksouth"),
    ("london", "uksouth"),
    ("germany west central", "germanywestcentral"),
    ("frankfurt", "germanywestcentral"),
    ("germany", "germanywestcentral"),
    ("france central", "francecentral"),
    ("paris", "francecentral"),
    ("sweden central", "swedencentral"),
    ("sweden", "swedencentral"),
    ("switzerland north", "switzerlandnorth"),
    ("zurich", "switzerlandnorth"),
    ("japan east", "japaneast"),
    ("tokyo", "japaneast"),
    ("southeast asia", "southeastasia"),
    ("singapore", "southeastasia"),
    ("australia east", "australiaeast"),
    ("sydney", "australiaeast"),
    ("central india", "centralindia"),
    ("brazil south", "brazilsouth"),
    ("sao paulo", "brazilsouth"),
    ("canada central", "canadacentral"),
    ("toronto", "canadacentral"),
];

const HEROKU: &[(&str, &str)] = &[
    ("us", "us"),
    ("united states", "us"),
    ("eu", "eu"),
    ("europe", "eu"),
];

/// Codes written as codes, per platform.
static AWS_CODE: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"\b(?:us|eu|ap|sa|ca|af|me|il|mx)-(?:east|west|central|north|south|northeast|southeast|northwest|southwest)-\d\b")
        .expect("aws code")
});
static GCP_CODE: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"\b(?:us|europe|asia|australia|southamerica|northamerica|me|africa)-(?:east|west|central|north|south|northeast|southeast|southwest|northwest)\d{1,2}\b")
        .expect("gcp code")
});

fn catalog(platform: Platform) -> Vec<(String, &'static str)> {
    let names: Vec<(&str, &str)> = match platform {
        Platform::Fly => fly_regions::NAMES.to_vec(),
        Platform::Aws => AWS.to_vec(),
        Platform::Gcp => GCP.to_vec(),
        Platform::Azure => AZURE.to_vec(),
        Platform::Heroku => HEROKU.to_vec(),
        Platform::Kubernetes | Platform::OnPrem => Vec::new(),
    };
    let mut out: Vec<(String, &str)> = names.into_iter().map(|(n, c)| (n.to_owned(), c)).collect();
    if platform == Platform::Fly {
        out.extend(fly_regions::REGIONS.iter().map(|(c, _)| ((*c).to_owned(), *c)));
    }
    if platform == Platform::Azure {
        out.extend(AZURE.iter().map(|(_, c)| ((*c).to_owned(), *c)));
    }
    // Longest first: "us east 2" before "us east".
    out.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    out
}

type Names = Vec<(Regex, &'static str)>;

static PATTERNS: LazyLock<Vec<(Platform, Names)>> = LazyLock::new(|| {
    Platform::ALL
        .iter()
        .map(|p| {
            let list = catalog(*p)
                .into_iter()
                .map(|(name, code)| {
                    // Spaces in a name match a space, dash, comma or dot ("us-east", "N. Virginia").
                    let words: Vec<String> = name.split(' ').map(regex::escape).collect();
                    let body = words.join(r"[\s,.-]+");
                    let re = crate::interpret::pattern::new(&format!(
                        r"(?:^|[^a-z0-9])(?P<t>{body})(?:$|[^a-z0-9])"
                    ))
                    .expect("region name");
                    (re, code)
                })
                .collect();
            (*p, list)
        })
        .collect()
});

static SECONDARY: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"\b(?:secondary|replica|replicas|read replica|failover|standby|backup region|dr region|also|plus|second|additional)\b").expect("secondary")
});
static PRIMARY: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"\b(?:primary|main|home|mainly|primarily|first)\b").expect("primary")
});
static NO_PRIMARY: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"\b(?:active[- ]active|multi[- ]primary|multi[- ]master|no\s+primary|neither\s+(?:one\s+)?is\s+(?:the\s+)?primary|equal\s+(?:weight|regions)|all\s+regions\s+are\s+equal)\b").expect("no primary")
});
static COPIES: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"\b(?:backups?|snapshots?|copies|copied|replicated\s+backups?|archives?|users?\s+are|customers\s+are|load\s+balancers?|lb)\b").expect("copies")
});
/// Where the users are is not where the app runs: the whole sentence.
static AUDIENCE: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"\bclosest\s+to\s+(?:our\s+)?(?:users|customers)\b|\b(?:users?|customers?|traffic|audience|visitors)\s+(?:(?:are|is)\s+)?(?:mostly\s+|mainly\s+|largely\s+|primarily\s+)?(?:in|from|based\s+in|located\s+in|spread)\b").expect("audience")
});
/// "The database lives in iad but the app runs in ord": the database's
/// region is not the app's when the app's is named too.
static DATABASE: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"\b(?:database|databases|db|postgres\w*|mysql|redis|data)\b")
        .expect("database")
});
static APP: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(
        r"\b(?:app|apps|application|api|service|web|machines?|servers?|everything|all)\b",
    )
    .expect("app")
});
static ONLY: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"\b(?:only|single[- ]region|one region|just|single region|no other regions?|no secondary|no second)\b").expect("only")
});

/// A place named after "our users are in", before any word that turns to
/// the choice ("…, so we start in US East").
fn audience(r: &Reader<'_>, range: &Range<usize>) -> bool {
    static CHOICE: LazyLock<Regex> = LazyLock::new(|| {
        crate::interpret::pattern::new(
            r"\b(?:so|but|therefore|hence|thus|which\s+is\s+why|we|we're|start|run|runs|deploy|host\w*)\b",
        )
        .expect("choice")
    });
    let sentence = super::super::rules::sentence_before(r.text, range);
    AUDIENCE
        .find_iter(sentence)
        .last()
        .is_some_and(|m| !CHOICE.is_match(&sentence[m.end()..]))
}

pub(super) fn read(r: &mut Reader<'_>, ctx: &Context) {
    let Some(platform) = ctx.platform else {
        return;
    };
    let mut found: Vec<(String, Range<usize>)> = Vec::new();
    let mut seen_any = false;
    let patterns = &PATTERNS
        .iter()
        .find(|(p, _)| *p == platform)
        .expect("every platform")
        .1;
    let mut taken: Vec<Range<usize>> = Vec::new();
    for (re, code) in patterns {
        for range in matches(re, &r.text.folded) {
            if taken.iter().any(|t| t.start < range.end && range.start < t.end) {
                continue;
            }
            taken.push(range.clone());
            seen_any = true;
            // "backups replicated to fra": a copy's region, not the app's.
            if COPIES.is_match(r.text.segment_text(range.start)) || audience(r, &range) {
                continue;
            }
            if r.text.certain_for_production(&range) {
                found.push(((*code).to_owned(), range));
            }
        }
    }
    let code_pattern = match platform {
        Platform::Aws => Some(&*AWS_CODE),
        Platform::Gcp => Some(&*GCP_CODE),
        _ => None,
    };
    if let Some(re) = code_pattern {
        for m in re.find_iter(&r.text.folded) {
            let range = m.range();
            if taken.iter().any(|t| t.start < range.end && range.start < t.end) {
                continue;
            }
            seen_any = true;
            if r.text.certain_for_production(&range) {
                // The code as written; the folded text is the code's own spelling.
                found.push((r.text.folded[range.clone()].to_owned(), range));
            }
        }
    }
    let database_only = |range: &Range<usize>| {
        let segment = r.text.segment_text(range.start);
        DATABASE.is_match(segment) && !APP.is_match(segment)
    };
    found.retain(|(_, range)| !database_only(range));
    found.sort_by_key(|(_, range)| range.start);
    // "Singapore and Tokyo; Tokyo is primary": any mention may say which.
    let named_primary: Vec<String> = found
        .iter()
        .filter(|(_, range)| {
            let seg = r.text.segment_text(range.start);
            PRIMARY.is_match(seg) && !SECONDARY.is_match(seg)
        })
        .map(|(code, _)| code.clone())
        .collect();
    let mut codes: Vec<(String, Range<usize>)> = Vec::new();
    for (code, range) in found {
        if !codes.iter().any(|(c, _)| *c == code) {
            codes.push((code, range));
        }
    }
    if codes.is_empty() {
        if seen_any {
            r.mention("primary", 0..r.text.folded.len());
        }
        return;
    }
    // "Active-active", "neither is primary": no region is the primary.
    if NO_PRIMARY.is_match(&r.text.folded) && codes.len() > 1 {
        r.mention("primary", codes[0].1.clone());
        return;
    }
    // An explicit "primary" or "secondary" word decides; else the order does.
    let primary_index = codes
        .iter()
        .position(|(code, _)| named_primary.first() == Some(code))
        .or_else(|| {
            codes
                .iter()
                .position(|(_, range)| !SECONDARY.is_match(r.text.segment_text(range.start)))
        });
    let Some(primary_index) = primary_index else {
        r.mention("primary", codes[0].1.clone());
        return;
    };
    let (primary, range) = codes[primary_index].clone();
    r.set("primary", primary, range.clone());
    let others: Vec<(String, Range<usize>)> = codes
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != primary_index)
        .map(|(_, c)| c.clone())
        .collect();
    for (code, range) in &others {
        r.add("secondary", code.clone(), range.clone());
    }
    if others.is_empty() {
        // "only for the status page", "just kidding": not "one region only".
        let only = ONLY.find_iter(&r.text.folded).find(|m| {
            let rest = r.text.folded[m.end()..].trim_start();
            !["for ", "kidding", "the ", "a "]
                .iter()
                .any(|w| rest.starts_with(w))
        });
        if let Some(m) = only {
            if r.text.certain(&m.range()) || !r.text.segment_at(m.start()).is_some_and(|s| s.hedged) {
                r.set("secondary", serde_json::Value::Array(Vec::new()), m.range());
            }
        }
    }
}
