//! Container Apps rollbacks return to the revision the last promoted
//! deploy labelled `previous`, never to a rejected canary: the deploy and
//! rollback workflows' own steps run with bash against a fake `az` that
//! keeps an app (its revisions and ingress traffic) in a JSON file.

use crate::steps::Steps;
use crate::workflows::example;

/// A fake `az` over `$STATE`: `{"revisions": [oldest first], "latest":
/// newest ready, "traffic": [{"revisionName", "weight", "label"?} or
/// {"latestRevision": true, "weight"}]}`. `ingress traffic set` sets the
/// weights named and leaves the rest; `revision label add` moves the label
/// to the revision (a label names one); every call is logged.
const AZ: &str = r#"#!/usr/bin/env bash
set -euo pipefail
printf '%s\n' "$*" >> "$LOG"
change() { jq "$@" "$STATE" > "$STATE.new"; mv "$STATE.new" "$STATE"; }
args=("$@")
value() { for ((i = 0; i < ${#args[@]}; i++)); do [ "${args[i]}" = "$1" ] && echo "${args[i+1]}"; done; return 0; }
case "$*" in
  'containerapp show '*'--query properties.configuration.ingress.fqdn'*)
    echo "notes-api.blue-sea-1.westeurope.azurecontainerapps.io" ;;
  'containerapp show '*)
    jq '{properties: {latestReadyRevisionName: .latest, configuration: {ingress: {traffic: .traffic}}}}' "$STATE" ;;
  'containerapp update '*)
    change --arg r "notes-api--$(value --revision-suffix)" '.revisions += [$r] | .latest = $r' ;;
  'containerapp revision show '*) echo Healthy ;;
  'containerapp revision list '*'--all'*) jq -r '.revisions[]' "$STATE" ;;
  'containerapp revision list '*) ;;
  'containerapp ingress traffic show '*) jq -r '.traffic[] | .revisionName // empty' "$STATE" ;;
  'containerapp ingress traffic set '*)
    collecting=""
    for a in "$@"; do
      case "$a" in
        --revision-weight) collecting=1 ;;
        --*) collecting="" ;;
        *=*)
          [ -n "$collecting" ] || continue
          if [ "${a%%=*}" = latest ]; then
            change --argjson w "${a#*=}" 'if any(.traffic[]; .latestRevision) then .traffic |= map(if .latestRevision then .weight = $w else . end) else .traffic += [{latestRevision: true, weight: $w}] end'
          else
            change --arg r "${a%%=*}" --argjson w "${a#*=}" 'if any(.traffic[]; .revisionName == $r) then .traffic |= map(if .revisionName == $r then .weight = $w else . end) else .traffic += [{revisionName: $r, weight: $w}] end'
          fi ;;
      esac
    done ;;
  'containerapp revision label add '*)
    change --arg l "$(value --label)" --arg r "$(value --revision)" \
      '.traffic |= map(if .label == $l then del(.label) else . end)
       | if any(.traffic[]; .revisionName == $r and (.label | not)) then .traffic |= map(if .revisionName == $r and (.label | not) then .label = $l else . end)
         else .traffic += [{revisionName: $r, weight: 0, label: $l}] end' ;;
  'containerapp revision label remove '*)
    change --arg l "$(value --label)" '.traffic |= map(if .label == $l then del(.label) else . end)' ;;
esac
"#;

/// The candidate's label address fails while `$FAIL_CANDIDATE` is set.
const CURL: &str = "#!/usr/bin/env bash\nprintf 'curl %s\\n' \"$*\" >> \"$LOG\"\n\
                    if [ -n \"${FAIL_CANDIDATE:-}\" ]; then case \"$*\" in *---candidate*) exit 22 ;; esac; fi\n";

const DEPLOY: &str = ".github/workflows/deploy.yml";

fn app(edits: &[(&str, &str)]) -> Steps {
    let t = example("azure-containerapps");
    for (from, to) in edits {
        t.edit_answers(from, to);
    }
    t.run(&["apply", "--yes"]).expect(0);
    let s = Steps::new(
        t,
        &[("az", AZ), ("curl", CURL), ("sleep", "#!/usr/bin/env bash\n")],
    );
    reset(&s);
    s
}

/// The app as Terraform creates it: no revision of a deploy yet.
fn reset(s: &Steps) {
    s.set_state(&serde_json::json!({"revisions": [], "latest": null,
        "traffic": [{"latestRevision": true, "weight": 100}]}));
}

/// A production deploy of `commit` through the workflow's steps: naming the
/// revision, the deploy, and with a serving revision the canary watch
/// (failing when `reject`) and the promotion. Gives the new revision and
/// whether it was promoted.
fn deploy(s: &Steps, commit: &str, reject: bool) -> (String, bool) {
    let _ = std::fs::remove_file(&s.github_env);
    let mut env = vec![
        ("APP", "notes-api".to_owned()),
        ("GROUP", "notes-rg".to_owned()),
        ("COMMIT", commit.to_owned()),
        ("RUN", "1".to_owned()),
        ("ATTEMPT", "1".to_owned()),
        ("IMAGE", "notesacr.azurecr.io/notes-api@sha256:0".to_owned()),
        ("MINUTES", "1".to_owned()),
    ];
    let run = |marker: &str, env: &[(&str, String)]| {
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        s.run(&s.step(DEPLOY, "deploy-production", marker), &env)
    };
    let (ok, said) = run("SUFFIX=", &env);
    assert!(ok, "{said}");
    let (serving, revision) = (s.github_env("SERVING"), s.github_env("REVISION"));
    env.extend([
        ("SUFFIX", s.github_env("SUFFIX")),
        ("SERVING", serving.clone()),
        ("REVISION", revision.clone()),
    ]);
    let (ok, said) = run("az containerapp update", &env);
    assert!(ok, "{said}");
    if serving.is_empty() || !s.t.read(DEPLOY).contains("during the canary") {
        return (revision, true);
    }
    env.extend([
        ("PERCENT", "10".to_owned()),
        ("MINUTES", "2".to_owned()),
        ("HEALTH_PATH", "/health".to_owned()),
        ("FAIL_CANDIDATE", if reject { "1" } else { "" }.to_owned()),
    ]);
    let (ok, said) = run("during the canary", &env);
    assert_eq!(ok, !reject, "{said}");
    if reject {
        return (revision, false);
    }
    let (ok, said) = run("--label previous --revision \"$SERVING\"", &env);
    assert!(ok, "{said}");
    (revision, true)
}

/// The rollback workflow, for production, with `revision` as its input:
/// success, and what it printed and called.
fn rollback(s: &Steps, revision: &str) -> (bool, String) {
    let script = s.step(".github/workflows/rollback.yml", "rollback", "rolling back to");
    s.forget_calls();
    let (ok, said) = s.run(
        &script,
        &[
            ("TARGET", "production"),
            ("REVISION", revision),
            ("GROUP", "notes-rg"),
        ],
    );
    (ok, format!("{said}{}", s.calls()))
}

fn rolled_back_to(said: &str, revision: &str) -> bool {
    said.contains(&format!("--revision {revision} --output none"))
        && said.contains(&format!("{revision}=100 --output none"))
}

fn labelled(s: &Steps) -> Vec<String> {
    s.state()["traffic"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["label"] == "previous")
        .map(|t| t["revisionName"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_rollback_returns_to_the_revision_the_last_promoted_deploy_labelled() {
    let s = app(&[
        ("tool: platform-config", "tool: terraform"),
        ("strategy: bluegreen", "strategy: canary"),
    ]);
    let (a, _) = deploy(&s, "aaaaaaa000", false);
    let (b, promoted) = deploy(&s, "bbbbbbb000", false);
    assert!(promoted && labelled(&s) == [a.clone()], "{}", s.state());
    let (ok, said) = rollback(&s, "");
    assert!(ok && rolled_back_to(&said, &a), "{said}");
    assert!(
        said.contains(&format!("labelled previous by the deploy that replaced it: {a}")),
        "{said}"
    );

    // A, B promoted, C rejected as a canary, D promoted: the newest
    // revision older than D is the rejected C; the label names B.
    reset(&s);
    deploy(&s, "aaaaaaa000", false);
    deploy(&s, "bbbbbbb000", false);
    let (c, promoted) = deploy(&s, "ccccccc000", true);
    assert!(!promoted && labelled(&s) == [a.clone()], "{}", s.state());
    deploy(&s, "ddddddd000", false);
    assert_eq!(labelled(&s), std::slice::from_ref(&b));
    let state = s.state();
    let (ok, said) = rollback(&s, "");
    assert!(
        ok && rolled_back_to(&said, &b) && !rolled_back_to(&said, &c),
        "{said}"
    );

    // Without the label, the old rule picks the rejected canary, and says
    // which rule it used.
    let mut unlabelled = state.clone();
    for t in unlabelled["traffic"].as_array_mut().unwrap() {
        t.as_object_mut().unwrap().remove("label");
    }
    s.set_state(&unlabelled);
    let (ok, said) = rollback(&s, "");
    assert!(ok && rolled_back_to(&said, &c), "{said}");
    assert!(
        said.contains("::warning::no revision is labelled previous")
            && said.contains("run again naming the revision"),
        "{said}"
    );
    s.set_state(&state);

    // A named revision wins over the label.
    let (ok, said) = rollback(&s, &a);
    assert!(ok && rolled_back_to(&said, &a), "{said}");
    // Left empty, the next one returns to the labelled B; once B, labelled,
    // serves, the one after goes on to the revision before it, and says so.
    let (ok, said) = rollback(&s, "");
    assert!(ok && rolled_back_to(&said, &b), "{said}");
    let (ok, said) = rollback(&s, "");
    assert!(
        ok && said.contains(&format!("{b}, labelled previous, is the serving one"))
            && rolled_back_to(&said, &a),
        "{said}"
    );
}

/// A rolling deploy labels the serving revision before the new one takes
/// its traffic.
#[test]
fn a_rolling_deploy_labels_the_revision_it_replaces() {
    let s = app(&[
        ("tool: platform-config", "tool: terraform"),
        ("strategy: bluegreen", "strategy: rolling"),
    ]);
    let (a, _) = deploy(&s, "aaaaaaa000", false);
    s.forget_calls();
    deploy(&s, "bbbbbbb000", false);
    let calls = s.calls();
    let labelled_at = calls
        .find(&format!("--label previous --revision {a}"))
        .expect(&calls);
    assert!(
        labelled_at < calls.find("containerapp update").expect(&calls),
        "{calls}"
    );
    let (ok, said) = rollback(&s, "");
    assert!(ok && rolled_back_to(&said, &a), "{said}");
}

/// The Container App YAML path (yq rewrites the file, so its steps are
/// read here, not run) keeps the label in the traffic it applies whole.
#[test]
fn the_app_yaml_keeps_the_label_in_the_traffic_it_replaces() {
    let s = app(&[]);
    let name = s.step(DEPLOY, "deploy-production", "marked=$(jq");
    assert!(
        name.contains(r#"select(.label == "previous")"#)
            && name.contains(r#"{"revisionName": strenv(marked), "weight": 0, "label": "previous"}"#),
        "{name}"
    );
    let rolling = app(&[("strategy: bluegreen", "strategy: rolling")]);
    let name = rolling.step(DEPLOY, "deploy-production", "marked=$(jq");
    assert!(
        name.contains(r#"+= [{"revisionName": strenv(serving), "weight": 0, "label": "previous"}]"#),
        "{name}"
    );
}
