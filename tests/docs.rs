//! The docs are part of the feature: every diagnostic code and every
//! answers-file key is documented.

use crate::support::Test;

#[test]
fn every_diagnostic_code_is_documented() {
    let docs = include_str!("../docs/diagnostics.md");
    for code in shipspec::diagnostic::Code::ALL {
        assert!(
            docs.contains(&format!("## {} — ", code.as_str())),
            "{} is not in docs/diagnostics.md",
            code.as_str()
        );
    }
}

#[test]
fn every_answers_key_is_documented() {
    let docs = include_str!("../docs/answers.md");
    let run = Test::example().run(&["explain", "--format", "json"]).expect(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let keys = v["provenance"].as_object().unwrap().keys();
    for key in keys.filter(|k| !k.ends_with(".answer")) {
        assert!(
            docs.contains(&format!("`{key}`")),
            "{key} is not in docs/answers.md"
        );
    }
}
