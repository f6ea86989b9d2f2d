//! `shipspec schema`: the JSON Schema of the answers file, generated from the
//! same types serde reads, so editor completion never disagrees with load.

use super::model::Answers;

pub fn json() -> String {
    let schema = schemars::schema_for!(Answers);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema always serializes");
    text.push('\n');
    text
}
