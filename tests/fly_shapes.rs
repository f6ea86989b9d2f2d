//! fly.toml files that already say things: what stays the user's, what the
//! plan says about values they set, and the choices a file leaves open.

use crate::support::Test;

/// A file written before shipspec, with its own check, metrics and strategy.
const ADOPTED: &str = r#"app = "notes-api"
primary_region = "iad"

[deploy]
  strategy = "canary"

[http_service]
  internal_port = 8080
  force_https = true

  [[http_service.checks]]
    path = "/health"
    interval = "15s"

[metrics]
  port = 9091
  path = "/metrics"
"#;

fn lock_list(t: &Test, name: &str) -> Vec<String> {
    let lock = t.read(".shipspec/lock.toml");
    let doc: toml_edit::DocumentMut = lock.parse().unwrap();
    doc["file"]
        .as_array_of_tables()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str() == Some("fly.toml"))
        .and_then(|f| f.get(name))
        .and_then(|k| k.as_array())
        .map(|a| a.iter().map(|v| v.as_str().unwrap().to_owned()).collect())
        .unwrap_or_default()
}

#[test]
fn keys_the_user_had_stay_theirs() {
    let t = Test::example().file("fly.toml", ADOPTED);
    let plan = t.run(&["plan", "--only", "fly.toml"]).expect(0).stdout;
    assert!(
        plan.contains("fly.toml: values you set that the answers change:\n  deploy.strategy: the file says \"canary\", the answers say \"rolling\"\n"),
        "{plan}"
    );
    assert!(
        plan.contains(", 0 conflicts, 1 user-set value to change.\n"),
        "{plan}"
    );
    assert!(plan.contains("  update    fly.toml  ("), "{plan}");
    t.run(&["apply", "--yes"]).expect(0);
    let adopted = lock_list(&t, "adopted");
    let created = lock_list(&t, "keys");
    for key in [
        "deploy.strategy",
        "http_service.internal_port",
        "http_service.checks[path=\"/health\"].path",
        "http_service.checks[path=\"/health\"].interval",
    ] {
        assert!(adopted.contains(&key.to_owned()), "{key} adopted: {adopted:?}");
        assert!(
            !created.contains(&key.to_owned()),
            "{key} is not shipspec's: {created:?}"
        );
    }
    assert!(created.contains(&"http_service.checks[path=\"/health\"].method".to_owned()));

    // The answer goes away: shipspec's keys go, the user's check stays.
    t.edit_answers("    path: /health\n", "    enabled: false\n    path: /health\n");
    t.run(&["apply", "--yes"]).expect(0);
    let fly = t.read("fly.toml");
    assert!(
        fly.contains("  [[http_service.checks]]\n    path = \"/health\"\n    interval = \"15s\"\n"),
        "{fly}"
    );
    assert!(
        !fly.contains("method = \"GET\""),
        "shipspec's own key went:\n{fly}"
    );
    assert!(!lock_list(&t, "adopted").iter().any(|k| k.contains("checks")));

    // Prometheus added, then removed: the user's [metrics] stays as it was.
    t.edit_answers(
        "tools: [fly-metrics, sentry]",
        "tools: [fly-metrics, sentry, prometheus]",
    );
    t.run(&["apply", "--yes"]).expect(0);
    t.edit_answers(
        "tools: [fly-metrics, sentry, prometheus]",
        "tools: [fly-metrics, sentry]",
    );
    t.run(&["apply", "--yes"]).expect(0);
    assert!(
        t.read("fly.toml")
            .contains("[metrics]\n  port = 9091\n  path = \"/metrics\"\n"),
        "{}",
        t.read("fly.toml")
    );

    // A later change to a value the user set is named as such.
    t.edit_answers("  port: 8080\n", "  port: 9000\n");
    let run = t.run(&["plan", "--format", "json"]).expect(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let fly = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "fly.toml")
        .unwrap();
    assert_eq!(
        fly["user_set"],
        serde_json::json!([{"key": "http_service.internal_port", "file": "8080", "answers": "9000", "first": false}])
    );
    assert_eq!(v["summary"]["user_set"], 1);
    let text = t.run(&["plan"]).expect(0).stdout;
    assert!(
        text.contains("  http_service.internal_port: your value 8080 changes to 9000\n"),
        "{text}"
    );
}

#[test]
fn a_size_preset_keeps_its_cpus_and_a_mismatch_is_named() {
    let file =
        "app = 'notes-api'\n\n[http_service]\n  internal_port = 8080\n\n[[vm]]\n  size = 'performance-2x'\n";
    let t = Test::example().file("fly.toml", file);
    let run = t.run(&["apply", "--yes"]).expect(0);
    assert!(
        run.stderr.contains("warning[SS060]: `size = \"performance-2x\"` gives 2 performance CPUs with 4096mb; the answers say 1 shared CPU with 1gb\n  --> fly.toml:7:3\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("7 |   size = 'performance-2x'"),
        "{}",
        run.stderr
    );
    let fly = t.read("fly.toml");
    assert!(
        fly.ends_with("[[vm]]\n  size = 'performance-2x'\n\n[deploy]\n  strategy = \"rolling\"\n"),
        "{fly}"
    );

    // Memory beyond the preset is set; beyond what its CPUs take is not.
    let t = Test::example().file("fly.toml", &file.replace("performance-2x", "shared-cpu-1x"));
    let run = t.run(&["apply", "--yes"]).expect(0);
    assert!(!run.stderr.contains("SS060"), "{}", run.stderr);
    assert!(
        t.read("fly.toml")
            .contains("  size = 'shared-cpu-1x'\n  memory = \"1gb\"\n")
    );
    let t = Test::example().file("fly.toml", &file.replace("performance-2x", "shared-cpu-1x"));
    t.edit_answers("memory: 1gb\n    cpus: 1", "memory: 4gb\n    cpus: 2");
    let run = t.run(&["apply", "--yes"]).expect(0);
    assert!(
        run.stderr.contains(
            "the answers' 4gb is more than 1 shared CPU can take (2048mb), so memory is left to the size"
        ),
        "{}",
        run.stderr
    );
    assert!(!t.read("fly.toml").contains("memory"));

    let t = Test::example().file("fly.toml", &file.replace("performance-2x", "shared-cpu-3x"));
    let run = t.run(&["apply", "--yes"]).expect(0);
    assert!(
        run.stderr
            .contains("warning[SS063]: `size = \"shared-cpu-3x\"` is not a Fly machine size"),
        "{}",
        run.stderr
    );
}

const TWO_WEB: &str = "app = 'notes-api'\n\n[[services]]\n  internal_port = 8080\n  [[services.ports]]\n    port = 443\n\n[[services]]\n  internal_port = 9000\n  [[services.ports]]\n    port = 80\n";

#[test]
fn which_service_is_asked_when_several_could_be_meant() {
    let t = Test::example().file("fly.toml", TWO_WEB);
    let before = t.tree();
    let run = t.run(&["apply", "--yes"]).expect(2);
    assert!(
        run.stderr.contains("error[SS061]: fly.toml has 2 [[services]] tables on the public HTTP ports, and nothing says which one serves the app: #1 at line 3 (internal_port 8080; ports 443), #2 at line 8 (internal_port 9000; ports 80)\n  --> fly.toml:3:1\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`outputs: {fly: {service: 1}}`"),
        "{}",
        run.stderr
    );
    assert_eq!(t.tree(), before, "nothing written");

    let t = Test::example().file("fly.toml", TWO_WEB);
    let answers = t.read("shipspec.yaml");
    t.write(
        "shipspec.yaml",
        format!("{answers}outputs:\n  fly:\n    service: 2\n"),
    );
    t.run(&["apply", "--yes"]).expect(0);
    let fly = t.read("fly.toml");
    assert!(
        fly.contains("  internal_port = 8080\n  [[services.ports]]\n    port = 443\n"),
        "the first is untouched:\n{fly}"
    );
    assert!(fly.contains("    port = 80\n    force_https = true\n"), "{fly}");
    assert!(!fly.contains("[http_service]"), "{fly}");

    t.write(
        "shipspec.yaml",
        format!("{answers}outputs:\n  fly:\n    service: 3\n"),
    );
    let run = t.run(&["plan"]).expect(2);
    assert!(
        run.stderr
            .contains("error[SS062]: `outputs.fly.service` is 3, but fly.toml has 2 [[services]] tables"),
        "{}",
        run.stderr
    );
    t.write(
        "shipspec.yaml",
        format!("{answers}outputs:\n  fly:\n    service: 0\n"),
    );
    assert!(t.run(&["validate"]).expect(2).stderr.contains("error[SS010]"));
}

#[test]
fn which_process_is_asked_when_several_could_be_meant() {
    let file = "app = 'notes-api'\n\n[processes]\n  api = 'bin/api'\n  jobs = 'bin/jobs'\n\n[http_service]\n  internal_port = 8080\n";
    let t = Test::example().file("fly.toml", file);
    let before = t.tree();
    let run = t.run(&["apply", "--yes"]).expect(2);
    assert!(
        run.stderr.contains("error[SS061]: fly.toml's [processes] defines `api`, `jobs`, and nothing says which one serves the app's HTTP\n  --> fly.toml:3:1\n"),
        "{}",
        run.stderr
    );
    assert_eq!(t.tree(), before);
    let answers = t.read("shipspec.yaml");
    t.write(
        "shipspec.yaml",
        format!("{answers}outputs:\n  fly:\n    process: worker\n"),
    );
    let run = t.run(&["plan"]).expect(2);
    assert!(
        run.stderr.contains("error[SS062]: `outputs.fly.process` names `worker`, but fly.toml's [processes] defines `api`, `jobs`"),
        "{}",
        run.stderr
    );
    t.write(
        "shipspec.yaml",
        format!("{answers}outputs:\n  fly:\n    process: \"a b\"\n"),
    );
    assert!(
        t.run(&["validate"])
            .expect(2)
            .stderr
            .contains("error[SS011]: `a b` is not a Fly process name")
    );
    t.write(
        "shipspec.yaml",
        format!("{answers}outputs:\n  fly:\n    process: api\n"),
    );
    t.run(&["apply", "--yes"]).expect(0);
    assert!(
        t.read("fly.toml")
            .contains("  internal_port = 8080\n  processes = [\"api\"]\n"),
        "{}",
        t.read("fly.toml")
    );
}
