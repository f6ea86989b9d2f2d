//! Alerts: the Prometheus rules generated for Fly.io and Kubernetes pass
//! `promtool check rules`, and `promtool test rules` feeds them synthetic
//! series proving each alert fires when its target is broken and stays
//! silent when it is met; `amtool check-config` reads every Alertmanager
//! configuration.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::Test;

/// promtool and amtool come from Debian's `prometheus` and
/// `prometheus-alertmanager` packages (scripts/test installs them); a
/// missing one fails the test.
pub(crate) fn debian_tool(name: &str) -> PathBuf {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join(name))
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("{name} is not on PATH: run scripts/test, which installs it with apt-get"))
}

fn run(program: &str, args: &[&str], dir: &Path) -> String {
    let out = Command::new(debian_tool(program))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{program} {args:?} failed:\n{text}");
    text
}

/// How one platform's metrics look, to write synthetic series for it.
struct Metrics {
    /// Labels every request series carries (`app="ledger"`).
    labels: &'static str,
    requests: &'static str,
    /// The counter's label holding the status.
    status: &'static str,
    /// The histogram's `_bucket` series.
    buckets: &'static str,
    /// The series that says an instance runs, its value while up and down.
    up: &'static str,
    up_value: u32,
    /// The series disappears when down (instead of reading 0).
    down_absent: bool,
}

const FLY: Metrics = Metrics {
    labels: r#"app="ledger""#,
    requests: "fly_edge_http_responses_count",
    status: "status",
    buckets: "fly_edge_http_response_time_seconds_bucket",
    up: r#"fly_instance_memory_mem_total{app="ledger"}"#,
    up_value: 1_000_000,
    down_absent: true,
};

const K8S: Metrics = Metrics {
    labels: r#"ingress="notes-api",exported_namespace="notes-api""#,
    requests: "nginx_ingress_controller_requests",
    status: "status",
    buckets: "nginx_ingress_controller_request_duration_seconds_bucket",
    up: r#"kube_deployment_status_replicas_available{namespace="notes-api",deployment="notes-api"}"#,
    up_value: 2,
    down_absent: false,
};

/// Requests a minute in every scenario.
const PER_MINUTE: f64 = 10_000.0;

/// One synthetic hour-scale story: the share of 5xx answers, the shares
/// of requests within half the latency target, within it and within
/// twice it, and whether the instance goes away after 30 minutes.
struct Scenario {
    name: &'static str,
    error_share: f64,
    within: [f64; 3],
    down: bool,
    minutes: u32,
}

fn series(m: &Metrics, s: &Scenario, target: f64) -> String {
    let n = s.minutes;
    let errors = (PER_MINUTE * s.error_share).round();
    let ok = PER_MINUTE - errors;
    let mut out = String::new();
    let mut push = |name: String, values: String| {
        writeln!(out, "      - series: '{name}'\n        values: '{values}'").unwrap();
    };
    push(
        format!("{}{{{},{}=\"200\"}}", m.requests, m.labels, m.status),
        format!("0+{ok}x{n}"),
    );
    push(
        format!("{}{{{},{}=\"500\"}}", m.requests, m.labels, m.status),
        format!("0+{errors}x{n}"),
    );
    let bounds = [target / 2.0, target, target * 2.0];
    for (le, share) in bounds.iter().zip(s.within) {
        let per = (PER_MINUTE * share).round();
        push(
            format!("{}{{{},le=\"{le}\"}}", m.buckets, m.labels),
            format!("0+{per}x{n}"),
        );
    }
    push(
        format!("{}{{{},le=\"+Inf\"}}", m.buckets, m.labels),
        format!("0+{PER_MINUTE}x{n}"),
    );
    let up = if !s.down {
        format!("{}x{n}", m.up_value)
    } else if m.down_absent {
        format!("{}x30", m.up_value)
    } else {
        format!("{}x30 0x{}", m.up_value, n - 30)
    };
    push(m.up.to_owned(), up);
    out
}

/// An `alert_rule_test` entry: each alert's labels in flow style, and the
/// annotations the rule of that alert and window has in `rules`.
fn expect(out: &mut String, rules: &serde_json::Value, at: &str, alert: &str, alerts: &[String]) {
    writeln!(out, "      - eval_time: {at}\n        alertname: {alert}").unwrap();
    if alerts.is_empty() {
        writeln!(out, "        exp_alerts: []").unwrap();
        return;
    }
    writeln!(out, "        exp_alerts:").unwrap();
    for labels in alerts {
        let window = labels
            .split("window: ")
            .nth(1)
            .map(|w| w.split(',').next().unwrap());
        let rule = rules["groups"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["rules"].as_array().unwrap())
            .find(|r| r["alert"] == alert && r["labels"]["window"].as_str() == window)
            .unwrap_or_else(|| panic!("no {alert} rule for {window:?}"));
        writeln!(out, "          - exp_labels: {{{labels}}}").unwrap();
        writeln!(out, "            exp_annotations: {}", rule["annotations"]).unwrap();
    }
}

/// The rules' own labels for a burn alert of `app`.
fn burn(app: &str, slo: &str, severity: &str, window: &str, quantile: Option<&str>) -> String {
    let q = quantile.map(|q| format!(", quantile: '{q}'")).unwrap_or_default();
    format!("app: {app}, severity: {severity}, slo: {slo}, window: {window}{q}")
}

/// What a scenario expects at `at`: each alert's labels.
struct Expected {
    at: &'static str,
    errors: Vec<String>,
    latency: Vec<String>,
    down: Vec<String>,
}

/// Writes `rules.test.yml` beside `rules` for an app with `budget` (error
/// share) and latency `target` (seconds), and runs promtool on both.
fn prove(m: &Metrics, rules: &Path, app: &str, budget: f64, target: f64) {
    let all = [
        ("page", "1h", "0.28"),
        ("page", "6h", "0.7"),
        ("ticket", "1d", "0.85"),
        ("ticket", "3d", "0.95"),
    ];
    let errors = |rows: &[(&str, &str, &str)]| -> Vec<String> {
        rows.iter()
            .map(|(s, w, _)| burn(app, "availability", s, w, None))
            .collect()
    };
    let latency = |rows: &[(&str, &str, &str)]| -> Vec<String> {
        rows.iter()
            .map(|(s, w, q)| burn(app, "latency", s, w, Some(q)))
            .collect()
    };
    let down = format!("app: {app}, severity: page");
    let scenarios: [(Scenario, Expected); 4] = [
        (
            // Targets met: half the error budget, 97% well within the target.
            Scenario {
                name: "met",
                error_share: budget / 2.0,
                within: [0.97, 1.0, 1.0],
                down: false,
                minutes: 8 * 60,
            },
            Expected {
                at: "8h",
                errors: Vec::new(),
                latency: Vec::new(),
                down: Vec::new(),
            },
        ),
        (
            // Broken fast: 20× the error budget, 80% of requests too slow,
            // the instance gone after 30 minutes. Every burn fires.
            Scenario {
                name: "fast burn",
                error_share: budget * 20.0,
                within: [0.1, 0.2, 1.0],
                down: true,
                minutes: 90,
            },
            Expected {
                at: "70m",
                errors: errors(&all),
                latency: latency(&all),
                down: vec![down.clone()],
            },
        ),
        (
            // Broken slowly: twice the budget, 8% too slow: only the 1×
            // ticket, which would spend the whole budget within the period.
            Scenario {
                name: "slow burn",
                error_share: budget * 2.0,
                within: [0.9, 0.92, 1.0],
                down: false,
                minutes: 8 * 60,
            },
            Expected {
                at: "8h",
                errors: errors(&all[3..]),
                latency: latency(&all[3..]),
                down: Vec::new(),
            },
        ),
        (
            // Four times the budget and 18% too slow: the 3× and 1× tickets,
            // no page (6× is not reached).
            Scenario {
                name: "ticket",
                error_share: budget * 4.0,
                within: [0.8, 0.82, 1.0],
                down: false,
                minutes: 8 * 60,
            },
            Expected {
                at: "8h",
                errors: errors(&all[2..]),
                latency: latency(&all[2..]),
                down: Vec::new(),
            },
        ),
    ];
    let mut text = format!(
        "rule_files: [{}]\nevaluation_interval: 1m\ntests:\n",
        rules.file_name().unwrap().to_string_lossy()
    );
    let parsed: serde_json::Value = serde_norway::from_str(&std::fs::read_to_string(rules).unwrap()).unwrap();
    for (scenario, expected) in &scenarios {
        let at = expected.at;
        writeln!(text, "  # {}\n  - interval: 1m\n    input_series:", scenario.name).unwrap();
        text.push_str(&series(m, scenario, target));
        writeln!(text, "    alert_rule_test:").unwrap();
        expect(&mut text, &parsed, at, "ErrorBudgetBurn", &expected.errors);
        expect(&mut text, &parsed, at, "LatencyBudgetBurn", &expected.latency);
        let at = if scenario.down { "45m" } else { at };
        expect(&mut text, &parsed, at, "InstanceDown", &expected.down);
    }
    let dir = rules.parent().unwrap();
    let test = dir.join("rules.test.yml");
    std::fs::write(&test, &text).unwrap();
    run("promtool", &["check", "rules", &rules.display().to_string()], dir);
    let out = run("promtool", &["test", "rules", &test.display().to_string()], dir);
    assert!(out.contains("SUCCESS"), "{out}\n{text}");
}

#[test]
fn fly_rules_fire_when_the_targets_break_and_stay_silent_when_met() {
    let t = Test::new().answers(include_str!("../examples/fly-express-secure/shipspec.yaml"));
    t.run(&["apply", "--yes"]).expect(0);
    // Error budget 0.1%, p95 within 150 ms, downtime alerted.
    prove(&FLY, &t.path("deploy/alerts/rules.yml"), "ledger", 0.001, 0.15);
    run(
        "amtool",
        &["check-config", "alertmanager.yml"],
        &t.path("deploy/alerts"),
    );
    let out = run(
        "promtool",
        &["check", "config", "--syntax-only", "prometheus.yml"],
        &t.path("deploy/alerts"),
    );
    assert!(out.contains("SUCCESS"), "{out}");
}

#[test]
fn kubernetes_rules_fire_when_the_targets_break_and_stay_silent_when_met() {
    let t = Test::new().answers(include_str!("../examples/k8s-fastapi/shipspec.yaml"));
    t.run(&["apply", "--yes"]).expect(0);
    // Error budget 1%, p95 within 200 ms, downtime alerted.
    prove(&K8S, &t.path("deploy/alerts/rules.yml"), "notes-api", 0.01, 0.2);
    run(
        "amtool",
        &["check-config", "alertmanager.yml"],
        &t.path("deploy/alerts"),
    );
    // The PrometheusRule carries the same groups as the rules file.
    let yaml = |path: &str| -> serde_json::Value { serde_norway::from_str(&t.read(path)).unwrap() };
    let rule = yaml("deploy/k8s/overlays/production/prometheusrule.yaml");
    let rules = yaml("deploy/alerts/rules.yml");
    assert_eq!(rule["kind"], "PrometheusRule");
    assert_eq!(rule["spec"]["groups"], rules["groups"]);
    assert_eq!(
        rules["groups"][1]["rules"].as_array().unwrap().len(),
        9,
        "4 + 4 burns and InstanceDown"
    );
}

/// The app's own metrics, named in `outputs.alerts`.
const APP: Metrics = Metrics {
    labels: r#"service="notes-api",namespace="notes-api""#,
    requests: "http_requests_total",
    status: "code",
    buckets: "http_request_duration_seconds_bucket",
    up: r#"kube_deployment_status_replicas_available{namespace="notes-api",deployment="notes-api"}"#,
    up_value: 2,
    down_absent: false,
};

#[test]
fn outputs_alerts_puts_the_apps_own_metrics_in_the_rules() {
    let t = Test::new().answers(include_str!("../examples/k8s-fastapi/shipspec.yaml"));
    let yaml = t.read("shipspec.yaml");
    t.write(
        "shipspec.yaml",
        format!(
            "{yaml}\noutputs:\n  alerts:\n    requests_metric: http_requests_total\n    status_label: code\n    latency_metric: http_request_duration_seconds\n    selector: 'service=\"notes-api\",namespace=\"notes-api\"'\n"
        ),
    );
    t.run(&["apply", "--yes"]).expect(0);
    let rules = t.read("deploy/alerts/rules.yml");
    assert!(!rules.contains("nginx_ingress"), "{rules}");
    prove(&APP, &t.path("deploy/alerts/rules.yml"), "notes-api", 0.01, 0.2);

    // What PromQL cannot read there is refused, located.
    t.write(
        "shipspec.yaml",
        format!("{yaml}\noutputs:\n  alerts:\n    selector: 'service=\"x\"}} or vector(1) {{a=\"b\"'\n"),
    );
    let run = t.run(&["validate"]).expect(2);
    assert!(
        run.stderr
            .contains("error[SS125]: `service=\"x\"} or vector(1) {a=\"b\"` is not PromQL label matchers"),
        "{}",
        run.stderr
    );
}

/// The AWS alarms carry the answers in both IaC tools (checkov, cfn-lint
/// and the HCL checks of tests/aws.rs read the same files): the burn-rate
/// thresholds of a 1% error budget and a 200 ms p95, each composite over
/// its two windows, and the budget in production only.
#[test]
fn aws_alarms_and_budget_carry_the_answers() {
    let t = Test::new().answers(include_str!("../examples/aws-terraform/shipspec.yaml"));
    t.run(&["apply", "--yes"]).expect(0);
    let tf = t.read("deploy/terraform/alarms.tf");
    for (window, period, threshold) in [
        ("availability_1h_long", 3600, "0.144"),
        ("availability_1h_short", 300, "0.144"),
        ("availability_6h_short", 1800, "0.06"),
        ("availability_3d_long", 259_200, "0.01"),
    ] {
        let block = tf
            .split("\nresource ")
            .find(|b| b.starts_with(&format!("\"aws_cloudwatch_metric_alarm\" \"{window}\"")))
            .unwrap_or_else(|| panic!("no {window} alarm:\n{tf}"));
        assert!(
            block.contains(&format!("threshold           = {threshold}\n")),
            "{block}"
        );
        assert!(block.contains(&format!("period      = {period}\n")), "{block}");
    }
    assert!(tf.contains(r#"extended_statistic = "p28""#), "{tf}");
    assert!(tf.contains(r#"ALARM(\"${aws_cloudwatch_metric_alarm.latency_1h_long.alarm_name}\") AND ALARM(\"${aws_cloudwatch_metric_alarm.latency_1h_short.alarm_name}\")"#));
    assert_eq!(
        tf.matches("resource \"aws_cloudwatch_composite_alarm\"").count(),
        8
    );
    assert!(
        tf.contains("count        = var.environment == \"production\" ? 1 : 0"),
        "{tf}"
    );
    assert!(tf.contains("limit_amount = \"300\""), "{tf}");
    assert!(tf.contains("threshold                 = 240\n"), "{tf}");

    let t = Test::new().answers(include_str!("../examples/aws-cloudformation/shipspec.yaml"));
    t.run(&["apply", "--yes"]).expect(0);
    let cfn: serde_json::Value = serde_norway::from_str(&t.read("deploy/cloudformation/stack.yml")).unwrap();
    let r = &cfn["Resources"];
    assert_eq!(r["SloAvailability1hLongAlarm"]["Properties"]["Threshold"], 0.144);
    assert_eq!(
        r["SloLatency3dShortAlarm"]["Properties"]["ExtendedStatistic"],
        "p95"
    );
    assert_eq!(r["SloLatency3dShortAlarm"]["Properties"]["Period"], 21_600);
    assert_eq!(r["MonthlyBudget"]["Condition"], "IsProduction");
    assert_eq!(
        r["MonthlyBudget"]["Properties"]["Budget"]["BudgetLimit"]["Amount"],
        300
    );
    assert_eq!(cfn["Conditions"]["IsProduction"]["Fn::Equals"][1], "production");
    assert_eq!(
        r["AlertsTopic"]["Properties"]["KmsMasterKeyId"]["Ref"],
        "AlertsKey"
    );
}

/// Every alert the rules raise has its section in the incident-response
/// runbook, where its `runbook` annotation points.
#[test]
fn every_alert_links_to_its_runbook_section() {
    let t = Test::new().answers(include_str!("../examples/fly-express-secure/shipspec.yaml"));
    t.run(&["apply", "--yes"]).expect(0);
    let runbook = t.read("docs/runbooks/incident-response.md");
    let rules: serde_json::Value = serde_norway::from_str(&t.read("deploy/alerts/rules.yml")).unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for rule in rules["groups"][1]["rules"].as_array().unwrap() {
        let name = rule["alert"].as_str().unwrap();
        let link = rule["annotations"]["runbook"].as_str().unwrap();
        assert_eq!(
            link,
            format!("docs/runbooks/incident-response.md#{}", name.to_lowercase())
        );
        assert!(
            runbook.contains(&format!("\n### {name}\n")),
            "no section for {name}:\n{runbook}"
        );
        seen.insert(name);
    }
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert!(
        runbook.contains("\n### Budget\n\nFly.io has no budget alert to generate"),
        "{runbook}"
    );
}

/// What cannot become an alert is said, each with its code.
#[test]
fn what_cannot_be_alerted_on_warns() {
    let example = include_str!("../examples/fly-express-secure/shipspec.yaml");
    let t = Test::new().answers(example);
    t.edit_answers(
        "alert_channels: [pagerduty, slack]",
        "alert_channels: [pagerduty, slack, sms]",
    );
    t.edit_answers(
        "alert_on: [downtime, latency, error-rate]",
        "alert_on: [downtime, cpu, disk]",
    );
    t.edit_answers("error_rate_percent: 0.1", "error_rate_percent: 10");
    let run = t.run(&["validate"]).expect(0);
    for expected in [
        "warning[SS121]: the $450 budget alert is not generated: Fly.io has no budget alert shipspec can write",
        "warning[SS122]: no alert is generated for cpu, disk",
        "warning[SS123]: Alertmanager has no SMS receiver",
        "warning[SS124]: with 10% of errors allowed, the faster burn rates need more than every request to fail: only 3 of the 4 error-rate alerts are generated",
    ] {
        assert!(run.stderr.contains(expected), "{expected}\n{}", run.stderr);
    }
    t.run(&["apply", "--yes"]).expect(0);
    let rules = t.read("deploy/alerts/rules.yml");
    assert_eq!(rules.matches("alert: ErrorBudgetBurn").count(), 3, "{rules}");
    assert!(!rules.contains("(14.4 * 0.1)"), "{rules}");

    let t = Test::new().answers(example);
    t.edit_answers("error_rate_percent: 0.1", "error_rate_percent: 0");
    let run = t.run(&["validate"]).expect(0);
    assert!(
        run.stderr
            .contains("warning[SS124]: an error rate of 0% leaves no error budget"),
        "{}",
        run.stderr
    );
    t.run(&["apply", "--yes"]).expect(0);
    assert!(!t.read("deploy/alerts/rules.yml").contains("ErrorBudgetBurn"));

    // Machines that all stop when idle would look down: no such alert.
    let t = Test::new().answers(example);
    t.edit_answers("min_instances: 2", "min_instances: 0");
    let run = t.run(&["apply", "--yes"]).expect(0);
    assert!(
        run.stderr
            .contains("warning[SS122]: no instance-down alert on Fly.io with `min_instances: 0`"),
        "{}",
        run.stderr
    );
    assert!(!t.read("deploy/alerts/rules.yml").contains("InstanceDown"));
    assert!(
        !t.read("docs/runbooks/incident-response.md")
            .contains("### InstanceDown")
    );

    // AWS without Terraform or CloudFormation has nowhere to put alarms.
    let t = Test::new().answers(include_str!("../examples/aws-terraform/shipspec.yaml"));
    t.edit_answers("tool: terraform", "tool: none");
    let run = t.run(&["validate"]).expect(0);
    assert!(
        run.stderr
            .contains("warning[SS120]: no alert rules are generated for AWS yet"),
        "{}",
        run.stderr
    );
}

/// Targets no alert can honour are refused where they are written, and a
/// channel listed twice still gives one Terraform block (it did not load).
#[test]
fn impossible_targets_are_refused_and_repeats_count_once() {
    let example = include_str!("../examples/fly-express-secure/shipspec.yaml");
    for (value, expected) in [
        (
            ".nan",
            "error[SS010]: `.nan` and `.inf` are not numbers an answer can have",
        ),
        (
            "-.inf",
            "error[SS010]: `.nan` and `.inf` are not numbers an answer can have",
        ),
        ("0.0000001", "is below 0.001 (99.999% of requests without error)"),
    ] {
        let t = Test::new().answers(example);
        t.edit_answers("error_rate_percent: 0.1", &format!("error_rate_percent: {value}"));
        let run = t.run(&["validate"]).expect(2);
        assert!(run.stderr.contains(expected), "{value}: {}", run.stderr);
    }
    let t = Test::new().answers(example);
    t.edit_answers("error_rate_percent: 0.1", "error_rate_percent: 100");
    let run = t.run(&["validate"]).expect(0);
    assert!(
        run.stderr
            .contains("warning[SS124]: an error rate of 100% lets every request fail"),
        "{}",
        run.stderr
    );

    let gcp = include_str!("../examples/gcp-cloudrun/shipspec.yaml");
    let t = Test::new().answers(gcp);
    t.edit_answers("p95_ms: 200", "p95_ms: 0");
    let run = t.run(&["validate"]).expect(2);
    assert!(run.stderr.contains("error[SS010]: p95_ms 0"), "{}", run.stderr);

    let t = Test::new().answers(gcp);
    t.edit_answers("monthly_budget_usd: 300", "monthly_budget_usd: 0");
    let run = t.run(&["apply", "--yes"]).expect(0);
    assert!(
        run.stderr.contains(
            "warning[SS031]: a monthly budget of $0 is no budget: the $240 cost alert is not generated"
        ),
        "{}",
        run.stderr
    );
    let runbook = t.read("docs/runbooks/incident-response.md");
    assert!(
        runbook.contains(
            "No monthly budget is answered (`monthly_budget_usd: 0`): no budget alert is generated."
        ),
        "{runbook}"
    );
    assert!(!runbook.contains("budget of $0"), "{runbook}");

    let t = Test::new().answers(gcp);
    t.edit_answers("tool: platform-config", "tool: terraform");
    t.edit_answers("alert_channels: [email]", "alert_channels: [email, slack, email]");
    t.run(&["apply", "--yes"]).expect(0);
    let tf = t.read("deploy/terraform/alerts.tf");
    assert_eq!(tf.matches("variable \"alert_email\"").count(), 1, "{tf}");
    assert_eq!(
        tf.matches("resource \"google_monitoring_notification_channel\" \"email\"")
            .count(),
        1,
        "{tf}"
    );
}
