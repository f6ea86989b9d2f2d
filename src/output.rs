//! stdout carries the product (diffs, JSON); stderr the narration. A closed
//! pipe (`shipspec plan | head`) ends output quietly.

use std::io::Write;

pub fn stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

pub fn stderr(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}
