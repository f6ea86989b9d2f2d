//! fly.toml files in the shapes public repositories write them
//! (`tests/corpus/fly/`): each is merged, then the health checks are turned
//! off, Prometheus is added and removed, and the port changes. After every
//! step the file must be a configuration Fly runs as the answers say (one
//! public service per port, services tied to processes, one memory setting,
//! a size preset's CPUs left alone), keep every key and comment the user
//! wrote, pass taplo and the fly.toml schema, be what the plan showed, and
//! stay as it is on a second run.

use std::collections::BTreeMap;
use std::path::Path;

use toml_edit::{DocumentMut, Item, TableLike, Value};

use crate::support::{Test, validate};

const SCHEMA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/schemas/fly.schema.json");
const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/fly");

/// (step, answers text replaced, replacement)
const STEPS: &[(&str, &str, &str)] = &[
    ("merge", "", ""),
    (
        "health checks off",
        "    path: /health\n",
        "    enabled: false\n    path: /health\n",
    ),
    (
        "prometheus added",
        "tools: [fly-metrics, sentry]",
        "tools: [fly-metrics, sentry, prometheus]",
    ),
    (
        "prometheus removed",
        "tools: [fly-metrics, sentry, prometheus]",
        "tools: [fly-metrics, sentry]",
    ),
    ("port changed", "  port: 8080\n", "  port: 9000\n"),
];

/// Fly's presets, with their memory in MB (fly-go `MachinePresets`).
fn preset_memory(size: &str) -> u64 {
    match size {
        "shared-cpu-1x" => 256,
        "shared-cpu-2x" => 512,
        "shared-cpu-4x" => 1024,
        "shared-cpu-8x" => 2048,
        "performance-1x" => 2048,
        "performance-2x" => 4096,
        "a10" | "a100-40gb" | "a100-80gb" | "l40s" => 32768,
        other => panic!("no preset {other} in the corpus"),
    }
}

fn corpus() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(CORPUS)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Every key path in the document (`services.0.ports.1.port`).
fn paths(table: &dyn TableLike, prefix: &str, out: &mut Vec<String>) {
    for (key, item) in table.iter() {
        let path = format!("{prefix}{key}");
        out.push(path.clone());
        match item {
            Item::Table(t) => paths(t, &format!("{path}."), out),
            Item::Value(Value::InlineTable(t)) => paths(t, &format!("{path}."), out),
            Item::ArrayOfTables(a) => {
                for (i, t) in a.iter().enumerate() {
                    paths(t, &format!("{path}.{i}."), out);
                }
            }
            Item::Value(Value::Array(a)) => {
                for (i, v) in a.iter().enumerate() {
                    if let Some(t) = v.as_inline_table() {
                        paths(t, &format!("{path}.{i}."), out);
                    }
                }
            }
            _ => {}
        }
    }
}

fn key_paths(doc: &DocumentMut) -> Vec<String> {
    let mut out = Vec::new();
    paths(doc.as_table(), "", &mut out);
    out
}

/// Tables of an item written as one table or as a list of them.
fn tables(item: Option<&Item>) -> Vec<&dyn TableLike> {
    match item {
        None => Vec::new(),
        Some(Item::ArrayOfTables(a)) => a.iter().map(|t| t as &dyn TableLike).collect(),
        Some(Item::Value(Value::Array(a))) => a
            .iter()
            .filter_map(|v| v.as_inline_table().map(|t| t as &dyn TableLike))
            .collect(),
        Some(item) => item.as_table_like().into_iter().collect(),
    }
}

fn strings(t: &dyn TableLike, key: &str) -> Vec<String> {
    t.get(key)
        .and_then(Item::as_array)
        .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

fn int(t: &dyn TableLike, key: &str) -> Option<i64> {
    t.get(key).and_then(Item::as_integer)
}

fn megabytes(v: &Item) -> u64 {
    if let Some(n) = v.as_integer() {
        return n as u64;
    }
    let s = v
        .as_str()
        .expect("memory is text or a number")
        .to_ascii_lowercase();
    if let Some(gb) = s.strip_suffix("gb") {
        gb.parse::<u64>().unwrap() * 1024
    } else {
        s.strip_suffix("mb").unwrap().parse().unwrap()
    }
}

fn public_ports(service: &dyn TableLike) -> Vec<i64> {
    tables(service.get("ports"))
        .into_iter()
        .filter_map(|p| int(p, "port"))
        .collect()
}

/// The service that serves the app's HTTP, and the public ports of each
/// service with the processes it serves.
struct Services<'a> {
    web: &'a dyn TableLike,
    all: Vec<(&'a dyn TableLike, Vec<i64>)>,
}

fn services(doc: &DocumentMut) -> Services<'_> {
    let mut all: Vec<(&dyn TableLike, Vec<i64>)> = Vec::new();
    if let Some(h) = doc.get("http_service").and_then(Item::as_table_like) {
        all.push((h, vec![80, 443]));
    }
    for s in tables(doc.get("services")) {
        all.push((s, public_ports(s)));
    }
    let web: Vec<&dyn TableLike> = all
        .iter()
        .filter(|(_, ports)| ports.iter().any(|p| *p == 80 || *p == 443))
        .map(|(s, _)| *s)
        .collect();
    assert_eq!(web.len(), 1, "exactly one service serves the public HTTP ports");
    Services { web: web[0], all }
}

struct Step<'a> {
    name: &'a str,
    index: usize,
    original: &'a DocumentMut,
    original_text: &'a str,
}

/// What Fly would do with the merged file is what the answers say, and
/// nothing the user wrote is gone.
fn check(step: &Step<'_>, text: &str) {
    let doc: DocumentMut = text.parse().expect("the merge is TOML");
    let processes: Vec<String> = doc
        .get("processes")
        .and_then(Item::as_table_like)
        .map(|t| t.iter().map(|(k, _)| k.to_owned()).collect())
        .unwrap_or_default();
    let Services { web, all } = services(&doc);

    // One public service per port and process.
    let mut taken: BTreeMap<(String, i64), usize> = BTreeMap::new();
    for (service, ports) in &all {
        let listed = strings(*service, "processes");
        let groups = if listed.is_empty() {
            vec!["app".to_owned()]
        } else {
            listed
        };
        for group in groups {
            for port in ports {
                *taken.entry((group.clone(), *port)).or_default() += 1;
            }
        }
    }
    for ((group, port), n) in &taken {
        assert_eq!(*n, 1, "{}: port {port} served {n} times for {group}", step.name);
    }
    // Services tied to processes, which exist.
    if !processes.is_empty() {
        for (service, _) in &all {
            let listed = strings(*service, "processes");
            assert!(!listed.is_empty(), "{}: a service without processes", step.name);
            for p in listed {
                assert!(
                    processes.contains(&p),
                    "{}: service runs unknown process {p}",
                    step.name
                );
            }
        }
    }
    let web_process = strings(web, "processes").into_iter().next();

    // The answers, where Fly reads them.
    let port = if step.index >= 4 { 9000 } else { 8080 };
    assert_eq!(
        int(web, "internal_port"),
        Some(port),
        "{}: internal_port",
        step.name
    );
    assert_eq!(int(web, "min_machines_running"), Some(2), "{}", step.name);
    let checks = if web.contains_key("checks") {
        "checks"
    } else {
        "http_checks"
    };
    let health: Vec<&dyn TableLike> = tables(web.get(checks))
        .into_iter()
        .filter(|c| c.get("path").and_then(Item::as_str) == Some("/health"))
        .collect();
    let user_had_health = step.original_text.contains("path = \"/health\"")
        || step.original_text.contains("path = '/health'")
        || step.original_text.contains("path = \"/health\",");
    if step.index == 0 || user_had_health {
        assert_eq!(health.len(), 1, "{}: one /health check", step.name);
    } else {
        assert!(
            health.is_empty(),
            "{}: shipspec's check removed with the answer",
            step.name
        );
    }
    let metrics = tables(doc.get("metrics"));
    let metrics_for_web: Vec<&dyn TableLike> = metrics
        .iter()
        .copied()
        .filter(|m| {
            let listed = strings(*m, "processes");
            listed.is_empty() || web_process.as_ref().is_some_and(|w| listed.contains(w))
        })
        .collect();
    match step.index {
        2 => {
            assert_eq!(
                metrics_for_web.len(),
                1,
                "{}: metrics for the web process",
                step.name
            );
            assert_eq!(int(metrics_for_web[0], "port"), Some(9091), "{}", step.name);
        }
        3 | 4 if !step.original.contains_key("metrics") => {
            assert!(metrics.is_empty(), "{}: shipspec's [metrics] removed", step.name);
        }
        _ => {}
    }

    // One memory setting per machine; a preset's CPUs are its own.
    let original_vms = tables(step.original.get("vm"));
    for (i, vm) in tables(doc.get("vm")).into_iter().enumerate() {
        if let (Some(a), Some(b)) = (vm.get("memory"), vm.get("memory_mb")) {
            assert_eq!(
                megabytes(a),
                megabytes(b),
                "{}: memory and memory_mb disagree",
                step.name
            );
        }
        let listed = strings(vm, "processes");
        let sizes_web = listed.is_empty() || web_process.as_ref().is_some_and(|w| listed.contains(w));
        let before = original_vms.get(i);
        match vm.get("size").and_then(Item::as_str) {
            Some(size) => {
                for k in ["cpus", "cpu_kind"] {
                    assert_eq!(
                        vm.contains_key(k),
                        before.is_some_and(|b| b.contains_key(k)),
                        "{}: `{k}` beside size {size}",
                        step.name
                    );
                }
                let memory = vm
                    .get("memory_mb")
                    .or_else(|| vm.get("memory"))
                    .map_or_else(|| preset_memory(size), megabytes);
                if sizes_web {
                    assert!(
                        memory >= 1024,
                        "{}: {size} has less memory than answered",
                        step.name
                    );
                }
            }
            None if sizes_web => {
                let memory = vm.get("memory_mb").or_else(|| vm.get("memory")).map(megabytes);
                assert_eq!(memory, Some(1024), "{}: memory", step.name);
                assert_eq!(int(vm, "cpus"), Some(1), "{}", step.name);
                assert_eq!(
                    vm.get("cpu_kind").and_then(Item::as_str),
                    Some("shared"),
                    "{}",
                    step.name
                );
            }
            None => {}
        }
    }

    // Every key and comment the user wrote is still there.
    let now = key_paths(&doc);
    for path in key_paths(step.original) {
        assert!(now.contains(&path), "{}: lost `{path}`\n{text}", step.name);
    }
    for line in step.original_text.lines().filter(|l| l.contains('#')) {
        let comment = &line[line.find('#').unwrap()..];
        assert!(
            text.contains(comment),
            "{}: lost comment {comment:?}\n{text}",
            step.name
        );
    }
}

fn plan_diff(t: &Test) -> (String, serde_json::Value) {
    let run = t
        .run(&["plan", "--only", "fly.toml", "--format", "json"])
        .expect(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let file = v["files"][0].clone();
    (file["diff"].as_str().unwrap_or_default().to_owned(), file)
}

#[test]
fn every_corpus_file_merges_into_what_fly_runs() {
    let files = corpus();
    assert!(files.len() >= 20, "the corpus has {} files", files.len());
    let results = tempfile::tempdir().unwrap();
    let mut first_adoptions = 0;
    for (name, original_text) in &files {
        let original: DocumentMut = original_text.parse().unwrap();
        let t = Test::example().file("fly.toml", original_text);
        for (index, (step, from, to)) in STEPS.iter().enumerate() {
            let label = format!("{name}, {step}");
            if !from.is_empty() {
                t.edit_answers(from, to);
            }
            let before = t.read("fly.toml");
            let (diff, file) = plan_diff(&t);
            if index == 0 {
                first_adoptions += file["user_set"]
                    .as_array()
                    .map_or(0, |l| l.iter().filter(|u| u["first"] == true).count());
            }
            let run = t.run(&["apply", "--yes", "--only", "fly.toml"]).expect(0);
            assert!(!run.stderr.contains("error"), "{label}: {}", run.stderr);
            let after = t.read("fly.toml");
            let disk = if before == after {
                String::new()
            } else {
                similar::TextDiff::from_lines(&before, &after)
                    .unified_diff()
                    .context_radius(3)
                    .header("a/fly.toml", "b/fly.toml")
                    .to_string()
            };
            assert_eq!(
                diff, disk,
                "{label}: the plan showed another diff than was written"
            );
            check(
                &Step {
                    name: &label,
                    index,
                    original: &original,
                    original_text,
                },
                &after,
            );
            let run = t.run(&["apply", "--yes", "--only", "fly.toml"]).expect(0);
            assert!(
                run.stderr.contains("Nothing to do"),
                "{label}: not idempotent\n{}",
                run.stderr
            );
            assert_eq!(t.read("fly.toml"), after, "{label}");
            std::fs::write(results.path().join(format!("{name}--{index}.toml")), &after).unwrap();
        }
    }
    assert!(first_adoptions > 0, "some corpus values differ from the answers");
    let mut names: Vec<String> = std::fs::read_dir(results.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), files.len() * STEPS.len());
    let mut taplo = vec!["check"];
    taplo.extend(names.iter().map(String::as_str));
    validate(results.path(), "taplo", &taplo);
    let mut schema = vec!["--schemafile", SCHEMA];
    schema.extend(names.iter().map(String::as_str));
    validate(results.path(), "check-jsonschema", &schema);
    assert!(Path::new(SCHEMA).exists());
}
