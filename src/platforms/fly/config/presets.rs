//! Fly's machine sizes (`[[vm]] size`), and how Fly reads memory and
//! durations written in fly.toml.
//!
//! Facts, as flyctl and fly-go read them: a `size` sets CPU kind, CPU count
//! and memory together (a GPU size adds its GPU); then `memory` (a size
//! string, or a plain number of MB) replaces the preset's memory; then
//! `cpu_kind`, `cpus` and `memory_mb` written beside it replace the
//! preset's, so `memory_mb` wins over `memory`. Without a `size`, the base
//! is `shared-cpu-1x`.

/// A machine size: CPU kind, CPU count, memory, and the GPU it comes with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    pub name: &'static str,
    pub cpu_kind: &'static str,
    pub cpus: u32,
    pub memory_mb: u64,
    pub gpu: Option<&'static str>,
}

const fn shared(name: &'static str, cpus: u32) -> Preset {
    Preset {
        name,
        cpu_kind: "shared",
        cpus,
        memory_mb: 256 * cpus as u64,
        gpu: None,
    }
}

const fn performance(name: &'static str, cpus: u32) -> Preset {
    Preset {
        name,
        cpu_kind: "performance",
        cpus,
        memory_mb: 2048 * cpus as u64,
        gpu: None,
    }
}

const fn gpu(name: &'static str, kind: &'static str) -> Preset {
    Preset {
        name,
        cpu_kind: "performance",
        cpus: 8,
        memory_mb: 32768,
        gpu: Some(kind),
    }
}

/// Every size Fly offers (fly-go's `MachinePresets`).
pub const PRESETS: &[Preset] = &[
    shared("shared-cpu-1x", 1),
    shared("shared-cpu-2x", 2),
    shared("shared-cpu-4x", 4),
    shared("shared-cpu-6x", 6),
    shared("shared-cpu-8x", 8),
    performance("performance-1x", 1),
    performance("performance-2x", 2),
    performance("performance-4x", 4),
    performance("performance-6x", 6),
    performance("performance-8x", 8),
    performance("performance-10x", 10),
    performance("performance-12x", 12),
    performance("performance-14x", 14),
    performance("performance-16x", 16),
    gpu("a10", "a10"),
    gpu("a100-40gb", "a100-pcie-40gb"),
    gpu("a100-80gb", "a100-sxm4-80gb"),
    gpu("l40s", "l40s"),
];

pub fn preset(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// Memory per CPU a machine takes, in MB, by CPU kind (as for the answers).
pub fn memory_per_cpu(cpu_kind: &str) -> (u64, u64) {
    if cpu_kind == "performance" {
        (2048, 8192)
    } else {
        (256, 2048)
    }
}

/// MB from a memory value as Fly reads it: a plain number is MB; text is a
/// number with a binary unit (`512mb`, `1gb`, `2GiB`, `1g`).
pub fn memory_mb(value: &toml_edit::Value) -> Option<u64> {
    match value {
        toml_edit::Value::Integer(n) => u64::try_from(*n.value()).ok(),
        toml_edit::Value::String(s) => parse_memory(s.value()),
        _ => None,
    }
}

fn parse_memory(text: &str) -> Option<u64> {
    let text = text.trim().to_ascii_lowercase();
    if let Ok(mb) = text.parse::<u64>() {
        return Some(mb);
    }
    let split = text.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let unit = unit.trim_start();
    let unit = unit
        .strip_suffix("ib")
        .or_else(|| unit.strip_suffix('b'))
        .unwrap_or(unit);
    let factor = match unit {
        "" => 1.0 / (1024.0 * 1024.0),
        "k" => 1.0 / 1024.0,
        "m" => 1.0,
        "g" => 1024.0,
        "t" => 1024.0 * 1024.0,
        _ => return None,
    };
    let mb = number * factor;
    (mb.is_finite() && mb >= 0.0).then_some(mb.round() as u64)
}

/// Milliseconds from a check duration as Fly reads it: a plain number is
/// milliseconds; text is Go's duration form (`15s`, `1m30s`, `500ms`).
pub fn duration_ms(value: &toml_edit::Value) -> Option<u64> {
    match value {
        toml_edit::Value::Integer(n) => u64::try_from(*n.value()).ok(),
        toml_edit::Value::String(s) => parse_duration(s.value()),
        _ => None,
    }
}

fn parse_duration(text: &str) -> Option<u64> {
    let mut rest = text.trim();
    let mut total = 0u64;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit())?;
        let (number, tail) = rest.split_at(digits);
        let number: u64 = number.parse().ok()?;
        let unit_len = tail.find(|c: char| c.is_ascii_digit()).unwrap_or(tail.len());
        let (unit, tail) = tail.split_at(unit_len);
        let factor = match unit {
            "ms" => 1,
            "s" => 1000,
            "m" => 60_000,
            "h" => 3_600_000,
            _ => return None,
        };
        total = total.checked_add(number.checked_mul(factor)?)?;
        rest = tail;
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_as_fly_defines_them() {
        let p = preset("shared-cpu-2x").unwrap();
        assert_eq!((p.cpu_kind, p.cpus, p.memory_mb), ("shared", 2, 512));
        let p = preset("performance-16x").unwrap();
        assert_eq!((p.cpu_kind, p.cpus, p.memory_mb), ("performance", 16, 32768));
        let p = preset("l40s").unwrap();
        assert_eq!((p.cpus, p.memory_mb, p.gpu), (8, 32768, Some("l40s")));
        assert!(preset("shared-cpu-3x").is_none());
        assert_eq!(PRESETS.len(), 18);
    }

    #[test]
    fn memory_and_durations_as_fly_reads_them() {
        for (text, mb) in [
            ("1gb", 1024),
            ("512mb", 512),
            ("2GiB", 2048),
            ("1g", 1024),
            ("1024", 1024),
        ] {
            assert_eq!(parse_memory(text), Some(mb), "{text}");
        }
        assert_eq!(memory_mb(&2048.into()), Some(2048));
        assert_eq!(parse_memory("lots"), None);
        for (text, ms) in [
            ("15s", 15_000),
            ("1m30s", 90_000),
            ("500ms", 500),
            ("2h", 7_200_000),
        ] {
            assert_eq!(parse_duration(text), Some(ms), "{text}");
        }
        assert_eq!(duration_ms(&10000.into()), Some(10_000));
        assert_eq!(parse_duration("soon"), None);
        assert_eq!(parse_duration("5"), None);
    }
}
