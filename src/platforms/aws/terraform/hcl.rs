//! A small HCL writer: blocks, attributes and values, laid out as
//! `terraform fmt` lays them out. Every string from the answers is written
//! through [`quote`], so no answer can end a string, open an interpolation
//! (`${`) or a directive (`%{`); raw expressions come from shipspec's own
//! code only.

use std::fmt::Write;

/// An attribute value.
#[derive(Clone, Debug)]
pub(in crate::platforms) enum Value {
    Str(String),
    Int(i64),
    Bool(bool),
    /// An expression written as is: references and function calls that
    /// shipspec itself spells, never text from the answers.
    Raw(String),
    List(Vec<Value>),
    Object(Vec<(String, Value)>),
    /// A function call around one value, e.g. `jsonencode([...])`.
    Call(&'static str, Box<Value>),
}

pub(in crate::platforms) fn s(text: impl Into<String>) -> Value {
    Value::Str(text.into())
}

/// A `resource "<kind>" "<name>"` block.
pub(in crate::platforms) fn resource(kind: &str, name: &str) -> Block {
    Block::new("resource", &[kind, name])
}

pub(in crate::platforms) fn raw(expr: impl Into<String>) -> Value {
    Value::Raw(expr.into())
}

pub(in crate::platforms) fn int(n: impl Into<i64>) -> Value {
    Value::Int(n.into())
}

/// One line in a block body.
#[derive(Clone, Debug)]
pub(in crate::platforms) enum Item {
    Attr(String, Value),
    Block(Block),
    /// A `#` comment (one line each).
    Comment(String),
    Blank,
}

#[derive(Clone, Debug)]
pub(in crate::platforms) struct Block {
    pub kind: String,
    pub labels: Vec<String>,
    pub body: Vec<Item>,
}

impl Block {
    pub(in crate::platforms) fn new(kind: &str, labels: &[&str]) -> Block {
        Block {
            kind: kind.to_owned(),
            labels: labels.iter().map(|l| (*l).to_owned()).collect(),
            body: Vec::new(),
        }
    }

    pub(in crate::platforms) fn attr(mut self, key: &str, value: Value) -> Block {
        self.body.push(Item::Attr(key.to_owned(), value));
        self
    }

    pub(in crate::platforms) fn block(mut self, block: Block) -> Block {
        self.body.push(Item::Block(block));
        self
    }

    pub(in crate::platforms) fn comment(mut self, text: &str) -> Block {
        self.body.push(Item::Comment(text.to_owned()));
        self
    }

    pub(in crate::platforms) fn blank(mut self) -> Block {
        self.body.push(Item::Blank);
        self
    }
}

/// A string literal: escapes quotes, backslashes and control characters,
/// and doubles `${` and `%{` so they stay literal text.
pub(in crate::platforms) fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether `key` can be written bare as an object key or attribute name.
fn is_identifier(key: &str) -> bool {
    key.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn key(name: &str) -> String {
    if is_identifier(name) {
        name.to_owned()
    } else {
        quote(name)
    }
}

fn pad(depth: usize) -> String {
    "  ".repeat(depth)
}

/// A value at `depth`: scalars and short lists on one line, objects and
/// lists of objects over several.
fn value(v: &Value, depth: usize) -> String {
    match v {
        Value::Str(text) => quote(text),
        Value::Int(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Raw(expr) => expr.clone(),
        Value::Call(name, inner) => format!("{name}({})", value(inner, depth)),
        Value::List(items) if items.iter().all(is_scalar) => {
            let parts: Vec<String> = items.iter().map(|i| value(i, depth)).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::List(items) => {
            let mut out = "[\n".to_owned();
            for item in items {
                let _ = writeln!(out, "{}{},", pad(depth + 1), value(item, depth + 1));
            }
            out.push_str(&pad(depth));
            out.push(']');
            out
        }
        Value::Object(entries) if entries.is_empty() => "{}".to_owned(),
        Value::Object(entries) => {
            let mut out = "{\n".to_owned();
            let keys: Vec<String> = entries.iter().map(|(k, _)| key(k)).collect();
            let lines: Vec<String> = entries.iter().map(|(_, v)| value(v, depth + 1)).collect();
            write_aligned(&mut out, &keys, &lines, depth + 1);
            out.push_str(&pad(depth));
            out.push('}');
            out
        }
    }
}

fn is_scalar(v: &Value) -> bool {
    matches!(v, Value::Str(_) | Value::Int(_) | Value::Bool(_) | Value::Raw(_))
}

/// `key = value` lines, the `=` of consecutive one-line entries aligned
/// (as `terraform fmt` does; a multi-line value ends the run).
fn write_aligned(out: &mut String, keys: &[String], values: &[String], depth: usize) {
    let mut i = 0;
    while i < keys.len() {
        let mut end = i;
        while end < keys.len() && !values[end].contains('\n') {
            end += 1;
        }
        let run_end = if end == i { i + 1 } else { end };
        let width = keys[i..run_end].iter().map(String::len).max().unwrap_or(0);
        for j in i..run_end {
            let _ = writeln!(out, "{}{:width$} = {}", pad(depth), keys[j], values[j]);
        }
        // A multi-line value closes its run and starts none.
        if end == i {
            i += 1;
        } else {
            i = end;
        }
    }
}

fn body(out: &mut String, items: &[Item], depth: usize) {
    let mut i = 0;
    while i < items.len() {
        match &items[i] {
            Item::Attr(..) => {
                let mut keys = Vec::new();
                let mut values = Vec::new();
                while let Some(Item::Attr(k, v)) = items.get(i) {
                    keys.push(key(k));
                    values.push(value(v, depth));
                    i += 1;
                }
                write_aligned(out, &keys, &values, depth);
                continue;
            }
            Item::Block(b) => block(out, b, depth),
            Item::Comment(text) => {
                let _ = writeln!(out, "{}# {text}", pad(depth));
            }
            Item::Blank => out.push('\n'),
        }
        i += 1;
    }
}

fn block(out: &mut String, b: &Block, depth: usize) {
    let mut head = b.kind.clone();
    for label in &b.labels {
        head.push(' ');
        head.push_str(&quote(label));
    }
    if b.body.is_empty() {
        let _ = writeln!(out, "{}{head} {{}}", pad(depth));
        return;
    }
    let _ = writeln!(out, "{}{head} {{", pad(depth));
    body(out, &b.body, depth + 1);
    let _ = writeln!(out, "{}}}", pad(depth));
}

/// A file of top-level items, with `header` as its first comment lines.
pub(in crate::platforms) fn file(header: &str, items: &[Item]) -> String {
    let mut out = String::new();
    for line in header.lines() {
        let _ = writeln!(out, "# {line}");
    }
    for (n, item) in items.iter().enumerate() {
        out.push('\n');
        if let Item::Block(b) = item {
            block(&mut out, b, 0);
        } else {
            body(&mut out, std::slice::from_ref(item), 0);
        }
        let _ = n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_cannot_break_out() {
        assert_eq!(quote("a\"b"), r#""a\"b""#);
        assert_eq!(quote("${var.x}"), r#""$${var.x}""#);
        assert_eq!(quote("%{if}"), r#""%%{if}""#);
        assert_eq!(quote("a\\\nb"), r#""a\\\nb""#);
        assert_eq!(quote("$5 {"), r#""$5 {""#);
        assert_eq!(quote("\u{1}"), r#""\u0001""#);
    }

    #[test]
    fn attributes_align_like_terraform_fmt() {
        let b = Block::new("resource", &["aws_x", "a"])
            .attr("name", s("n"))
            .attr("desired_count", int(2))
            .attr("tags", Value::Object(vec![("Project".into(), s("p"))]))
            .attr("x", int(1));
        let text = file("h", &[Item::Block(b)]);
        assert_eq!(
            text,
            "# h\n\nresource \"aws_x\" \"a\" {\n  name          = \"n\"\n  desired_count = 2\n  tags = {\n    Project = \"p\"\n  }\n  x = 1\n}\n"
        );
    }
}
