//! Any bytes as an answers file, through load → resolve → render →
//! reconcile (against an empty project): every input must end in a value
//! or diagnostics, never a panic, a hang or unbounded memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    shipspec::fuzzing::answers(data);
});
