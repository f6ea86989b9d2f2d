//! Every declared dependency is used: an unused one is build time, audit
//! surface and a false statement about how the code is built.

use std::path::Path;

/// The text of every `.rs` file under `dirs`.
fn sources(dirs: &[&str]) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut text = String::new();
    let mut stack: Vec<_> = dirs.iter().map(|d| root.join(d)).collect();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                text.push_str(&std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    text
}

fn declared(table: &str) -> Vec<String> {
    let manifest = include_str!("../Cargo.toml");
    let doc: toml_edit::DocumentMut = manifest.parse().unwrap();
    doc[table]
        .as_table()
        .unwrap()
        .iter()
        .map(|(name, _)| name.replace('-', "_"))
        .collect()
}

fn used(name: &str, code: &str) -> bool {
    code.contains(&format!("{name}::")) || code.contains(&format!("use {name}"))
}

#[test]
fn every_dependency_is_used() {
    let code = sources(&["src"]);
    let unused: Vec<String> = declared("dependencies")
        .into_iter()
        .filter(|name| !used(name, &code))
        .collect();
    assert!(unused.is_empty(), "declared but unused in src/: {unused:?}");
    let code = sources(&["tests", "benches"]);
    let unused: Vec<String> = declared("dev-dependencies")
        .into_iter()
        .filter(|name| !used(name, &code))
        .collect();
    assert!(
        unused.is_empty(),
        "dev-dependencies unused in tests/ and benches/: {unused:?}"
    );
}
