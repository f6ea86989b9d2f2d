//! Which events reach which deploy job, read from the generated YAML: the
//! workflow's `on:` filters and each job's `if:` are evaluated for a set of
//! events (pushes to branches and tags, manual runs with each input, pull
//! requests), with a small evaluator of the expression subset the
//! generator writes. Any other syntax fails the test rather than guessing.

use std::collections::BTreeSet;

use serde_norway::Value;

use crate::workflows::example;

/// A GitHub event as the workflow sees it.
#[derive(Clone, Debug)]
struct Event {
    name: &'static str,
    git_ref: String,
    /// `inputs.environment` of a manual run.
    environment: Option<&'static str>,
}

fn push(git_ref: &str) -> Event {
    Event {
        name: "push",
        git_ref: git_ref.to_owned(),
        environment: None,
    }
}

fn dispatch(git_ref: &str, environment: &'static str) -> Event {
    Event {
        name: "workflow_dispatch",
        git_ref: git_ref.to_owned(),
        environment: Some(environment),
    }
}

fn pull_request() -> Event {
    Event {
        name: "pull_request",
        git_ref: "refs/pull/7/merge".to_owned(),
        environment: None,
    }
}

/// GitHub's filter glob, as far as the generator uses it: `*` matches any
/// run of characters except `/`.
fn glob(pattern: &str, text: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == text,
        Some((head, tail)) => {
            let Some(rest) = text.strip_prefix(head) else {
                return false;
            };
            (0..=rest.len())
                .take_while(|&i| !rest[..i].contains('/'))
                .any(|i| glob(tail, &rest[i..]))
        }
    }
}

fn strings(v: &Value) -> Vec<String> {
    v.as_sequence()
        .map(|s| s.iter().map(|x| x.as_str().unwrap().to_owned()).collect())
        .unwrap_or_default()
}

/// Does the workflow start at all for this event?
fn triggers(workflow: &Value, event: &Event) -> bool {
    let on = &workflow["on"];
    let Some(filter) = on.get(event.name) else {
        return false;
    };
    match event.name {
        "push" => {
            let (kind, name) = if let Some(b) = event.git_ref.strip_prefix("refs/heads/") {
                ("branches", b)
            } else {
                ("tags", event.git_ref.strip_prefix("refs/tags/").unwrap())
            };
            let has_filters = filter.get("branches").is_some() || filter.get("tags").is_some();
            match filter.get(kind) {
                Some(list) => strings(list).iter().any(|p| glob(p, name)),
                // A push filter on the other kind only: this kind never runs.
                None => !has_filters,
            }
        }
        "workflow_dispatch" => {
            let options = strings(&filter["inputs"]["environment"]["options"]);
            options.iter().any(|o| Some(o.as_str()) == event.environment)
        }
        _ => true,
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Ident(String),
    Str(String),
    Op(&'static str),
}

fn tokens(expr: &str) -> Vec<Token> {
    let chars: Vec<char> = expr.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
        if c.is_whitespace() {
            i += 1;
        } else if let Some(op) = ["==", "!=", "&&", "||"].into_iter().find(|op| *op == two) {
            out.push(Token::Op(op));
            i += 2;
        } else if let Some(op) = ["(", ")", ",", "!"].into_iter().find(|op| op.starts_with(c)) {
            out.push(Token::Op(op));
            i += 1;
        } else if c == '\'' {
            let end = i
                + 1
                + chars[i + 1..]
                    .iter()
                    .position(|&x| x == '\'')
                    .expect("closed string");
            out.push(Token::Str(chars[i + 1..end].iter().collect()));
            i = end + 1;
        } else if c.is_ascii_alphabetic() {
            let len = chars[i..]
                .iter()
                .take_while(|x| x.is_ascii_alphanumeric() || **x == '.' || **x == '_')
                .count();
            out.push(Token::Ident(chars[i..i + len].iter().collect()));
            i += len;
        } else {
            panic!("unexpected {c:?} in {expr}");
        }
    }
    out
}

#[derive(Clone, Debug, PartialEq)]
enum Val {
    Str(String),
    Bool(bool),
}

impl Val {
    fn truthy(&self) -> bool {
        match self {
            Val::Str(s) => !s.is_empty(),
            Val::Bool(b) => *b,
        }
    }
}

/// Recursive descent over `||`, `&&`, `==`/`!=`, `!`, calls and parentheses.
struct Eval<'a> {
    tokens: Vec<Token>,
    at: usize,
    event: &'a Event,
}

impl Eval<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn eat(&mut self, op: &'static str) -> bool {
        let found = self.peek() == Some(&Token::Op(op));
        if found {
            self.at += 1;
        }
        found
    }

    fn or(&mut self) -> Val {
        let mut left = self.and();
        while self.eat("||") {
            let right = self.and();
            left = Val::Bool(left.truthy() || right.truthy());
        }
        left
    }

    fn and(&mut self) -> Val {
        let mut left = self.compare();
        while self.eat("&&") {
            let right = self.compare();
            left = Val::Bool(left.truthy() && right.truthy());
        }
        left
    }

    fn compare(&mut self) -> Val {
        let left = self.unary();
        if self.eat("==") {
            return Val::Bool(left == self.unary());
        }
        if self.eat("!=") {
            return Val::Bool(left != self.unary());
        }
        left
    }

    fn unary(&mut self) -> Val {
        if self.eat("!") {
            return Val::Bool(!self.unary().truthy());
        }
        if self.eat("(") {
            let v = self.or();
            assert!(self.eat(")"), "missing )");
            return v;
        }
        match self.tokens.get(self.at).cloned() {
            Some(Token::Str(s)) => {
                self.at += 1;
                Val::Str(s)
            }
            Some(Token::Ident(name)) => {
                self.at += 1;
                if self.eat("(") {
                    let a = self.or();
                    assert!(self.eat(","), "{name}: two arguments");
                    let b = self.or();
                    assert!(self.eat(")"), "{name}: missing )");
                    let (Val::Str(a), Val::Str(b)) = (a, b) else {
                        panic!("{name} on non-strings")
                    };
                    return match name.as_str() {
                        "startsWith" => Val::Bool(a.to_lowercase().starts_with(&b.to_lowercase())),
                        other => panic!("function {other} is not known to this test"),
                    };
                }
                Val::Str(match name.as_str() {
                    "github.event_name" => self.event.name.to_owned(),
                    "github.ref" => self.event.git_ref.clone(),
                    "inputs.environment" => self.event.environment.unwrap_or_default().to_owned(),
                    "github.event.schedule" => String::new(),
                    other => panic!("context {other} is not known to this test"),
                })
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}

fn eval(expr: &str, event: &Event) -> bool {
    let expr = expr.trim();
    let expr = expr
        .strip_prefix("${{")
        .and_then(|e| e.strip_suffix("}}"))
        .unwrap_or(expr);
    let mut e = Eval {
        tokens: tokens(expr),
        at: 0,
        event,
    };
    let v = e.or();
    assert_eq!(e.at, e.tokens.len(), "trailing tokens in {expr}");
    v.truthy()
}

/// The jobs an event runs: the workflow must start, each job's `if:` must
/// hold (default: it runs), and every job it `needs` must have run.
fn reached(workflow: &Value, event: &Event) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    if !triggers(workflow, event) {
        return out;
    }
    for (id, job) in workflow["jobs"].as_mapping().unwrap() {
        let id = id.as_str().unwrap().to_owned();
        let condition = job.get("if").is_none_or(|c| eval(c.as_str().unwrap(), event));
        let needs = match job.get("needs") {
            None => vec![],
            Some(Value::String(s)) => vec![s.clone()],
            Some(list) => strings(list),
        };
        if condition && needs.iter().all(|n| out.contains(n)) {
            out.insert(id);
        }
    }
    out
}

fn set(jobs: &[&str]) -> BTreeSet<String> {
    jobs.iter().map(|s| (*s).to_owned()).collect()
}

/// Applies the example (edited by `edits`) and checks each event's jobs.
#[track_caller]
fn expect(name: &str, edits: &[(&str, &str)], cases: &[(Event, &[&str])]) {
    let t = example(name);
    for (from, to) in edits {
        t.edit_answers(from, to);
    }
    t.run(&["apply", "--yes"]).expect(0);
    let workflow: Value = serde_norway::from_str(&t.read(".github/workflows/deploy.yml")).unwrap();
    for (event, jobs) in cases {
        assert_eq!(
            reached(&workflow, event),
            set(jobs),
            "{name} {edits:?}: {event:?}"
        );
    }
    // Every deploy job is in its GitHub environment, whatever its trigger.
    for (id, job) in workflow["jobs"].as_mapping().unwrap() {
        let id = id.as_str().unwrap();
        let env = job["environment"]["name"].as_str().unwrap();
        assert_eq!(id, format!("deploy-{env}"));
    }
}

#[test]
fn the_evaluator_reads_what_github_reads() {
    let e = dispatch("refs/heads/main", "production");
    assert!(eval("github.event_name == 'workflow_dispatch'", &e));
    assert!(!eval(
        "github.event_name == 'push' || inputs.environment == 'staging'",
        &e
    ));
    assert!(eval(
        "(github.event_name == 'push' || inputs.environment == 'production') && github.ref == 'refs/heads/main'",
        &e
    ));
    assert!(!eval("!(github.ref == 'refs/heads/main')", &e));
    assert!(eval("startsWith(github.ref, 'refs/heads/')", &e));
    assert!(glob("v*", "v1.2.3") && !glob("v*", "x1") && !glob("v*", "v1/x") && glob("main", "main"));
}

#[test]
fn push_then_manual_production_never_deploys_production_on_push() {
    let main = "refs/heads/main";
    expect(
        "fly-fastapi",
        &[],
        &[
            (push(main), &["deploy-staging"]),
            (push("refs/heads/feature"), &[]),
            (push("refs/tags/v1.0.0"), &[]),
            (pull_request(), &[]),
            (dispatch(main, "staging"), &["deploy-staging"]),
            (dispatch(main, "production"), &["deploy-production"]),
            // Not from another branch, and not for a name not offered.
            (dispatch("refs/heads/feature", "production"), &[]),
            (dispatch("refs/heads/feature", "staging"), &[]),
            (dispatch(main, "qa"), &[]),
        ],
    );
}

#[test]
fn push_only_deploys_on_its_branch() {
    expect(
        "fly-axum",
        &[],
        &[
            (push("refs/heads/main"), &["deploy-production"]),
            (push("refs/heads/dev"), &[]),
            (push("refs/tags/v2.0.0"), &[]),
            (dispatch("refs/heads/main", "production"), &["deploy-production"]),
            (dispatch("refs/heads/dev", "production"), &[]),
            (pull_request(), &[]),
        ],
    );
}

#[test]
fn manual_only_runs_from_the_actions_tab() {
    expect(
        "fly-go-manual",
        &[],
        &[
            (push("refs/heads/main"), &[]),
            (push("refs/tags/v1.0.0"), &[]),
            (pull_request(), &[]),
            (dispatch("refs/heads/main", "production"), &["deploy-production"]),
            (dispatch("refs/heads/other", "production"), &[]),
        ],
    );
}

#[test]
fn tag_deploys_run_only_on_tags() {
    expect(
        "fly-express-secure",
        &[],
        &[
            (push("refs/heads/main"), &["deploy-staging"]),
            (push("refs/tags/v1.4.0"), &["deploy-production"]),
            (push("refs/tags/release-1"), &[]),
            (push("refs/heads/v1"), &[]),
            (dispatch("refs/tags/v1.4.0", "production"), &["deploy-production"]),
            // A manual run from a branch never reaches the tag environment.
            (dispatch("refs/heads/main", "production"), &[]),
            (dispatch("refs/heads/main", "staging"), &["deploy-staging"]),
            (pull_request(), &[]),
        ],
    );
}

#[test]
fn manual_environment_from_its_own_branch_and_three_environments() {
    // push to develop → dev; manual from main → staging; tag → production.
    expect(
        "fly-fastapi",
        &[(
            "      - {name: staging, trigger: push, branch: main}\n      - {name: production, trigger: manual}",
            "      - {name: dev, trigger: push, branch: develop}\n      - {name: staging, trigger: manual, branch: main}\n      - {name: production, trigger: tag}",
        )],
        &[
            (push("refs/heads/develop"), &["deploy-dev"]),
            (push("refs/heads/main"), &[]),
            (push("refs/tags/v3.0.0"), &["deploy-production"]),
            (dispatch("refs/heads/main", "staging"), &["deploy-staging"]),
            (dispatch("refs/heads/develop", "staging"), &[]),
            (dispatch("refs/heads/develop", "dev"), &["deploy-dev"]),
            (dispatch("refs/tags/v3.0.0", "production"), &["deploy-production"]),
            (dispatch("refs/tags/v3.0.0", "staging"), &[]),
        ],
    );
}
