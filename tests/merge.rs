//! Hand edits survive regeneration: kept when shipspec has nothing new for
//! the file or region, merged three ways when it has, a conflict only where
//! the edit and shipspec's change overlap.

use crate::support::{Test, validate};
use crate::workflows::actionlint;

const CI: &str = ".github/workflows/ci.yml";
const SECURITY: &str = "docs/specs/security_spec.md";
const STEP: &str = "      - name: Migrate\n        run: alembic upgrade head\n";

fn add_step(t: &Test) -> String {
    let ci = t.read(CI);
    let anchor = "      - name: Test\n        run: pytest\n";
    assert!(ci.contains(anchor), "{ci}");
    let edited = ci.replacen(anchor, &format!("{anchor}{STEP}"), 1);
    t.write(CI, &edited);
    edited
}

fn statuses(t: &Test) -> Vec<(String, String, Option<String>)> {
    let run = t.run(&["plan", "--format", "json"]).expect(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] != "unchanged" && f["status"] != "skip")
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["status"].as_str().unwrap().to_owned(),
                f["detail"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

fn validate_workflows(t: &Test) {
    let dir = t.dir.path();
    let files = [CI.to_owned(), ".github/workflows/deploy.yml".to_owned()];
    validate(
        dir,
        "check-jsonschema",
        &[
            "--builtin-schema",
            "vendor.github-workflows",
            &files[0],
            &files[1],
        ],
    );
    actionlint(dir, &files);
    let yamllint_config = concat!(env!("CARGO_MANIFEST_DIR"), "/.yamllint.yml");
    validate(
        dir,
        "yamllint",
        &["--strict", "-c", yamllint_config, ".github/workflows"],
    );
    let out = std::process::Command::new(crate::support::tool("zizmor"))
        .args(["--offline", "--no-progress", ".github/workflows"])
        .current_dir(dir)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && text.contains("No findings to report"),
        "zizmor found:\n{text}"
    );
}

#[test]
fn a_step_added_by_hand_survives_answer_changes() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    let edited = add_step(&t);

    // An answer that does not touch ci.yml: the edit is kept, nothing to do.
    t.edit_answers("p95_ms: 200", "p95_ms: 250");
    let plan = t.run(&["plan"]).expect(0).stdout;
    assert!(plan.contains(&format!("  edited    {CI}  (kept)\n")), "{plan}");
    assert!(
        !plan.contains(&format!("+++ b/{CI}")),
        "no diff for a kept file: {plan}"
    );
    assert!(plan.contains(" 1 edited (kept),"), "{plan}");
    assert!(
        statuses(&t).contains(&(CI.to_owned(), "edited".to_owned(), Some("kept".to_owned()))),
        "{:?}",
        statuses(&t)
    );
    t.run(&["apply", "--yes"]).expect(0);
    assert_eq!(t.read(CI), edited);
    t.run(&["check"]).expect(0);

    // An answer that changes ci.yml elsewhere: the two merge.
    t.edit_answers("branch: main}", "branch: trunk}");
    let plan = t.run(&["plan"]).expect(0).stdout;
    assert!(
        plan.contains(&format!("  merge     {CI}  (your edits kept)\n")),
        "{plan}"
    );
    assert!(plan.contains("-      - \"main\"\n+      - \"trunk\"\n"), "{plan}");
    assert!(plan.contains(" 1 to merge,"), "{plan}");
    let check = t.run(&["check", "--format", "json"]).expect(1);
    assert!(check.stdout.contains("\"status\": \"merge\""), "{}", check.stdout);
    t.run(&["apply", "--yes"]).expect(0);
    let merged = t.read(CI);
    assert_eq!(merged, edited.replace("- \"main\"", "- \"trunk\""));
    t.run(&["check"]).expect(0);
    // The base copy is the pure render; the lock records both.
    let base = t.read(&format!(".shipspec/base/{CI}"));
    assert_eq!(base, merged.replace(STEP, ""));
    let lock = t.read(".shipspec/lock.toml");
    assert!(lock.contains("base_sha256 = \""), "{lock}");
    validate_workflows(&t);

    // The next change still knows the step is the user's.
    t.edit_answers("branch: trunk}", "branch: main}");
    t.run(&["apply", "--yes"]).expect(0);
    assert_eq!(t.read(CI), edited);
    t.run(&["check"]).expect(0);
}

#[test]
fn an_edit_on_the_line_shipspec_changes_is_a_conflict() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    t.write(
        CI,
        t.read(CI)
            .replace("      - \"main\"\n", "      - \"main\"\n      - \"release\"\n"),
    );
    t.edit_answers("branch: main}", "branch: trunk}");
    let before = t.tree();
    let run = t.run(&["apply", "--yes"]).expect(1);
    assert!(
        run.stdout.contains(&format!(
            "  conflict  {CI}  (edited since last apply; overlaps shipspec's change at line 8)\n"
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!(
            "conflict in {CI}, line 8:\n  yours:\n          - \"main\"\n          - \"release\"\n  last written by shipspec:\n          - \"main\"\n  new from the answers:\n          - \"trunk\"\n"
        )),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert_eq!(t.tree(), before, "nothing written on conflict");
    let json = t.run(&["plan", "--format", "json"]).expect(0).stdout;
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let file = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == CI)
        .unwrap();
    assert_eq!(file["status"], "conflict");
    assert_eq!(
        file["clashes"],
        serde_json::json!([{
            "line": 8,
            "ours": "      - \"main\"\n      - \"release\"\n",
            "base": "      - \"main\"\n",
            "theirs": "      - \"trunk\"\n",
        }])
    );
    // --force overwrites, and says what it throws away.
    let run = t.run(&["apply", "--yes", "--force"]).expect(0);
    assert!(
        run.stderr.contains(&format!(
            "warning: overwriting {CI}; these hand edits are discarded:\n"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("    +      - \"release\"\n"),
        "{}",
        run.stderr
    );
    assert!(!t.read(CI).contains("release"));
    t.run(&["check"]).expect(0);
}

#[test]
fn merge_markers_round_trip() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    t.write(
        CI,
        t.read(CI).replace("      - \"main\"\n", "      - \"develop\"\n"),
    );
    t.edit_answers("branch: main}", "branch: trunk}");
    let run = t.run(&["apply", "--yes", "--merge-markers"]).expect(0);
    assert!(
        run.stderr.contains(&format!(
            "warning: {CI} gets conflict markers; resolve them, then run `shipspec check`\n"
        )),
        "{}",
        run.stderr
    );
    let marked = t.read(CI);
    assert!(
        marked.contains(
            "<<<<<<< yours\n      - \"develop\"\n||||||| last written by shipspec\n      - \"main\"\n=======\n      - \"trunk\"\n>>>>>>> shipspec.yaml\n"
        ),
        "{marked}"
    );
    // The rest of the plan was applied.
    assert!(
        t.read(".github/workflows/deploy.yml")
            .contains("refs/heads/trunk")
    );
    let check = t.run(&["check"]).expect(1);
    assert!(
        check
            .stdout
            .contains(&format!("  conflict  {CI}  (unresolved merge markers)\n")),
        "{}",
        check.stdout
    );
    // Resolved by keeping the user's branch: their edit from then on.
    let start = marked.find("<<<<<<< yours\n").unwrap();
    let end = marked.find(">>>>>>> shipspec.yaml\n").unwrap() + ">>>>>>> shipspec.yaml\n".len();
    let resolved = format!("{}      - \"develop\"\n{}", &marked[..start], &marked[end..]);
    t.write(CI, &resolved);
    t.run(&["check"]).expect(0);
    let plan = t.run(&["plan"]).expect(0).stdout;
    assert!(plan.contains(&format!("  edited    {CI}  (kept)\n")), "{plan}");
}

#[test]
fn an_edit_then_reverted_is_shipspec_s_again() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    let original = t.read(CI);
    add_step(&t);
    t.run(&["check"]).expect(0);
    t.write(CI, &original);
    t.edit_answers("branch: main}", "branch: trunk}");
    let plan = t.run(&["plan"]).expect(0).stdout;
    assert!(plan.contains(&format!("  update    {CI}\n")), "{plan}");
    t.run(&["apply", "--yes"]).expect(0);
    assert!(!t.read(".shipspec/lock.toml").contains("base_sha256"));
    t.run(&["check"]).expect(0);
}

#[test]
fn a_template_change_in_a_new_version_merges_with_hand_edits() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    // What an older version of shipspec wrote, and the user's step on it.
    let render = t.read(CI);
    let old = render.replace("      - name: Lint\n", "      - name: Lint the code\n");
    assert_ne!(old, render);
    t.write(&format!(".shipspec/base/{CI}"), &old);
    let edited = old.replacen(
        "        run: pytest\n",
        &format!("        run: pytest\n{STEP}"),
        1,
    );
    t.write(CI, &edited);
    assert_eq!(
        statuses(&t),
        [(
            CI.to_owned(),
            "merge".to_owned(),
            Some("your edits kept".to_owned())
        )]
    );
    t.run(&["apply", "--yes"]).expect(0);
    let merged = t.read(CI);
    assert_eq!(
        merged,
        render.replacen(
            "        run: pytest\n",
            &format!("        run: pytest\n{STEP}"),
            1
        )
    );
    t.run(&["check"]).expect(0);
}

#[test]
fn a_spec_region_edited_in_one_paragraph_merges_with_a_change_in_another() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    let spec = t.read(SECURITY);
    // The user's words go into the quoted paragraph; shipspec's change is
    // in the list below it.
    let quote = "> Google OAuth for people, API keys for programs.\n";
    assert!(spec.contains(quote), "{spec}");
    let note = "> Service accounts get their own keys, rotated yearly.\n";
    let edited = spec.replacen(quote, &format!("{quote}{note}"), 1);
    t.write(SECURITY, &edited);
    // Nothing new for that region: kept.
    t.edit_answers("p95_ms: 200", "p95_ms: 250");
    assert!(statuses(&t).contains(&(
        SECURITY.to_owned(),
        "edited".to_owned(),
        Some("kept: authentication".to_owned())
    )));
    t.run(&["apply", "--yes"]).expect(0);
    assert_eq!(t.read(SECURITY), edited);
    t.run(&["check"]).expect(0);
    // A change to the same region in another paragraph: merged.
    t.edit_answers("oauth_providers: [google]", "oauth_providers: [google, github]");
    let plan = t.run(&["plan"]).expect(0).stdout;
    assert!(
        plan.contains(&format!(
            "  merge     {SECURITY}  (1 section; merged with your edits: authentication)\n"
        )),
        "{plan}"
    );
    t.run(&["apply", "--yes"]).expect(0);
    let merged = t.read(SECURITY);
    assert!(
        merged.contains("- **OAuth providers:** google, github"),
        "{merged}"
    );
    assert!(merged.contains(note), "{merged}");
    t.run(&["check"]).expect(0);
}

#[test]
fn nothing_is_lost_without_force() {
    let t = Test::example();
    t.run(&["apply", "--yes"]).expect(0);
    let spec = t.read(SECURITY);
    let line = "- **OAuth providers:** google\n";
    assert!(spec.contains(line), "{spec}");
    t.write(
        SECURITY,
        spec.replacen(
            line,
            "- **OAuth providers:** google (workspace accounts only)\n",
            1,
        ),
    );
    t.edit_answers("oauth_providers: [google]", "oauth_providers: [google, github]");
    let before = t.tree();
    let run = t.run(&["apply", "--yes"]).expect(1);
    assert!(
        run.stdout.contains(&format!(
            "  conflict  {SECURITY}  (1 section edited since last apply: authentication)\n"
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(&format!("conflict in {SECURITY}, section authentication, line ")),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains(&format!("--- a/{SECURITY}#authentication\n")),
        "{}",
        run.stderr
    );
    assert_eq!(t.tree(), before);
    t.run(&["check"]).expect(1);
}
