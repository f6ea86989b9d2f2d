//! Q2 regions: the platform's codes, from codes or places. The first region
//! named is the primary, the others secondary; regions said for later are
//! not read. On a platform whose codes shipspec does not know, nothing is.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::super::Context;
use super::super::reader::{Reader, matches};
use crate::answers::vocab::Platform;

/// Places and their code, per platform without a folder of its own (a
/// platform with one brings its catalog); longer names first so "us east 2"
/// wins over "us east".
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
    // A platform with a folder brings its own catalog; the rest are here
    // until they move into theirs.
    let names: Vec<(&str, &str)> = match platform {
        Platform::Heroku => HEROKU.to_vec(),
        _ => Vec::new(),
    };
    let mut out: Vec<(String, &str)> = names.into_iter().map(|(n, c)| (n.to_owned(), c)).collect();
    out.extend(crate::platforms::of(platform).region_names());
    // Longest first: "us east 2" before "us east".
    out.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    out
}

/// A place name: its first word (a cheap test that it may occur), its
/// pattern, compiled only when that word is in the answer, and its code.
struct Name {
    first_word: String,
    pattern: String,
    compiled: std::sync::OnceLock<Regex>,
    code: &'static str,
}

impl Name {
    fn regex(&self) -> &Regex {
        self.compiled
            .get_or_init(|| crate::interpret::pattern::new(&self.pattern).expect("region name"))
    }
}

static PATTERNS: LazyLock<Vec<(Platform, Vec<Name>)>> = LazyLock::new(|| {
    Platform::ALL
        .iter()
        .map(|p| {
            let list = catalog(*p)
                .into_iter()
                .map(|(name, code)| {
                    // Spaces in a name match a space, dash, comma or dot ("us-east", "N. Virginia").
                    let words: Vec<String> = name.split(' ').map(regex::escape).collect();
                    let body = words.join(r"[\s,.-]+");
                    Name {
                        first_word: name.split(' ').next().unwrap_or_default().to_owned(),
                        pattern: format!(r"(?:^|[^a-z0-9])(?P<t>{body})(?:$|[^a-z0-9])"),
                        compiled: std::sync::OnceLock::new(),
                        code,
                    }
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
    crate::interpret::pattern::new(r"\b(?:users|customers|traffic|audience|visitors)\s*:|\bclosest\s+to\s+(?:our\s+)?(?:users|customers)\b|\b(?:users?|customers?|traffic|audience|visitors)\s+(?:(?:are|is)\s+)?(?:mostly\s+|mainly\s+|largely\s+|primarily\s+)?(?:in|from|based\s+in|located\s+in|spread)\b").expect("audience")
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
static AREA: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(
        r"\b(?:east|west|north|south|central|europe|asia|america|pacific|emea|apac)\b",
    )
    .expect("area")
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
    for name in patterns {
        if !r.text.folded.contains(name.first_word.as_str()) {
            continue;
        }
        let code = &name.code;
        for range in matches(name.regex(), &r.text.folded) {
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
    // "US West (LA)": the city in brackets says which of the area's regions.
    let bracketed: Vec<Range<usize>> = found
        .iter()
        .filter(|(_, range)| r.text.folded[..range.start].trim_end().ends_with('('))
        .map(|(_, range)| range.clone())
        .collect();
    // Areas narrowed to a place shipspec cannot read: the order is unsure.
    let mut order_unsure = false;
    found.retain(|(_, range)| {
        let rest = &r.text.folded[range.end..];
        // An area narrowed in brackets ("US West (LA)") is not the area's
        // default region; a region with a note in brackets is itself.
        let name = &r.text.folded[range.clone()];
        let area = name.contains(' ') && AREA.is_match(name);
        let Some(open) = rest.find('(').filter(|o| area && rest[..*o].trim().is_empty()) else {
            return true;
        };
        let inside = range.end + open + 1;
        let close = r.text.folded[inside..]
            .find(')')
            .map_or(r.text.folded.len(), |c| inside + c);
        if !bracketed.iter().any(|b| b.start >= inside && b.start < close) {
            order_unsure = true;
        }
        bracketed.iter().any(|b| b == range)
    });
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
    if order_unsure && named_primary.is_empty() {
        if let Some((_, range)) = codes.first() {
            r.mention("primary", range.clone());
        }
        return;
    }
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
