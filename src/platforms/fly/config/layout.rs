//! What an existing fly.toml already says about where the answers go: the
//! service that serves the app's public HTTP (`[http_service]` or one of
//! the older `[[services]]`), the process it runs when `[processes]`
//! defines several, the `[vm]` entry that sizes that process, and where
//! `[metrics]` is kept.
//!
//! Fly's rules, as flyctl applies them: every service must list its
//! `processes` once `[processes]` exists; a `[[vm]]` (or `[[compute]]`)
//! entry applies to the processes it lists, or to all when it lists none;
//! `vm`, `compute`, `metrics` and `mounts` may be one table or a list of
//! tables.

use toml_edit::{DocumentMut, Item, TableLike, Value};

use crate::diagnostic::{Code, Diagnostic};
use crate::reconcile::toml_path::{self, entries};
use crate::render::toml_doc::{Seg, Select};

/// Which service gets the HTTP keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Http {
    /// `[http_service]`, existing or new.
    HttpService,
    /// The `[[services]]` entry at this position.
    Services(usize),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Layout {
    pub(super) http: Http,
    /// The value of the service's `processes` when it must be set.
    pub(super) set_processes: Option<String>,
    /// The process that serves HTTP, when `[processes]` exists.
    pub(super) web: Option<String>,
    /// Where the machine size lives (`vm[0]`, `[vm]`, `compute[1]`, …).
    pub(super) vm: Vec<Seg>,
    /// A new `[[vm]]` entry for the web process lists it.
    pub(super) vm_processes: Option<String>,
    pub(super) metrics: Vec<Seg>,
    /// The chosen `[[services]]` entry has a port-80 entry (for
    /// `force_https`).
    pub(super) port_80: bool,
}

/// What the answers say about which process or service is meant.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Named<'a> {
    pub(super) process: Option<&'a str>,
    /// Counted from 1.
    pub(super) service: Option<u32>,
}

fn strings(item: Option<&Item>) -> Vec<String> {
    match item.and_then(Item::as_value) {
        Some(Value::Array(a)) => a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(),
        Some(Value::String(s)) => vec![s.value().clone()],
        _ => Vec::new(),
    }
}

/// The process names `[processes]` defines (a table, or the old list of
/// `{ name, command }`).
pub(super) fn process_names(root: &dyn TableLike) -> Vec<String> {
    let Some(item) = root.get("processes") else {
        return Vec::new();
    };
    match item.as_table_like() {
        Some(t) => t.iter().map(|(k, _)| k.to_owned()).collect(),
        None => entries(item)
            .into_iter()
            .filter_map(|t| t.get("name").and_then(Item::as_str).map(str::to_owned))
            .collect(),
    }
}

fn public_ports(service: &dyn TableLike) -> Vec<i64> {
    let Some(ports) = service.get("ports") else {
        return Vec::new();
    };
    let int = |t: &dyn TableLike, k: &str| match t.get(k).and_then(Item::as_value) {
        Some(Value::Integer(n)) => Some(*n.value()),
        Some(Value::String(s)) => s.value().parse().ok(),
        _ => None,
    };
    let mut out = Vec::new();
    for port in entries(ports) {
        if let Some(p) = int(port, "port") {
            out.push(p);
        }
        if let (Some(a), Some(b)) = (int(port, "start_port"), int(port, "end_port")) {
            out.extend([80, 443].into_iter().filter(|p| (a..=b).contains(p)));
        }
    }
    out
}

/// The line of the `n`th (from 0) `[[name]]` header, or of `name` itself.
fn line_of_entry(text: &str, name: &str, n: usize) -> usize {
    let header = format!("[[{name}]]");
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim().replace(' ', "") == header)
        .nth(n)
        .map_or_else(
            || crate::reconcile::merged::line_of_table(text, name),
            |(i, _)| i + 1,
        )
}

fn describe_service(service: &dyn TableLike, line: usize, n: usize) -> String {
    let mut parts = Vec::new();
    if let Some(port) = service.get("internal_port").and_then(Item::as_value) {
        parts.push(format!("internal_port {}", port.to_string().trim()));
    }
    let ports = public_ports(service);
    if !ports.is_empty() {
        let list: Vec<String> = ports.iter().map(i64::to_string).collect();
        parts.push(format!("ports {}", list.join(", ")));
    }
    let processes = strings(service.get("processes"));
    if !processes.is_empty() {
        parts.push(format!("processes {}", processes.join(", ")));
    }
    format!("#{} at line {line} ({})", n + 1, parts.join("; "))
}

fn serves(service: &dyn TableLike, process: &str) -> bool {
    strings(service.get("processes")).iter().any(|p| p == process)
}

/// The process that serves HTTP by its name alone: the only one, or the
/// only one called `app` (Fly's default) or `web`.
fn web_by_name(names: &[String]) -> Option<String> {
    if let [only] = names {
        return Some(only.clone());
    }
    let usual: Vec<&String> = names.iter().filter(|n| *n == "app" || *n == "web").collect();
    match usual.as_slice() {
        [one] => Some((*one).clone()),
        _ => None,
    }
}

pub(super) fn read(
    file: &DocumentMut,
    text: &str,
    named: Named<'_>,
    previous: &[String],
) -> Result<Layout, Vec<Diagnostic>> {
    let root: &dyn TableLike = file.as_table();
    let names = process_names(root);
    let processes_line = crate::reconcile::merged::line_of_table(text, "processes");
    if let Some(process) = named.process {
        if !names.iter().any(|n| n == process) {
            let message = if names.is_empty() {
                format!("`outputs.fly.process` names `{process}`, but fly.toml has no [processes]")
            } else {
                format!(
                    "`outputs.fly.process` names `{process}`, but fly.toml's [processes] defines {}",
                    quoted(&names)
                )
            };
            return Err(vec![
                Diagnostic::error(Code::FlyNameMissing, message)
                    .at(processes_line, 1)
                    .hint(
                        "name a process fly.toml defines, or remove `outputs.fly.process` from shipspec.yaml",
                    ),
            ]);
        }
    }
    let services = root.get("services").map(entries).unwrap_or_default();
    let http = choose_service(root, text, &services, &names, named, previous)?;
    let service: Option<&dyn TableLike> = match http {
        Http::HttpService => root.get("http_service").and_then(Item::as_table_like),
        Http::Services(i) => services.get(i).copied(),
    };
    let listed = service.map(|s| strings(s.get("processes"))).unwrap_or_default();
    let (web, set_processes) = if names.is_empty() {
        (None, None)
    } else if let Some(process) = named.process {
        let keep = listed.iter().any(|p| p == process);
        (Some(process.to_owned()), (!keep).then(|| process.to_owned()))
    } else if !listed.is_empty() && listed.iter().all(|p| names.contains(p)) {
        (Some(listed[0].clone()), None)
    } else if let Some(web) = web_by_name(&names) {
        (Some(web.clone()), Some(web))
    } else {
        return Err(vec![
            Diagnostic::error(
                Code::AmbiguousService,
                format!(
                    "fly.toml's [processes] defines {}, and nothing says which one serves the app's HTTP",
                    quoted(&names)
                ),
            )
            .at(processes_line, 1)
            .hint(format!(
                "name it in shipspec.yaml: `outputs: {{fly: {{process: {}}}}}`",
                names[0]
            )),
        ]);
    };
    // A `processes` shipspec set stays set (it is what keeps it so).
    let ours = |place: &[Seg]| {
        let address = crate::render::toml_doc::Address::new(place, "processes").to_string();
        previous.contains(&address)
    };
    let set_processes = set_processes.or_else(|| {
        let place = match http {
            Http::HttpService => vec![Seg::Table("http_service".into())],
            Http::Services(i) => vec![Seg::Entry("services".into(), Select::Index(i))],
        };
        match listed.as_slice() {
            [one] if ours(&place) => Some(one.clone()),
            _ => None,
        }
    });
    let (vm, vm_processes) = machine(root, web.as_deref());
    let vm_processes = vm_processes.or_else(|| {
        let listed = toml_path::table_at(root, &vm).map(|t| strings(t.get("processes")));
        match listed.as_deref() {
            Some([one]) if ours(&vm) => Some(one.clone()),
            _ => None,
        }
    });
    let metrics = metrics(root, web.as_deref());
    let port_80 = match http {
        Http::HttpService => false,
        Http::Services(i) => public_ports(services[i]).contains(&80),
    };
    Ok(Layout {
        http,
        set_processes,
        web,
        vm,
        vm_processes,
        metrics,
        port_80,
    })
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn choose_service(
    root: &dyn TableLike,
    text: &str,
    services: &[&dyn TableLike],
    names: &[String],
    named: Named<'_>,
    previous: &[String],
) -> Result<Http, Vec<Diagnostic>> {
    if let Some(n) = named.service {
        let i = n as usize;
        if i == 0 || i > services.len() {
            return Err(vec![
                Diagnostic::error(
                    Code::FlyNameMissing,
                    format!(
                        "`outputs.fly.service` is {n}, but fly.toml has {} [[services]] {}",
                        services.len(),
                        if services.len() == 1 { "table" } else { "tables" }
                    ),
                )
                .at(crate::reconcile::merged::line_of_table(text, "services"), 1)
                .hint("count the [[services]] tables from 1, or remove `outputs.fly.service` from shipspec.yaml"),
            ]);
        }
        return Ok(Http::Services(i - 1));
    }
    if root.contains_key("http_service") {
        return Ok(Http::HttpService);
    }
    // The service shipspec set last time stays the one.
    if let Some(i) = previous.iter().find_map(|k| {
        k.strip_prefix("services[")
            .and_then(|r| r.split_once(']'))
            .and_then(|(i, _)| i.parse::<usize>().ok())
    }) {
        if i < services.len() {
            return Ok(Http::Services(i));
        }
    }
    let public: Vec<usize> = (0..services.len())
        .filter(|&i| public_ports(services[i]).iter().any(|p| *p == 80 || *p == 443))
        .collect();
    let web = named.process.map(str::to_owned).or_else(|| web_by_name(names));
    let narrowed: Vec<usize> = match (public.len(), web) {
        (0 | 1, _) => public.clone(),
        (_, Some(web)) => public
            .iter()
            .copied()
            .filter(|&i| serves(services[i], &web))
            .collect(),
        (_, None) => public.clone(),
    };
    match narrowed.as_slice() {
        [] if public.is_empty() => Ok(Http::HttpService),
        [one] => Ok(Http::Services(*one)),
        _ => {
            let list: Vec<String> = public
                .iter()
                .map(|&i| describe_service(services[i], line_of_entry(text, "services", i), i))
                .collect();
            Err(vec![
                Diagnostic::error(
                    Code::AmbiguousService,
                    format!(
                        "fly.toml has {} [[services]] tables on the public HTTP ports, and nothing says which one serves the app: {}",
                        public.len(),
                        list.join(", ")
                    ),
                )
                .at(line_of_entry(text, "services", public[0]), 1)
                .hint(format!(
                    "name it in shipspec.yaml: `outputs: {{fly: {{service: {}}}}}` for the first of them",
                    public[0] + 1
                )),
            ])
        }
    }
}

/// The table key Fly reads machine sizes from in this file.
fn vm_key(root: &dyn TableLike) -> &'static str {
    ["vm", "compute", "computes"]
        .into_iter()
        .find(|k| root.contains_key(k))
        .unwrap_or("vm")
}

/// The `[vm]` entry that sizes the web process: the one listing it, else
/// one listing no process; a new entry when every entry is another
/// process's.
fn machine(root: &dyn TableLike, web: Option<&str>) -> (Vec<Seg>, Option<String>) {
    let key = vm_key(root);
    let Some(item) = root.get(key) else {
        return (vec![Seg::Entry(key.into(), Select::Index(0))], None);
    };
    if item.is_table_like() {
        return (vec![Seg::Table(key.into())], None);
    }
    let list = entries(item);
    let pick = web
        .and_then(|w| list.iter().position(|t| serves(*t, w)))
        .or_else(|| list.iter().position(|t| strings(t.get("processes")).is_empty()));
    match (pick, web) {
        (Some(i), _) => (vec![Seg::Entry(key.into(), Select::Index(i))], None),
        (None, Some(web)) if !list.is_empty() => (
            vec![Seg::Entry(key.into(), Select::Index(list.len()))],
            Some(web.to_owned()),
        ),
        (None, _) => (vec![Seg::Entry(key.into(), Select::Index(0))], None),
    }
}

/// `[metrics]`, or the `[[metrics]]` entry for the web process.
fn metrics(root: &dyn TableLike, web: Option<&str>) -> Vec<Seg> {
    let Some(item) = root.get("metrics") else {
        return vec![Seg::Table("metrics".into())];
    };
    if item.is_table_like() {
        return vec![Seg::Table("metrics".into())];
    }
    let list = entries(item);
    let i = web
        .and_then(|w| list.iter().position(|t| serves(*t, w)))
        .or_else(|| list.iter().position(|t| strings(t.get("processes")).is_empty()))
        .unwrap_or(0);
    vec![Seg::Entry("metrics".into(), Select::Index(i))]
}

/// The machine table that sizes the app, when the file has it.
pub(super) fn vm_table<'a>(file: &'a DocumentMut, layout: &Layout) -> Option<&'a dyn TableLike> {
    toml_path::table_at(file.as_table(), &layout.vm)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(text: &str, named: Named<'_>) -> Result<Layout, Vec<Diagnostic>> {
        read(&text.parse().unwrap(), text, named, &[])
    }

    const TWO_PUBLIC: &str = "[processes]\n  web = 'bin/web'\n  admin = 'bin/admin'\n\n[[services]]\n  internal_port = 8080\n  processes = ['web']\n  [[services.ports]]\n    port = 443\n\n[[services]]\n  internal_port = 9000\n  processes = ['admin']\n  [[services.ports]]\n    port = 443\n";

    #[test]
    fn the_service_on_the_public_ports_is_the_one() {
        let text = "[[services]]\n  internal_port = 5432\n  [[services.ports]]\n    port = 5432\n\n[[services]]\n  internal_port = 8080\n  [[services.ports]]\n    port = 80\n";
        let l = layout(text, Named::default()).unwrap();
        assert_eq!(l.http, Http::Services(1));
        assert!(l.port_80);
        // Only a database service: the app gets [http_service].
        let l = layout("[[services]]\n  internal_port = 5432\n", Named::default()).unwrap();
        assert_eq!(l.http, Http::HttpService);
    }

    #[test]
    fn several_public_services_are_narrowed_by_process_or_named() {
        // `web` serves HTTP by its name.
        assert_eq!(
            layout(TWO_PUBLIC, Named::default()).unwrap().http,
            Http::Services(0)
        );
        let named = Named {
            service: Some(2),
            process: Some("admin"),
        };
        let l = layout(TWO_PUBLIC, named).unwrap();
        assert_eq!(
            (l.http, l.web.as_deref(), l.set_processes),
            (Http::Services(1), Some("admin"), None)
        );
        let renamed = TWO_PUBLIC.replace("web", "site");
        let err = layout(&renamed, Named::default()).unwrap_err();
        assert_eq!(err[0].code, Code::AmbiguousService);
        assert_eq!(err[0].line, Some(5));
        assert!(
            err[0]
                .message
                .contains("#1 at line 5 (internal_port 8080; ports 443; processes site)"),
            "{}",
            err[0].message
        );
        let err = layout(
            TWO_PUBLIC,
            Named {
                service: Some(3),
                process: None,
            },
        )
        .unwrap_err();
        assert_eq!(err[0].code, Code::FlyNameMissing);
    }

    #[test]
    fn the_web_process_is_named_found_or_asked_for() {
        let text =
            "[processes]\n  app = 'run'\n  worker = 'work'\n\n[http_service]\n  internal_port = 8080\n";
        let l = layout(text, Named::default()).unwrap();
        assert_eq!(l.set_processes.as_deref(), Some("app"));
        let text =
            "[processes]\n  api = 'run'\n  worker = 'work'\n\n[http_service]\n  internal_port = 8080\n";
        let err = layout(text, Named::default()).unwrap_err();
        assert_eq!((err[0].code, err[0].line), (Code::AmbiguousService, Some(1)));
        let l = layout(
            text,
            Named {
                process: Some("api"),
                service: None,
            },
        )
        .unwrap();
        assert_eq!(l.set_processes.as_deref(), Some("api"));
        let err = layout(
            text,
            Named {
                process: Some("web"),
                service: None,
            },
        )
        .unwrap_err();
        assert_eq!(err[0].code, Code::FlyNameMissing);
        // Listed already: left as the user wrote it.
        let text = "[processes]\n  api = 'run'\n  worker = 'work'\n\n[http_service]\n  processes = ['api']\n";
        let l = layout(text, Named::default()).unwrap();
        assert_eq!((l.web.as_deref(), l.set_processes), (Some("api"), None));
    }

    #[test]
    fn the_machine_entry_of_the_web_process() {
        let text = "[processes]\n  app = 'run'\n  worker = 'work'\n\n[[vm]]\n  processes = ['worker']\n  size = 'performance-2x'\n\n[[vm]]\n  processes = ['app']\n  memory = '1gb'\n";
        let l = layout(text, Named::default()).unwrap();
        assert_eq!(l.vm, vec![Seg::Entry("vm".into(), Select::Index(1))]);
        let only_worker =
            "[processes]\n  app = 'run'\n  worker = 'work'\n\n[[vm]]\n  processes = ['worker']\n";
        let l = layout(only_worker, Named::default()).unwrap();
        assert_eq!(
            (l.vm, l.vm_processes.as_deref()),
            (vec![Seg::Entry("vm".into(), Select::Index(1))], Some("app"))
        );
        let l = layout("[vm]\n  size = 'l40s'\n", Named::default()).unwrap();
        assert_eq!(l.vm, vec![Seg::Table("vm".into())]);
        let l = layout("[[compute]]\n  size = 'a10'\n", Named::default()).unwrap();
        assert_eq!(l.vm, vec![Seg::Entry("compute".into(), Select::Index(0))]);
    }
}
