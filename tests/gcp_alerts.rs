//! Cloud Run's alert policies (`deploy/terraform/alerts.tf`) behave: each
//! policy's PromQL, read back from the file as Terraform would send it, runs
//! in `promtool test rules` on synthetic Cloud Run series, silent while the
//! targets are met, every row on a fast burn, only the tickets on slow ones.
//! (Cloud Monitoring evaluates PromQL on its own backend; promtool proves
//! the expressions parse and say what the burn-rate table says.)

use std::fmt::Write as _;
use std::process::Command;

use crate::support::tool;
use crate::workflows::example;

/// Requests a minute in every scenario.
const PER_MINUTE: f64 = 10_000.0;

/// The labels Cloud Run's request series carry, for the production app.
const LABELS: &str = r#"monitored_resource="cloud_run_revision",service_name="notes-api""#;

/// Each policy's query, as Terraform sends it: escapes undone, the app
/// interpolated.
fn queries(tf: &serde_json::Value) -> Vec<(String, String)> {
    tf["resource"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r.get("google_monitoring_alert_policy"))
        .flat_map(|p| p.as_object().unwrap().clone())
        .filter_map(|(name, policy)| {
            let query =
                policy["conditions"][0]["condition_prometheus_query_language"][0]["query"][0].as_str()?;
            Some((
                name,
                query.replace("\\\"", "\"").replace("${local.app}", "notes-api"),
            ))
        })
        .collect()
}

/// One scenario's input series: `error_share` of the requests answer 5xx;
/// `within` are the shares answered within 100, 200 and 400 ms.
fn series(error_share: f64, within: [f64; 3], minutes: u32) -> String {
    let errors = (PER_MINUTE * error_share).round();
    let ok = PER_MINUTE - errors;
    let mut out = String::new();
    let mut push = |name: String, per: f64| {
        writeln!(
            out,
            "      - series: '{name}'\n        values: '0+{per}x{minutes}'"
        )
        .unwrap();
    };
    push(
        format!("run_googleapis_com:request_count{{{LABELS},response_code_class=\"2xx\"}}"),
        ok,
    );
    push(
        format!("run_googleapis_com:request_count{{{LABELS},response_code_class=\"5xx\"}}"),
        errors,
    );
    for (le, share) in ["100", "200", "400"].iter().zip(within) {
        push(
            format!("run_googleapis_com:request_latencies_bucket{{{LABELS},le=\"{le}\"}}"),
            (PER_MINUTE * share).round(),
        );
    }
    push(
        format!("run_googleapis_com:request_latencies_bucket{{{LABELS},le=\"+Inf\"}}"),
        PER_MINUTE,
    );
    out
}

#[test]
fn alert_policies_fire_when_the_targets_break_and_stay_silent_when_met() {
    let t = example("gcp-cloudrun");
    t.edit_answers("tool: platform-config", "tool: terraform");
    t.run(&["apply", "--yes"]).expect(0);
    let script = "import json, sys, hcl2\njson.dump(hcl2.load(open(sys.argv[1])), sys.stdout)\n";
    let out = Command::new(tool("python"))
        .args(["-c", script, "deploy/terraform/alerts.tf"])
        .current_dir(t.dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let tf: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let queries = queries(&tf);
    assert_eq!(queries.len(), 8, "{queries:?}");

    // Error budget 1%, p95 within 200 ms: the example's targets.
    let rules = serde_json::json!({
        "groups": [{
            "name": "cloud-run-policies",
            "rules": queries.iter().map(|(name, expr)| serde_json::json!({"alert": name, "expr": expr})).collect::<Vec<_>>(),
        }]
    });
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("rules.yml"),
        serde_norway::to_string(&rules).unwrap(),
    )
    .unwrap();
    let names: Vec<&str> = queries.iter().map(|(n, _)| n.as_str()).collect();
    let firing = |windows: &[&str]| -> Vec<&str> {
        names
            .iter()
            .copied()
            .filter(|n| windows.iter().any(|w| n.ends_with(w)))
            .collect()
    };
    // (name, error share, within 100/200/400 ms, minutes, eval time, firing)
    let scenarios = [
        // Half the budget, 97% well within the target.
        ("met", 0.005, [0.97, 1.0, 1.0], 8 * 60, "8h", firing(&[])),
        // 20× the budget, 80% too slow: every row.
        (
            "fast burn",
            0.2,
            [0.1, 0.2, 1.0],
            90,
            "70m",
            firing(&["_1h", "_6h", "_1d", "_3d"]),
        ),
        // Twice the budget, 8% too slow: only the 1× ticket.
        (
            "slow burn",
            0.02,
            [0.9, 0.92, 1.0],
            8 * 60,
            "8h",
            firing(&["_3d"]),
        ),
        // Four times, 18% too slow: the 3× and 1× tickets, no page.
        (
            "ticket",
            0.04,
            [0.8, 0.82, 1.0],
            8 * 60,
            "8h",
            firing(&["_1d", "_3d"]),
        ),
    ];
    let mut text = "rule_files: [rules.yml]\nevaluation_interval: 1m\ntests:\n".to_owned();
    for (name, errors, within, minutes, at, fire) in &scenarios {
        writeln!(text, "  # {name}\n  - interval: 1m\n    input_series:").unwrap();
        text.push_str(&series(*errors, *within, *minutes));
        writeln!(text, "    alert_rule_test:").unwrap();
        for alert in &names {
            let exp = if fire.contains(alert) {
                "[{exp_labels: {}}]"
            } else {
                "[]"
            };
            writeln!(
                text,
                "      - eval_time: {at}\n        alertname: {alert}\n        exp_alerts: {exp}"
            )
            .unwrap();
        }
    }
    std::fs::write(dir.path().join("rules.test.yml"), &text).unwrap();
    for args in [
        ["check", "rules", "rules.yml"],
        ["test", "rules", "rules.test.yml"],
    ] {
        let out = Command::new(crate::alerts::debian_tool("promtool"))
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.status.success() && said.contains("SUCCESS"),
            "promtool {args:?}:\n{said}\n{text}"
        );
    }
}
