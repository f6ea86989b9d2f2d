//! The answers' fly.toml keys, placed where this file keeps them: the HTTP
//! keys in the service that already serves the app (`[[services]]` in the
//! older form), `processes` on it when `[processes]` exists, memory under
//! the name the file uses (`memory_mb` stays `memory_mb`), CPUs left to a
//! `size` preset, durations and sizes left as written when they already
//! say what the answers say.

use toml_edit::{Array, DocumentMut, Item, TableLike, Value};

use super::layout::{self, Http, Layout, Named};
use super::presets::{self, duration_ms, memory_mb};
use crate::diagnostic::{Code, Diagnostic};
use crate::reconcile::merged::line_of_table;
use crate::reconcile::toml_path;
use crate::render::toml_doc::{Address, Match, Placed, Seg, Select, Shape, TomlKey};

const SCALING: &[&str] = &["infrastructure.scaling"];
const HOSTING: &[&str] = &["infrastructure.hosting"];

/// What placing needs from the answers beyond the keys themselves.
#[derive(Clone, Debug)]
pub struct FlyShape {
    pub process: Option<String>,
    /// Counted from 1.
    pub service: Option<u32>,
    /// Memory as the answers write it (`1gb`).
    pub memory: String,
    pub memory_mb: u64,
    pub cpus: u32,
    pub cpu_kind: &'static str,
}

fn processes(name: &str) -> Value {
    let mut list = Array::new();
    list.push(name);
    Value::Array(list)
}

fn key(place: &[Seg], name: &str, value: impl Into<Value>, questions: &'static [&'static str]) -> TomlKey {
    TomlKey {
        address: Address::new(place, name),
        value: value.into(),
        questions,
    }
}

impl Shape for FlyShape {
    fn place(
        &self,
        file: &DocumentMut,
        text: &str,
        keys: Vec<TomlKey>,
        previous: &[String],
    ) -> Result<Placed, Vec<Diagnostic>> {
        let named = Named {
            process: self.process.as_deref(),
            service: self.service,
        };
        let layout = layout::read(file, text, named, previous)?;
        let mut warnings = Vec::new();
        let mut machine = Some(self.machine(file, text, &layout, &mut warnings));
        let mut placed = Vec::new();
        for mut key in keys {
            match key.address.place.first() {
                Some(Seg::Table(t)) if t == "http_service" => {
                    let is_port = key.address.place.len() == 1 && key.address.key == "internal_port";
                    if let Some(key) = http(&layout, key) {
                        placed.push(keep_if_same(file, key));
                    }
                    if let (true, Some(process)) = (is_port, &layout.set_processes) {
                        placed.push(key_at_service(&layout, "processes", processes(process)));
                    }
                }
                Some(Seg::Entry(name, _)) if name == "vm" => {
                    // The machine keys go together where the first one was.
                    placed.extend(machine.take().unwrap_or_default());
                }
                Some(Seg::Table(t)) if t == "metrics" => {
                    key.address.place = layout.metrics.clone();
                    placed.push(key);
                }
                _ => placed.push(key),
            }
        }
        Ok(Placed {
            keys: placed,
            warnings,
        })
    }
}

fn service_place(layout: &Layout) -> Vec<Seg> {
    match layout.http {
        Http::HttpService => vec![Seg::Table("http_service".into())],
        Http::Services(i) => vec![Seg::Entry("services".into(), Select::Index(i))],
    }
}

fn key_at_service(layout: &Layout, name: &str, value: Value) -> TomlKey {
    key(&service_place(layout), name, value, HOSTING)
}

/// An HTTP key moved into the service that serves the app; `None` when
/// that service has nowhere for it.
fn http(layout: &Layout, mut key: TomlKey) -> Option<TomlKey> {
    let Http::Services(_) = layout.http else {
        return Some(key);
    };
    let mut place = service_place(layout);
    match &key.address.place[1..] {
        [] if key.address.key == "force_https" => {
            // In the older form, force_https belongs to the port-80 entry.
            if !layout.port_80 {
                return None;
            }
            place.push(Seg::Entry(
                "ports".into(),
                Select::Where("port".into(), Match::Int(80)),
            ));
        }
        [] => {}
        [Seg::Entry(name, select)] if name == "checks" => {
            place.push(Seg::Entry("http_checks".into(), select.clone()));
        }
        rest => place.extend(rest.iter().cloned()),
    }
    key.address.place = place;
    Some(key)
}

/// A check duration the file already writes with the same length (`10000`
/// milliseconds for `"10s"`), or a method in other letters (`"get"`), stays
/// as the file writes it.
fn keep_if_same(file: &DocumentMut, mut key: TomlKey) -> TomlKey {
    let Some(now) = toml_path::get(file.as_table(), &key.address) else {
        return key;
    };
    let same = match key.address.key.as_str() {
        "grace_period" | "interval" | "timeout" => {
            duration_ms(&now).is_some() && duration_ms(&now) == duration_ms(&key.value)
        }
        "method" => now
            .as_str()
            .zip(key.value.as_str())
            .is_some_and(|(a, b)| a.eq_ignore_ascii_case(b)),
        _ => false,
    };
    if same {
        key.value = now;
    }
    key
}

/// The line of `key` in the table that starts at `from` (or `from`).
fn line_of_key(text: &str, from: usize, key: &str) -> usize {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| {
            let t = l.trim_start();
            t.strip_prefix(key)
                .or_else(|| t.strip_prefix(&format!("vm.{key}")))
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(from, |(i, _)| i + 1)
}

/// The column where the line's text starts (after its indentation).
fn column(text: &str, line: usize) -> usize {
    text.lines()
        .nth(line.saturating_sub(1))
        .map_or(1, |l| l.len() - l.trim_start().len() + 1)
}

fn vm_line(text: &str, layout: &Layout) -> usize {
    match layout.vm.first() {
        Some(Seg::Entry(name, Select::Index(i))) => {
            let header = format!("[[{name}]]");
            text.lines()
                .enumerate()
                .filter(|(_, l)| l.trim().replace(' ', "") == header)
                .nth(*i)
                .map_or_else(|| line_of_table(text, name), |(n, _)| n + 1)
        }
        Some(Seg::Table(name)) => line_of_table(text, name),
        _ => 1,
    }
}

fn int(table: &dyn TableLike, key: &str) -> Option<i64> {
    table.get(key).and_then(Item::as_integer)
}

impl FlyShape {
    fn describe(&self) -> String {
        let cpu = if self.cpus == 1 { "CPU" } else { "CPUs" };
        format!("{} {} {cpu} with {}", self.cpus, self.cpu_kind, self.memory)
    }

    /// Memory in the form the file keeps it: `memory_mb` as a number of
    /// MB, `memory` as text or a number as written, both when both are
    /// there (Fly reads `memory_mb` over `memory`; the two stay equal).
    fn memory_keys(&self, place: &[Seg], table: Option<&dyn TableLike>) -> Vec<TomlKey> {
        let value = |k: &str| table.and_then(|t| t.get(k)).and_then(Item::as_value);
        let mb = i64::try_from(self.memory_mb).unwrap_or(i64::MAX);
        let mut keys = Vec::new();
        if let Some(now) = value("memory_mb") {
            let v = if memory_mb(now) == Some(self.memory_mb) {
                now.clone()
            } else {
                mb.into()
            };
            keys.push(key(place, "memory_mb", v, SCALING));
        }
        match value("memory") {
            Some(now) if memory_mb(now) == Some(self.memory_mb) => {
                keys.push(key(place, "memory", now.clone(), SCALING));
            }
            Some(Value::Integer(_)) => keys.push(key(place, "memory", mb, SCALING)),
            Some(_) => keys.push(key(place, "memory", self.memory.as_str(), SCALING)),
            None if keys.is_empty() => keys.push(key(place, "memory", self.memory.as_str(), SCALING)),
            None => {}
        }
        keys
    }

    /// The machine keys for this file: memory where it keeps it; CPU kind
    /// and count unless a `size` preset decides them, in which case the
    /// answers are checked against it and memory is set only when they ask
    /// for more than the preset gives.
    fn machine(
        &self,
        file: &DocumentMut,
        text: &str,
        layout: &Layout,
        warnings: &mut Vec<Diagnostic>,
    ) -> Vec<TomlKey> {
        let place = layout.vm.clone();
        let table = layout::vm_table(file, layout);
        let mut keys = Vec::new();
        if let Some(process) = &layout.vm_processes {
            keys.push(key(&place, "processes", processes(process), HOSTING));
        }
        let Some(size) = table.and_then(|t| t.get("size")).and_then(Item::as_str) else {
            keys.extend(self.memory_keys(&place, table));
            keys.push(key(&place, "cpus", i64::from(self.cpus), SCALING));
            keys.push(key(&place, "cpu_kind", self.cpu_kind, SCALING));
            return keys;
        };
        let line = line_of_key(text, vm_line(text, layout), "size");
        let col = column(text, line);
        let Some(preset) = presets::preset(size) else {
            let names: Vec<&str> = presets::PRESETS.iter().map(|p| p.name).collect();
            warnings.push(
                Diagnostic::warning(
                    Code::UnknownMachineSize,
                    format!("`size = \"{size}\"` is not a Fly machine size, so Fly will refuse to deploy; shipspec leaves the machine's CPUs and memory to it"),
                )
                .at(line, col)
                .hint(format!("use one of {}", names.join(", "))),
            );
            return keys;
        };
        let table = table.expect("the size was read from it");
        let kind = table
            .get("cpu_kind")
            .and_then(Item::as_str)
            .unwrap_or(preset.cpu_kind)
            .to_owned();
        let cpus = int(table, "cpus")
            .and_then(|c| u32::try_from(c).ok())
            .unwrap_or(preset.cpus);
        let gpu = preset
            .gpu
            .map(|g| format!(" and one {g} GPU"))
            .unwrap_or_default();
        let gives = format!(
            "`size = \"{size}\"` gives {cpus} {kind} {} with {}mb{gpu}",
            if cpus == 1 { "CPU" } else { "CPUs" },
            preset.memory_mb
        );
        if (cpus, kind.as_str()) != (self.cpus, self.cpu_kind) {
            warnings.push(
                Diagnostic::warning(
                    Code::MachinePresetDiffers,
                    format!("{gives}; the answers say {}", self.describe()),
                )
                .at(line, col)
                .path("infrastructure.scaling")
                .hint("shipspec leaves CPUs to the size: change `size` in fly.toml, or `cpus` and `cpu_kind` in shipspec.yaml, so they agree"),
            );
        }
        if self.memory_mb > preset.memory_mb {
            let (_, per_cpu) = presets::memory_per_cpu(&kind);
            let most = per_cpu * u64::from(cpus);
            if self.memory_mb <= most {
                keys.extend(self.memory_keys(&place, Some(table)));
            } else {
                warnings.push(
                    Diagnostic::warning(
                        Code::MachinePresetDiffers,
                        format!(
                            "{gives}; the answers' {} is more than {cpus} {kind} {} can take ({most}mb), so memory is left to the size",
                            self.memory,
                            if cpus == 1 { "CPU" } else { "CPUs" }
                        ),
                    )
                    .at(line, col)
                    .path("infrastructure.scaling.memory")
                    .hint("pick a larger `size` in fly.toml, or less `memory` in shipspec.yaml"),
                );
            }
        }
        keys
    }
}
