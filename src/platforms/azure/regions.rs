//! Azure regions where Container Apps run: the catalog, the place names
//! people write for them, and which lie inside the European Union.

use crate::platforms::catalog::Catalog;

/// Region codes and the place each is in.
const REGIONS: &[(&str, &str)] = &[
    ("australiaeast", "New South Wales"),
    ("brazilsouth", "Sao Paulo"),
    ("canadacentral", "Toronto"),
    ("canadaeast", "Quebec City"),
    ("centralindia", "Pune"),
    ("centralus", "Iowa"),
    ("eastasia", "Hong Kong"),
    ("eastus", "Virginia"),
    ("eastus2", "Virginia"),
    ("francecentral", "Paris"),
    ("germanywestcentral", "Frankfurt"),
    ("italynorth", "Milan"),
    ("japaneast", "Tokyo"),
    ("japanwest", "Osaka"),
    ("koreacentral", "Seoul"),
    ("northcentralus", "Illinois"),
    ("northeurope", "Ireland"),
    ("norwayeast", "Oslo"),
    ("polandcentral", "Warsaw"),
    ("southafricanorth", "Johannesburg"),
    ("southcentralus", "Texas"),
    ("southeastasia", "Singapore"),
    ("spaincentral", "Madrid"),
    ("swedencentral", "Gavle"),
    ("switzerlandnorth", "Zurich"),
    ("uaenorth", "Dubai"),
    ("uksouth", "London"),
    ("ukwest", "Cardiff"),
    ("westeurope", "Netherlands"),
    ("westus", "California"),
    ("westus2", "Washington"),
    ("westus3", "Phoenix"),
];

/// Regions inside the European Union (Norway, Switzerland and the UK are not).
const EU: &[&str] = &[
    "francecentral",
    "germanywestcentral",
    "italynorth",
    "northeurope",
    "polandcentral",
    "spaincentral",
    "swedencentral",
    "westeurope",
];

/// Names people write for a place, each certain enough to pick one region.
const NAMES: &[(&str, &str)] = &[
    ("east us 2", "eastus2"),
    ("us east 2", "eastus2"),
    ("west us 2", "westus2"),
    ("west us 3", "westus3"),
    ("east us", "eastus"),
    ("us east", "eastus"),
    ("virginia", "eastus"),
    ("west us", "westus"),
    ("california", "westus"),
    ("central us", "centralus"),
    ("iowa", "centralus"),
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
    ("france", "francecentral"),
    ("sweden central", "swedencentral"),
    ("sweden", "swedencentral"),
    ("switzerland north", "switzerlandnorth"),
    ("zurich", "switzerlandnorth"),
    ("italy north", "italynorth"),
    ("milan", "italynorth"),
    ("poland central", "polandcentral"),
    ("warsaw", "polandcentral"),
    ("spain central", "spaincentral"),
    ("madrid", "spaincentral"),
    ("norway east", "norwayeast"),
    ("oslo", "norwayeast"),
    ("japan east", "japaneast"),
    ("tokyo", "japaneast"),
    ("osaka", "japanwest"),
    ("korea central", "koreacentral"),
    ("seoul", "koreacentral"),
    ("southeast asia", "southeastasia"),
    ("singapore", "southeastasia"),
    ("east asia", "eastasia"),
    ("hong kong", "eastasia"),
    ("australia east", "australiaeast"),
    ("sydney", "australiaeast"),
    ("central india", "centralindia"),
    ("pune", "centralindia"),
    ("brazil south", "brazilsouth"),
    ("sao paulo", "brazilsouth"),
    ("canada central", "canadacentral"),
    ("toronto", "canadacentral"),
    ("uae north", "uaenorth"),
    ("dubai", "uaenorth"),
    ("johannesburg", "southafricanorth"),
];

pub(super) const CATALOG: Catalog = Catalog {
    cloud: "an Azure region where Container Apps run",
    regions: REGIONS,
    eu: EU,
    names: NAMES,
    example: "write a region name such as `westeurope` or `germanywestcentral`, or a place such as \"Frankfurt\"",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        assert_eq!(CATALOG.lookup("Frankfurt"), Some("germanywestcentral"));
        assert_eq!(CATALOG.lookup("West Europe"), Some("westeurope"));
        assert_eq!(CATALOG.lookup("westeurope"), Some("westeurope"));
        assert_eq!(CATALOG.lookup("europe-west3"), None);
        assert!(CATALOG.in_eu("germanywestcentral"));
        assert!(!CATALOG.in_eu("uksouth"));
        CATALOG.check();
    }
}
