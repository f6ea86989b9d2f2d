use crate::support::{EXAMPLE, Test};

fn schema() -> serde_json::Value {
    let run = Test::new().run(&["schema"]).expect(0);
    serde_json::from_str(&run.stdout).unwrap()
}

fn yaml_to_json(yaml: &str) -> serde_json::Value {
    serde_norway::from_str(yaml).unwrap()
}

#[test]
fn schema_is_valid_json_schema_and_accepts_the_example() {
    let schema = schema();
    assert!(jsonschema::meta::is_valid(&schema), "not a valid JSON Schema");
    let validator = jsonschema::validator_for(&schema).unwrap();
    let example = yaml_to_json(EXAMPLE);
    let errors: Vec<String> = validator.iter_errors(&example).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // Plain-string answers are accepted too.
    assert!(validator.is_valid(&yaml_to_json("version: 1\ninfrastructure:\n  hosting: Fly.io\n")));
}

#[test]
fn schema_rejects_what_load_rejects() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    for bad in [
        "version: 1\nprojct: {}\n",
        "version: 1\noperations:\n  deployment: {strategy: bluegren}\n",
        "version: 1\nproject: {port: -1}\n",
        "version: 1\noperations:\n  backup: {rto: soon}\n",
    ] {
        assert!(!validator.is_valid(&yaml_to_json(bad)), "schema accepted {bad:?}");
    }
}
