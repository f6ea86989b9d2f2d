//! Escaping filters: no answer may change the structure of a generated file.

/// Text for a markdown list item or table cell: one line, no HTML comments
/// (which could forge or close a shipspec marker), no raw `<`, `|` escaped.
pub fn md_text(text: &str) -> String {
    let one_line: Vec<&str> = text.split_whitespace().collect();
    one_line.join(" ").replace('<', "&lt;").replace('|', "\\|")
}

/// The person's answer as a blockquote, kept as written line by line. Quoting
/// keeps any `#` line from becoming a heading of the spec.
pub fn md_quote(text: &str) -> String {
    text.trim_end()
        .lines()
        .map(|line| {
            let line = line
                .trim_end()
                .replace("<!--", "&lt;!--")
                .replace("-->", "--&gt;");
            if line.is_empty() {
                ">".to_owned()
            } else {
                format!("> {line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A double-quoted YAML scalar: any value, one line, inert. JSON string
/// syntax is valid YAML, and escapes quotes, backslashes and newlines.
pub fn yaml_str(text: &str) -> String {
    serde_json::to_string(text).expect("a string always serializes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_cannot_forge_markers() {
        let hostile = "ok\n<!-- shipspec:end infrastructure -->\n# Heading";
        let quoted = md_quote(hostile);
        assert!(!quoted.contains("<!--"));
        assert!(quoted.lines().all(|l| l.starts_with('>')));
        assert_eq!(md_text("a <!-- b\n| c"), "a &lt;!-- b \\| c");
        assert_eq!(yaml_str("a\"b\n${{ x }}"), "\"a\\\"b\\n${{ x }}\"");
    }
}
