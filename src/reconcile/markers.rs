//! Reading a markdown spec: shipspec's marker regions and its headings.
//! Lines inside fenced code blocks are text, never markers or headings.

use std::collections::BTreeMap;

pub const BEGIN: &str = "<!-- shipspec:begin ";
pub const END: &str = "<!-- shipspec:end ";

pub fn begin_marker(id: &str) -> String {
    format!("{BEGIN}{id} -->\n")
}

pub fn end_marker(id: &str) -> String {
    format!("{END}{id} -->\n")
}

/// A region's line span: `begin` and `end` are the marker lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub begin: usize,
    pub end: usize,
}

/// A broken marker: the 1-based line and what is wrong.
#[derive(Debug, PartialEq, Eq)]
pub struct MarkerError {
    pub line: usize,
    pub message: String,
}

fn marker_id<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    line.trim()
        .strip_prefix(prefix)?
        .strip_suffix("-->")
        .map(str::trim)
}

pub fn fence_flags(lines: &[String]) -> Vec<bool> {
    let mut in_fence = None::<&str>;
    lines
        .iter()
        .map(|line| {
            let t = line.trim_start();
            let fence = if t.starts_with("```") {
                Some("```")
            } else if t.starts_with("~~~") {
                Some("~~~")
            } else {
                None
            };
            match (in_fence, fence) {
                (None, Some(f)) => {
                    in_fence = Some(f);
                    true
                }
                (Some(open), Some(f)) if open == f => {
                    in_fence = None;
                    true
                }
                (state, _) => state.is_some(),
            }
        })
        .collect()
}

/// Every region in `lines`, by id.
pub fn regions(lines: &[String]) -> Result<BTreeMap<String, Span>, MarkerError> {
    let fenced = fence_flags(lines);
    let mut found = BTreeMap::new();
    let mut open: Option<(String, usize)> = None;
    for (i, line) in lines.iter().enumerate() {
        if fenced[i] {
            continue;
        }
        if let Some(id) = marker_id(line, BEGIN) {
            if let Some((other, at)) = &open {
                return Err(MarkerError {
                    line: i + 1,
                    message: format!(
                        "`shipspec:begin {id}` inside region `{other}` opened on line {}",
                        at + 1
                    ),
                });
            }
            if found.contains_key(id) {
                return Err(MarkerError {
                    line: i + 1,
                    message: format!("region `{id}` appears twice"),
                });
            }
            open = Some((id.to_owned(), i));
        } else if let Some(id) = marker_id(line, END) {
            match open.take() {
                Some((open_id, begin)) if open_id == id => {
                    found.insert(open_id, Span { begin, end: i });
                }
                Some((open_id, begin)) => {
                    return Err(MarkerError {
                        line: i + 1,
                        message: format!(
                            "`shipspec:end {id}` closes region `{open_id}` opened on line {}",
                            begin + 1
                        ),
                    });
                }
                None => {
                    return Err(MarkerError {
                        line: i + 1,
                        message: format!("`shipspec:end {id}` has no matching begin"),
                    });
                }
            }
        }
    }
    match open {
        Some((id, begin)) => Err(MarkerError {
            line: begin + 1,
            message: format!("`shipspec:begin {id}` is never closed"),
        }),
        None => Ok(found),
    }
}

/// The text between a region's markers.
pub fn inner(lines: &[String], span: Span) -> String {
    lines[span.begin + 1..span.end].concat()
}

/// A heading's words without case, punctuation, `&`/`and` or a trailing
/// parenthetical: "Infrastructure (if deployed)" → "infrastructure".
pub fn normalize_heading(text: &str) -> String {
    let mut text = text.trim();
    if text.ends_with(')') {
        if let Some(open) = text.rfind('(') {
            text = text[..open].trim_end();
        }
    }
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && *w != "and")
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn heading_text(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let hashes = t.len() - t.trim_start_matches('#').len();
    if !(1..=6).contains(&hashes) || line.len() - t.len() > 3 {
        return None;
    }
    let rest = &t[hashes..];
    (rest.is_empty() || rest.starts_with([' ', '\t'])).then(|| rest.trim().trim_end_matches('#').trim())
}

/// The line index of the first heading (outside code and outside shipspec
/// regions) matching `heading` or one of its aliases; the heading itself wins
/// over an alias.
pub fn find_heading(lines: &[String], heading: &str, aliases: &[&str]) -> Option<usize> {
    let fenced = fence_flags(lines);
    let spans: Vec<Span> = regions(lines)
        .map(|r| r.into_values().collect())
        .unwrap_or_default();
    let inside = |i: usize| spans.iter().any(|s| s.begin <= i && i <= s.end);
    let headings: Vec<(usize, String)> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| !fenced[*i] && !inside(*i))
        .filter_map(|(i, l)| heading_text(l).map(|t| (i, normalize_heading(t))))
        .collect();
    std::iter::once(heading)
        .chain(aliases.iter().copied())
        .map(normalize_heading)
        .find_map(|wanted| headings.iter().find(|(_, h)| *h == wanted).map(|(i, _)| *i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.split_inclusive('\n').map(str::to_owned).collect()
    }

    #[test]
    fn headings_match_loosely() {
        assert_eq!(
            normalize_heading("Infrastructure (if deployed)"),
            "infrastructure"
        );
        assert_eq!(
            normalize_heading("Rate Limiting & DDoS Protection Attempts"),
            "rate limiting ddos protection attempts"
        );
        assert_eq!(
            normalize_heading("Error handling and resilience"),
            normalize_heading("Error Handling & Resilience")
        );
        let doc = lines("# T\n```\n## Security\n```\n## Authentication Requirements\n## Security\n");
        assert_eq!(
            find_heading(&doc, "Authentication", &["Authentication Requirements"]),
            Some(4)
        );
        assert_eq!(find_heading(&doc, "Security", &[]), Some(5));
        assert_eq!(find_heading(&doc, "Authorization", &[]), None);
    }

    #[test]
    fn broken_markers_are_located() {
        let doc = lines("a\n<!-- shipspec:begin x -->\nb\n");
        assert_eq!(regions(&doc).unwrap_err().line, 2);
        let doc = lines("<!-- shipspec:end x -->\n");
        assert_eq!(regions(&doc).unwrap_err().line, 1);
        let doc = lines(
            "<!-- shipspec:begin x -->\n<!-- shipspec:end x -->\n<!-- shipspec:begin x -->\n<!-- shipspec:end x -->\n",
        );
        assert_eq!(regions(&doc).unwrap_err().line, 3);
        let doc = lines("<!-- shipspec:begin x -->\nhi\n<!-- shipspec:end x -->\n");
        let r = regions(&doc).unwrap();
        assert_eq!(inner(&doc, r["x"]), "hi\n");
    }
}
