//! Reading, setting and removing the key at an `Address`, whichever way the
//! file writes its tables: `[table]`, `[[array]]`, dotted keys
//! (`vm.size = …`), inline tables (`concurrency = { … }`) and arrays of
//! inline tables (`checks = [{ … }]`). Fly reads all of them alike.

use toml_edit::{ArrayOfTables, Item, Table, TableLike, Value};

use crate::render::toml_doc::{Address, Match, Seg, Select};

fn selected(table: &dyn TableLike, how: &Select, index: usize) -> bool {
    match how {
        Select::Index(i) => *i == index,
        Select::Where(key, want) => match (table.get(key).and_then(Item::as_value), want) {
            (Some(Value::String(s)), Match::Str(w)) => s.value() == w,
            (Some(Value::Integer(n)), Match::Int(w)) => n.value() == w,
            _ => false,
        },
    }
}

/// The entries of an array of tables, standard or inline.
pub fn entries(item: &Item) -> Vec<&dyn TableLike> {
    match item {
        Item::ArrayOfTables(array) => array.iter().map(|t| t as &dyn TableLike).collect(),
        Item::Value(Value::Array(array)) => array
            .iter()
            .filter_map(|v| v.as_inline_table().map(|t| t as &dyn TableLike))
            .collect(),
        _ => Vec::new(),
    }
}

fn position(item: &Item, how: &Select) -> Option<usize> {
    entries(item)
        .into_iter()
        .enumerate()
        .position(|(i, t)| selected(t, how, i))
}

/// The table a segment leads to from `table`, if it is there.
pub fn child<'a>(table: &'a dyn TableLike, seg: &Seg) -> Option<&'a dyn TableLike> {
    match seg {
        Seg::Table(name) => table.get(name)?.as_table_like(),
        Seg::Entry(name, how) => {
            let item = table.get(name)?;
            let i = position(item, how)?;
            entries(item).into_iter().nth(i)
        }
    }
}

pub fn table_at<'a>(root: &'a dyn TableLike, place: &[Seg]) -> Option<&'a dyn TableLike> {
    place.iter().try_fold(root, |t, seg| child(t, seg))
}

/// The value at the address; a `[table]` there reads as the inline table
/// it is equal to (`[services.http_checks.headers]` and `headers = {}`
/// say the same to Fly).
pub fn get(root: &dyn TableLike, address: &Address) -> Option<Value> {
    match table_at(root, &address.place)?.get(&address.key)? {
        Item::Value(v) => Some(v.clone()),
        Item::Table(t) => Some(Value::InlineTable(t.clone().into_inline_table())),
        _ => None,
    }
}

/// Whether `now` already says what `want` says: equal, or for tables,
/// holding every entry of `want` (the user's other headers are theirs).
pub fn covers(now: &Value, want: &Value) -> bool {
    match (now, want) {
        (Value::InlineTable(n), Value::InlineTable(w)) => {
            w.iter().all(|(k, v)| n.get(k).is_some_and(|m| covers(m, v)))
        }
        _ => same(now, want),
    }
}

fn name(seg: &Seg) -> &str {
    match seg {
        Seg::Table(name) | Seg::Entry(name, _) => name,
    }
}

/// A mutable table and whether it is written inline.
struct Found<'a> {
    table: &'a mut dyn TableLike,
    inline: bool,
}

fn entry_mut(item: &mut Item, i: usize) -> Option<Found<'_>> {
    match item {
        Item::ArrayOfTables(array) => array.get_mut(i).map(|t| Found {
            table: t as &mut dyn TableLike,
            inline: false,
        }),
        Item::Value(Value::Array(array)) => array
            .iter_mut()
            .filter_map(Value::as_inline_table_mut)
            .nth(i)
            .map(|t| Found {
                table: t as &mut dyn TableLike,
                inline: true,
            }),
        _ => None,
    }
}

/// How a file indents: the indentation of keys one table deep (`"  "` in
/// the files `fly launch` writes, nothing in `taplo fmt`'s layout). New
/// tables and their keys follow it.
pub fn indent_unit(root: &Table) -> String {
    root.iter()
        .filter_map(|(_, item)| match item {
            Item::Table(t) if !t.is_dotted() => Some(t),
            Item::ArrayOfTables(a) => a.get(0),
            _ => None,
        })
        .find_map(|t| {
            t.iter()
                .find(|(_, item)| item.is_value())
                .and_then(|(k, _)| t.key(k))
                .and_then(|k| k.leaf_decor().prefix())
                .and_then(|p| p.as_str())
                .map(str::to_owned)
        })
        .filter(|p| p.chars().all(|c| c == ' ' || c == '\t'))
        .unwrap_or_default()
}

/// A new standard table `depth` tables deep, its header indented as the
/// file indents.
fn new_table(unit: &str, depth: usize, dotted: bool) -> Table {
    let mut table = Table::new();
    if dotted {
        table.set_dotted(true);
    } else if !unit.is_empty() {
        table
            .decor_mut()
            .set_prefix(format!("\n{}", unit.repeat(depth.saturating_sub(1))));
    }
    table
}

/// The table at `place`, created (as a table or a new array entry) when
/// absent and `create` is set. Errors name a key that holds something other
/// than a table.
fn table_at_mut<'a>(
    root: &'a mut Table,
    place: &[Seg],
    create: bool,
    unit: &str,
) -> Result<Option<Found<'a>>, String> {
    let mut found = Found {
        table: root as &mut dyn TableLike,
        inline: false,
    };
    for (depth, seg) in place.iter().enumerate() {
        let name = name(seg);
        let table = found.table;
        let dotted = table.is_dotted();
        if !table.contains_key(name) {
            if !create {
                return Ok(None);
            }
            let item = match seg {
                Seg::Table(_) => Item::Table(new_table(unit, depth + 1, dotted)),
                Seg::Entry(..) => Item::ArrayOfTables(ArrayOfTables::new()),
            };
            table.insert(name, item);
        }
        let item = table.get_mut(name).expect("inserted above");
        found = match seg {
            Seg::Table(_) => {
                let inline = item.is_inline_table();
                let kind = describe(item);
                Found {
                    table: item
                        .as_table_like_mut()
                        .ok_or_else(|| format!("`{name}` is {kind}, where Fly reads a table"))?,
                    inline,
                }
            }
            Seg::Entry(_, how) => {
                if !matches!(item, Item::ArrayOfTables(_) | Item::Value(Value::Array(_))) {
                    return Err(format!(
                        "`{name}` is {}, where Fly reads a list of [[{name}]] tables",
                        describe(item)
                    ));
                }
                let index = match position(item, how) {
                    Some(i) => i,
                    None if !create => return Ok(None),
                    None => push_entry(item, how, unit, depth + 1),
                };
                entry_mut(item, index).expect("index from position or push")
            }
        };
    }
    Ok(Some(found))
}

/// Appends a new entry to an array of tables; it carries its selecting key
/// from the start, so the keys set next land in the same entry.
fn push_entry(item: &mut Item, how: &Select, unit: &str, depth: usize) -> usize {
    let mut entry = new_table(unit, depth, false);
    if let Select::Where(key, value) = how {
        let value: Value = match value {
            Match::Str(s) => s.as_str().into(),
            Match::Int(n) => (*n).into(),
        };
        entry.insert(key, Item::Value(value));
        indent_first_key(&mut entry, unit, depth);
    }
    match item {
        Item::ArrayOfTables(array) => {
            array.push(entry);
            array.len() - 1
        }
        Item::Value(Value::Array(array)) => {
            array.push(entry.into_inline_table());
            array.len() - 1
        }
        _ => unreachable!("checked by the caller"),
    }
}

fn indent_first_key(table: &mut dyn TableLike, unit: &str, depth: usize) {
    if unit.is_empty() {
        return;
    }
    let first = table.iter().next().map(|(k, _)| k.to_owned());
    if let Some(mut key) = first.as_deref().and_then(|k| table.key_mut(k)) {
        key.leaf_decor_mut().set_prefix(unit.repeat(depth));
    }
}

fn describe(item: &Item) -> &'static str {
    match item {
        Item::None => "empty",
        Item::Value(Value::String(_)) => "a string",
        Item::Value(Value::Integer(_)) => "a number",
        Item::Value(Value::Float(_)) => "a number",
        Item::Value(Value::Boolean(_)) => "a boolean",
        Item::Value(Value::Datetime(_)) => "a date",
        Item::Value(Value::Array(_)) => "a list of values",
        Item::Value(Value::InlineTable(_)) => "an inline table",
        Item::Table(_) => "a table",
        Item::ArrayOfTables(_) => "a list of tables",
    }
}

/// Sets the key, creating the tables on its way. A value replaced keeps the
/// user's spacing and trailing comment; a new key is indented like the
/// keys beside it.
pub fn set(root: &mut Table, address: &Address, value: &Value, unit: &str) -> Result<(), String> {
    let depth = address.place.len();
    let Found { table, inline } =
        table_at_mut(root, &address.place, true, unit)?.expect("created when absent");
    match table.get_mut(&address.key) {
        // A table gets the entries it lacks; the user's others stay.
        Some(existing) if existing.is_table_like() && value.is_inline_table() => {
            let inline = existing.is_inline_table();
            let into = existing.as_table_like_mut().expect("table-like");
            for (k, v) in value.as_inline_table().expect("checked").iter() {
                match into.get_mut(k).and_then(Item::as_value_mut) {
                    Some(old) => {
                        let decor = old.decor().clone();
                        *old = v.clone();
                        *old.decor_mut() = decor;
                    }
                    None => {
                        into.insert(k, Item::Value(v.clone()));
                        if !inline && !unit.is_empty() {
                            if let Some(mut key) = into.key_mut(k) {
                                key.leaf_decor_mut().set_prefix(unit.repeat(depth + 1));
                            }
                        }
                    }
                }
            }
            return Ok(());
        }
        Some(Item::Value(existing)) => {
            let decor = existing.decor().clone();
            *existing = value.clone();
            *existing.decor_mut() = decor;
            return Ok(());
        }
        Some(other) => {
            return Err(format!(
                "`{}` is {}, where Fly reads a value",
                address.key,
                describe(other)
            ));
        }
        None => {}
    }
    if inline {
        // `{ a = 1 }`: the space before `}` belongs to the last value; it
        // moves to the new last one.
        let trailing = table
            .iter_mut()
            .last()
            .and_then(|(_, item)| item.as_value_mut())
            .and_then(|v| {
                let suffix = v.decor().suffix().cloned();
                v.decor_mut().set_suffix("");
                suffix
            });
        table.insert(&address.key, Item::Value(value.clone()));
        if let (Some(trailing), Some(v)) =
            (trailing, table.get_mut(&address.key).and_then(Item::as_value_mut))
        {
            v.decor_mut().set_suffix(trailing);
        }
        return Ok(());
    }
    let indent = table
        .iter()
        .find(|(_, item)| item.is_value())
        .and_then(|(k, _)| table.key(k))
        .and_then(|k| k.leaf_decor().prefix())
        .and_then(|p| p.as_str())
        .filter(|p| p.chars().all(|c| c == ' ' || c == '\t'))
        .map(str::to_owned)
        .or_else(|| (!unit.is_empty() && !table.is_dotted()).then(|| unit.repeat(depth)));
    table.insert(&address.key, Item::Value(value.clone()));
    if let (Some(indent), Some(mut key)) = (indent, table.key_mut(&address.key)) {
        key.leaf_decor_mut().set_prefix(indent);
    }
    Ok(())
}

/// Whether the key is the one its array entry is found by (a check's `path`).
pub fn selects_its_entry(address: &Address) -> bool {
    matches!(address.place.last(), Some(Seg::Entry(_, Select::Where(key, _))) if *key == address.key)
}

/// Whether a table can go: nothing left in it, and no comment of the
/// user's above its header.
fn droppable(item: &Item) -> bool {
    let commented = |t: &Table| {
        t.decor()
            .prefix()
            .and_then(|p| p.as_str())
            .is_some_and(|p| p.contains('#'))
    };
    match item {
        Item::Table(t) => t.is_empty() && !commented(t),
        Item::Value(Value::InlineTable(t)) => t.is_empty(),
        _ => false,
    }
}

/// Removes the key, then any table on its path that it left empty. An
/// array entry's selecting key goes with the entry when nothing else is
/// left in it.
pub fn remove(root: &mut Table, address: &Address) {
    let place = &address.place;
    let last_in_entry =
        selects_its_entry(address) && table_at(root as &dyn TableLike, place).is_some_and(|t| t.len() == 1);
    if !last_in_entry {
        if let Ok(Some(found)) = table_at_mut(root, place, false, "") {
            found.table.remove(&address.key);
        }
    }
    for depth in (1..=place.len()).rev() {
        let (parent_place, seg) = (&place[..depth - 1], &place[depth - 1]);
        let Ok(Some(parent)) = table_at_mut(root, parent_place, false, "") else {
            return;
        };
        let parent = parent.table;
        match seg {
            Seg::Table(name) => {
                if !parent.get(name).is_some_and(droppable) {
                    return;
                }
                parent.remove(name);
            }
            Seg::Entry(name, how) => {
                let Some(item) = parent.get_mut(name) else { return };
                let Some(i) = position(item, how) else { return };
                let whole = last_in_entry && depth == place.len();
                let gone = match item {
                    Item::ArrayOfTables(array) => {
                        let t = array.get(i).expect("position found it");
                        if !(whole || droppable(&Item::Table(t.clone()))) {
                            return;
                        }
                        array.remove(i);
                        array.is_empty()
                    }
                    Item::Value(Value::Array(array)) => {
                        let empty = array
                            .get(i)
                            .and_then(Value::as_inline_table)
                            .is_some_and(|t| t.is_empty());
                        if !(whole || empty) {
                            return;
                        }
                        array.remove(i);
                        // `http_checks = []` was written so; it stays.
                        return;
                    }
                    _ => return,
                };
                if gone {
                    parent.remove(name);
                }
            }
        }
    }
}

/// Equal as TOML values, whatever their formatting.
pub fn same(a: &Value, b: &Value) -> bool {
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

#[cfg(test)]
mod tests {
    use toml_edit::DocumentMut;

    use super::*;

    fn apply(text: &str, address: &str, value: Value) -> String {
        let mut doc: DocumentMut = text.parse().unwrap();
        let unit = indent_unit(doc.as_table());
        set(
            doc.as_table_mut(),
            &Address::parse(address).unwrap(),
            &value,
            &unit,
        )
        .unwrap();
        doc.to_string()
    }

    #[test]
    fn sets_keys_in_every_way_a_table_is_written() {
        assert_eq!(
            apply("vm.size = 'a100-40gb'\n", "vm.memory", "64gb".into()),
            "vm.size = 'a100-40gb'\nvm.memory = \"64gb\"\n"
        );
        assert_eq!(
            apply(
                "[http_service]\n  concurrency = { type = 'connections', hard_limit = 25 }\n",
                "http_service.concurrency.soft_limit",
                20.into()
            ),
            "[http_service]\n  concurrency = { type = 'connections', hard_limit = 25, soft_limit = 20 }\n"
        );
        assert_eq!(
            apply(
                "checks = [{ path = '/a' }]\n",
                "checks[path=\"/a\"].interval",
                "5s".into()
            ),
            "checks = [{ path = '/a', interval = \"5s\" }]\n"
        );
        // A new table in a file that indents its keys is indented alike.
        assert_eq!(
            apply(
                "[http_service]\n  internal_port = 8080\n",
                "http_service.checks[path=\"/health\"].method",
                "GET".into()
            ),
            "[http_service]\n  internal_port = 8080\n\n  [[http_service.checks]]\n    path = \"/health\"\n    method = \"GET\"\n"
        );
        assert_eq!(
            apply(
                "[[services]]\n  internal_port = 8080\n  [[services.ports]]\n    port = 80\n",
                "services[0].ports[port=80].force_https",
                true.into()
            ),
            "[[services]]\n  internal_port = 8080\n  [[services.ports]]\n    port = 80\n    force_https = true\n"
        );
    }

    #[test]
    fn a_value_where_a_table_goes_is_named() {
        let mut doc: DocumentMut = "http_service = 'web'\n".parse().unwrap();
        let err = set(
            doc.as_table_mut(),
            &Address::parse("http_service.internal_port").unwrap(),
            &8080.into(),
            "",
        )
        .unwrap_err();
        assert_eq!(err, "`http_service` is a string, where Fly reads a table");
    }

    #[test]
    fn removal_keeps_tables_with_comments_and_other_keys() {
        let mut doc: DocumentMut =
            "# metrics for grafana\n[metrics]\nport = 9091\n\n[deploy]\nstrategy = 'rolling'\n"
                .parse()
                .unwrap();
        remove(doc.as_table_mut(), &Address::parse("metrics.port").unwrap());
        remove(doc.as_table_mut(), &Address::parse("deploy.strategy").unwrap());
        assert_eq!(doc.to_string(), "# metrics for grafana\n[metrics]\n");
        // An inline list the user wrote stays, empty, when its entry goes.
        let mut doc: DocumentMut = "[[services]]\n  http_checks = []\n".parse().unwrap();
        let check = Address::parse("services[0].http_checks[path=\"/h\"].path").unwrap();
        set(doc.as_table_mut(), &check, &"/h".into(), "  ").unwrap();
        assert_eq!(
            doc.to_string(),
            "[[services]]\n  http_checks = [{ path = \"/h\" }]\n"
        );
        remove(doc.as_table_mut(), &check);
        assert_eq!(doc.to_string(), "[[services]]\n  http_checks = []\n");
    }
}
