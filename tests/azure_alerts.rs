//! The Container Apps log search alerts' queries are valid KQL over the
//! table they read: Microsoft's Kusto language service (run offline by
//! `tests/tools/kql.cjs`) parses and binds every query of `alerts.tf` (as
//! Terraform sends it) and of the runbook's steps by hand against
//! `ContainerAppHTTPLogs`' columns, and finds nothing; a misspelt column
//! is found.

use std::path::Path;
use std::process::Command;

use crate::support::{node_modules, tool};
use crate::workflows::example;

/// The columns the queries read, as the Azure Monitor table reference
/// types them (`ContainerAppHTTPLogs`).
const TABLE: &str = "(TimeGenerated:datetime, ContainerAppName:string, RevisionName:string, StatusCode:int, RequestDuration:long, Path:string)";

/// Runs the checker on `queries`; its exit status and what it printed.
fn kql(dir: &Path, queries: &[(String, String)]) -> (bool, String) {
    let input = serde_json::json!({
        "tables": {"ContainerAppHTTPLogs": TABLE},
        "queries": queries.iter().map(|(name, text)| serde_json::json!({"name": name, "text": text})).collect::<Vec<_>>(),
    });
    let file = dir.join("queries.json");
    std::fs::write(&file, input.to_string()).unwrap();
    let out = Command::new("node")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/kql.cjs"))
        .arg(&file)
        .env("NODE_PATH", node_modules())
        .output()
        .expect("node runs");
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// Each log alert's query in `alerts.tf`, as Terraform sends it.
fn terraform_queries(dir: &Path) -> Vec<(String, String)> {
    let script = "import json, sys, hcl2\njson.dump(hcl2.load(open(sys.argv[1])), sys.stdout)\n";
    let out = Command::new(tool("python"))
        .args(["-c", script, "deploy/terraform/alerts.tf"])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let tf: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    tf["resource"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r.get("azurerm_monitor_scheduled_query_rules_alert_v2"))
        .flat_map(|a| a.as_object().unwrap().clone())
        .map(|(name, alert)| {
            // The parser keeps the string's escapes: undo them as Terraform does.
            let text = alert["criteria"][0]["query"][0]
                .as_str()
                .unwrap()
                .replace("\\n", "\n")
                .replace("\\\"", "\"")
                .replace("${local.app}", "notes-api");
            (name, text)
        })
        .collect()
}

#[test]
fn log_alert_queries_are_valid_kql_over_the_ingress_log() {
    // With Terraform: the queries in alerts.tf.
    let t = example("azure-containerapps");
    t.edit_answers("tool: platform-config", "tool: terraform");
    t.run(&["apply", "--yes"]).expect(0);
    let mut queries = terraform_queries(t.dir.path());
    assert_eq!(queries.len(), 6, "{queries:?}");

    // Without: the queries the runbook says to paste, one per line.
    let by_hand = example("azure-containerapps");
    by_hand.run(&["apply", "--yes"]).expect(0);
    let runbook = by_hand.read("docs/runbooks/incident-response.md");
    let pasted: Vec<(String, String)> = runbook
        .lines()
        .filter(|l| l.starts_with("- `notes-api-slo-"))
        .map(|l| {
            let name = l.split('`').nth(1).unwrap().to_owned();
            let text = l.rsplit_once(": `").unwrap().1.trim_end_matches('`').to_owned();
            (name, text)
        })
        .collect();
    assert_eq!(pasted.len(), 6, "{runbook}");
    queries.extend(pasted);

    let dir = tempfile::tempdir().unwrap();
    let (ok, said) = kql(dir.path(), &queries);
    assert!(ok && said.contains("12 queries, 0 findings"), "{said}");

    // The checker finds what is wrong: a misspelt column.
    let wrong = queries[0]
        .1
        .replace("RequestDuration", "RequestDurationMs")
        .replace("StatusCode", "Status");
    let (ok, said) = kql(dir.path(), &[("misspelt".to_owned(), wrong)]);
    assert!(!ok && said.contains("misspelt: Error"), "{said}");
}
