//! Malformed answers files: each exits 2, names the line and column, and
//! leaves the project exactly as it was.

use crate::support::{EXAMPLE, Test};

struct Case {
    name: &'static str,
    bytes: Vec<u8>,
    /// `shipspec.yaml:LINE:COLUMN` as printed.
    location: String,
    code: &'static str,
    /// A fragment of the message or hint.
    says: &'static str,
}

fn example_with(from: &str, to: &str) -> Vec<u8> {
    assert!(EXAMPLE.contains(from), "example lacks {from:?}");
    EXAMPLE.replacen(from, to, 1).into_bytes()
}

/// `shipspec.yaml:L:C` where L is the line holding `needle` in `bytes`.
fn loc(bytes: &[u8], needle: &str, column: usize) -> String {
    let text = String::from_utf8_lossy(bytes);
    let line = text
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line holds {needle:?}"))
        + 1;
    format!("shipspec.yaml:{line}:{column}")
}

fn case(
    name: &'static str,
    bytes: Vec<u8>,
    at: (&str, usize),
    code: &'static str,
    says: &'static str,
) -> Case {
    let location = if at.0.is_empty() {
        format!("shipspec.yaml:1:{}", at.1)
    } else {
        loc(&bytes, at.0, at.1)
    };
    Case {
        name,
        bytes,
        location,
        code,
        says,
    }
}

fn cases() -> Vec<Case> {
    let long = format!(
        "version: 1\ninfrastructure:\n  hosting: \"{}\"\n",
        "x".repeat(100 * 1024)
    );
    let mut non_utf8 = b"version: 1\nproject:\n  name: caf".to_vec();
    non_utf8.extend([0xC3, 0x28]);
    non_utf8.extend(b"\n");
    vec![
        // libyaml reports an unterminated string where the stream ends.
        Case {
            name: "bad yaml",
            bytes: b"version: 1\nproject:\n  name: \"unterminated\n".to_vec(),
            location: "shipspec.yaml:4:1".into(),
            code: "SS001",
            says: "while scanning a quoted scalar",
        },
        case("empty file", Vec::new(), ("", 1), "SS003", "shipspec init"),
        case(
            "only comments",
            b"# to do\n\n".to_vec(),
            ("", 1),
            "SS003",
            "empty",
        ),
        case(
            "list at top level",
            b"- version\n- 1\n".to_vec(),
            ("", 1),
            "SS005",
            "top level of shipspec.yaml is a mapping",
        ),
        case(
            "string where a number goes",
            example_with("port: 8080", "port: eighty"),
            ("port: eighty", 9),
            "SS005",
            "invalid type: string \"eighty\", expected u32",
        ),
        case(
            "number where an answer goes",
            example_with(
                "  iac:\n    answer: \"fly.toml describes the Fly.io setup and lives in the git repository.\"\n    tool: platform-config\n",
                "  iac: 42\n",
            ),
            ("iac: 42", 8),
            "SS005",
            "expected the answer as a string, or a mapping",
        ),
        case(
            "unknown top-level key",
            example_with("project:", "projct:"),
            ("projct:", 1),
            "SS004",
            "did you mean `project`?",
        ),
        case(
            "unknown nested key",
            example_with("    platform: fly", "    plaform: fly"),
            ("plaform: fly", 5),
            "SS004",
            "did you mean `platform`?",
        ),
        case(
            "bad enum value",
            example_with("strategy: rolling", "strategy: bluegren"),
            ("strategy: bluegren", 15),
            "SS006",
            "did you mean `bluegreen`?",
        ),
        case(
            "negative number",
            example_with("min_instances: 2", "min_instances: -2"),
            ("min_instances: -2", 20),
            "SS010",
            "cannot be negative",
        ),
        case(
            "missing required answer",
            example_with(
                "  performance:\n    answer: \"Fly.io metrics for the basics; p95 response time under 200 ms and error rate under 1%.\"\n    p95_ms: 200\n    error_rate_percent: 1\n",
                "",
            ),
            ("operations:", 1),
            "SS008",
            "Q20 (performance) is not answered",
        ),
        case(
            "missing structured field",
            // The words name no region either: nothing to read the primary from.
            example_with(
                "    answer: \"US East only for now, since most users are in the US. EU may follow if European customers arrive.\"\n    primary: iad\n",
                "    answer: \"Close to where our users are.\"\n",
            ),
            ("  regions:", 3),
            "SS009",
            "primary: iad",
        ),
        case(
            "unsupported version",
            example_with("version: 1", "version: 2"),
            ("version: 2", 1),
            "SS007",
            "unsupported answers file version 2",
        ),
        case(
            "no version",
            example_with("version: 1\n", ""),
            ("", 1),
            "SS007",
            "add `version: 1`",
        ),
        case(
            "a value 100 KiB long",
            long.into_bytes(),
            ("hosting:", 12),
            "SS014",
            "the limit is 16384",
        ),
        case(
            "a file over 1 MiB",
            format!("version: 1\n# {}\n", "x".repeat(1024 * 1024)).into_bytes(),
            ("", 1),
            "SS070",
            "larger than 1024 KiB",
        ),
        case(
            "nesting 100000 deep",
            format!(
                "version: 1\nproject: {}{}\n",
                "[".repeat(100_000),
                "]".repeat(100_000)
            )
            .into_bytes(),
            ("project:", 42),
            "SS070",
            "nested more than 32 levels",
        ),
        case(
            "an alias bomb",
            format!(
                "version: 1\nproject:\n  name: x\noutputs:\n  skip: [&s \"{}\"{}]\n",
                "x".repeat(16 * 1024),
                ", *s".repeat(2000)
            )
            .into_bytes(),
            // The alias that crosses the budget: the 64th item (1 MiB over
            // 16 KiB), after `  skip: [&s "`, the value, `"` and 62 `, *s`.
            ("skip:", 13 + 16 * 1024 + 1 + 62 * 4 + 3),
            "SS070",
            "aliases here expand the file beyond 1024 KiB",
        ),
        case(
            "a number as an answer",
            example_with(
                "answer: \"Fly.io for simplicity",
                "answer: 12\n    x: \"Fly.io for simplicity",
            ),
            ("answer: 12", 13),
            "SS005",
            "expected the answer in words",
        ),
        case(
            "non-UTF-8 bytes",
            non_utf8,
            ("name: caf", 12),
            "SS002",
            "not valid UTF-8",
        ),
        case(
            "bad duration",
            example_with("rto: 2h", "rto: soon"),
            ("rto: soon", 10),
            "SS010",
            "a duration such as `90s`",
        ),
        case(
            "bad memory size",
            example_with("memory: 1gb", "memory: 1tb"),
            ("memory: 1tb", 13),
            "SS010",
            "a memory size",
        ),
        case(
            "duplicate key",
            example_with("    platform: fly\n", "    platform: fly\n    platform: aws\n"),
            ("platform: aws", 5),
            "SS017",
            "`platform` is written twice",
        ),
        case(
            "tab indentation",
            b"version: 1\nproject:\n\tname: x\n".to_vec(),
            ("\tname", 1),
            "SS001",
            "",
        ),
        case(
            "max below min",
            example_with("max_instances: 5", "max_instances: 1"),
            ("max_instances: 1", 5),
            "SS012",
            "max_instances (1) is below min_instances (2)",
        ),
        case(
            "name not DNS-safe",
            example_with("name: notes-api", "name: Notes_API"),
            ("name: Notes_API", 3),
            "SS011",
            "notes-api",
        ),
        case(
            "port out of range",
            example_with("port: 8080", "port: 0"),
            ("port: 0", 3),
            "SS010",
            "outside 1–65535",
        ),
        case(
            "framework of another language",
            example_with("framework: fastapi", "framework: express"),
            ("framework: express", 3),
            "SS018",
            "`express` goes with `language: node`",
        ),
        case(
            "secure without audits",
            example_with("quality: production", "quality: secure"),
            ("security:", 1),
            "SS013",
            "requires an answer to Q12",
        ),
    ]
}

#[test]
fn malformed_answers_exit_2_located_and_write_nothing() {
    let cases = cases();
    assert!(cases.len() >= 15);
    let mut failures = Vec::new();
    for case in cases {
        let t = Test::new();
        t.write("shipspec.yaml", &case.bytes);
        let before = t.tree();
        for command in [
            &["validate"][..],
            &["plan"],
            &["apply", "--yes"],
            &["check"],
            &["explain"],
        ] {
            let run = t.run(command);
            let err = &run.stderr;
            if run.code != 2
                || !err.contains(&case.location)
                || !err.contains(&format!("error[{}]", case.code))
                || !err.contains(case.says)
            {
                let shown: String = err.chars().take(1500).collect();
                failures.push(format!(
                    "{} / {:?}: exit {}\n{shown}",
                    case.name, command, run.code
                ));
            }
            if t.tree() != before {
                failures.push(format!("{} / {:?}: files changed", case.name, command));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn diagnostics_show_the_line_and_a_caret() {
    let t = Test::example();
    t.edit_answers("platform: fly", "platform: flyy");
    let run = t.run(&["validate"]).expect(2);
    assert!(
        run.stderr.contains("  --> shipspec.yaml:16:15\n   |\n16 |     platform: flyy\n   |               ^\n   = at: infrastructure.hosting.platform\n   = help: did you mean `fly`?\n"),
        "{}",
        run.stderr
    );
}
