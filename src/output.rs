//! stdout carries the product (diffs, JSON); stderr the narration. A closed
//! pipe (`shipspec plan | head`) ends output quietly; any other failure to
//! write stdout (a full disk, a bad file descriptor) is remembered and turns
//! the exit code into 2, so a truncated plan never passes for a whole one.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

static STDOUT_FAILED: AtomicBool = AtomicBool::new(false);

pub fn stdout(text: &str) {
    if STDOUT_FAILED.load(Ordering::Relaxed) {
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
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}
