//! load → resolve → render → reconcile for the bundled example, the work
//! behind every `plan`; and the same plan with the answers read from the
//! example's four spec files (`--specs`). Run with `cargo bench`.

use criterion::{Criterion, criterion_group, criterion_main};

use shipspec::reconcile::state::Lock;
use shipspec::{answers, reconcile, render, resolve, specs};

const EXAMPLE: &[u8] = include_bytes!("../examples/fly-fastapi/shipspec.yaml");
/// The same answers in words only: every value is read from prose.
const PROSE: &[u8] = include_bytes!("../examples/fly-fastapi-prose/shipspec.yaml");

fn pipeline(c: &mut Criterion) {
    let root = tempfile::tempdir().expect("temp dir");
    c.bench_function("load", |b| {
        b.iter(|| answers::load("shipspec.yaml", EXAMPLE).expect("valid"))
    });
    let prose = answers::load("shipspec.yaml", PROSE).expect("valid");
    // Warm the rules' compiled patterns once, as the first call of a run does.
    let _ = shipspec::interpret::interpret(&prose.answers);
    c.bench_function("interpret 20 answers in words", |b| {
        b.iter(|| shipspec::interpret::interpret(&prose.answers))
    });
    c.bench_function("resolve from words", |b| b.iter(|| resolve::resolve(&prose)));
    let loaded = answers::load("shipspec.yaml", EXAMPLE).expect("valid");
    c.bench_function("resolve", |b| b.iter(|| resolve::resolve(&loaded)));
    let plan = resolve::resolve(&loaded).plan;
    c.bench_function("render", |b| b.iter(|| render::render(&plan)));
    let artifacts = render::render(&plan);
    let lock = Lock::default();
    c.bench_function("reconcile", |b| {
        b.iter(|| reconcile::reconcile(&artifacts, root.path(), &lock).expect("reconciles"))
    });
    c.bench_function("whole pipeline", |b| {
        b.iter(|| {
            let loaded = answers::load("shipspec.yaml", EXAMPLE).expect("valid");
            let plan = resolve::resolve(&loaded).plan;
            let artifacts = render::render(&plan);
            reconcile::reconcile(&artifacts, root.path(), &lock).expect("reconciles")
        })
    });
    // The example's spec files as `apply` writes them, then read back.
    let specs_root = tempfile::tempdir().expect("temp dir");
    for change in reconcile::reconcile(&artifacts, specs_root.path(), &lock).expect("reconciles") {
        if change.path.starts_with("docs/specs/") {
            let path = specs_root.path().join(&change.path);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
            std::fs::write(path, change.after).expect("spec file");
        }
    }
    let dir = specs_root.path().join("docs/specs");
    c.bench_function("read specs", |b| {
        b.iter(|| specs::read_dir(&dir, None).expect("readable"))
    });
    c.bench_function("whole pipeline from specs", |b| {
        b.iter(|| {
            let reading = specs::read_dir(&dir, None).expect("readable");
            let loaded = answers::Loaded {
                answers: reading.answers.clone(),
                index: Default::default(),
                file: "docs/specs".into(),
            };
            let plan = resolve::resolve_with(&loaded, &reading.interpretation).plan;
            let artifacts = render::render(&plan);
            reconcile::reconcile(&artifacts, root.path(), &lock).expect("reconciles")
        })
    });
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
