//! Behaviour on a real terminal, through `script` (util-linux) so the
//! binary sees a pseudo-terminal: the confirmation prompt and colour.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::support::Test;

/// Runs shipspec with `args` on a pseudo-terminal, typing `input`.
fn on_tty(t: &Test, args: &str, input: &str, env: &[(&str, &str)]) -> (i32, String) {
    let command = format!("{} {args}", env!("CARGO_BIN_EXE_shipspec"));
    let mut cmd = Command::new("script");
    cmd.args(["-qec", &command, "/dev/null"])
        .current_dir(t.dir.path())
        .env_remove("NO_COLOR")
        .env("TERM", "xterm")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("`script` (util-linux) runs");
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn apply_asks_once_on_a_terminal() {
    let t = Test::example();
    let (code, screen) = on_tty(&t, "apply", "n\n", &[]);
    assert_eq!(code, 1, "{screen}");
    assert!(screen.contains("Write 18 files? [y/N]"), "{screen}");
    assert!(!t.path("docs").exists(), "answering no writes nothing");

    let (code, screen) = on_tty(&t, "apply", "y\n", &[]);
    assert_eq!(code, 0, "{screen}");
    assert!(t.path("docs/specs/codebase_spec.md").exists());
    t.run(&["check"]).expect(0);
}

#[test]
fn diffs_are_coloured_on_a_terminal_unless_no_color() {
    let t = Test::example();
    let (code, screen) = on_tty(&t, "plan", "", &[]);
    assert_eq!(code, 0);
    assert!(screen.contains("\x1b[32m+"), "no colour on a terminal: {screen}");
    let (code, screen) = on_tty(&t, "plan", "", &[("NO_COLOR", "1")]);
    assert_eq!(code, 0);
    assert!(!screen.contains('\x1b'), "colour despite NO_COLOR");
    let (_, screen) = on_tty(&t, "plan --color never", "", &[]);
    assert!(!screen.contains('\x1b'));
}
