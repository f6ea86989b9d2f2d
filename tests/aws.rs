//! AWS (ECS Fargate): the Terraform and CloudFormation pass their
//! validators for real (checkov, cfn-lint, an HCL parser, and `terraform
//! fmt` where a terraform binary is installed), carry the answers' values,
//! and the platform's limits are located diagnostics.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support::{Test, tool, validate};
use crate::workflows::example;

/// checkov over every directory in one run (it starts slowly: one run
/// for all the variants keeps the suite short): every check passes or is
/// skipped inline (nothing is skipped from the command line).
#[track_caller]
fn checkov(dirs: &[std::path::PathBuf]) -> Vec<Value> {
    let mut args: Vec<std::ffi::OsString> = [
        "--skip-download",
        "--output",
        "json",
        "--compact",
        "--framework",
        "terraform",
        "cloudformation",
    ]
    .iter()
    .map(Into::into)
    .collect();
    for dir in dirs {
        args.push("--directory".into());
        args.push(dir.into());
    }
    let out = Command::new(tool("checkov"))
        .args(&args)
        .output()
        .expect("checkov runs");
    let text = String::from_utf8_lossy(&out.stdout);
    // One JSON document per directory: a report, or a list of them when
    // the directory holds files of both frameworks.
    let mut reports = Vec::new();
    for document in serde_json::Deserializer::from_str(&text).into_iter::<Value>() {
        match document.unwrap_or_else(|e| {
            panic!(
                "checkov printed no JSON ({e}):\n{text}\n{}",
                String::from_utf8_lossy(&out.stderr)
            )
        }) {
            Value::Array(list) => reports.extend(list),
            report => reports.push(report),
        }
    }
    // checkov may report a directory more than once: what matters is that
    // every directory was checked, and nothing failed anywhere.
    for dir in dirs {
        let dir = dir.canonicalize().unwrap();
        let checked = reports.iter().any(|r| {
            r["results"]["passed_checks"].as_array().unwrap().iter().any(|c| {
                c["file_abs_path"]
                    .as_str()
                    .is_some_and(|p| Path::new(p).starts_with(&dir))
            })
        });
        assert!(checked, "checkov checked nothing in {}", dir.display());
    }
    for report in &reports {
        let summary = &report["summary"];
        let framework = &report["check_type"];
        assert_eq!(summary["failed"], 0, "checkov {framework} found:\n{text}");
        assert_eq!(
            summary["parsing_errors"], 0,
            "checkov {framework} could not parse:\n{text}"
        );
        assert!(
            summary["passed"].as_u64().unwrap() > 20,
            "checkov {framework} checked too little:\n{text}"
        );
        // Every skip is written in the file, beside what it is about, with its reason.
        for skipped in report["results"]["skipped_checks"].as_array().unwrap() {
            assert!(
                skipped["check_result"]["suppress_comment"]
                    .as_str()
                    .is_some_and(|c| c.len() > 20),
                "{skipped}"
            );
        }
    }
    reports
}

/// Every `.tf` file parsed by python-hcl2's `hcl2` module, as JSON.
fn parse_terraform(t: &Test) -> Value {
    let script = "import glob, json, sys, hcl2\n\
                  out = {}\n\
                  for f in sorted(glob.glob('deploy/terraform/*.tf')):\n\
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

/// An attribute's value: this `hcl2` wraps each one in a list.
fn a<'a>(block: &'a Value, key: &str) -> &'a Value {
    &block[key][0]
}

fn resource<'a>(tf: &'a Value, file: &str, kind: &str, name: &str) -> &'a Value {
    tf[format!("deploy/terraform/{file}")]["resource"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|r| r.get(kind).and_then(|k| k.get(name)))
        .unwrap_or_else(|| panic!("no {kind}.{name} in {file}"))
}

/// The path of a terraform binary on PATH, if there is one (never required).
pub(crate) fn terraform() -> Option<std::path::PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join("terraform"))
        .find(|p| p.is_file())
}

#[test]
fn terraform_passes_an_hcl_parser_and_fmt() {
    let t = example("aws-terraform");
    t.run(&["apply", "--yes"]).expect(0);
    let tf = parse_terraform(&t);
    assert!(tf.as_object().unwrap().len() >= 10, "{tf}");
    if let Some(terraform) = terraform() {
        let out = Command::new(terraform)
            .args(["fmt", "-check", "-diff", "deploy/terraform"])
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

#[test]
fn terraform_carries_the_answers() {
    let t = example("aws-terraform");
    t.run(&["apply", "--yes"]).expect(0);
    let tf = parse_terraform(&t);
    let versions = &tf["deploy/terraform/versions.tf"];
    let aws = a(&versions["terraform"][0]["required_providers"][0], "aws");
    assert_eq!(aws["version"], "~> 6.21", "{aws}");
    assert_eq!(*a(&versions["provider"][0]["aws"], "region"), "eu-central-1");

    let task = resource(&tf, "ecs.tf", "aws_ecs_task_definition", "app");
    assert_eq!(*a(task, "cpu"), "1024");
    assert_eq!(*a(task, "memory"), "2048");
    let service = resource(&tf, "ecs.tf", "aws_ecs_service", "app");
    assert_eq!(*a(service, "health_check_grace_period_seconds"), 10);
    assert_eq!(*a(service, "desired_count"), 2);
    let breaker = &service["deployment_circuit_breaker"][0];
    assert_eq!(
        (a(breaker, "enable"), a(breaker, "rollback")),
        (&Value::Bool(true), &Value::Bool(true))
    );
    assert_eq!(*a(&service["deployment_configuration"][0], "strategy"), "ROLLING");
    // A read-only root filesystem, with scratch space at /tmp.
    assert_eq!(*a(&task["volume"][0], "name"), "tmp");
    let ecs = t.read("deploy/terraform/ecs.tf");
    assert!(ecs.contains("readonlyRootFilesystem = true"), "{ecs}");
    assert!(ecs.contains("containerPath = \"/tmp\""), "{ecs}");
    let logs = resource(&tf, "ecs.tf", "aws_cloudwatch_log_group", "app");
    assert_eq!(*a(logs, "retention_in_days"), 30);

    let group = resource(&tf, "network.tf", "aws_lb_target_group", "app");
    let check = &group["health_check"][0];
    assert_eq!(
        (a(check, "path"), a(check, "interval"), a(check, "timeout")),
        (&"/health".into(), &15.into(), &5.into())
    );

    let scaling = resource(&tf, "autoscaling.tf", "aws_appautoscaling_target", "app");
    assert_eq!(
        (a(scaling, "min_capacity"), a(scaling, "max_capacity")),
        (&2.into(), &5.into())
    );
    let policy = resource(&tf, "autoscaling.tf", "aws_appautoscaling_policy", "cpu");
    let tracking = &policy["target_tracking_scaling_policy_configuration"][0];
    assert_eq!(*a(tracking, "target_value"), 70);
    assert_eq!(
        *a(
            &tracking["predefined_metric_specification"][0],
            "predefined_metric_type"
        ),
        "ECSServiceAverageCPUUtilization"
    );

    let db = resource(&tf, "database.tf", "aws_db_instance", "app");
    assert_eq!(*a(db, "storage_encrypted"), true);
    assert_eq!(*a(db, "deletion_protection"), true);
    assert_eq!(*a(db, "backup_retention_period"), 14);
    // Two tasks at minimum: the answers ask for high availability.
    assert_eq!(*a(db, "multi_az"), true);
    assert_eq!(*a(db, "manage_master_user_password"), true);

    // Secrets by reference only: the names, never a value.
    let ecs = t.read("deploy/terraform/ecs.tf");
    assert!(
        ecs.contains("valueFrom = aws_secretsmanager_secret.config[\"DATABASE_URL\"].arn"),
        "{ecs}"
    );
    let secrets = t.read("deploy/terraform/secrets.tf");
    assert!(!secrets.contains("secret_string"), "{secrets}");
    for file in std::fs::read_dir(t.path("deploy/terraform")).unwrap() {
        let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
        assert!(
            text.starts_with("# Generated by shipspec from shipspec.yaml"),
            "{text}"
        );
    }
}

#[test]
fn the_teams_own_terraform_files_are_never_touched() {
    let t = example("aws-terraform");
    let own = "resource \"aws_route53_record\" \"app\" {}\n";
    t.write("deploy/terraform/dns.tf", own);
    t.run(&["apply", "--yes"]).expect(0);
    t.edit_answers("cpu_target_percent: 70", "cpu_target_percent: 60");
    t.run(&["apply", "--yes"]).expect(0);
    assert_eq!(t.read("deploy/terraform/dns.tf"), own);
    assert!(
        t.read("deploy/terraform/autoscaling.tf")
            .contains("target_value       = 60")
    );
    t.run(&["check"]).expect(0);
}

#[test]
fn a_size_fargate_does_not_offer_names_the_nearest() {
    let t = example("aws-terraform");
    t.edit_answers("memory: 2gb", "memory: 1gb");
    let run = t.run(&["validate"]).expect(2);
    assert!(
        run.stderr
            .contains("error[SS090]: Fargate has no task with 1 CPU and 1gb"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("1 vCPU / 2 GB, 1 vCPU / 3 GB, 1 vCPU / 4 GB"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("at: infrastructure.scaling.memory"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("shipspec.yaml:28:"), "{}", run.stderr);

    t.edit_answers("cpus: 1", "cpus: 3");
    let run = t.run(&["validate"]).expect(2);
    assert!(
        run.stderr.contains("at: infrastructure.scaling.cpus"),
        "{}",
        run.stderr
    );
}

#[test]
fn log_retention_is_rounded_to_what_cloudwatch_accepts() {
    let t = example("aws-terraform");
    t.edit_answers("retention_days: 30", "retention_days: 45");
    let run = t.run(&["apply", "--yes"]).expect(0);
    assert!(
        run.stderr.contains(
            "warning[SS091]: CloudWatch Logs cannot keep logs 45 days: the log group keeps them 60 days"
        ),
        "{}",
        run.stderr
    );
    assert!(
        t.read("deploy/terraform/ecs.tf")
            .contains("retention_in_days = 60")
    );
}

#[test]
fn backups_kept_longer_than_rds_allows_are_an_error() {
    let t = example("aws-terraform");
    t.edit_answers("retention_days: 14", "retention_days: 90");
    let run = t.run(&["validate"]).expect(2);
    assert!(
        run.stderr
            .contains("error[SS092]: Amazon RDS keeps automated backups at most 35 days, not 90"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("AWS Backup"), "{}", run.stderr);
}

#[test]
fn pulumi_gets_a_warning_and_no_files() {
    let t = example("aws-terraform");
    t.edit_answers("tool: terraform", "tool: pulumi");
    let run = t.run(&["apply", "--yes"]).expect(0);
    assert!(
        run.stderr
            .contains("warning[SS093]: no Pulumi program is generated"),
        "{}",
        run.stderr
    );
    assert!(!t.path("deploy").exists());
}

#[test]
fn without_iac_only_the_task_definition_is_written() {
    let t = example("aws-terraform");
    t.edit_answers("tool: terraform", "tool: platform-config");
    let run = t.run(&["apply", "--yes"]).expect(0);
    assert!(
        run.stderr.contains("warning[SS093]: only the task definition"),
        "{}",
        run.stderr
    );
    assert!(!t.path("deploy/terraform").exists());
    let task: Value = serde_json::from_str(&t.read("deploy/ecs/production.task-definition.json")).unwrap();
    assert_eq!(task["family"], "notes-api");
    assert_eq!((&task["cpu"], &task["memory"]), (&"1024".into(), &"2048".into()));
    assert_eq!(task["requiresCompatibilities"][0], "FARGATE");
    let container = &task["containerDefinitions"][0];
    assert_eq!(
        container["logConfiguration"]["options"]["awslogs-group"],
        "/ecs/notes-api"
    );
    assert_eq!(container["secrets"][0]["name"], "DATABASE_URL");
    assert!(
        container["secrets"][0]["valueFrom"]
            .as_str()
            .unwrap()
            .starts_with("arn:aws:secretsmanager:eu-central-1:")
    );
    assert_eq!(container["healthCheck"]["interval"], 15);
    assert!(t.path("deploy/ecs/staging.task-definition.json").exists());
}

#[test]
fn place_names_become_codes_and_secondary_regions_warn() {
    let t = example("aws-terraform");
    t.edit_answers("primary: eu-central-1", "primary: Frankfurt");
    t.edit_answers("secondary: []", "secondary: [Ireland]");
    let run = t.run(&["apply", "--yes"]).expect(0);
    assert!(
        run.stderr.contains(
            "warning[SS094]: an ECS service lives in one region: the stack is generated for eu-central-1 only"
        ),
        "{}",
        run.stderr
    );
    assert!(
        t.read("deploy/terraform/versions.tf")
            .contains("region = \"eu-central-1\"")
    );
    t.edit_answers("secondary: [Ireland]", "secondary: [eu-moon-1]");
    let run = t.run(&["validate"]).expect(2);
    assert!(
        run.stderr
            .contains("error[SS019]: `eu-moon-1` is not an AWS region"),
        "{}",
        run.stderr
    );
}

#[test]
fn bluegreen_and_canary_deploys_are_ecs_native_in_terraform() {
    let rolling = example("aws-terraform");
    rolling.run(&["apply", "--yes"]).expect(0);
    let rolling_wait = wait_for_minutes(&rolling);
    for (strategy, ecs, waited) in [("bluegreen", "BLUE_GREEN", 10), ("canary", "CANARY", 20)] {
        let t = with_strategy("aws-terraform", strategy);
        let run = t.run(&["validate"]).expect(0);
        assert!(!run.stderr.contains("SS096"), "{}", run.stderr);
        let tf = parse_terraform(&t);
        let service = resource(&tf, "ecs.tf", "aws_ecs_service", "app");
        let deployment = &service["deployment_configuration"][0];
        assert_eq!(*a(deployment, "strategy"), ecs);
        assert_eq!(*a(deployment, "bake_time_in_minutes"), "10");
        // ECS takes the circuit breaker on rolling deploys only.
        assert!(service.get("deployment_circuit_breaker").is_none(), "{service}");
        let advanced = &service["load_balancer"][0]["advanced_configuration"][0];
        assert_eq!(
            *a(advanced, "alternate_target_group_arn"),
            "${aws_lb_target_group.alternate.arn}"
        );
        assert_eq!(
            *a(advanced, "production_listener_rule"),
            "${aws_lb_listener_rule.production.arn}"
        );
        assert_eq!(*a(advanced, "role_arn"), "${aws_iam_role.infrastructure.arn}");
        let canary = deployment.get("canary_configuration");
        if strategy == "canary" {
            let canary = &canary.unwrap()[0];
            assert_eq!(*a(canary, "canary_percent"), 10);
            assert_eq!(*a(canary, "canary_bake_time_in_minutes"), "10");
        } else {
            assert!(canary.is_none(), "{deployment}");
        }

        // Two target groups checked alike, and the rule whose weights ECS turns.
        let primary = resource(&tf, "network.tf", "aws_lb_target_group", "app");
        let alternate = resource(&tf, "network.tf", "aws_lb_target_group", "alternate");
        assert_eq!(primary["health_check"], alternate["health_check"]);
        assert_eq!(*a(alternate, "name"), "${local.app}-alt");
        let rule = resource(&tf, "network.tf", "aws_lb_listener_rule", "production");
        let groups = &rule["action"][0]["forward"][0]["target_group"];
        assert_eq!(groups.as_array().unwrap().len(), 2, "{rule}");
        assert_eq!(*a(&groups[0], "weight"), 100);
        assert_eq!(*a(&groups[1], "weight"), 0);
        assert_eq!(
            *a(&rule["lifecycle"][0], "ignore_changes"),
            serde_json::json!(["${action}"])
        );
        let role = resource(&tf, "iam.tf", "aws_iam_role", "infrastructure");
        assert!(
            a(role, "assume_role_policy")
                .as_str()
                .unwrap()
                .contains("ecs.amazonaws.com"),
            "{role}"
        );
        let policy = resource(&tf, "iam.tf", "aws_iam_role_policy_attachment", "infrastructure");
        assert!(
            a(policy, "policy_arn")
                .as_str()
                .unwrap()
                .ends_with(":iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers"),
            "{policy}"
        );
        // The deploy waits through the canary and bake times too.
        assert_eq!(wait_for_minutes(&t), rolling_wait + waited);
        let runbook = t.read("docs/runbooks/rollback.md");
        assert!(runbook.contains("keep running for 10 minutes"), "{runbook}");
    }
    let tf = parse_terraform(&rolling);
    assert!(
        tf["deploy/terraform/network.tf"]["resource"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r.get("aws_lb_listener_rule").is_none()),
        "a rolling deploy needs no listener rule"
    );
}

/// The deploy workflow's wait for a stable service, in minutes.
fn wait_for_minutes(t: &Test) -> u64 {
    let deploy = t.read(".github/workflows/deploy.yml");
    let line = deploy
        .lines()
        .find_map(|l| l.trim().strip_prefix("wait-for-minutes: "))
        .unwrap_or_else(|| panic!("no wait-for-minutes in:\n{deploy}"));
    line.parse().unwrap()
}

#[test]
fn bluegreen_and_canary_deploys_are_ecs_native_in_cloudformation() {
    let t = with_strategy("aws-cloudformation", "canary");
    let stack = cloudformation(&t);
    let r = &stack["Resources"];
    let deployment = &r["Service"]["Properties"]["DeploymentConfiguration"];
    assert_eq!(deployment["Strategy"], "CANARY");
    assert_eq!(deployment["BakeTimeInMinutes"], 10);
    assert_eq!(deployment["CanaryConfiguration"]["CanaryPercent"], 10);
    assert!(deployment.get("DeploymentCircuitBreaker").is_none());
    let advanced = &r["Service"]["Properties"]["LoadBalancers"][0]["AdvancedConfiguration"];
    assert_eq!(advanced["AlternateTargetGroupArn"]["Ref"], "AlternateTargetGroup");
    assert_eq!(
        advanced["ProductionListenerRule"]["Ref"],
        "ProductionListenerRule"
    );
    assert_eq!(advanced["RoleArn"]["Fn::GetAtt"][0], "InfrastructureRole");
    let rule = &r["ProductionListenerRule"]["Properties"];
    let groups = &rule["Actions"][0]["ForwardConfig"]["TargetGroups"];
    assert_eq!(groups[0]["Weight"], 100);
    assert_eq!(groups[1]["Weight"], 0);
    assert_eq!(
        r["TargetGroup"]["Properties"]["HealthCheckPath"],
        r["AlternateTargetGroup"]["Properties"]["HealthCheckPath"]
    );
    assert_eq!(
        r["InfrastructureRole"]["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"],
        "ecs.amazonaws.com"
    );

    let bluegreen = with_strategy("aws-cloudformation", "bluegreen");
    let stack = cloudformation(&bluegreen);
    let deployment = &stack["Resources"]["Service"]["Properties"]["DeploymentConfiguration"];
    assert_eq!(deployment["Strategy"], "BLUE_GREEN");
    assert!(deployment.get("CanaryConfiguration").is_none());
}

#[test]
fn without_iac_a_bluegreen_strategy_warns_that_the_service_is_yours() {
    let t = example("aws-terraform");
    t.edit_answers("strategy: rolling", "strategy: bluegreen");
    t.edit_answers("tool: terraform", "tool: platform-config");
    let run = t.run(&["validate"]).expect(0);
    assert!(
        run.stderr.contains("warning[SS096]: ECS runs bluegreen deploys natively, but only on a service created with a second target group"),
        "{}",
        run.stderr
    );
}

#[test]
fn names_longer_than_a_load_balancer_allows_are_an_error() {
    let t = example("aws-terraform");
    let name = "a-rather-long-name-xy";
    t.write(
        "shipspec.yaml",
        t.read("shipspec.yaml")
            .replace("name: notes-api", &format!("name: {name}")),
    );
    // Staging is named `<project>-staging` (29 characters): it fits a
    // rolling deploy's load balancer, not with `-alt` after it.
    t.run(&["validate"]).expect(0);
    t.edit_answers("strategy: rolling", "strategy: bluegreen");
    let run = t.run(&["validate"]).expect(2);
    assert!(
        run.stderr.contains(&format!(
            "error[SS097]: the staging environment's resources would be named `{name}-staging-alt`, 33 characters"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("shorten the project name by 1 characters"),
        "{}",
        run.stderr
    );
}

#[test]
fn secret_stores_ecs_cannot_read_warn() {
    let t = example("aws-terraform");
    t.edit_answers(
        "production: aws-secrets-manager\n    development: dotenv\n  encryption",
        "production: vault\n    development: vault\n  encryption",
    );
    let text = t.read("shipspec.yaml").replace(
        "AWS Secrets Manager in production, .env for development.\"\n    variables: [DATABASE_URL, API_KEYS, SENTRY_DSN]\n    production: aws-secrets-manager",
        "HashiCorp Vault in production, .env for development.\"\n    variables: [DATABASE_URL, API_KEYS, SENTRY_DSN]\n    production: vault",
    );
    t.write("shipspec.yaml", text);
    let run = t.run(&["validate"]).expect(0);
    assert!(
        run.stderr.contains(
            "warning[SS095]: ECS tasks read secrets from AWS Secrets Manager or SSM Parameter Store only"
        ),
        "{}",
        run.stderr
    );
}

/// The Terraform example with Aurora, secrets in SSM Parameter Store and
/// one task, applied.
fn aurora_terraform() -> Test {
    let t = example("aws-terraform");
    t.edit_answers("database_service: rds", "database_service: aurora");
    let text = t
        .read("shipspec.yaml")
        .replace(
            "production: aws-secrets-manager",
            "production: aws-ssm-parameter-store",
        )
        .replace(
            "AWS Secrets Manager in production",
            "AWS SSM Parameter Store in production",
        )
        .replace("min_instances: 2", "min_instances: 1")
        .replace("Two tasks", "One task");
    t.write("shipspec.yaml", text);
    t.run(&["apply", "--yes"]).expect(0);
    t
}

/// The CloudFormation example with Aurora and SSM Parameter Store, applied.
fn aurora_cloudformation() -> Test {
    let t = example("aws-cloudformation");
    let text = t
        .read("shipspec.yaml")
        .replace("database_service: rds", "database_service: aurora")
        .replace(
            "production: aws-secrets-manager",
            "production: aws-ssm-parameter-store",
        )
        .replace(
            "AWS Secrets Manager in production",
            "AWS SSM Parameter Store in production",
        );
    t.write("shipspec.yaml", text);
    t.run(&["apply", "--yes"]).expect(0);
    t
}

/// An example deploying with `strategy`, applied.
fn with_strategy(name: &str, strategy: &str) -> Test {
    let t = example(name);
    t.edit_answers("strategy: rolling", &format!("strategy: {strategy}"));
    t.run(&["apply", "--yes"]).expect(0);
    t
}

/// An example with every alert channel but SMS: Slack through AWS
/// Chatbot, PagerDuty and Opsgenie by HTTPS, beside email; applied.
fn with_every_channel(name: &str) -> Test {
    let t = example(name);
    t.edit_answers(
        "alert_channels: [email]",
        "alert_channels: [email, slack, pagerduty, opsgenie]",
    );
    t.run(&["apply", "--yes"]).expect(0);
    t
}

#[test]
fn every_stack_passes_checkov_and_cfn_lint() {
    let terraform = [
        example("aws-terraform"),
        aurora_terraform(),
        with_strategy("aws-terraform", "bluegreen"),
        with_strategy("aws-terraform", "canary"),
        with_every_channel("aws-terraform"),
    ];
    let cloudformation = [
        example("aws-cloudformation"),
        aurora_cloudformation(),
        with_strategy("aws-cloudformation", "bluegreen"),
        with_strategy("aws-cloudformation", "canary"),
        with_every_channel("aws-cloudformation"),
    ];
    for t in [&terraform[0], &cloudformation[0]] {
        t.run(&["apply", "--yes"]).expect(0);
    }
    let mut dirs: Vec<_> = terraform.iter().map(|t| t.path("deploy/terraform")).collect();
    dirs.extend(cloudformation.iter().map(|t| t.path("deploy/cloudformation")));
    let reports = checkov(&dirs);
    for framework in ["terraform", "cloudformation"] {
        assert!(
            reports.iter().any(|r| r["check_type"] == framework),
            "{framework}"
        );
    }
    let templates: Vec<String> = cloudformation
        .iter()
        .map(|t| t.path("deploy/cloudformation/stack.yml").display().to_string())
        .collect();
    let templates: Vec<&str> = templates.iter().map(String::as_str).collect();
    validate(cloudformation[0].dir.path(), "cfn-lint", &templates);
    assert!(!cloudformation[0].path("deploy/terraform").exists());
    let text = cloudformation[0].read("deploy/cloudformation/stack.yml");
    assert!(
        text.starts_with("# Generated by shipspec from shipspec.yaml"),
        "{text}"
    );
}

#[test]
fn aurora_and_parameter_store_terraform() {
    let t = aurora_terraform();
    let tf = parse_terraform(&t);
    let cluster = resource(&tf, "database.tf", "aws_rds_cluster", "app");
    assert_eq!(*a(cluster, "backup_retention_period"), 14);
    let instances = resource(&tf, "database.tf", "aws_rds_cluster_instance", "app");
    // One task and an RTO of two hours: no standby asked for.
    assert_eq!(*a(instances, "count"), 1);
    assert!(
        t.read("deploy/terraform/ecs.tf")
            .contains("valueFrom = \"${local.parameter_prefix}/DATABASE_URL\"")
    );
}

#[test]
fn the_rollback_script_takes_only_a_revision_number() {
    let t = example("aws-terraform");
    t.run(&["apply", "--yes"]).expect(0);
    let workflow: serde_norway::Value =
        serde_norway::from_str(&t.read(".github/workflows/rollback.yml")).unwrap();
    let steps = workflow["jobs"]["rollback"]["steps"].as_sequence().unwrap();
    let script = steps
        .iter()
        .find_map(|s| s["run"].as_str().filter(|r| r.contains("update-service")))
        .unwrap();
    let bin = t.path(".test-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let aws = bin.join("aws");
    std::fs::write(
        &aws,
        "#!/usr/bin/env bash\nprintf '%s\\n' \"$*\" >> \"$AWS_LOG\"\ncase \"$2\" in\n  describe-services) echo 'arn:aws:ecs:eu-central-1:1:task-definition/notes-api:7' ;;\n  list-task-definitions) printf 'arn:aws:ecs:eu-central-1:1:task-definition/notes-api:7\\tarn:aws:ecs:eu-central-1:1:task-definition/notes-api:6\\tarn:aws:ecs:eu-central-1:1:task-definition/notes-api:5\\n' ;;\n  describe-task-definition) case \"$4\" in\n    *:6) echo '1.dkr.ecr.eu-central-1.amazonaws.com/notes-api:bootstrap' ;;\n    *) echo '1.dkr.ecr.eu-central-1.amazonaws.com/notes-api:0123abc' ;;\n  esac ;;\nesac\n",
    )
    .unwrap();
    std::fs::set_permissions(&aws, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let log = t.path(".test-aws-log");
    let run = |revision: &str| {
        let _ = std::fs::remove_file(&log);
        let out = Command::new("bash")
            .args(["--noprofile", "--norc", "-e", "-o", "pipefail", "-c", script])
            .env(
                "PATH",
                format!("{}:{}", bin.display(), std::env::var("PATH").unwrap()),
            )
            .env("AWS_LOG", &log)
            .env("TARGET", "production")
            .env("REVISION", revision)
            .output()
            .unwrap();
        (
            out.status.success(),
            std::fs::read_to_string(&log).unwrap_or_default(),
        )
    };
    // Revision 6 was registered by the infrastructure code with the
    // placeholder image: the rollback passes over it to 5.
    let (ok, calls) = run("");
    assert!(ok, "{calls}");
    assert!(
        calls.contains(
            "ecs update-service --cluster notes-api --service notes-api --task-definition notes-api:5"
        ),
        "{calls}"
    );
    assert!(calls.contains("ecs describe-task-definition --task-definition arn:aws:ecs:eu-central-1:1:task-definition/notes-api:6"), "{calls}");
    let (ok, calls) = run("3");
    assert!(ok && calls.contains("--task-definition notes-api:3"), "{calls}");
    for bad in ["3\nevil", "latest", "0", "-1", "3; rm -rf /"] {
        let (ok, calls) = run(bad);
        assert!(!ok && !calls.contains("update-service"), "{bad:?}: {calls}");
    }
}

#[test]
fn the_workflows_use_oidc_only() {
    let t = example("aws-terraform");
    t.run(&["apply", "--yes"]).expect(0);
    for file in ["deploy.yml", "rollback.yml", "backup-check.yml"] {
        let text = t.read(&format!(".github/workflows/{file}"));
        assert!(
            text.contains("role-to-assume: ${{ vars.AWS_ROLE_ARN }}"),
            "{file}"
        );
        assert!(
            !text.contains("aws-access-key-id") && !text.contains("secrets.AWS"),
            "{file}"
        );
    }
    let deploy = t.read(".github/workflows/deploy.yml");
    assert!(deploy.contains("wait-for-service-stability: true"));
    assert!(deploy.contains("$REGISTRY/$REPOSITORY:$COMMIT"));
    let setup = t.read("docs/runbooks/setup.md");
    assert!(
        setup.contains(
            "\"token.actions.githubusercontent.com:sub\": \"repo:<owner>/<repo>:environment:production\""
        ),
        "{setup}"
    );
    assert!(
        setup.contains("repo:<owner>@<owner-id>/<repo>@<repo-id>"),
        "{setup}"
    );
    validate(
        t.dir.path(),
        "check-jsonschema",
        &[
            "--builtin-schema",
            "vendor.github-workflows",
            ".github/workflows/deploy.yml",
        ],
    );
}

fn cloudformation(t: &Test) -> serde_norway::Value {
    serde_norway::from_str(&t.read("deploy/cloudformation/stack.yml")).unwrap()
}

#[test]
fn cloudformation_carries_the_answers() {
    let t = example("aws-cloudformation");
    t.run(&["apply", "--yes"]).expect(0);
    let stack = cloudformation(&t);
    let r = &stack["Resources"];
    let task = &r["TaskDefinition"]["Properties"];
    assert_eq!(
        (task["Cpu"].as_str(), task["Memory"].as_str()),
        (Some("1024"), Some("2048"))
    );
    let container = &task["ContainerDefinitions"][0];
    assert_eq!(container["MountPoints"][0]["ContainerPath"], "/tmp");
    assert_eq!(
        container["MountPoints"][0]["SourceVolume"],
        task["Volumes"][0]["Name"]
    );
    assert_eq!(container["HealthCheck"]["Interval"], 15);
    assert_eq!(container["Secrets"][0]["Name"], "DATABASE_URL");
    assert_eq!(container["Secrets"][0]["ValueFrom"]["Ref"], "SecretDATABASEURL");
    let service = &r["Service"]["Properties"];
    assert_eq!(service["HealthCheckGracePeriodSeconds"], 10);
    let deployment = &service["DeploymentConfiguration"];
    assert_eq!(deployment["Strategy"], "ROLLING");
    assert_eq!(deployment["DeploymentCircuitBreaker"]["Rollback"], true);
    let group = &r["TargetGroup"]["Properties"];
    assert_eq!(group["HealthCheckPath"], "/health");
    assert_eq!(
        (
            &group["HealthCheckIntervalSeconds"],
            &group["HealthCheckTimeoutSeconds"]
        ),
        (&15.into(), &5.into())
    );
    assert_eq!(r["LogGroup"]["Properties"]["RetentionInDays"], 30);
    assert_eq!(r["ScalableTarget"]["Properties"]["MaxCapacity"], 5);
    assert_eq!(
        r["CpuScalingPolicy"]["Properties"]["TargetTrackingScalingPolicyConfiguration"]["TargetValue"],
        70
    );
    let db = &r["Database"]["Properties"];
    assert_eq!(
        (&db["StorageEncrypted"], &db["DeletionProtection"], &db["MultiAZ"]),
        (&true.into(), &true.into(), &true.into())
    );
    assert_eq!(db["BackupRetentionPeriod"], 14);
    // What only the team knows is a parameter.
    for parameter in [
        "VpcId",
        "PublicSubnetIds",
        "PrivateSubnetIds",
        "CertificateArn",
        "DomainName",
    ] {
        assert!(stack["Parameters"][parameter].is_mapping(), "{parameter}");
    }
}

#[test]
fn aurora_cloudformation_carries_the_answers() {
    let t = aurora_cloudformation();
    let stack = cloudformation(&t);
    assert_eq!(
        stack["Resources"]["DatabaseCluster"]["Properties"]["BackupRetentionPeriod"],
        14
    );
    // Two tasks at minimum: a standby instance in another zone.
    assert!(stack["Resources"]["DatabaseInstance2"].is_mapping());
}

#[test]
fn the_backup_check_compares_the_latest_restorable_time_with_the_rpo() {
    let t = example("aws-terraform");
    t.run(&["apply", "--yes"]).expect(0);
    let workflow: serde_norway::Value =
        serde_norway::from_str(&t.read(".github/workflows/backup-check.yml")).unwrap();
    let step = workflow["jobs"]["freshness"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.contains("LatestRestorableTime"))
        })
        .unwrap();
    assert_eq!(step["env"]["DATABASE"], "notes-api-db");
    // A 5-minute RPO, held to the 10 minutes RDS needs to ship its log.
    assert_eq!(step["env"]["MAX_AGE_SECONDS"], "600");
    let bin = t.path(".test-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let aws = bin.join("aws");
    std::fs::write(&aws, "#!/usr/bin/env bash\nprintf '%s\\n' \"$RESTORABLE\"\n").unwrap();
    std::fs::set_permissions(&aws, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let ago = |minutes: i64| {
        let out = Command::new("date")
            .args([
                "-u",
                "-d",
                &format!("-{minutes} minutes"),
                "+%Y-%m-%dT%H:%M:%S+00:00",
            ])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    };
    let run = |restorable: &str| {
        Command::new("bash")
            .args([
                "--noprofile",
                "--norc",
                "-e",
                "-o",
                "pipefail",
                "-c",
                step["run"].as_str().unwrap(),
            ])
            .env(
                "PATH",
                format!("{}:{}", bin.display(), std::env::var("PATH").unwrap()),
            )
            .env("DATABASE", "notes-api-db")
            .env("MAX_AGE_SECONDS", "600")
            .env("RESTORABLE", restorable)
            .output()
            .unwrap()
            .status
            .success()
    };
    assert!(run(&ago(4)));
    assert!(!run(&ago(30)));
    assert!(!run("None"));
}

#[test]
fn node_and_rust_images_get_the_health_check_they_can_run() {
    let t = example("aws-terraform");
    let text = t
        .read("shipspec.yaml")
        .replace("language: python", "language: node")
        .replace("framework: fastapi", "framework: express")
        .replace(
            "Pydantic models validate input in FastAPI, SQLAlchemy keeps queries parameterized, slowapi limits request rates.",
            "zod validates input, queries are parameterized, express-rate-limit limits request rates.",
        )
        .replace("libraries: [pydantic, sqlalchemy]", "libraries: [zod]")
        .replace("rate_limiting: slowapi", "rate_limiting: express-rate-limit");
    t.write("shipspec.yaml", text);
    t.run(&["apply", "--yes"]).expect(0);
    let tf = parse_terraform(&t);
    let ecs = t.read("deploy/terraform/ecs.tf");
    assert!(
        ecs.contains("command     = [\"CMD\", \"node\", \"-e\", \"fetch('http://localhost:8080/health'"),
        "{ecs}"
    );
    assert!(tf["deploy/terraform/ecs.tf"].is_object());
    t.edit_answers("language: node", "language: rust");
    t.edit_answers("framework: express", "framework: axum");
    t.run(&["apply", "--yes"]).expect(0);
    // A lone binary has no interpreter: the load balancer checks it.
    assert!(!t.read("deploy/terraform/ecs.tf").contains("healthCheck"));
    assert!(
        t.read("deploy/terraform/network.tf")
            .contains("path                = \"/health\"")
    );
}

#[test]
fn databases_the_stack_does_not_create_are_an_error() {
    let t = example("aws-terraform");
    t.write(
        "shipspec.yaml",
        t.read("shipspec.yaml")
            .replace("  database: postgres\n", "  database: mysql\n"),
    );
    let run = t.run(&["validate"]).expect(2);
    assert!(
        run.stderr.contains(
            "error[SS098]: shipspec creates Amazon RDS for PostgreSQL only, and the app uses MySQL"
        ),
        "{}",
        run.stderr
    );
    let t = example("aws-terraform");
    t.edit_answers("database_service: rds", "database_service: cloud-sql");
    let run = t.run(&["validate"]).expect(2);
    assert!(
        run.stderr
            .contains("error[SS098]: Cloud SQL is another cloud's database"),
        "{}",
        run.stderr
    );
}

#[test]
fn zero_tasks_warn_and_keep_one() {
    let t = example("aws-terraform");
    t.edit_answers("min_instances: 2", "min_instances: 0");
    let run = t.run(&["apply", "--yes"]).expect(0);
    assert!(
        run.stderr
            .contains("warning[SS099]: an ECS service does not scale to zero"),
        "{}",
        run.stderr
    );
    let tf = parse_terraform(&t);
    let service = resource(&tf, "ecs.tf", "aws_ecs_service", "app");
    assert_eq!(*a(service, "desired_count"), 1);
    let scaling = resource(&tf, "autoscaling.tf", "aws_appautoscaling_target", "app");
    assert_eq!(*a(scaling, "min_capacity"), 1);
}

#[test]
fn names_rds_refuses_are_an_error() {
    let t = example("aws-terraform");
    t.write(
        "shipspec.yaml",
        t.read("shipspec.yaml")
            .replace("name: notes-api", "name: notes--api"),
    );
    let run = t.run(&["validate"]).expect(2);
    assert!(
        run.stderr.contains("RDS takes no name with two hyphens in a row"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_setup_runbook_puts_the_secret_values_and_allows_tagging() {
    let t = example("aws-terraform");
    t.run(&["apply", "--yes"]).expect(0);
    let setup = t.read("docs/runbooks/setup.md");
    assert!(
        setup.contains("read -rs value && printf '%s' \"$value\" | aws secretsmanager put-secret-value --secret-id notes-api-staging/DATABASE_URL --secret-string file:///dev/stdin --region eu-central-1"),
        "{setup}"
    );
    assert!(setup.contains("every 7 days"), "{setup}");
    assert!(
        setup.contains("\"ecs:CreateAction\": \"RegisterTaskDefinition\""),
        "{setup}"
    );
    assert!(setup.contains("\"ecr:DescribeImages\""), "{setup}");
    // A re-run for the same commit reuses the pushed image (tags are immutable).
    let deploy = t.read(".github/workflows/deploy.yml");
    assert!(
        deploy.contains(
            "if aws ecr describe-images --repository-name \"$REPOSITORY\" --image-ids \"imageTag=$COMMIT\""
        ),
        "{deploy}"
    );
}

#[test]
fn aurora_restores_keep_the_parameter_group() {
    let t = aurora_terraform();
    let runbook = t.read("docs/runbooks/backup-and-recovery.md");
    assert!(
        runbook.contains("aws rds restore-db-cluster-to-point-in-time --source-db-cluster-identifier notes-api-db --db-cluster-identifier notes-api-db-restore"),
        "{runbook}"
    );
    assert!(
        runbook.contains("--db-cluster-parameter-group-name notes-api"),
        "{runbook}"
    );
    // The restore commands take no `--manage-master-user-password`; the
    // cluster is modified to it after.
    for line in runbook
        .lines()
        .filter(|l| l.contains("aws rds restore-db-cluster"))
    {
        assert!(!line.contains("--manage-master-user-password"), "{line}");
    }
    assert!(
        runbook.contains("aws rds modify-db-cluster --db-cluster-identifier notes-api-db-restore --manage-master-user-password --apply-immediately"),
        "{runbook}"
    );
    assert!(
        runbook.contains("modify-db-cluster --new-db-cluster-identifier"),
        "{runbook}"
    );
}

/// Slack, PagerDuty and Opsgenie reach the alert topic in both IaC tools;
/// the integration URLs (they hold a key) are secret inputs, never values,
/// and Chatbot's role and guardrail are one read-only policy.
#[test]
fn every_alert_channel_subscribes_to_the_topic_with_no_secret_in_a_file() {
    let t = with_every_channel("aws-terraform");
    let tf = parse_terraform(&t);
    if let Some(terraform) = terraform() {
        let out = Command::new(terraform)
            .args(["fmt", "-check", "-diff", "deploy/terraform"])
            .current_dir(t.dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "terraform fmt:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    for (name, variable) in [
        ("pagerduty", "pagerduty_endpoint"),
        ("opsgenie", "opsgenie_endpoint"),
    ] {
        let sub = resource(&tf, "alarms.tf", "aws_sns_topic_subscription", name);
        assert_eq!(*a(sub, "protocol"), "https");
        assert_eq!(*a(sub, "endpoint"), format!("${{var.{variable}}}"));
        let var = tf["deploy/terraform/variables.tf"]["variable"]
            .as_array()
            .unwrap()
            .iter()
            .find_map(|v| v.get(variable))
            .unwrap_or_else(|| panic!("no variable {variable}"));
        assert_eq!(*a(var, "sensitive"), true, "{var}");
        // Only production's stack pages: elsewhere no subscription, no URL.
        assert_eq!(*a(sub, "count"), "${var.environment == \"production\" ? 1 : 0}");
        assert!(sub["lifecycle"][0]["precondition"].is_array(), "{sub}");
        assert_eq!(*a(var, "default"), "", "{var}");
    }
    let slack = resource(
        &tf,
        "alarms.tf",
        "aws_chatbot_slack_channel_configuration",
        "alerts",
    );
    assert_eq!(*a(slack, "slack_team_id"), "${var.slack_team_id}");
    assert_eq!(
        *a(slack, "guardrail_policy_arns"),
        serde_json::json!(["${aws_iam_policy.chatbot.arn}"])
    );
    let attachment = resource(&tf, "alarms.tf", "aws_iam_role_policy_attachment", "chatbot");
    assert_eq!(*a(attachment, "policy_arn"), "${aws_iam_policy.chatbot.arn}");
    let policy = t.read("deploy/terraform/alarms.tf");
    assert!(
        !policy.contains("events.pagerduty.com/integration/"),
        "no URL outside a description"
    );
    assert!(policy.contains(":alarm:${local.app}-*"), "{policy}");

    let t = with_every_channel("aws-cloudformation");
    let cfn: serde_json::Value = serde_norway::from_str(&t.read("deploy/cloudformation/stack.yml")).unwrap();
    for (resource, parameter) in [
        ("AlertsPagerdutySubscription", "PagerdutyEndpoint"),
        ("AlertsOpsgenieSubscription", "OpsgenieEndpoint"),
    ] {
        let props = &cfn["Resources"][resource]["Properties"];
        assert_eq!(props["Protocol"], "https");
        assert_eq!(props["Endpoint"]["Ref"], parameter);
        assert_eq!(cfn["Parameters"][parameter]["NoEcho"], true);
        // Only production's stack pages: elsewhere no subscription, no URL.
        assert_eq!(cfn["Resources"][resource]["Condition"], "IsProduction");
        assert_eq!(cfn["Parameters"][parameter]["Default"], "");
        let rule = &cfn["Rules"][format!("{parameter}InProduction")];
        assert_eq!(rule["RuleCondition"]["Fn::Equals"][1], "production", "{rule}");
    }
    assert_eq!(
        cfn["Conditions"]["IsProduction"]["Fn::Equals"][1], "production",
        "{}",
        cfn["Conditions"]
    );
    let slack = &cfn["Resources"]["AlertsSlackChannel"]["Properties"];
    assert_eq!(slack["SlackWorkspaceId"]["Ref"], "SlackWorkspaceId");
    assert_eq!(slack["GuardrailPolicies"][0]["Ref"], "ChatbotPolicy");
    assert_eq!(
        cfn["Resources"]["ChatbotRole"]["Properties"]["ManagedPolicyArns"][0]["Ref"],
        "ChatbotPolicy"
    );
    // The example's own answers (email only) get none of it.
    let t = example("aws-cloudformation");
    t.run(&["apply", "--yes"]).expect(0);
    let text = t.read("deploy/cloudformation/stack.yml");
    assert!(
        !text.contains("Chatbot") && !text.contains("PagerdutyEndpoint"),
        "{text}"
    );
}
