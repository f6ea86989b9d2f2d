//! The CPU and memory pairs a Fargate task can have (Linux, platform
//! 1.4.0): CPU in units (1024 = 1 vCPU), memory in MiB.

/// Each CPU size with its memory range and step.
const SIZES: &[(u32, u64, u64, u64)] = &[
    (256, 512, 2048, 512),
    (512, 1024, 4096, 1024),
    (1024, 2048, 8192, 1024),
    (2048, 4096, 16384, 1024),
    (4096, 8192, 30720, 1024),
    (8192, 16384, 61440, 4096),
    (16384, 32768, 122_880, 8192),
];

/// Every valid pair. 256 CPU units take 512, 1024 or 2048 MiB only.
pub(super) fn pairs() -> Vec<(u32, u64)> {
    SIZES
        .iter()
        .flat_map(|&(cpu, low, high, step)| {
            (low..=high)
                .step_by(usize::try_from(step).unwrap_or(1024))
                .filter(move |m| cpu != 256 || *m != 1536)
                .map(move |m| (cpu, m))
        })
        .collect()
}

pub(super) fn is_valid(cpu: u32, memory: u64) -> bool {
    pairs().contains(&(cpu, memory))
}

/// The valid pairs closest to an answer: same CPU first, then the nearest
/// memory.
pub(super) fn nearest(cpu: u32, memory: u64) -> Vec<(u32, u64)> {
    let mut all = pairs();
    all.sort_by_key(|&(c, m)| (c.abs_diff(cpu), m.abs_diff(memory), m));
    all.truncate(3);
    all.sort_unstable();
    all
}

/// `1 vCPU / 2 GB`, as people read a pair.
pub(super) fn label(cpu: u32, memory: u64) -> String {
    let vcpu = match cpu {
        256 => "0.25".to_owned(),
        512 => "0.5".to_owned(),
        c => (c / 1024).to_string(),
    };
    if memory % 1024 == 0 {
        format!("{vcpu} vCPU / {} GB", memory / 1024)
    } else {
        format!("{vcpu} vCPU / {memory} MiB")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_follow_the_fargate_table() {
        assert!(is_valid(1024, 2048));
        assert!(is_valid(256, 512));
        assert!(!is_valid(256, 1536));
        assert!(!is_valid(1024, 1024));
        assert!(is_valid(8192, 20480));
        assert!(!is_valid(8192, 18432));
        assert!(is_valid(16384, 122_880));
    }

    #[test]
    fn nearest_pairs_keep_the_cpu() {
        assert_eq!(
            nearest(1024, 1024),
            vec![(1024, 2048), (1024, 3072), (1024, 4096)]
        );
        assert_eq!(label(1024, 2048), "1 vCPU / 2 GB");
        assert_eq!(label(512, 1024), "0.5 vCPU / 1 GB");
    }
}
