//! Fly.io's regions: the current catalog, the names people use for them,
//! and the retired codes with Fly's replacement for each.

/// Current regions: code and city.
pub const REGIONS: &[(&str, &str)] = &[
    ("ams", "Amsterdam, Netherlands"),
    ("arn", "Stockholm, Sweden"),
    ("bom", "Mumbai, India"),
    ("cdg", "Paris, France"),
    ("dfw", "Dallas, Texas, US"),
    ("ewr", "Secaucus, New Jersey, US"),
    ("fra", "Frankfurt, Germany"),
    ("gru", "Sao Paulo, Brazil"),
    ("iad", "Ashburn, Virginia, US"),
    ("jnb", "Johannesburg, South Africa"),
    ("lax", "Los Angeles, California, US"),
    ("lhr", "London, United Kingdom"),
    ("nrt", "Tokyo, Japan"),
    ("ord", "Chicago, Illinois, US"),
    ("sin", "Singapore"),
    ("sjc", "San Jose, California, US"),
    ("syd", "Sydney, Australia"),
    ("yyz", "Toronto, Canada"),
];

/// Retired codes and the region Fly moved their machines to.
pub const RETIRED: &[(&str, &str)] = &[
    ("atl", "dfw"),
    ("bog", "gru"),
    ("bos", "ewr"),
    ("den", "dfw"),
    ("eze", "gru"),
    ("gdl", "dfw"),
    ("gig", "gru"),
    ("hkg", "sin"),
    ("mad", "cdg"),
    ("mia", "dfw"),
    ("otp", "fra"),
    ("phx", "lax"),
    ("qro", "dfw"),
    ("scl", "gru"),
    ("sea", "sjc"),
    ("waw", "ams"),
    ("yul", "yyz"),
];

/// Names people write for a place, each certain enough to pick one region.
pub const NAMES: &[(&str, &str)] = &[
    ("us east", "iad"),
    ("east us", "iad"),
    ("us east coast", "iad"),
    ("virginia", "iad"),
    ("ashburn", "iad"),
    ("washington dc", "iad"),
    ("new york", "ewr"),
    ("new jersey", "ewr"),
    ("us northeast", "ewr"),
    ("us central", "ord"),
    ("chicago", "ord"),
    ("us south", "dfw"),
    ("texas", "dfw"),
    ("dallas", "dfw"),
    ("us west", "sjc"),
    ("west us", "sjc"),
    ("us west coast", "sjc"),
    ("san jose", "sjc"),
    ("silicon valley", "sjc"),
    ("los angeles", "lax"),
    ("canada", "yyz"),
    ("toronto", "yyz"),
    ("eu west", "ams"),
    ("europe west", "ams"),
    ("west europe", "ams"),
    ("amsterdam", "ams"),
    ("netherlands", "ams"),
    ("eu central", "fra"),
    ("europe central", "fra"),
    ("central europe", "fra"),
    ("frankfurt", "fra"),
    ("germany", "fra"),
    ("paris", "cdg"),
    ("france", "cdg"),
    ("eu north", "arn"),
    ("stockholm", "arn"),
    ("sweden", "arn"),
    ("london", "lhr"),
    ("uk", "lhr"),
    ("united kingdom", "lhr"),
    ("tokyo", "nrt"),
    ("japan", "nrt"),
    ("asia northeast", "nrt"),
    ("singapore", "sin"),
    ("asia southeast", "sin"),
    ("mumbai", "bom"),
    ("india", "bom"),
    ("asia south", "bom"),
    ("sydney", "syd"),
    ("australia", "syd"),
    ("sao paulo", "gru"),
    ("brazil", "gru"),
    ("south america", "gru"),
    ("johannesburg", "jnb"),
    ("south africa", "jnb"),
];

#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// A current region code, as written.
    Current(&'static str),
    /// A place name that maps to one region.
    Named(&'static str),
    /// A retired code: (retired, replacement).
    Retired(&'static str, &'static str),
    Unknown,
}

fn normalize(text: &str) -> String {
    text.to_lowercase()
        .replace(['-', '_', ',', '.', '(', ')'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn lookup(text: &str) -> Lookup {
    let key = normalize(text);
    if let Some((code, _)) = REGIONS.iter().find(|(c, _)| *c == key) {
        return Lookup::Current(code);
    }
    if let Some((old, new)) = RETIRED.iter().find(|(c, _)| *c == key) {
        return Lookup::Retired(old, new);
    }
    match NAMES.iter().find(|(name, _)| *name == key) {
        Some((_, code)) => Lookup::Named(code),
        None => Lookup::Unknown,
    }
}

pub fn city(code: &str) -> &'static str {
    REGIONS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or("", |(_, city)| city)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        assert_eq!(lookup("iad"), Lookup::Current("iad"));
        assert_eq!(lookup("IAD"), Lookup::Current("iad"));
        assert_eq!(lookup("US East"), Lookup::Named("iad"));
        assert_eq!(lookup("us-east"), Lookup::Named("iad"));
        assert_eq!(lookup("EU West"), Lookup::Named("ams"));
        assert_eq!(lookup("Tokyo"), Lookup::Named("nrt"));
        assert_eq!(lookup("sea"), Lookup::Retired("sea", "sjc"));
        assert_eq!(lookup("hkg"), Lookup::Retired("hkg", "sin"));
        assert_eq!(lookup("mars"), Lookup::Unknown);
        assert_eq!(lookup("us-east-1"), Lookup::Unknown);
    }

    #[test]
    fn every_retired_code_maps_to_a_current_region() {
        for (old, new) in RETIRED {
            assert!(REGIONS.iter().any(|(c, _)| c == new), "{old} → {new}");
            assert!(!REGIONS.iter().any(|(c, _)| c == old));
        }
        for (name, code) in NAMES {
            assert!(REGIONS.iter().any(|(c, _)| c == code), "{name} → {code}");
        }
    }
}
