//! AWS regions: the commercial catalog, the place names people write for
//! them, and which lie inside the European Union.

/// Region codes and the place each is in.
pub const REGIONS: &[(&str, &str)] = &[
    ("af-south-1", "Cape Town"),
    ("ap-east-1", "Hong Kong"),
    ("ap-northeast-1", "Tokyo"),
    ("ap-northeast-2", "Seoul"),
    ("ap-northeast-3", "Osaka"),
    ("ap-south-1", "Mumbai"),
    ("ap-south-2", "Hyderabad"),
    ("ap-southeast-1", "Singapore"),
    ("ap-southeast-2", "Sydney"),
    ("ap-southeast-3", "Jakarta"),
    ("ap-southeast-4", "Melbourne"),
    ("ap-southeast-5", "Malaysia"),
    ("ap-southeast-7", "Thailand"),
    ("ca-central-1", "Canada (Central)"),
    ("ca-west-1", "Calgary"),
    ("eu-central-1", "Frankfurt"),
    ("eu-central-2", "Zurich"),
    ("eu-north-1", "Stockholm"),
    ("eu-south-1", "Milan"),
    ("eu-south-2", "Spain"),
    ("eu-west-1", "Ireland"),
    ("eu-west-2", "London"),
    ("eu-west-3", "Paris"),
    ("il-central-1", "Tel Aviv"),
    ("me-central-1", "UAE"),
    ("me-south-1", "Bahrain"),
    ("mx-central-1", "Mexico (Central)"),
    ("sa-east-1", "Sao Paulo"),
    ("us-east-1", "N. Virginia"),
    ("us-east-2", "Ohio"),
    ("us-west-1", "N. California"),
    ("us-west-2", "Oregon"),
];

/// Regions inside the European Union (Zurich and London are not).
pub const EU: &[&str] = &[
    "eu-central-1",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-3",
];

/// Names people write for a place, each certain enough to pick one region.
pub const NAMES: &[(&str, &str)] = &[
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
    ("france", "eu-west-3"),
    ("frankfurt", "eu-central-1"),
    ("germany", "eu-central-1"),
    ("stockholm", "eu-north-1"),
    ("sweden", "eu-north-1"),
    ("milan", "eu-south-1"),
    ("italy", "eu-south-1"),
    ("spain", "eu-south-2"),
    ("zurich", "eu-central-2"),
    ("switzerland", "eu-central-2"),
    ("tokyo", "ap-northeast-1"),
    ("japan", "ap-northeast-1"),
    ("seoul", "ap-northeast-2"),
    ("korea", "ap-northeast-2"),
    ("osaka", "ap-northeast-3"),
    ("singapore", "ap-southeast-1"),
    ("sydney", "ap-southeast-2"),
    ("melbourne", "ap-southeast-4"),
    ("jakarta", "ap-southeast-3"),
    ("mumbai", "ap-south-1"),
    ("hyderabad", "ap-south-2"),
    ("hong kong", "ap-east-1"),
    ("sao paulo", "sa-east-1"),
    ("brazil", "sa-east-1"),
    ("canada", "ca-central-1"),
    ("montreal", "ca-central-1"),
    ("calgary", "ca-west-1"),
    ("cape town", "af-south-1"),
    ("south africa", "af-south-1"),
    ("bahrain", "me-south-1"),
    ("tel aviv", "il-central-1"),
    ("israel", "il-central-1"),
];

fn normalize(text: &str) -> String {
    text.to_lowercase()
        .replace(['-', '_', ',', '.', '(', ')'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The region code `text` means: a code (any case) or a place name.
pub fn lookup(text: &str) -> Option<&'static str> {
    let code = text.trim().to_ascii_lowercase();
    if let Some((c, _)) = REGIONS.iter().find(|(c, _)| *c == code) {
        return Some(c);
    }
    let key = normalize(text);
    NAMES.iter().find(|(name, _)| *name == key).map(|(_, c)| *c)
}

/// Where a region is, for the spec.
pub fn place(code: &str) -> &'static str {
    REGIONS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or("", |(_, place)| place)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        assert_eq!(lookup("Frankfurt"), Some("eu-central-1"));
        assert_eq!(lookup("eu-central-1"), Some("eu-central-1"));
        assert_eq!(lookup("EU-CENTRAL-1"), Some("eu-central-1"));
        assert_eq!(lookup("US East"), Some("us-east-1"));
        assert_eq!(lookup("N. Virginia"), Some("us-east-1"));
        assert_eq!(lookup("iad"), None);
        assert_eq!(lookup("eu-central-9"), None);
    }

    #[test]
    fn every_name_and_eu_region_is_in_the_catalog() {
        for (name, code) in NAMES {
            assert!(REGIONS.iter().any(|(c, _)| c == code), "{name} → {code}");
        }
        for code in EU {
            assert!(REGIONS.iter().any(|(c, _)| c == code), "{code}");
        }
    }
}
