//! Datadog monitors: when Q4 names Datadog, `deploy/datadog/` holds the
//! SLO, its burn-rate monitors, a p95 monitor and an uptime test as
//! Terraform. Every file passes an HCL parser and `terraform fmt`, and
//! every attribute and block it writes exists in the provider's schema
//! (tests/schemas/datadog-provider.json, read from the provider's source).

use std::process::Command;

use serde_json::Value;

use crate::support::{Test, tool};
use crate::workflows::example;

/// The example with every channel and `downtime`, on Heroku.
fn heroku() -> Test {
    let t = example("heroku-datadog");
    t.run(&["apply", "--yes"]).expect(0);
    t
}

/// The AWS Terraform example monitored in Datadog too, paging PagerDuty
/// and Opsgenie only (no channel that waits for working hours).
fn aws() -> Test {
    let t = example("aws-terraform");
    t.edit_answers("tools: [cloudwatch, sentry]", "tools: [cloudwatch, datadog]");
    t.edit_answers("alert_channels: [email]", "alert_channels: [pagerduty, opsgenie]");
    t.run(&["apply", "--yes"]).expect(0);
    t
}

/// The axum example in Datadog, with SMS among its channels.
fn axum() -> (Test, crate::support::Run) {
    let t = example("fly-axum");
    let text = t.read("shipspec.yaml");
    let tools = text
        .lines()
        .find(|l| l.trim_start().starts_with("tools: ["))
        .expect("fly-axum answers monitoring tools")
        .to_owned();
    t.edit_answers(&tools, "    tools: [datadog]");
    let channels = text
        .lines()
        .find(|l| l.trim_start().starts_with("alert_channels: ["))
        .expect("fly-axum answers alert channels")
        .to_owned();
    t.edit_answers(&channels, "    alert_channels: [slack, sms]");
    let run = t.run(&["apply", "--yes"]).expect(0);
    (t, run)
}

/// Every `.tf` file under deploy/datadog parsed by python-hcl2, as JSON.
fn parse(t: &Test) -> Value {
    let script = "import glob, json, sys, hcl2\n\
                  out = {}\n\
                  for f in sorted(glob.glob('deploy/datadog/*.tf')):\n\
                  \x20   with open(f) as h:\n\
                  \x20       out[f] = hcl2.load(h)\n\
                  json.dump(out, sys.stdout)\n";
    let out = Command::new(tool("python"))
        .args(["-c", script])
        .current_dir(t.dir.path())
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "hcl2 could not parse:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Every resource in monitors.tf: (type, name, body).
fn resources(tf: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for r in tf["deploy/datadog/monitors.tf"]["resource"].as_array().unwrap() {
        for (kind, named) in r.as_object().unwrap() {
            for (name, body) in named.as_object().unwrap() {
                out.push((kind.clone(), name.clone(), body.clone()));
            }
        }
    }
    out
}

fn body<'a>(all: &'a [(String, String, Value)], kind: &str, name: &str) -> &'a Value {
    all.iter()
        .find(|(k, n, _)| k == kind && n == name)
        .map(|(_, _, b)| b)
        .unwrap_or_else(|| panic!("no {kind}.{name}"))
}

/// An attribute's value (hcl2 wraps each in a list).
fn a<'a>(block: &'a Value, key: &str) -> &'a Value {
    &block[key][0]
}

/// Every key of `block` is an attribute or block of `path` in the schema;
/// nested blocks the schema lists are checked the same way.
fn check_keys(schema: &Value, kind: &str, path: &str, block: &Value, found: &mut Vec<String>) {
    let allowed = schema[path]
        .as_array()
        .unwrap_or_else(|| panic!("no vendored schema for {kind} `{path}`"));
    for (key, value) in block.as_object().unwrap() {
        if key.starts_with("__") {
            continue;
        }
        assert!(
            allowed.iter().any(|k| k == key),
            "{kind}: `{key}` is not in the provider's schema at `{path}`"
        );
        found.push(format!("{kind}.{path}.{key}"));
        let nested = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        if schema.get(&nested).is_some() {
            for inner in value.as_array().unwrap() {
                check_keys(schema, kind, &nested, inner, found);
            }
        }
    }
}

#[test]
fn monitors_parse_format_and_match_the_providers_schema() {
    let schema: Value = serde_json::from_str(include_str!("schemas/datadog-provider.json")).unwrap();
    let mut found = Vec::new();
    for t in [heroku(), aws(), axum().0] {
        let tf = parse(&t);
        assert_eq!(tf.as_object().unwrap().len(), 3, "{tf}");
        for (kind, _, block) in resources(&tf) {
            let resource = &schema["resources"][&kind];
            assert!(resource.is_object(), "{kind} has no vendored schema");
            check_keys(resource, &kind, "", &block, &mut found);
        }
        let versions = &tf["deploy/datadog/versions.tf"];
        let provider = a(&versions["terraform"][0]["required_providers"][0], "datadog");
        assert_eq!(provider["source"], "DataDog/datadog");
        if let Some(terraform) = terraform() {
            let out = Command::new(terraform)
                .args(["fmt", "-check", "-diff", "deploy/datadog"])
                .current_dir(t.dir.path())
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "terraform fmt:\n{}",
                String::from_utf8_lossy(&out.stdout)
            );
        }
    }
    // A misspelt attribute, top level or nested, fails the check.
    for bogus in [
        serde_json::json!({"name": ["x"], "monitor_threshold": [{}]}),
        serde_json::json!({"monitor_thresholds": [{"critcal": ["1"]}]}),
    ] {
        let monitor = &schema["resources"]["datadog_monitor"];
        let caught =
            std::panic::catch_unwind(|| check_keys(monitor, "datadog_monitor", "", &bogus, &mut Vec::new()));
        assert!(caught.is_err(), "{bogus} passed");
    }
    // The check reached the nested blocks, not only the top level.
    for key in [
        "datadog_service_level_objective.query.numerator",
        "datadog_monitor.monitor_thresholds.critical",
        "datadog_synthetics_test.options_list.retry.count",
        "datadog_synthetics_test.request_definition.url",
    ] {
        assert!(found.iter().any(|f| f == key), "{key} not checked");
    }
}

/// The path of a terraform binary on PATH, if there is one (never required).
fn terraform() -> Option<std::path::PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join("terraform"))
        .find(|p| p.is_file())
}

/// A 0.5% error budget: the SLO at 99.5%, the burn rows Datadog takes
/// (its long window is at most 48 hours: no 3-day row), pages and tickets
/// to the answered handles, and no key in any file.
#[test]
fn monitors_carry_the_answers() {
    let t = heroku();
    let tf = parse(&t);
    let all = resources(&tf);
    let slo = body(&all, "datadog_service_level_objective", "availability");
    assert_eq!(*a(slo, "type"), "metric");
    assert_eq!(*a(&slo["thresholds"][0], "target"), 99.5);
    assert_eq!(*a(&slo["thresholds"][0], "timeframe"), "30d");
    assert_eq!(
        *a(&slo["query"][0], "denominator"),
        "sum:trace.django.request.hits{service:recipes,env:production}.as_count()"
    );
    let burns: Vec<&str> = all
        .iter()
        .filter(|(k, n, _)| k == "datadog_monitor" && n.starts_with("availability_burn_"))
        .map(|(_, n, _)| n.as_str())
        .collect();
    assert_eq!(
        burns,
        [
            "availability_burn_1h",
            "availability_burn_6h",
            "availability_burn_1d"
        ]
    );
    let fast = body(&all, "datadog_monitor", "availability_burn_1h");
    assert_eq!(*a(fast, "type"), "slo alert");
    // This hcl2 keeps a string's escapes as written.
    assert_eq!(
        a(fast, "query").as_str().unwrap().replace("\\\"", "\""),
        "burn_rate(\"${datadog_service_level_objective.availability.id}\").over(\"30d\").long_window(\"1h\").short_window(\"5m\") > 14.4"
    );
    assert_eq!(*a(&fast["monitor_thresholds"][0], "critical"), 14.4);
    assert!(a(fast, "message").as_str().unwrap().contains("local.page"));
    let slow = body(&all, "datadog_monitor", "availability_burn_1d");
    assert!(a(slow, "message").as_str().unwrap().contains("local.ticket"));
    let locals = &tf["deploy/datadog/monitors.tf"]["locals"][0];
    assert_eq!(
        *a(locals, "page"),
        "@pagerduty-${var.pagerduty_service} @slack-${var.slack_channel} @${var.alert_email}"
    );
    assert_eq!(
        *a(locals, "ticket"),
        "@slack-${var.slack_channel} @${var.alert_email}"
    );
    let latency = body(&all, "datadog_monitor", "latency_p95");
    assert_eq!(
        *a(latency, "query"),
        "percentile(last_1h):p95:trace.django.request{service:recipes,env:production} > 0.3"
    );
    let uptime = body(&all, "datadog_synthetics_test", "uptime");
    assert_eq!(
        *a(&uptime["request_definition"][0], "url"),
        "${var.app_url}/health"
    );
    let variables = t.read("deploy/datadog/variables.tf");
    assert!(variables.contains("default     = \"ops\""), "{variables}");
    for file in ["versions.tf", "variables.tf", "monitors.tf"] {
        let text = t.read(&format!("deploy/datadog/{file}"));
        assert!(!text.contains("api_key") && !text.contains("app_key"), "{text}");
    }
    // Heroku has no alerts of its own: the Datadog monitors are the alerts, no SS120.
    let run = t.run(&["plan"]).expect(0);
    assert!(!run.stderr.contains("SS120"), "{}", run.stderr);
}

/// Beside the platform's own alarms; tickets go to PagerDuty and Opsgenie
/// when no quieter channel is answered.
#[test]
fn monitors_accompany_the_platforms_alerts() {
    let t = aws();
    assert!(t.path("deploy/terraform/alarms.tf").exists());
    let tf = parse(&t);
    let locals = &tf["deploy/datadog/monitors.tf"]["locals"][0];
    assert_eq!(*a(locals, "ticket"), *a(locals, "page"));
    assert_eq!(
        *a(locals, "page"),
        "@pagerduty-${var.pagerduty_service} @opsgenie-${var.opsgenie_service}"
    );
    // Without Datadog in the answers, no Datadog file.
    let t = example("aws-terraform");
    t.run(&["apply", "--yes"]).expect(0);
    assert!(!t.path("deploy/datadog").exists());
}

#[test]
fn a_rust_span_is_assumed_and_sms_has_no_handle() {
    let (t, run) = axum();
    assert!(
        run.stderr.contains("warning[SS133]: Datadog has no tracer for Rust: the Datadog monitors assume the app's requests are `http.server.request` spans"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("warning[SS135]: Datadog notifies through @ handles and has none for SMS"),
        "{}",
        run.stderr
    );
    assert!(
        t.read("deploy/datadog/monitors.tf")
            .contains("trace.http.server.request.hits{")
    );
    let text = t.read("shipspec.yaml");
    t.write(
        "shipspec.yaml",
        format!("{text}\noutputs:\n  datadog:\n    span_name: axum.request\n    service: notes\n"),
    );
    let run = t.run(&["apply", "--yes"]).expect(0);
    assert!(!run.stderr.contains("SS133"), "{}", run.stderr);
    let monitors = t.read("deploy/datadog/monitors.tf");
    assert!(
        monitors.contains("trace.axum.request.hits{service:notes,"),
        "{monitors}"
    );
}

#[test]
fn names_datadog_cannot_tag_are_an_error() {
    let t = heroku();
    let text = t.read("shipspec.yaml");
    t.write(
        "shipspec.yaml",
        format!("{text}\noutputs:\n  datadog:\n    service: 'recipes,env:x}} or {{'\n"),
    );
    let run = t.run(&["plan"]).expect(2);
    assert!(
        run.stderr
            .contains("error[SS134]: `recipes,env:x} or {` is not a Datadog tag value"),
        "{}",
        run.stderr
    );
}
