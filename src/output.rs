//! stdout carries the product (diffs, JSON); stderr the narration. A closed
//! pipe (`shipspec plan | head`) ends output quietly; any other failure to
//! write stdout (a full disk, a bad file descriptor) is remembered and turns
//! the exit code into 2, so a truncated plan never passes for a whole one.

use std::cell::RefCell;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

static STDOUT_FAILED: AtomicBool = AtomicBool::new(false);

/// What one service's command printed, held back so services run in
/// parallel (`--all`) print whole and in order.
#[derive(Debug, Default)]
pub struct Captured {
    pub stdout: String,
    pub stderr: String,
    /// What `check --format github` adds to `$GITHUB_STEP_SUMMARY`.
    pub summary: String,
}

thread_local! {
    static CAPTURE: RefCell<Option<Captured>> = const { RefCell::new(None) };
}

/// Runs `f` with this thread's output held back, and returns it.
pub fn capture<T>(f: impl FnOnce() -> T) -> (T, Captured) {
    CAPTURE.with(|c| *c.borrow_mut() = Some(Captured::default()));
    let value = f();
    let captured = CAPTURE.with(|c| c.borrow_mut().take()).unwrap_or_default();
    (value, captured)
}

/// Appends to the held-back output, if this thread is capturing.
fn held(text: &str, pick: fn(&mut Captured) -> &mut String) -> bool {
    CAPTURE.with(|c| match c.borrow_mut().as_mut() {
        Some(captured) => {
            pick(captured).push_str(text);
            true
        }
        None => false,
    })
}

pub fn stdout(text: &str) {
    if held(text, |c| &mut c.stdout) || STDOUT_FAILED.load(Ordering::Relaxed) {
        return;
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => {
            STDOUT_FAILED.store(true, Ordering::Relaxed);
            stderr(&format!("error: cannot write to standard output: {e}\n"));
        }
    }
}

/// True once a write to stdout failed for a reason other than a closed pipe.
pub fn stdout_failed() -> bool {
    STDOUT_FAILED.load(Ordering::Relaxed)
}

pub fn stderr(text: &str) {
    if held(text, |c| &mut c.stderr) {
        return;
    }
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

/// Appends `text` to the job summary file GitHub names in
/// `$GITHUB_STEP_SUMMARY` (held back like the rest when capturing).
pub fn step_summary(text: &str) {
    if held(text, |c| &mut c.summary) {
        return;
    }
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return;
    };
    let written = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path)
        .and_then(|mut f| f.write_all(text.as_bytes()));
    if let Err(e) = written {
        stderr(&format!("warning: cannot write $GITHUB_STEP_SUMMARY: {e}\n"));
    }
}
