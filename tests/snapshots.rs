//! Snapshots, reviewed like code: the whole output for the example, the
//! help text, and error messages word for word.

use crate::support::{Test, banner_tree};

#[test]
fn fly_fastapi_example_outputs() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    insta::assert_snapshot!("fly_fastapi_outputs", banner_tree(&t));
}

#[test]
fn every_other_example_outputs() {
    for name in crate::workflows::EXAMPLES
        .into_iter()
        .filter(|n| *n != "fly-fastapi")
    {
        let t = crate::workflows::example(name);
        t.run(&["apply", "--yes"]).expect(0);
        insta::assert_snapshot!(format!("{}_outputs", name.replace('-', "_")), banner_tree(&t));
    }
}

#[test]
fn help() {
    let run = Test::new().run(&["--help"]).expect(0);
    insta::assert_snapshot!("help", run.stdout);
}

#[test]
fn error_message_for_a_misspelt_value() {
    let t = Test::example();
    t.edit_answers("strategy: rolling", "strategy: bluegren");
    let run = t.run(&["validate"]).expect(2);
    insta::assert_snapshot!("misspelt_value", run.stderr);
}

#[test]
fn plan_after_one_answer_changed() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    t.edit_answers("p95_ms: 200", "p95_ms: 150");
    let run = t.run(&["plan"]).expect(0);
    insta::assert_snapshot!("plan_after_change", run.stdout);
}
