//! A spec file as the units a reader can take values from: headings,
//! labelled bullets, table rows and prose, each with its place in the file.
//!
//! Parsed as CommonMark with GFM tables, task lists and strikethrough.
//! What is never read is dropped here, before any value is looked for:
//! HTML comments, struck text, unchecked task items, code, and the regions
//! shipspec writes itself when it reads the specs (its output is never its
//! input).

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The marker id prefix of the regions shipspec writes into spec files it reads.
pub const READ_REGION: &str = "read-";

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Heading {
        level: u8,
    },
    /// `- **Label:** value`, or a two-column table row.
    Labelled {
        label: String,
        value: String,
    },
    /// A row of a table with a header row: the header's cells and the row's.
    Row {
        header: Vec<String>,
        cells: Vec<String>,
    },
    Prose,
}

#[derive(Clone, Debug)]
pub struct Unit {
    pub kind: Kind,
    /// The unit's text without markup (for labelled units, "label: value").
    pub text: String,
    /// Byte range in the file.
    pub range: Range<usize>,
    /// Unchecked task item: never read, but reported.
    pub unchecked: bool,
}

#[derive(Default)]
struct Item {
    text: String,
    label: Option<String>,
    /// Text seen inside the item before the label closed.
    in_label: bool,
    label_done: bool,
    checked: Option<bool>,
    start: usize,
}

#[derive(Default)]
struct Table {
    header: Vec<String>,
    rows: Vec<(Vec<String>, Range<usize>)>,
    row: Vec<String>,
    cell: String,
    in_head: bool,
    row_start: usize,
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH
}

fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits a label off `text` when the item starts with a bold `Label:`.
fn labelled(item: &Item) -> Option<(String, String)> {
    let label = item.label.as_deref()?.trim();
    let (label, value) = match label.strip_suffix(':') {
        Some(l) => (l, item.text.as_str()),
        None => (label, item.text.trim_start().strip_prefix(':')?),
    };
    let label = clean(label);
    (!label.is_empty()).then(|| (label, clean(value)))
}

/// Every unit of `source`, in order.
pub fn units(source: &str) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    let mut paragraph: Option<(String, usize)> = None;
    let mut heading: Option<(u8, String, usize)> = None;
    let mut table: Option<Table> = None;
    let mut struck = 0usize;
    let mut code = 0usize;
    let mut skip_region = false;
    for (event, range) in Parser::new_ext(source, options()).into_offset_iter() {
        if let Event::Html(html) | Event::InlineHtml(html) = &event {
            let t = html.trim();
            if let Some(id) = t.strip_prefix("<!-- shipspec:begin ") {
                skip_region |= id.trim_start().starts_with(READ_REGION);
            } else if let Some(id) = t.strip_prefix("<!-- shipspec:end ") {
                if id.trim_start().starts_with(READ_REGION) {
                    skip_region = false;
                }
            }
            continue;
        }
        if skip_region {
            continue;
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level as u8, String::new(), range.start))
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text, start)) = heading.take() {
                    out.push(Unit {
                        kind: Kind::Heading { level },
                        text: clean(&text),
                        range: start..range.end,
                        unchecked: false,
                    });
                }
            }
            Event::Start(Tag::Item) => {
                // The parent's own text so far is a unit of its own.
                if let Some(parent) = items.last_mut() {
                    flush_item(parent, range.start, &mut out, false);
                }
                items.push(Item {
                    start: range.start,
                    ..Item::default()
                });
            }
            Event::End(TagEnd::Item) => {
                if let Some(mut item) = items.pop() {
                    flush_item(&mut item, range.end, &mut out, true);
                }
            }
            Event::TaskListMarker(checked) => {
                if let Some(item) = items.last_mut() {
                    item.checked = Some(checked);
                }
            }
            Event::Start(Tag::Strong) => {
                if let Some(item) = items.last_mut() {
                    if !item.label_done && item.text.trim().is_empty() && item.label.is_none() {
                        item.in_label = true;
                        item.label = Some(String::new());
                    }
                }
            }
            Event::End(TagEnd::Strong) => {
                if let Some(item) = items.last_mut() {
                    if item.in_label {
                        item.in_label = false;
                        item.label_done = true;
                    }
                }
            }
            Event::Start(Tag::Strikethrough) => struck += 1,
            Event::End(TagEnd::Strikethrough) => struck = struck.saturating_sub(1),
            Event::Start(Tag::CodeBlock(_)) => code += 1,
            Event::End(TagEnd::CodeBlock) => code = code.saturating_sub(1),
            Event::Start(Tag::Paragraph) if items.is_empty() && table.is_none() => {
                paragraph = Some((String::new(), range.start));
            }
            Event::End(TagEnd::Paragraph) if items.is_empty() => {
                if let Some((text, start)) = paragraph.take() {
                    let text = clean(&text);
                    if !text.is_empty() {
                        out.push(Unit {
                            kind: Kind::Prose,
                            text,
                            range: start..range.end,
                            unchecked: false,
                        });
                    }
                }
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(item) = items.last_mut() {
                    item.text.push(' ');
                }
            }
            Event::Start(Tag::Table(_)) => table = Some(Table::default()),
            Event::Start(Tag::TableHead) => {
                if let Some(t) = table.as_mut() {
                    t.in_head = true;
                }
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(t) = table.as_mut() {
                    t.in_head = false;
                    t.header = std::mem::take(&mut t.row);
                }
            }
            Event::Start(Tag::TableRow) => {
                if let Some(t) = table.as_mut() {
                    t.row_start = range.start;
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some(t) = table.as_mut() {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push((row, t.row_start..range.end));
                }
            }
            Event::End(TagEnd::TableCell) => {
                if let Some(t) = table.as_mut() {
                    let cell = clean(&std::mem::take(&mut t.cell));
                    t.row.push(cell);
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = table.take() {
                    flush_table(t, &mut out);
                }
            }
            Event::Code(text) if struck == 0 => push_text(
                &format!("`{text}`"),
                &mut table,
                &mut heading,
                &mut items,
                &mut paragraph,
            ),
            Event::Text(text) if struck == 0 && code == 0 => {
                push_text(&text, &mut table, &mut heading, &mut items, &mut paragraph)
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(item) = items.last_mut() {
                    item.text.push(' ');
                } else if let Some((buf, _)) = paragraph.as_mut() {
                    buf.push(' ');
                }
            }
            _ => {}
        }
    }
    out
}

fn push_text(
    text: &str,
    table: &mut Option<Table>,
    heading: &mut Option<(u8, String, usize)>,
    items: &mut [Item],
    paragraph: &mut Option<(String, usize)>,
) {
    if let Some(t) = table.as_mut() {
        t.cell.push_str(text);
    } else if let Some((_, buf, _)) = heading.as_mut() {
        buf.push_str(text);
    } else if let Some(item) = items.last_mut() {
        match (item.in_label, item.label.as_mut()) {
            (true, Some(label)) => label.push_str(text),
            _ => item.text.push_str(text),
        }
    } else if let Some((buf, _)) = paragraph.as_mut() {
        buf.push_str(text);
    }
}

fn flush_item(item: &mut Item, end: usize, out: &mut Vec<Unit>, last: bool) {
    let unchecked = item.checked == Some(false);
    let labelled = labelled(item);
    let text = clean(&item.text);
    let start = item.start;
    if !last {
        // Nested items follow: this part ends here, the rest is theirs.
        item.text.clear();
        item.label = None;
        item.label_done = true;
        item.start = end;
    }
    let unit = match labelled {
        Some((label, value)) => Unit {
            text: format!("{label}: {value}"),
            kind: Kind::Labelled { label, value },
            range: start..end,
            unchecked,
        },
        None if text.is_empty() => return,
        None => Unit {
            kind: Kind::Prose,
            text,
            range: start..end,
            unchecked,
        },
    };
    out.push(unit);
}

/// Header words that say the table is a list of keys and values.
const KEY_HEADERS: [&str; 10] = [
    "",
    "setting",
    "key",
    "field",
    "item",
    "aspect",
    "parameter",
    "property",
    "question",
    "topic",
];

fn flush_table(t: Table, out: &mut Vec<Unit>) {
    let header: Vec<String> = t.header.iter().map(|h| h.to_lowercase()).collect();
    let key_value = header.len() == 2 && KEY_HEADERS.contains(&header[0].as_str());
    for (cells, range) in t.rows {
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        if key_value || (t.header.is_empty() && cells.len() == 2) {
            let label = cells[0].trim_end_matches(':').to_owned();
            let value = cells.get(1).cloned().unwrap_or_default();
            out.push(Unit {
                text: format!("{label}: {value}"),
                kind: Kind::Labelled { label, value },
                range,
                unchecked: false,
            });
        } else {
            let text = t
                .header
                .iter()
                .zip(&cells)
                .map(|(h, c)| format!("{h}: {c}"))
                .collect::<Vec<_>>()
                .join("; ");
            out.push(Unit {
                kind: Kind::Row {
                    header: t.header.clone(),
                    cells,
                },
                text,
                range,
                unchecked: false,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_read_and_what_is_not() {
        let doc = "# T\n\n## Scaling (Q3)\n\n<!-- min 9 -->\n- **Min instances:** 2\n- **Max:** ~~4~~ 6\n- [ ] 10 machines\n- [x] autoscale\n\nSome prose\nover lines.\n\n| Setting | Value |\n|---|---|\n| Memory | 1gb |\n\n<!-- shipspec:begin read-scaling -->\n- **Min instances:** 7\n<!-- shipspec:end read-scaling -->\n";
        let units = units(doc);
        let texts: Vec<(&str, bool)> = units.iter().map(|u| (u.text.as_str(), u.unchecked)).collect();
        assert_eq!(
            texts,
            [
                ("T", false),
                ("Scaling (Q3)", false),
                ("Min instances: 2", false),
                ("Max: 6", false),
                ("10 machines", true),
                ("autoscale", false),
                ("Some prose over lines.", false),
                ("Memory: 1gb", false),
            ]
        );
    }
}
