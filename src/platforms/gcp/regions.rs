//! Google Cloud regions where Cloud Run runs: the catalog, the place names
//! people write for them, and which lie inside the European Union.

use crate::platforms::catalog::Catalog;

/// Region codes and the place each is in.
pub(super) const REGIONS: &[(&str, &str)] = &[
    ("africa-south1", "Johannesburg"),
    ("asia-east1", "Taiwan"),
    ("asia-east2", "Hong Kong"),
    ("asia-northeast1", "Tokyo"),
    ("asia-northeast2", "Osaka"),
    ("asia-northeast3", "Seoul"),
    ("asia-south1", "Mumbai"),
    ("asia-south2", "Delhi"),
    ("asia-southeast1", "Singapore"),
    ("asia-southeast2", "Jakarta"),
    ("australia-southeast1", "Sydney"),
    ("australia-southeast2", "Melbourne"),
    ("europe-central2", "Warsaw"),
    ("europe-north1", "Finland"),
    ("europe-north2", "Stockholm"),
    ("europe-southwest1", "Madrid"),
    ("europe-west1", "Belgium"),
    ("europe-west10", "Berlin"),
    ("europe-west12", "Turin"),
    ("europe-west2", "London"),
    ("europe-west3", "Frankfurt"),
    ("europe-west4", "Netherlands"),
    ("europe-west6", "Zurich"),
    ("europe-west8", "Milan"),
    ("europe-west9", "Paris"),
    ("me-central1", "Doha"),
    ("me-central2", "Dammam"),
    ("me-west1", "Tel Aviv"),
    ("northamerica-northeast1", "Montreal"),
    ("northamerica-northeast2", "Toronto"),
    ("northamerica-south1", "Queretaro"),
    ("southamerica-east1", "Sao Paulo"),
    ("southamerica-west1", "Santiago"),
    ("us-central1", "Iowa"),
    ("us-east1", "South Carolina"),
    ("us-east4", "Northern Virginia"),
    ("us-east5", "Columbus"),
    ("us-south1", "Dallas"),
    ("us-west1", "Oregon"),
    ("us-west2", "Los Angeles"),
    ("us-west3", "Salt Lake City"),
    ("us-west4", "Las Vegas"),
];

/// Regions inside the European Union (London and Zurich are not).
pub(super) const EU: &[&str] = &[
    "europe-central2",
    "europe-north1",
    "europe-north2",
    "europe-southwest1",
    "europe-west1",
    "europe-west10",
    "europe-west12",
    "europe-west3",
    "europe-west4",
    "europe-west8",
    "europe-west9",
];

/// Names people write for a place, each certain enough to pick one region.
pub(super) const NAMES: &[(&str, &str)] = &[
    ("us east", "us-east1"),
    ("east us", "us-east1"),
    ("south carolina", "us-east1"),
    ("northern virginia", "us-east4"),
    ("virginia", "us-east4"),
    ("columbus", "us-east5"),
    ("ohio", "us-east5"),
    ("iowa", "us-central1"),
    ("us central", "us-central1"),
    ("dallas", "us-south1"),
    ("texas", "us-south1"),
    ("oregon", "us-west1"),
    ("us west", "us-west1"),
    ("los angeles", "us-west2"),
    ("salt lake city", "us-west3"),
    ("las vegas", "us-west4"),
    ("belgium", "europe-west1"),
    ("london", "europe-west2"),
    ("frankfurt", "europe-west3"),
    ("germany", "europe-west3"),
    ("berlin", "europe-west10"),
    ("netherlands", "europe-west4"),
    ("eemshaven", "europe-west4"),
    ("zurich", "europe-west6"),
    ("switzerland", "europe-west6"),
    ("milan", "europe-west8"),
    ("turin", "europe-west12"),
    ("paris", "europe-west9"),
    ("france", "europe-west9"),
    ("finland", "europe-north1"),
    ("stockholm", "europe-north2"),
    ("sweden", "europe-north2"),
    ("warsaw", "europe-central2"),
    ("poland", "europe-central2"),
    ("madrid", "europe-southwest1"),
    ("spain", "europe-southwest1"),
    ("tokyo", "asia-northeast1"),
    ("japan", "asia-northeast1"),
    ("osaka", "asia-northeast2"),
    ("seoul", "asia-northeast3"),
    ("korea", "asia-northeast3"),
    ("singapore", "asia-southeast1"),
    ("jakarta", "asia-southeast2"),
    ("mumbai", "asia-south1"),
    ("delhi", "asia-south2"),
    ("hong kong", "asia-east2"),
    ("taiwan", "asia-east1"),
    ("sydney", "australia-southeast1"),
    ("melbourne", "australia-southeast2"),
    ("sao paulo", "southamerica-east1"),
    ("brazil", "southamerica-east1"),
    ("santiago", "southamerica-west1"),
    ("montreal", "northamerica-northeast1"),
    ("toronto", "northamerica-northeast2"),
    ("johannesburg", "africa-south1"),
    ("south africa", "africa-south1"),
    ("tel aviv", "me-west1"),
    ("israel", "me-west1"),
    ("doha", "me-central1"),
];

pub(super) const CATALOG: Catalog = Catalog {
    cloud: "a Google Cloud region where Cloud Run runs",
    regions: REGIONS,
    eu: EU,
    names: NAMES,
    example: "write a region code such as `us-central1` or `europe-west3`, or a place such as \"Frankfurt\"",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        assert_eq!(CATALOG.lookup("Frankfurt"), Some("europe-west3"));
        assert_eq!(CATALOG.lookup("EUROPE-WEST3"), Some("europe-west3"));
        assert_eq!(CATALOG.lookup("US Central"), Some("us-central1"));
        assert_eq!(CATALOG.lookup("eu-central-1"), None);
        assert!(CATALOG.in_eu("europe-west3"));
        assert!(!CATALOG.in_eu("europe-west2"));
        CATALOG.check();
    }
}
