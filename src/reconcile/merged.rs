//! Mode `merged`: shipspec sets its own keys in the user's TOML file with
//! `toml_edit` and touches nothing else: other keys, tables, comments, blank
//! lines and order stay byte for byte.
//!
//! The lock records which keys shipspec set last time. A key it set before
//! but no longer wants is removed (and a table left empty with it); a key it
//! set whose value the user has since changed is a conflict.

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

use crate::render::toml_doc::{Address, Seg, Select, TomlDoc};

#[derive(Debug, Default)]
pub struct Outcome {
    pub after: String,
    /// Keys whose value changes, is added or removed.
    pub changed: Vec<String>,
    /// Keys shipspec set that were edited by hand since.
    pub conflicts: Vec<String>,
    /// Every key shipspec now manages (for the lock).
    pub keys: Vec<String>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum MergeError {
    /// The file is not valid TOML.
    Parse {
        line: usize,
        column: usize,
        message: String,
    },
    /// A key holds a different kind of item than shipspec manages there.
    Shape { line: usize, message: String },
    /// The file has a table that the answers rule out.
    Forbidden {
        line: usize,
        message: String,
        hint: String,
    },
}

pub fn reconcile(
    doc: &TomlDoc,
    disk: Option<&str>,
    base: Option<&str>,
    last_keys: &[String],
) -> Result<Outcome, MergeError> {
    let text = disk.unwrap_or("");
    let mut current: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        let offset = e.span().map_or(0, |s| s.start);
        let (line, column) = line_column(text, offset);
        MergeError::Parse {
            line,
            column,
            message: e.message().trim().to_owned(),
        }
    })?;
    for f in &doc.forbidden {
        if current.contains_key(&f.table) {
            return Err(MergeError::Forbidden {
                line: line_of_table(text, &f.table),
                message: f.message.clone(),
                hint: f.hint.clone(),
            });
        }
    }
    // A base that no longer parses only costs conflict detection.
    let base: Option<DocumentMut> = base.and_then(|b| b.parse().ok());
    let mut outcome = Outcome::default();
    let wanted: Vec<String> = doc.keys.iter().map(|k| k.address.to_string()).collect();

    for key in &doc.keys {
        let name = key.address.to_string();
        let now = get(current.as_table(), &key.address);
        if now.is_some_and(|v| same(v, &key.value)) {
            continue;
        }
        if let (Some(now), Some(base)) = (now, base.as_ref()) {
            let before = last_keys
                .contains(&name)
                .then(|| get(base.as_table(), &key.address))
                .flatten();
            if before.is_some_and(|b| !same(b, now)) {
                outcome.conflicts.push(name.clone());
            }
        }
        set(current.as_table_mut(), &key.address, &key.value).map_err(|m| shape(text, m))?;
        outcome.changed.push(name);
    }
    let mut unwanted: Vec<(&String, Address)> = last_keys
        .iter()
        .filter(|k| !wanted.contains(k))
        .filter_map(|k| Address::parse(k).map(|a| (k, a)))
        .collect();
    // An entry's selecting key (a check's `path`) goes last: the other keys
    // are found through it.
    unwanted.sort_by_key(|(_, a)| selects_its_entry(a));
    for (name, address) in unwanted {
        let Some(now) = get(current.as_table(), &address).cloned() else {
            continue;
        };
        let before = base.as_ref().and_then(|b| get(b.as_table(), &address));
        if before.is_some_and(|b| !same(b, &now)) {
            outcome.conflicts.push(name.clone());
        }
        remove(current.as_table_mut(), &address);
        outcome.changed.push(name.clone());
    }
    outcome.after = if disk.is_some() {
        current.to_string()
    } else {
        format!("{}\n{}", doc.header, current)
    };
    outcome.keys = wanted;
    Ok(outcome)
}

fn selects_its_entry(address: &Address) -> bool {
    matches!(address.place.last(), Some(Seg::Entry(_, Select::Where(key, _))) if *key == address.key)
}

fn shape(text: &str, message: String) -> MergeError {
    let table = message.split('`').nth(1).unwrap_or_default().to_owned();
    MergeError::Shape {
        line: line_of_table(text, &table),
        message,
    }
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rfind('\n').map_or(before.len(), |p| before.len() - p - 1) + 1;
    (line, column)
}

/// The line where `table` is declared (`[t]`, `[[t]]`, `t =`, `[t.x]`), or 1.
fn line_of_table(text: &str, table: &str) -> usize {
    let top = table.split('.').next().unwrap_or(table);
    text.lines()
        .position(|l| {
            let t = l.trim_start().trim_start_matches('[').trim_start();
            t.strip_prefix(top)
                .is_some_and(|rest| rest.trim_start().starts_with([']', '=', '.']))
        })
        .map_or(1, |i| i + 1)
}

fn select(array: &ArrayOfTables, how: &Select) -> Option<usize> {
    match how {
        Select::First => (!array.is_empty()).then_some(0),
        Select::Where(key, value) => array
            .iter()
            .position(|t| t.get(key).and_then(Item::as_str) == Some(value)),
    }
}

fn table_at<'a>(root: &'a Table, place: &[Seg]) -> Option<&'a Table> {
    let mut table = root;
    for seg in place {
        table = match seg {
            Seg::Table(name) => table.get(name)?.as_table()?,
            Seg::Entry(name, how) => {
                let array = table.get(name)?.as_array_of_tables()?;
                array.get(select(array, how)?)?
            }
        };
    }
    Some(table)
}

fn get<'a>(root: &'a Table, address: &Address) -> Option<&'a Value> {
    table_at(root, &address.place)?.get(&address.key)?.as_value()
}

fn describe(seg: &Seg) -> &str {
    match seg {
        Seg::Table(name) | Seg::Entry(name, _) => name,
    }
}

/// The table at `place`, created (as a table or a new array entry) when absent.
fn table_at_mut<'a>(root: &'a mut Table, place: &[Seg]) -> Result<&'a mut Table, String> {
    let mut table = root;
    for seg in place {
        let name = describe(seg);
        if !table.contains_key(name) {
            let item = match seg {
                Seg::Table(_) => Item::Table(Table::new()),
                Seg::Entry(..) => Item::ArrayOfTables(ArrayOfTables::new()),
            };
            table.insert(name, item);
        }
        let item = table.get_mut(name).expect("inserted above");
        table = match seg {
            Seg::Table(_) => item.as_table_mut().ok_or_else(|| {
                format!("`{name}` is not a [{name}] table, so shipspec cannot set its keys")
            })?,
            Seg::Entry(_, how) => {
                let array = item.as_array_of_tables_mut().ok_or_else(|| {
                    format!("`{name}` is not written as [[{name}]] tables, so shipspec cannot set its keys")
                })?;
                let index = match select(array, how) {
                    Some(i) => i,
                    None => {
                        // A new entry carries its selecting key from the start,
                        // so the keys set next land in the same entry.
                        let mut entry = Table::new();
                        if let Select::Where(key, value) = how {
                            entry.insert(key, Item::Value(value.as_str().into()));
                        }
                        array.push(entry);
                        array.len() - 1
                    }
                };
                array.get_mut(index).expect("index from select or push")
            }
        };
    }
    Ok(table)
}

fn set(root: &mut Table, address: &Address, value: &Value) -> Result<(), String> {
    let table = table_at_mut(root, &address.place)?;
    match table.get_mut(&address.key).and_then(Item::as_value_mut) {
        Some(existing) => {
            // Keep the user's spacing and trailing comment around the value.
            let decor = existing.decor().clone();
            *existing = value.clone();
            *existing.decor_mut() = decor;
        }
        None => {
            // Indent a new key like the keys already in the table.
            let indent = table
                .iter()
                .find(|(_, item)| item.is_value())
                .and_then(|(k, _)| table.key(k))
                .and_then(|k| k.leaf_decor().prefix())
                .and_then(|p| p.as_str())
                .filter(|p| p.chars().all(|c| c == ' ' || c == '\t'))
                .map(str::to_owned);
            table.insert(&address.key, Item::Value(value.clone()));
            if let (Some(indent), Some(mut key)) = (indent, table.key_mut(&address.key)) {
                key.leaf_decor_mut().set_prefix(indent);
            }
        }
    }
    Ok(())
}

/// Removes the key, then any table on its path that it left empty. An
/// array entry's selecting key goes with the entry when nothing else is left.
fn remove(root: &mut Table, address: &Address) {
    let place = &address.place;
    let drop_entry = selects_its_entry(address) && table_at(root, place).is_some_and(|t| t.len() == 1);
    if !drop_entry {
        if let Some(table) = table_at_mut_existing(root, place) {
            table.remove(&address.key);
        }
    }
    for depth in (1..=place.len()).rev() {
        let (parent_place, seg) = (&place[..depth - 1], &place[depth - 1]);
        let Some(parent) = table_at_mut_existing(root, parent_place) else {
            return;
        };
        let droppable = table_at(parent, std::slice::from_ref(seg))
            .is_some_and(|t| t.is_empty() || (drop_entry && depth == place.len()));
        if !droppable {
            return;
        }
        match seg {
            Seg::Table(name) => {
                parent.remove(name);
            }
            Seg::Entry(name, how) => {
                if let Some(array) = parent.get_mut(name).and_then(Item::as_array_of_tables_mut) {
                    if let Some(i) = select(array, how) {
                        array.remove(i);
                    }
                    if array.is_empty() {
                        parent.remove(name);
                    }
                }
            }
        }
    }
}

fn table_at_mut_existing<'a>(root: &'a mut Table, place: &[Seg]) -> Option<&'a mut Table> {
    let mut table = root;
    for seg in place {
        table = match seg {
            Seg::Table(name) => table.get_mut(name)?.as_table_mut()?,
            Seg::Entry(name, how) => {
                let array = table.get_mut(name)?.as_array_of_tables_mut()?;
                let i = select(array, how)?;
                array.get_mut(i)?
            }
        };
    }
    Some(table)
}

/// Equal as TOML values, whatever their formatting.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.value() == y.value(),
        (Value::Integer(x), Value::Integer(y)) => x.value() == y.value(),
        (Value::Float(x), Value::Float(y)) => x.value() == y.value(),
        (Value::Boolean(x), Value::Boolean(y)) => x.value() == y.value(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| same(p, q))
        }
        (Value::InlineTable(x), Value::InlineTable(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => false,
    }
}
