//! Answered sizes as Kubernetes quantities. Memory answers are mebibytes
//! (`1gb` is 1024); a quantity holds at most 2^63-1 bytes.

use crate::answers::units::Memory;

const MEBIBYTE: u64 = 1024 * 1024;

/// `1Gi`, `1536Mi`; `None` when the size is beyond what a quantity holds.
pub(super) fn memory(memory: Memory) -> Option<String> {
    let mb = memory.megabytes();
    if mb
        .checked_mul(MEBIBYTE)
        .is_none_or(|bytes| bytes > i64::MAX as u64)
    {
        return None;
    }
    Some(if mb >= 1024 && mb % 1024 == 0 {
        format!("{}Gi", mb / 1024)
    } else {
        format!("{mb}Mi")
    })
}

pub(super) fn cpus(cpus: u32) -> String {
    cpus.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_quantities() {
        // The largest memory answer that makes a quantity, in megabytes.
        const MAX_MEMORY_MB: u64 = i64::MAX as u64 / MEBIBYTE;
        assert_eq!(memory(Memory(512)).as_deref(), Some("512Mi"));
        assert_eq!(memory(Memory(1024)).as_deref(), Some("1Gi"));
        assert_eq!(memory(Memory(1536)).as_deref(), Some("1536Mi"));
        assert_eq!(memory(Memory(MAX_MEMORY_MB)).as_deref(), Some("8796093022207Mi"));
        assert_eq!(memory(Memory(MAX_MEMORY_MB + 1)), None);
        assert_eq!(memory(Memory(u64::MAX)), None);
    }
}
