//! `shipspec schema`: the JSON Schema of the answers file, generated from the
//! same types serde reads, so editor completion never disagrees with load.

use super::model::Answers;

/// Where editors find this version's schema: the copy committed in the
/// repository (`schema/shipspec.schema.json`, kept equal to `shipspec
/// schema` by a test) at this release's tag. A tag never moves, so the URL
/// always describes the file format of the shipspec that wrote the line.
pub const URL: &str = concat!(
    "https://raw.githubusercontent.com/shipspec/shipspec/v",
    env!("CARGO_PKG_VERSION"),
    "/schema/shipspec.schema.json"
);

/// The first line `init` writes: editors using yaml-language-server (VS
/// Code's YAML extension, Neovim, Helix, Zed …) complete and check keys.
pub fn modeline() -> String {
    format!("# yaml-language-server: $schema={URL}\n")
}

pub fn json() -> String {
    let schema = schemars::schema_for!(Answers);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema always serializes");
    text.push('\n');
    text
}
