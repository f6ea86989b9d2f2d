//! Any text as the four spec files, through the spec reader → resolve →
//! render: never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    shipspec::fuzzing::specs(data);
});
