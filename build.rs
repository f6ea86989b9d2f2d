//! The build's identity: a digest of everything that decides what shipspec
//! generates (its sources, templates and locked dependencies). `plan` and
//! `check` trust a record of the last apply only when it was made by the
//! same build, so a changed template or rule is never hidden behind it.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let mut inputs = Vec::new();
    for dir in ["src", "templates"] {
        println!("cargo::rerun-if-changed={dir}");
        files(&root.join(dir), &mut inputs);
    }
    for file in ["Cargo.toml", "Cargo.lock", "build.rs"] {
        println!("cargo::rerun-if-changed={file}");
        inputs.push(root.join(file));
    }
    inputs.sort();
    let mut hash = Sha256::new();
    for path in &inputs {
        // Relative, `/`-separated: the same sources give the same identity
        // wherever they are built.
        let name = path.strip_prefix(&root).unwrap_or(path);
        let name: Vec<String> = name
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        hash.update(name.join("/").as_bytes());
        hash.update([0]);
        if let Ok(bytes) = std::fs::read(path) {
            hash.update((bytes.len() as u64).to_le_bytes());
            hash.update(&bytes);
        }
    }
    let digest = hash.finalize();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    println!("cargo::rustc-env=SHIPSPEC_BUILD={hex}");
}
