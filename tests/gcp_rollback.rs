//! Cloud Run rollbacks return to the revision the last promoted deploy
//! tagged `previous`, never to a rejected canary: the deploy and rollback
//! workflows' own steps run with bash against a fake `gcloud` that keeps a
//! service (its revisions and traffic) in a JSON file.

use crate::steps::Steps;
use crate::workflows::example;

/// A fake `gcloud` over `$STATE`: `{"revisions": [newest first], "traffic":
/// [{"revisionName", "percent"} or {"revisionName", "percent": 0, "tag"}]}`.
/// It does what `run deploy`, `run services update-traffic` (tags first,
/// then percentages, as gcloud documents), `run services describe` and
/// `run revisions list` do to that service, and logs every call.
const GCLOUD: &str = r#"#!/usr/bin/env bash
set -euo pipefail
printf '%s\n' "$*" >> "$LOG"
change() { jq "$@" "$STATE" > "$STATE.new"; mv "$STATE.new" "$STATE"; }
suffix="" tags="" to="" latest="" notraffic="" tag=""
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --revision-suffix) suffix=${args[i+1]} ;;
    --update-tags) tags=${args[i+1]} ;;
    --to-revisions) to=${args[i+1]} ;;
    --to-latest) latest=1 ;;
    --no-traffic) notraffic=1 ;;
    --tag) tag=${args[i+1]} ;;
  esac
done
case "$1 $2" in
  "run deploy")
    change --arg r "$3-$suffix" '.revisions = [$r] + .revisions'
    if [ -n "$tag" ]; then
      change --arg r "$3-$suffix" --arg t "$tag" \
        '.traffic = [.traffic[] | select(.tag != $t)] + [{revisionName: $r, percent: 0, tag: $t}]'
    fi
    if [ -z "$notraffic" ] && ! jq -e '[.traffic[] | select(.tag | not)] | length > 0' "$STATE" > /dev/null; then
      change --arg r "$3-$suffix" '.traffic += [{revisionName: $r, percent: 100}]'
    fi
    ;;
  "run services")
    case "$3" in
      describe)
        jq '{status: {url: "https://notes-api.run.app", traffic: [.traffic[]
          | if .tag then . + {url: ("https://" + .tag + "---notes-api.run.app")} else . end]}}' "$STATE" ;;
      update-traffic)
        if [ -n "$tags" ]; then
          change --arg t "${tags%%=*}" --arg r "${tags#*=}" \
            '.traffic = [.traffic[] | select(.tag != $t)] + [{revisionName: $r, percent: 0, tag: $t}]'
        fi
        if [ -n "$latest" ]; then
          change '.traffic = [.traffic[] | select(.tag)] + [{revisionName: .revisions[0], percent: 100}]'
        elif [ -n "$to" ] && [ "${to#*=}" = 100 ]; then
          change --arg r "${to%%=*}" '.traffic = [.traffic[] | select(.tag)] + [{revisionName: $r, percent: 100}]'
        elif [ -n "$to" ]; then
          change --arg r "${to%%=*}" --argjson p "${to#*=}" \
            '([.traffic[] | select(.tag | not)] | max_by(.percent).revisionName) as $s
             | .traffic = [.traffic[] | select(.tag)] + [{revisionName: $s, percent: (100 - $p)}, {revisionName: $r, percent: $p}]'
        fi
        ;;
    esac
    ;;
  "run revisions") jq -r '.revisions[]' "$STATE" ;;
esac
"#;

/// The candidate's own address fails while `$FAIL_CANDIDATE` is set.
const CURL: &str = "#!/usr/bin/env bash\nprintf 'curl %s\\n' \"$*\" >> \"$LOG\"\n\
                    if [ -n \"${FAIL_CANDIDATE:-}\" ]; then case \"$*\" in *candidate---*) exit 22 ;; esac; fi\n";

const DEPLOY: &str = ".github/workflows/deploy.yml";

fn service(edits: &[(&str, &str)]) -> Steps {
    let t = example("gcp-cloudrun");
    for (from, to) in edits {
        t.edit_answers(from, to);
    }
    t.run(&["apply", "--yes"]).expect(0);
    let s = Steps::new(
        t,
        &[
            ("gcloud", GCLOUD),
            ("curl", CURL),
            ("sleep", "#!/usr/bin/env bash\n"),
        ],
    );
    reset(&s);
    s
}

/// No service yet.
fn reset(s: &Steps) {
    s.set_state(&serde_json::json!({"revisions": [], "traffic": []}));
}

/// A production deploy of `commit` through the workflow's steps: the
/// deploy, and with a serving revision the canary watch (failing when
/// `reject`) and the promotion. Gives the new revision's name and whether
/// it was promoted.
fn deploy(s: &Steps, commit: &str, reject: bool) -> (String, bool) {
    let _ = std::fs::remove_file(&s.github_env);
    let (ok, said) = s.run(
        &s.step(DEPLOY, "deploy-production", "SERVING="),
        &[
            ("SERVICE", "notes-api"),
            ("REGION", "europe-west3"),
            ("IMAGE", "europe-west3-docker.pkg.dev/p/r/notes-api@sha256:0"),
            ("COMMIT", commit),
            ("RUN", "1"),
            ("ATTEMPT", "1"),
        ],
    );
    assert!(ok, "{said}");
    let (serving, revision) = (s.github_env("SERVING"), s.github_env("REVISION"));
    if serving.is_empty() || !s.t.read(DEPLOY).contains("--no-traffic --tag candidate") {
        return (revision, true);
    }
    let env = [
        ("SERVICE", "notes-api"),
        ("REGION", "europe-west3"),
        ("SERVING", serving.as_str()),
        ("REVISION", revision.as_str()),
        ("PERCENT", "10"),
        ("MINUTES", "2"),
        ("HEALTH_PATH", "/health"),
        ("FAIL_CANDIDATE", if reject { "1" } else { "" }),
    ];
    let (ok, said) = s.run(&s.step(DEPLOY, "deploy-production", "during the canary"), &env);
    assert_eq!(ok, !reject, "{said}");
    if reject {
        return (revision, false);
    }
    let promote = s.step(DEPLOY, "deploy-production", "--update-tags \"previous=$SERVING\"");
    let (ok, said) = s.run(&promote, &env);
    assert!(ok, "{said}");
    (revision, true)
}

/// The rollback workflow, for production, with `revision` as its input:
/// success, and what it printed and called.
fn rollback(s: &Steps, revision: &str) -> (bool, String) {
    let script = s.step(".github/workflows/rollback.yml", "rollback", "rolling back to");
    s.forget_calls();
    let (ok, said) = s.run(&script, &[("TARGET", "production"), ("REVISION", revision)]);
    (ok, format!("{said}{}", s.calls()))
}

fn rolled_back_to(said: &str, revision: &str) -> bool {
    said.contains(&format!(
        "run services update-traffic notes-api --region europe-west3 --to-revisions {revision}=100"
    ))
}

#[test]
fn a_rollback_returns_to_the_revision_the_last_promoted_deploy_tagged() {
    let s = service(&[("tool: platform-config", "tool: terraform")]);
    let (a, _) = deploy(&s, "aaaaaaa000", false);
    let (b, promoted) = deploy(&s, "bbbbbbb000", false);
    assert!(promoted);
    // The promotion tagged the revision it replaced, before moving the traffic.
    assert!(
        s.calls()
            .contains(&format!("--update-tags previous={a} --to-latest")),
        "{}",
        s.state()["traffic"]
    );
    let (ok, said) = rollback(&s, "");
    assert!(ok && rolled_back_to(&said, &a), "{said}");
    assert!(
        said.contains(&format!("tagged previous by the deploy that replaced it: {a}")),
        "{said}"
    );

    // A, B promoted, C rejected as a canary, D promoted: the newest
    // revision older than D is the rejected C; the tag names B.
    reset(&s);
    deploy(&s, "aaaaaaa000", false);
    let (b2, _) = deploy(&s, "bbbbbbb000", false);
    assert_eq!(b, b2);
    let (c, promoted) = deploy(&s, "ccccccc000", true);
    assert!(!promoted);
    // The rejected canary is not tagged `previous`; the mark stays on A.
    let traffic = s.state()["traffic"].clone();
    let marked: Vec<&serde_json::Value> = traffic
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["tag"] == "previous")
        .collect();
    assert!(
        marked.len() == 1 && marked[0]["revisionName"] == a.as_str(),
        "{traffic}"
    );
    deploy(&s, "ddddddd000", false);
    let state = s.state();
    let (ok, said) = rollback(&s, "");
    assert!(
        ok && rolled_back_to(&said, &b) && !rolled_back_to(&said, &c),
        "{said}"
    );

    // Without the tag, the old rule picks the rejected canary, and says
    // which rule it used.
    let mut untagged = state.clone();
    untagged["traffic"] = serde_json::Value::Array(
        untagged["traffic"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["tag"] != "previous")
            .cloned()
            .collect(),
    );
    s.set_state(&untagged);
    let (ok, said) = rollback(&s, "");
    assert!(ok && rolled_back_to(&said, &c), "{said}");
    assert!(
        said.contains("::warning::no revision is tagged previous")
            && said.contains("run again naming the revision"),
        "{said}"
    );
    s.set_state(&state);

    // A named revision wins over the tag.
    let (ok, said) = rollback(&s, &a);
    assert!(ok && rolled_back_to(&said, &a), "{said}");
    // Left empty, the next one returns to the tagged B; once B, tagged,
    // serves, the one after goes on to the revision before it, and says so.
    let (ok, said) = rollback(&s, "");
    assert!(ok && rolled_back_to(&said, &b), "{said}");
    let (ok, said) = rollback(&s, "");
    assert!(
        ok && said.contains(&format!("{b}, tagged previous, is the serving one"))
            && rolled_back_to(&said, &a),
        "{said}"
    );
}

/// A rolling deploy tags the serving revision before the new one takes
/// its traffic.
#[test]
fn a_rolling_deploy_tags_the_revision_it_replaces() {
    let s = service(&[
        ("tool: platform-config", "tool: terraform"),
        ("strategy: canary", "strategy: rolling"),
    ]);
    let (a, _) = deploy(&s, "aaaaaaa000", false);
    s.forget_calls();
    deploy(&s, "bbbbbbb000", false);
    let calls = s.calls();
    let tagged = calls.find(&format!("--update-tags previous={a}")).expect(&calls);
    assert!(
        tagged < calls.find("run deploy notes-api").expect(&calls),
        "{calls}"
    );
    let (ok, said) = rollback(&s, "");
    assert!(ok && rolled_back_to(&said, &a), "{said}");
}

/// The service YAML path (yq rewrites the file, so its steps are read
/// here, not run) keeps the tag in the traffic it applies whole.
#[test]
fn the_service_yaml_keeps_the_tag_in_the_traffic_it_replaces() {
    let s = service(&[]);
    let keep = s.step(DEPLOY, "deploy-production", "marked=$(jq");
    assert!(
        keep.contains(r#"select(.tag == "previous")"#)
            && keep.contains(r#"{"revisionName": strenv(marked), "percent": 0, "tag": "previous"}"#),
        "{keep}"
    );
    let rolling = service(&[("strategy: canary", "strategy: rolling")]);
    let keep = rolling.step(DEPLOY, "deploy-production", "marked=$(jq");
    assert!(
        keep.contains(
            r#".spec.traffic += [{"revisionName": strenv(serving), "percent": 0, "tag": "previous"}]"#
        ),
        "{keep}"
    );
}
